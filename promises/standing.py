"""Uppföljningsläge: where everyone stands with the follow-up of the adopted promises.

A coordinator sees her kommun's adopted promises, a police contact those of every kommun her police
area covers; for each promise and party (kommunen, polisen, gemensamt) the share of activities
updated in the promise's current follow-up period, the overdue ones, progress toward every
quantified target per period, the updates per month of the last twelve months (of the promise's
period, once that has ended) and the next due date. The same counts of a single promise, from its public updates only, feed the public page's
charts (``public.selectors.public_charts``).

The rules, stated here once:

- The **current follow-up period** of a promise is the period of its cadence (``cadence_window``)
  that holds today; once the promise's period has ended but it is not yet closed, its last period
  (it still awaits its closing follow-up). A promise whose period has not begun expects nothing.
- An activity is **updated** in the period when its latest update (``ActivitySummary``) is dated
  within it or later.
- An activity is **overdue** when a whole follow-up period has ended without an update and none
  has come since: its latest update is older than the start of the period before the current one
  (or it has none), and that previous period lay within the promise's period. In a promise's first
  follow-up period nothing is overdue.
- An activity **finished** (latest status genomförd or inställd) before the current period began
  waits for nothing: it is left out of these figures. One finished during the current period
  counts as updated.

Everything is counted by the database, in a fixed number of queries however many kommuner,
activities and updates there are: the share and the overdue ones with conditional counts per promise
and party, the months with ``TruncMonth`` and a count, the targets with one filtered sum per
target period (``progress.attach_progress``).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .charts import ColumnChart, ProgressChart, column_chart, progress_chart
from .choices import Responsible
from .models import Activity, DueDate, Promise, StatusUpdate
from .paging import page_of
from .periods import Window, cadence_window
from .progress import Progress, attach_progress
from .start_page import FINISHED_STATUSES

# The months of the chart of updates: at most the current one and the eleven before it.
MONTHS_SHOWN = 12
OVERDUE_PAGE_SIZE = 25


@dataclass(frozen=True)
class FollowUpPeriods:
    """A promise's current follow-up period and the one before it (None when the promise began
    within the current one), or neither before the promise's period has begun."""

    current: Window | None
    previous: Window | None

    @classmethod
    def of(cls, promise: Promise, day: date) -> "FollowUpPeriods":
        if day < promise.period_start:
            return cls(None, None)
        current = cadence_window(promise.follow_up_cadence, min(day, promise.period_end))
        previous = cadence_window(promise.follow_up_cadence, current.start - timedelta(days=1))
        if previous.end < promise.period_start:
            previous = None
        return cls(current, previous)


@dataclass(frozen=True)
class PartyStanding:
    """One party's activities of a promise that await follow-up (``total``), how many of them are
    updated in the current period and how many are overdue."""

    responsible: str
    total: int = 0
    updated: int = 0
    overdue: int = 0

    @property
    def label(self) -> str:
        return Responsible(self.responsible).label

    @classmethod
    def summed(cls, parties) -> "PartyStanding":
        """The standings of ``parties`` added up (a promise's parties, a kommun's promises)."""
        parties = list(parties)
        return cls(
            responsible="",
            total=sum(party.total for party in parties),
            updated=sum(party.updated for party in parties),
            overdue=sum(party.overdue for party in parties),
        )

    @property
    def waiting(self) -> int:
        """Not yet updated in the current period, but not overdue either."""
        return self.total - self.updated - self.overdue

    @property
    def percent(self) -> int:
        return round(100 * self.updated / self.total) if self.total else 0


@dataclass(frozen=True)
class MonthCount:
    month: date  # the first day of the month
    count: int


@dataclass(frozen=True)
class TargetRow:
    """Progress toward one activity's target in one target period."""

    activity: Activity
    progress: Progress


@dataclass
class PromiseStanding:
    promise: Promise
    periods: FollowUpPeriods
    parties: list[PartyStanding] = field(default_factory=list)
    months: list[MonthCount] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    next_due: DueDate | None = None
    day: date | None = None
    # How many activities have a target and how many of those met it in their current period;
    # ``targets`` may show only some of them (``furthest_behind``).
    target_activities: int = 0
    targets_met: int = 0

    @property
    def shown_target_activities(self) -> int:
        return len({row.activity.pk for row in self.targets})

    @property
    def next_due_late(self) -> bool:
        return bool(self.next_due and self.day and self.next_due.is_overdue(self.day))

    @cached_property
    def total(self) -> PartyStanding:
        return PartyStanding.summed(self.parties)

    @property
    def update_count(self) -> int:
        return sum(month.count for month in self.months)

    @cached_property
    def month_chart(self) -> ColumnChart:
        return column_chart(self.months)

    @cached_property
    def target_chart(self) -> ProgressChart:
        return progress_chart(self.targets)


@dataclass
class MunicipalityStanding:
    """One kommun's line of the overview: its adopted promises and their parties summed."""

    municipality: object  # an Organisation
    promises: list[PromiseStanding] = field(default_factory=list)

    @cached_property
    def total(self) -> PartyStanding:
        return PartyStanding.summed(item.total for item in self.promises)


@dataclass
class Standing:
    """The page: every kommun the user reaches in the overview (``municipalities``), and the
    promises of one of them in full (``promises``, with charts and due dates) with its overdue
    activities (``overdue``, a page). A user who reaches one kommun sees all of it at once."""

    promises: list[PromiseStanding]
    overdue: object  # a Page of overdue activities
    municipalities: list[MunicipalityStanding] = field(default_factory=list)
    chosen: object = None  # the Organisation whose promises are shown in full

    @property
    def overdue_count(self) -> int:
        return sum(standing.total.overdue for standing in self.promises)


# The queries ------------------------------------------------------------------------------------


def _conditions(periods: dict[int, FollowUpPeriods]) -> tuple[Q, Q, Q]:
    """The filters on activities ``with_latest_status`` that select, for the promises of
    ``periods``, those that await follow-up, those of them updated in the current period and
    those overdue. Promises that share their periods share one condition, so the filters grow with
    the number of distinct periods (a handful), never with the number of promises."""
    groups: dict[FollowUpPeriods, list[int]] = {}
    for promise_id, pair in periods.items():
        if pair.current is not None:
            groups.setdefault(pair, []).append(promise_id)
    # Never true, yet a condition the database evaluates (an empty IN would skip the query).
    nothing = Q(pk__isnull=True)
    expected, updated, overdue = nothing, nothing, nothing
    for pair, promise_ids in groups.items():
        start = pair.current.start
        waiting = Q(focus_area__promise_id__in=promise_ids) & (
            Q(last_update_on__isnull=True)
            | ~Q(latest_status__in=FINISHED_STATUSES)
            | Q(last_update_on__gte=start)
        )
        expected |= waiting
        updated |= waiting & Q(last_update_on__gte=start)
        if pair.previous is not None:
            overdue |= waiting & (
                Q(last_update_on__isnull=True) | Q(last_update_on__lt=pair.previous.start)
            )
    return expected, updated, overdue


def _party_counts(promise_ids, expected: Q, updated: Q, overdue: Q) -> dict[tuple[int, str], dict]:
    """Per promise and party: the activities awaiting follow-up, updated and overdue (one query,
    conditional counts)."""
    rows = (
        Activity.objects.filter(focus_area__promise_id__in=promise_ids)
        .with_latest_status()
        .order_by()
        .values("focus_area__promise_id", "responsible")
        .annotate(
            total=Count("pk", filter=expected),
            updated=Count("pk", filter=updated),
            overdue=Count("pk", filter=overdue),
        )
    )
    return {(row["focus_area__promise_id"], row["responsible"]): row for row in rows}


def month_starts(day: date, count: int = MONTHS_SHOWN) -> list[date]:
    """The first days of the ``count`` months up to and including ``day``'s, oldest first."""
    index = day.year * 12 + day.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def promise_months(promise: Promise, day: date) -> list[date]:
    """The months a promise's chart of updates shows: the last twelve of its period up to ``day``
    (up to its last month once the period has ended; its first month before it has begun)."""
    last = max(promise.period_start, min(day, promise.period_end))
    start = promise.period_start.replace(day=1)
    return [month for month in month_starts(last) if month >= start]


def monthly_updates(
    promises: list[Promise], *, updates=None, day: date
) -> dict[int, list[MonthCount]]:
    """For each promise, how many of ``updates`` (all by default) are dated in each of its months
    (``promise_months``). One query: the database counts per promise and month."""
    updates = updates if updates is not None else StatusUpdate.objects.all()
    months = {promise.pk: promise_months(promise, day) for promise in promises}
    first = min((shown[0] for shown in months.values()), default=day)
    rows = (
        updates.filter(activity__focus_area__promise__in=promises, date__gte=first, date__lte=day)
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values("activity__focus_area__promise_id", "month")
        .annotate(count=Count("pk"))
    )
    counts = {(row["activity__focus_area__promise_id"], row["month"]): row["count"] for row in rows}
    return {
        promise_id: [MonthCount(month, counts.get((promise_id, month), 0)) for month in shown]
        for promise_id, shown in months.items()
    }


def target_progress(
    promises: list[Promise], *, updates=None, day: date
) -> dict[int, list[TargetRow]]:
    """For each promise, its activities' progress toward their targets in every target period
    that has begun, counted from ``updates`` (all by default): activity by activity in their order,
    each one's periods oldest first. Two queries (the activities with a target, and one
    aggregate with a filtered sum per target period), none when no promise is given."""
    by_pk = {promise.pk: promise for promise in promises}
    activities = list(
        Activity.objects.filter(focus_area__promise__in=promises, target_count__isnull=False)
        .select_related("focus_area")
        .order_by("focus_area__promise_id", "focus_area__number", "number")
    )
    for activity in activities:
        activity.focus_area.promise = by_pk[activity.focus_area.promise_id]
    attach_progress(activities, updates, day=day)
    rows: dict[int, list[TargetRow]] = {promise.pk: [] for promise in promises}
    for activity in activities:
        rows[activity.focus_area.promise_id].extend(target_rows([activity]))
    return rows


# The Uppföljningsläge charts the targets of at most this many activities per promise: those
# furthest behind in their current period. A promise of 231 activities would otherwise fill the
# page (and a police contact's page of six kommuner) with hundreds of bars; the promise's own
# pages show every target, page by page.
TARGET_CHART_ACTIVITIES = 10


def furthest_behind(rows: list[TargetRow], limit: int = TARGET_CHART_ACTIVITIES):
    """``rows`` (an activity's periods oldest first, activity by activity) cut to the ``limit``
    activities whose current period is furthest from its target, those first; with the number of
    activities that have a target and of those that met it in their current period."""
    current = {row.activity.pk: row for row in rows if row.progress.is_current}
    ranked = sorted(
        current.values(), key=lambda row: row.progress.achieved / max(row.progress.target, 1)
    )
    shown = [row.activity.pk for row in ranked[:limit]]
    order = {pk: index for index, pk in enumerate(shown)}
    kept = sorted(
        (row for row in rows if row.activity.pk in order), key=lambda row: order[row.activity.pk]
    )
    met = sum(1 for row in current.values() if row.progress.is_met)
    return kept, len(current), met


def target_rows(activities) -> list[TargetRow]:
    """The target chart's rows of ``activities`` whose progress is counted (``attach_progress``):
    activity by activity in the given order, each one's periods oldest first."""
    return [
        TargetRow(activity, progress)
        for activity in activities
        if activity.target_count is not None
        for progress in reversed(activity.progress_periods)
    ]


def next_due_dates(promises: list[Promise], *, day: date) -> dict[int, DueDate | None]:
    """The earliest unmet due date of each promise (a follow-up it owes its committee), passed or
    not: a passed one is late and comes first. None for a promise without one. One query for all
    ``promises`` (a promise has a handful of due dates, so they are read and the earliest kept)."""
    earliest: dict[int, DueDate | None] = {promise.pk: None for promise in promises}
    unmet = DueDate.objects.unmet().filter(promise__in=promises).order_by("due_on", "pk")
    for due in unmet:
        if earliest.get(due.promise_id) is None:
            earliest[due.promise_id] = due
    return earliest


def party_standings(
    promises: list[Promise], periods: dict[int, FollowUpPeriods]
) -> dict[int, list[PartyStanding]]:
    """For each of ``promises``, one ``PartyStanding`` per party (kommunen, polisen, gemensamt)
    in its follow-up ``periods`` (``FollowUpPeriods.of``). One query for all of them."""
    counts = _party_counts([promise.pk for promise in promises], *_conditions(periods))
    standings = {}
    for promise in promises:
        parties = []
        for responsible in Responsible.values:
            row = counts.get((promise.pk, responsible), {})
            parties.append(
                PartyStanding(
                    responsible=responsible,
                    total=row.get("total", 0),
                    updated=row.get("updated", 0),
                    overdue=row.get("overdue", 0),
                )
            )
        standings[promise.pk] = parties
    return standings


# What the pages read ----------------------------------------------------------------------------


def follow_up_standing(
    user, *, day: date | None = None, page=None, municipality: int | None = None
) -> Standing:
    """The Uppföljningsläge of every adopted promise the user may read (a coordinator's kommun, a
    police contact's covered kommuner): the share updated and the overdue activities of each, and
    in full (charts, due dates, page ``page`` of the overdue activities) the promises of one
    kommun: ``municipality`` (a pk) if the user reaches it, otherwise the first by name. Six
    queries, whatever the number of kommuner, promises, activities and updates."""
    day = day or timezone.localdate()
    promises = list(
        Promise.objects.visible_to(user)
        .filter(status=Promise.Status.ADOPTED)
        .select_related("agreement__municipality")
        .defer(*Promise.LONG_TEXTS, "agreement__goals")
        .order_by("agreement__municipality__name", "-period_start", "title")
    )
    periods = {promise.pk: FollowUpPeriods.of(promise, day) for promise in promises}
    _expected, _updated, overdue = _conditions(periods)
    parties = party_standings(promises, periods)
    overview: dict[int, MunicipalityStanding] = {}
    for promise in promises:
        kommun = promise.agreement.municipality
        overview.setdefault(kommun.pk, MunicipalityStanding(kommun)).promises.append(
            PromiseStanding(
                promise=promise, periods=periods[promise.pk], parties=parties[promise.pk], day=day
            )
        )
    chosen = overview.get(municipality) or next(iter(overview.values()), None)
    shown = chosen.promises if chosen else []
    shown_promises = [item.promise for item in shown]
    months = monthly_updates(shown_promises, day=day)
    targets = target_progress(shown_promises, day=day)
    due = next_due_dates(shown_promises, day=day)
    for item in shown:
        pk = item.promise.pk
        item.targets, item.target_activities, item.targets_met = furthest_behind(targets[pk])
        item.months, item.next_due = months[pk], due[pk]
    standing = Standing(
        promises=shown,
        overdue=None,
        municipalities=list(overview.values()),
        chosen=chosen.municipality if chosen else None,
    )
    standing.overdue = _overdue_page(shown_promises, periods, overdue, page, standing.overdue_count)
    return standing


def _overdue_page(promises, periods, overdue: Q, number, count: int):
    """Page ``number`` of the overdue activities, in the order of the promises, each with the
    previous follow-up period that ended without an update (one query)."""
    activities = (
        Activity.objects.filter(focus_area__promise__in=promises)
        .with_latest_status()
        .filter(overdue)
        .select_related("focus_area__promise__agreement__municipality")
        .order_by(
            "focus_area__promise__agreement__municipality__name",
            "focus_area__promise__title",
            "focus_area__promise_id",
            "focus_area__number",
            "number",
        )
    )
    page = page_of(activities, number, per_page=OVERDUE_PAGE_SIZE, count=count)
    page.object_list = list(page.object_list)
    for activity in page.object_list:
        activity.missed_period = periods[activity.focus_area.promise_id].previous
    return page
