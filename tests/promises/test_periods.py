"""The calendar windows in which targets are counted and follow-up is expected, and the progress
computed from them."""

import itertools
from datetime import date

import pytest

from promises import services
from promises.models import StatusUpdate
from promises.periods import (
    Cadence,
    TargetPeriod,
    Window,
    cadence_window,
    current_first,
    target_window,
    target_windows,
)
from promises.selectors import activity_progress


def window(period, day, **kwargs) -> tuple[date, date, str]:
    result = target_window(period, day, **kwargs)
    return result.start, result.end, str(result.label)


# Target windows ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 1, 1), (date(2024, 1, 1), date(2024, 6, 30), "vårterminen 2024")),
        (date(2024, 6, 30), (date(2024, 1, 1), date(2024, 6, 30), "vårterminen 2024")),
        # The summer counts toward the coming autumn, so every day belongs to one term.
        (date(2024, 7, 1), (date(2024, 7, 1), date(2024, 12, 31), "höstterminen 2024")),
        (date(2024, 8, 20), (date(2024, 7, 1), date(2024, 12, 31), "höstterminen 2024")),
        (date(2024, 12, 31), (date(2024, 7, 1), date(2024, 12, 31), "höstterminen 2024")),
    ],
)
def test_it_finds_the_term_that_holds_a_day(day, expected):
    assert window(TargetPeriod.TERM, day) == expected


@pytest.mark.parametrize(
    "day",
    [date(2024, 7, 1), date(2024, 9, 1), date(2024, 12, 31), date(2025, 1, 1), date(2025, 6, 30)],
)
def test_it_keeps_a_school_year_together_across_the_new_year(day):
    assert window(TargetPeriod.SCHOOL_YEAR, day) == (
        date(2024, 7, 1),
        date(2025, 6, 30),
        "läsåret 2024/25",
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 6, 30), (date(2023, 7, 1), date(2024, 6, 30), "läsåret 2023/24")),
        (date(2025, 7, 1), (date(2025, 7, 1), date(2026, 6, 30), "läsåret 2025/26")),
        (date(1999, 12, 1), (date(1999, 7, 1), date(2000, 6, 30), "läsåret 1999/00")),
    ],
)
def test_it_starts_a_new_school_year_in_july(day, expected):
    assert window(TargetPeriod.SCHOOL_YEAR, day) == expected


@pytest.mark.parametrize("day", [date(2024, 1, 1), date(2024, 2, 29), date(2024, 12, 31)])
def test_it_finds_the_calendar_year(day):
    assert window(TargetPeriod.YEAR, day) == (date(2024, 1, 1), date(2024, 12, 31), "2024")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 1, 1), (date(2024, 1, 1), date(2024, 6, 30), "första halvåret 2024")),
        (date(2024, 6, 30), (date(2024, 1, 1), date(2024, 6, 30), "första halvåret 2024")),
        (date(2024, 7, 1), (date(2024, 7, 1), date(2024, 12, 31), "andra halvåret 2024")),
        (date(2024, 12, 31), (date(2024, 7, 1), date(2024, 12, 31), "andra halvåret 2024")),
    ],
)
def test_it_finds_the_calendar_half_year(day, expected):
    assert window(TargetPeriod.HALF_YEAR, day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 1, 1), (date(2024, 1, 1), date(2024, 4, 30), "tertial 1 2024")),
        (date(2024, 4, 30), (date(2024, 1, 1), date(2024, 4, 30), "tertial 1 2024")),
        (date(2024, 5, 1), (date(2024, 5, 1), date(2024, 8, 31), "tertial 2 2024")),
        (date(2024, 8, 31), (date(2024, 5, 1), date(2024, 8, 31), "tertial 2 2024")),
        (date(2024, 9, 1), (date(2024, 9, 1), date(2024, 12, 31), "tertial 3 2024")),
        (date(2024, 12, 31), (date(2024, 9, 1), date(2024, 12, 31), "tertial 3 2024")),
    ],
)
def test_it_finds_the_tertial(day, expected):
    assert window(TargetPeriod.TERTIAL, day) == expected


def test_it_uses_the_promise_period_as_the_whole_period():
    assert window(
        TargetPeriod.WHOLE_PERIOD,
        date(2025, 3, 1),
        whole_start=date(2024, 1, 1),
        whole_end=date(2025, 12, 31),
    ) == (date(2024, 1, 1), date(2025, 12, 31), "hela perioden")


def test_it_refuses_the_whole_period_without_its_bounds():
    with pytest.raises(ValueError):
        target_window(TargetPeriod.WHOLE_PERIOD, date(2025, 3, 1), whole_start=date(2024, 1, 1))


def test_it_refuses_an_unknown_period_kind():
    with pytest.raises(ValueError):
        target_window("vecka", date(2025, 3, 1))


def test_it_places_every_day_of_a_year_in_exactly_one_window_of_each_kind():
    for period in TargetPeriod.values:
        if period == TargetPeriod.WHOLE_PERIOD:
            continue
        day = date(2024, 1, 1)
        previous = None
        while day.year == 2024:
            current = target_window(period, day)
            assert day in current
            if previous is not None and current != previous:
                # A new window starts the day after the previous one ended.
                assert current.start == day
                assert previous.end.toordinal() == day.toordinal() - 1
            previous = current
            day = date.fromordinal(day.toordinal() + 1)


def test_it_treats_a_window_as_inclusive_at_both_ends():
    term = Window(date(2024, 1, 1), date(2024, 6, 30), "vt")
    assert date(2024, 1, 1) in term
    assert date(2024, 6, 30) in term
    assert date(2023, 12, 31) not in term
    assert date(2024, 7, 1) not in term


# Cadence windows -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "day", "expected"),
    [
        (
            Cadence.MONTHLY,
            date(2024, 2, 10),
            (date(2024, 2, 1), date(2024, 2, 29), "februari 2024"),
        ),
        (
            Cadence.MONTHLY,
            date(2023, 2, 10),
            (date(2023, 2, 1), date(2023, 2, 28), "februari 2023"),
        ),
        (
            Cadence.MONTHLY,
            date(2024, 12, 31),
            (date(2024, 12, 1), date(2024, 12, 31), "december 2024"),
        ),
        (
            Cadence.QUARTERLY,
            date(2024, 4, 1),
            (date(2024, 4, 1), date(2024, 6, 30), "kvartal 2 2024"),
        ),
        (
            Cadence.QUARTERLY,
            date(2024, 3, 31),
            (date(2024, 1, 1), date(2024, 3, 31), "kvartal 1 2024"),
        ),
        (
            Cadence.TERTIAL,
            date(2024, 8, 31),
            (date(2024, 5, 1), date(2024, 8, 31), "tertial 2 2024"),
        ),
        (
            Cadence.HALF_YEARLY,
            date(2024, 7, 1),
            (date(2024, 7, 1), date(2024, 12, 31), "andra halvåret 2024"),
        ),
        (Cadence.YEARLY, date(2024, 5, 5), (date(2024, 1, 1), date(2024, 12, 31), "år 2024")),
    ],
)
def test_it_finds_the_follow_up_window_of_a_cadence(cadence, day, expected):
    result = cadence_window(cadence, day)
    assert (result.start, result.end, str(result.label)) == expected


def test_it_refuses_an_unknown_cadence():
    with pytest.raises(ValueError):
        cadence_window("vecka", date(2024, 5, 5))


# Progress toward a target --------------------------------------------------------------------


def progress_for(activity, *, day):
    """The progress in the current target period, as the database counts it for a page."""
    periods = activity_progress(activity, day=day)
    return periods[0] if periods else None


def _update(owner, activity, day: date, occurrences: int) -> StatusUpdate:
    return services.add_status_update(
        user=owner,
        activity=activity,
        status=StatusUpdate.Status.IN_PROGRESS,
        description="Narkotikainsats genomförd.",
        date=day,
        occurrences=occurrences,
    )


@pytest.mark.django_db
def test_it_counts_only_the_occurrences_inside_the_target_window(owner, activity):
    # The activity's target is 4 narkotikainsatser per year; the promise runs 2024–2025.
    for day, occurrences in [
        (date(2024, 1, 1), 1),
        (date(2024, 6, 15), 2),
        (date(2024, 12, 31), 1),
        (date(2025, 1, 1), 5),
    ]:
        _update(owner, activity, day, occurrences)

    progress = progress_for(activity, day=date(2024, 9, 1))
    assert (progress.achieved, progress.target, progress.unit) == (4, 4, "narkotikainsatser")
    assert (progress.window.start, progress.window.end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert progress.is_met
    assert progress.percent == 100
    assert progress.text == "4 av 4 narkotikainsatser, 2024"

    following_year = progress_for(activity, day=date(2025, 3, 1))
    assert following_year.achieved == 5
    assert following_year.window.start == date(2025, 1, 1)


@pytest.mark.django_db
def test_it_counts_a_term_target_per_term(owner, activity):
    services.update_activity(
        activity=activity,
        user=owner,
        fields={"target_count": 1, "target_unit": "medborgardialog", "target_period": "termin"},
    )
    _update(owner, activity, date(2024, 6, 30), 1)
    _update(owner, activity, date(2024, 7, 1), 2)

    spring = progress_for(activity, day=date(2024, 3, 1))
    autumn = progress_for(activity, day=date(2024, 10, 1))
    assert (spring.achieved, str(spring.window.label)) == (1, "vårterminen 2024")
    assert (autumn.achieved, str(autumn.window.label)) == (2, "höstterminen 2024")
    assert autumn.percent == 100
    assert autumn.short_text == "2 av 1"


@pytest.mark.django_db
def test_it_shows_the_last_window_of_a_promise_that_has_ended(owner, activity):
    _update(owner, activity, date(2025, 11, 10), 3)
    progress = progress_for(activity, day=date(2026, 11, 1))
    assert progress.window.start == date(2025, 1, 1)
    assert progress.achieved == 3
    assert not progress.is_met
    assert progress.percent == 75


@pytest.mark.django_db
def test_it_counts_the_whole_promise_period(owner, activity):
    services.update_activity(
        activity=activity, user=owner, fields={"target_period": "hela_perioden"}
    )
    _update(owner, activity, date(2024, 2, 1), 1)
    _update(owner, activity, date(2025, 12, 31), 2)
    progress = progress_for(activity, day=date(2025, 6, 1))
    assert progress.achieved == 3
    assert (progress.window.start, progress.window.end) == (date(2024, 1, 1), date(2025, 12, 31))


@pytest.mark.django_db
def test_it_has_no_progress_without_a_target(municipal_activity):
    assert municipal_activity.has_target is False
    assert progress_for(municipal_activity, day=date(2024, 5, 1)) is None


@pytest.mark.django_db
def test_it_reports_zero_progress_without_updates(activity):
    progress = progress_for(activity, day=date(2024, 5, 1))
    assert (progress.achieved, progress.percent, progress.is_met) == (0, 0, False)


# Every target period of a promise ----------------------------------------------------------------


def _labels(windows) -> list[str]:
    return [str(window.label) for window in windows]


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (TargetPeriod.YEAR, ["2021", "2022"]),
        (
            TargetPeriod.TERM,
            ["vårterminen 2021", "höstterminen 2021", "vårterminen 2022", "höstterminen 2022"],
        ),
        (
            TargetPeriod.SCHOOL_YEAR,
            ["läsåret 2020/21", "läsåret 2021/22", "läsåret 2022/23"],
        ),
        (
            TargetPeriod.HALF_YEAR,
            [
                "första halvåret 2021",
                "andra halvåret 2021",
                "första halvåret 2022",
                "andra halvåret 2022",
            ],
        ),
        (
            TargetPeriod.TERTIAL,
            [f"tertial {index} {year}" for year in (2021, 2022) for index in (1, 2, 3)],
        ),
        (TargetPeriod.WHOLE_PERIOD, ["hela perioden"]),
    ],
)
def test_it_lists_every_target_window_of_a_promise_oldest_first(period, expected):
    windows = target_windows(period, start=date(2021, 1, 1), end=date(2022, 12, 31))
    assert _labels(windows) == expected
    # Windows follow each other without a gap or an overlap.
    for earlier, later in itertools.pairwise(windows):
        assert (later.start - earlier.end).days == 1


def test_it_lists_the_windows_that_overlap_a_promise_starting_mid_period():
    windows = target_windows(TargetPeriod.YEAR, start=date(2021, 3, 15), end=date(2022, 2, 1))
    assert [(w.start, w.end) for w in windows] == [
        (date(2021, 1, 1), date(2021, 12, 31)),
        (date(2022, 1, 1), date(2022, 12, 31)),
    ]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2020, 6, 1), ["2021"]),  # not begun: the first period is the current one
        (date(2021, 6, 1), ["2021"]),
        (date(2022, 6, 1), ["2022", "2021"]),
        (date(2023, 6, 1), ["2023", "2022", "2021"]),
        (date(2030, 1, 1), ["2023", "2022", "2021"]),  # ended: the last period first
    ],
)
def test_it_puts_the_current_window_first_then_the_earlier_ones(day, expected):
    windows = target_windows(TargetPeriod.YEAR, start=date(2021, 1, 1), end=date(2023, 12, 31))
    assert _labels(current_first(windows, day)) == expected


@pytest.mark.django_db
def test_it_keeps_the_first_year_when_the_second_begins(owner, activity):
    """Issue 9 §5: after a year of work a two-year promise showed only "0 av 4, 2025"."""
    _update(owner, activity, date(2024, 3, 1), 3)
    _update(owner, activity, date(2024, 11, 1), 2)
    _update(owner, activity, date(2025, 2, 1), 1)

    periods = activity_progress(activity, day=date(2025, 3, 1))
    assert [progress.period_text for progress in periods] == [
        "2025: 1 av 4 narkotikainsatser",
        "2024: 5 av 4 narkotikainsatser",
    ]
    assert [progress.is_current for progress in periods] == [True, False]
    assert progress_for(activity, day=date(2025, 3, 1)) == periods[0]

    # After the promise has ended, the last period comes first and the first one is still there.
    ended = activity_progress(activity, day=date(2026, 6, 1))
    assert [(str(p.window.label), p.achieved) for p in ended] == [("2025", 1), ("2024", 5)]


@pytest.mark.django_db
def test_it_has_no_periods_without_a_target(municipal_activity):
    assert activity_progress(municipal_activity, day=date(2024, 5, 1)) == []
