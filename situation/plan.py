"""Brå's table of an åtgärdsplan: Orsak | Åtgärd | Operativa mål | När | Vem | Uppföljning.

One row per activity, grouped by the cause it addresses, as Brå's model plan is laid out. An
activity that addresses two causes is listed under both, and each of its rows names the other
causes ("även under Orsak 2.1"): read by cause, every cause shows all that is done about it, which
is what the table is for; read by activity, the note keeps the duplicate from passing for a second
measure. Activities linked to no cause come last, under "Utan kopplad orsak", so that Brå's criticism
of the field (problems and measures that are not linked) shows on the page rather than hiding in it.

Which causes: those of the newest adopted lägesbild that links any of the plan's activities, else of
the newest draft. A new version copies the links of the one before, so taking every version would
list each activity once per version.

Four queries however many activities, causes and ratings: activities, links to causes (with the
cause, problem and lägesbild), ratings, and nothing else.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from promises.models import Activity, Promise
from promises.periods import Window, cadence_window

from .models import Cause
from .models.ratings import FollowUpRating


def follow_up_windows(promise: Promise) -> list[Window]:
    """The follow-up periods of the promise's cadence that overlap its period, oldest first."""
    windows, day = [], promise.period_start
    while day <= promise.period_end:
        window = cadence_window(promise.follow_up_cadence, day)
        windows.append(window)
        day = window.end + timedelta(days=1)
    return windows


def begun_windows(promise: Promise, today: date | None = None) -> list[Window]:
    """The follow-up periods that have begun by ``today`` (at least the first): a period not yet
    begun has nothing to rate."""
    today = today or timezone.localdate()
    windows = follow_up_windows(promise)
    return [window for window in windows if window.start <= today] or windows[:1]


@dataclass
class PeriodRating:
    window: Window
    rating: FollowUpRating | None


@dataclass
class PlanRow:
    activity: Activity
    ratings: list[PeriodRating]
    other_causes: list[Cause] = field(default_factory=list)


@dataclass
class PlanGroup:
    cause: Cause | None  # None: the activities linked to no cause
    rows: list[PlanRow]


@dataclass
class PlanTable:
    promise: Promise
    windows: list[Window]
    groups: list[PlanGroup]
    unlinked: PlanGroup

    @property
    def all_groups(self) -> list[PlanGroup]:
        return [*self.groups, *([self.unlinked] if self.unlinked.rows else [])]

    @property
    def row_count(self) -> int:
        return sum(len(group.rows) for group in self.all_groups)


def plan_activities(promise: Promise):
    return (
        Activity.objects.filter(focus_area__promise=promise)
        .select_related("focus_area")
        .order_by("focus_area__number", "number")
    )


def _chosen_links(promise: Promise) -> list:
    """The (activity, cause) links of the plan's activities to the causes of one lägesbild."""
    links = list(
        Cause.activities.through.objects.filter(activity__focus_area__promise=promise)
        .select_related("cause__problem__assessment")
        .order_by("cause__problem__number", "cause__number", "activity_id")
    )
    assessments = {link.cause.problem.assessment for link in links}
    if not assessments:
        return []
    adopted = [a for a in assessments if a.adopted_on is not None]
    chosen = max(adopted or assessments, key=lambda a: a.version)
    return [link for link in links if link.cause.problem.assessment_id == chosen.pk]


def plan_table(promise: Promise, *, today: date | None = None) -> PlanTable:
    activities = list(plan_activities(promise))
    windows = begun_windows(promise, today)
    ratings = {
        (rating.activity_id, rating.period_start): rating
        for rating in FollowUpRating.objects.filter(
            activity__focus_area__promise=promise,
            period_start__in=[window.start for window in windows],
        )
    }
    links = _chosen_links(promise)
    causes_of: dict[int, list[Cause]] = {}
    for link in links:
        causes_of.setdefault(link.activity_id, []).append(link.cause)

    def row(activity: Activity, cause: Cause | None) -> PlanRow:
        return PlanRow(
            activity=activity,
            ratings=[
                PeriodRating(window, ratings.get((activity.pk, window.start))) for window in windows
            ],
            other_causes=[c for c in causes_of.get(activity.pk, []) if c is not cause],
        )

    by_pk = {activity.pk: activity for activity in activities}
    groups: dict[int, PlanGroup] = {}
    for link in links:
        group = groups.setdefault(link.cause_id, PlanGroup(cause=link.cause, rows=[]))
        group.rows.append(row(by_pk[link.activity_id], link.cause))
    order = {activity.pk: index for index, activity in enumerate(activities)}
    for group in groups.values():
        group.rows.sort(key=lambda r: order[r.activity.pk])
    unlinked = PlanGroup(
        cause=None, rows=[row(a, None) for a in activities if a.pk not in causes_of]
    )
    return PlanTable(
        promise=promise, windows=windows, groups=list(groups.values()), unlinked=unlinked
    )
