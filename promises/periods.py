"""The calendar periods that coordinators speak in: termin, läsår, år, kalenderhalvår, tertial.

A quantified target ("minst 1 medborgardialog per termin") is counted within the period that contains
a given day; a follow-up cadence ("kvartalsvis") says which period an update is expected in.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetPeriod(models.TextChoices):
    TERM = "termin", _("termin")
    SCHOOL_YEAR = "lasar", _("läsår")
    YEAR = "ar", _("år")
    HALF_YEAR = "halvar", _("kalenderhalvår")
    TERTIAL = "tertial", _("tertial")
    WHOLE_PERIOD = "hela_perioden", _("hela perioden")


class Cadence(models.TextChoices):
    MONTHLY = "manad", _("månadsvis")
    QUARTERLY = "kvartal", _("kvartalsvis")
    TERTIAL = "tertial", _("tertialvis")
    HALF_YEARLY = "halvar", _("halvårsvis")
    YEARLY = "ar", _("årsvis")


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    label: str

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date.fromordinal(date(year, month + 1, 1).toordinal() - 1)


def _block_window(day: date, months_per_block: int) -> tuple[date, date, int]:
    """The block of ``months_per_block`` months, counted from January, that holds ``day``."""
    index = (day.month - 1) // months_per_block
    first_month = index * months_per_block + 1
    last_month = first_month + months_per_block - 1
    return date(day.year, first_month, 1), _month_end(day.year, last_month), index + 1


def target_window(
    period: str, day: date, *, whole_start: date | None = None, whole_end: date | None = None
) -> Window:
    """The window of ``period`` kind that contains ``day``.

    Terms follow the Swedish school year: vårtermin January–June, hösttermin July–December (the
    summer counts toward the coming autumn so that every day belongs to one term).
    """
    if period == TargetPeriod.TERM:
        if day.month <= 6:
            return Window(date(day.year, 1, 1), date(day.year, 6, 30), _vt(day.year))
        return Window(date(day.year, 7, 1), date(day.year, 12, 31), _ht(day.year))
    if period == TargetPeriod.SCHOOL_YEAR:
        first = day.year if day.month >= 7 else day.year - 1
        label = _("läsåret %(first)s/%(second)s") % {
            "first": first,
            "second": str(first + 1)[-2:],
        }
        return Window(date(first, 7, 1), date(first + 1, 6, 30), label)
    if period == TargetPeriod.YEAR:
        return Window(
            date(day.year, 1, 1), date(day.year, 12, 31), _("%(year)s") % {"year": day.year}
        )
    if period == TargetPeriod.HALF_YEAR:
        start, end, index = _block_window(day, 6)
        label = _("första halvåret %(year)s") if index == 1 else _("andra halvåret %(year)s")
        return Window(start, end, label % {"year": day.year})
    if period == TargetPeriod.TERTIAL:
        start, end, index = _block_window(day, 4)
        label = _("tertial %(index)s %(year)s") % {"index": index, "year": day.year}
        return Window(start, end, label)
    if period == TargetPeriod.WHOLE_PERIOD:
        if whole_start is None or whole_end is None:
            raise ValueError("The whole period needs its start and end.")
        return Window(whole_start, whole_end, str(_("hela perioden")))
    raise ValueError(f"Unknown target period: {period!r}")


def target_windows(
    period: str,
    *,
    start: date,
    end: date,
    whole_start: date | None = None,
    whole_end: date | None = None,
) -> list[Window]:
    """Every window of ``period`` kind that overlaps ``start``–``end``, oldest first.

    The windows of a promise for a target ("minst 4 per år" over 2021–2022 gives 2021 and 2022) are
    ``target_windows(kind, start=promise.period_start, end=promise.period_end)``. The whole period
    is ``whole_start``–``whole_end``, by default ``start``–``end``.
    """
    whole_start = whole_start or start
    whole_end = whole_end or end
    windows = []
    day = start
    while day <= end:
        window = target_window(period, day, whole_start=whole_start, whole_end=whole_end)
        windows.append(window)
        day = window.end + timedelta(days=1)
    return windows


def current_first(windows: list[Window], day: date) -> list[Window]:
    """The windows that have begun by ``day``: the one holding ``day`` first, then the earlier
    ones, newest first.

    Before the first window begins, the first window is the current one; after the last one has
    ended, the last one is. Windows that have not begun are left out: they have nothing to count
    yet, and "0 av 4" for next year would read as a failure.
    """
    if not windows:
        return []
    begun = [window for window in windows if window.start <= day] or windows[:1]
    return list(reversed(begun))


def cadence_window(cadence: str, day: date) -> Window:
    """The follow-up period of ``cadence`` kind that contains ``day``."""
    months = {
        Cadence.MONTHLY: 1,
        Cadence.QUARTERLY: 3,
        Cadence.TERTIAL: 4,
        Cadence.HALF_YEARLY: 6,
        Cadence.YEARLY: 12,
    }[Cadence(cadence)]
    start, end, index = _block_window(day, months)
    if cadence == Cadence.MONTHLY:
        label = _("%(month)s %(year)s") % {"month": _MONTHS[index - 1], "year": day.year}
    elif cadence == Cadence.QUARTERLY:
        label = _("kvartal %(index)s %(year)s") % {"index": index, "year": day.year}
    elif cadence == Cadence.TERTIAL:
        label = _("tertial %(index)s %(year)s") % {"index": index, "year": day.year}
    elif cadence == Cadence.HALF_YEARLY:
        label = (_("första halvåret %(year)s") if index == 1 else _("andra halvåret %(year)s")) % {
            "year": day.year
        }
    else:
        label = _("år %(year)s") % {"year": day.year}
    return Window(start, end, label)


_MONTHS = [
    _("januari"),
    _("februari"),
    _("mars"),
    _("april"),
    _("maj"),
    _("juni"),
    _("juli"),
    _("augusti"),
    _("september"),
    _("oktober"),
    _("november"),
    _("december"),
]


def _vt(year: int) -> str:
    return _("vårterminen %(year)s") % {"year": year}


def _ht(year: int) -> str:
    return _("höstterminen %(year)s") % {"year": year}
