"""Reads of the chain. Each selector runs a fixed number of queries however much data there is.

Visibility itself lives in the QuerySet methods of ``querysets.py``; the selectors combine them into
what a page needs, computing progress from prefetched updates instead of querying per activity.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Activity, FocusArea, Organisation, Promise, StatusUpdate
from .periods import Window, cadence_window


@dataclass(frozen=True)
class Progress:
    achieved: int
    target: int
    unit: str
    window: Window

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.achieved / self.target)) if self.target else 0

    @property
    def is_met(self) -> bool:
        return self.achieved >= self.target

    @property
    def text(self) -> str:
        return _("%(achieved)s av %(target)s %(unit)s, %(period)s") % {
            "achieved": self.achieved,
            "target": self.target,
            "unit": self.unit,
            "period": self.window.label,
        }

    @property
    def short_text(self) -> str:
        return _("%(achieved)s av %(target)s") % {
            "achieved": self.achieved,
            "target": self.target,
        }


def progress_for(activity: Activity, updates, *, day: date | None = None) -> Progress | None:
    """Progress toward ``activity``'s target in the target period that holds ``day``.

    ``updates`` is the activity's status updates, already loaded, so that a page of many
    activities computes every bar without another query.
    """
    if not activity.has_target:
        return None
    day = day or timezone.localdate()
    promise = activity.focus_area.promise
    # After the promise has ended, show the last period it ran in rather than an empty new one.
    reference_day = min(max(day, promise.period_start), promise.period_end)
    window = activity.target_window_for(reference_day)
    achieved = sum(update.occurrences for update in updates if update.date in window)
    return Progress(
        achieved=achieved, target=activity.target_count, unit=activity.target_unit, window=window
    )


def updates_prefetch(queryset=None, *, to_attr: str = "loaded_updates") -> Prefetch:
    queryset = queryset if queryset is not None else StatusUpdate.objects.all()
    return Prefetch(
        "status_updates",
        queryset=queryset.select_related("author").order_by("-date", "-pk"),
        to_attr=to_attr,
    )


def annotate_activity(activity: Activity, *, day: date | None = None) -> Activity:
    """Attach ``latest_update`` and ``progress`` from the prefetched ``loaded_updates``."""
    updates = activity.loaded_updates
    activity.latest_update = updates[0] if updates else None
    activity.progress = progress_for(activity, updates, day=day)
    return activity


def promise_tree(promise: Promise, *, updates=None, day: date | None = None) -> list[FocusArea]:
    """The promise's focus areas with their activities, each with its latest status and progress.

    Three queries: focus areas, activities, and their status updates.
    """
    activities = Activity.objects.order_by("number").prefetch_related(updates_prefetch(updates))
    areas = list(
        promise.focus_areas.order_by("number").prefetch_related(
            Prefetch("activities", queryset=activities, to_attr="loaded_activities")
        )
    )
    for area in areas:
        area.promise = promise
        for activity in area.loaded_activities:
            activity.focus_area = area
            annotate_activity(activity, day=day)
    return areas


def promises_for_municipality(user, municipality: Organisation):
    return (
        Promise.objects.visible_to(user)
        .in_municipality(municipality)
        .select_related("agreement__municipality")
        .annotate(
            activity_count=Count("focus_areas__activities", distinct=True),
            focus_area_count=Count("focus_areas", distinct=True),
        )
        .order_by("-period_start", "title")
    )


def stale_activities(user, *, day: date | None = None, limit: int = 50) -> list[Activity]:
    """Activities of current adopted promises with no update in the current follow-up period.

    The promise's cadence decides the period, so the filter is applied in Python on a single
    query that carries each activity's latest update date.
    """
    day = day or timezone.localdate()
    candidates = (
        Activity.objects.visible_to(user)
        .filter(
            focus_area__promise__status=Promise.Status.ADOPTED,
            focus_area__promise__period_start__lte=day,
            focus_area__promise__period_end__gte=day,
        )
        .select_related("focus_area__promise__agreement__municipality")
        .annotate(last_update_on=Max("status_updates__date"))
        .order_by("focus_area__promise__title", "focus_area__number", "number")
    )
    stale = []
    for activity in candidates:
        window = cadence_window(activity.focus_area.promise.follow_up_cadence, day)
        if activity.last_update_on is None or activity.last_update_on < window.start:
            activity.follow_up_window = window
            stale.append(activity)
            if len(stale) >= limit:
                break
    return stale


def latest_updates(user, *, limit: int = 10):
    return (
        StatusUpdate.objects.visible_to(user)
        .select_related("activity__focus_area__promise__agreement__municipality", "author")
        .order_by("-date", "-pk")[:limit]
    )


def current_promises(user, *, day: date | None = None):
    """Adopted promises in force today, with how many of their activities are done."""
    day = day or timezone.localdate()
    done = Q(focus_areas__activities__status_updates__status=StatusUpdate.Status.DONE)
    return (
        Promise.objects.visible_to(user)
        .filter(status=Promise.Status.ADOPTED, period_end__gte=day)
        .select_related("agreement__municipality")
        .annotate(
            activity_count=Count("focus_areas__activities", distinct=True),
            done_count=Count("focus_areas__activities", filter=done, distinct=True),
        )
        .order_by("agreement__municipality__name", "-period_start")
    )


def start_page(user) -> dict:
    return {
        "current_promises": current_promises(user),
        "stale_activities": stale_activities(user),
        "latest_updates": latest_updates(user),
    }
