"""Reads of the chain. Each selector runs a fixed number of queries however much data there is.

Visibility itself lives in the QuerySet methods of ``querysets.py``; the selectors combine them into
what a page needs, computing progress from prefetched updates instead of querying per activity.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import (
    Activity,
    Agreement,
    FocusArea,
    Organisation,
    Promise,
    StatusUpdate,
)
from .periods import Window, current_first, target_windows


@dataclass(frozen=True)
class Progress:
    """Achieved against target in one target period (``window``); ``is_current`` for the period
    that holds today (or the last one, once the promise has ended)."""

    achieved: int
    target: int
    unit: str
    window: Window
    is_current: bool = False

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
    def period_text(self) -> str:
        """The period first, for a list of periods: "2021: 22 av 48 narkotikainsatser"."""
        return _("%(period)s: %(achieved)s av %(target)s %(unit)s") % {
            "period": self.window.label,
            "achieved": self.achieved,
            "target": self.target,
            "unit": self.unit,
        }

    @property
    def short_text(self) -> str:
        return _("%(achieved)s av %(target)s") % {
            "achieved": self.achieved,
            "target": self.target,
        }


def count_per_window(
    activity: Activity, updates, windows: list[Window], *, current: Window | None = None
) -> list[Progress]:
    """Achieved against ``activity``'s target in each of ``windows``: the occurrences of the
    ``updates`` dated within it. The window ``current``, if given, is marked current.

    ``updates`` is already loaded (all of the activity's updates on internal pages, its public ones
    on public pages and in open data), so that a page of many activities needs no further query.
    """
    return [
        Progress(
            achieved=sum(update.occurrences for update in updates if update.date in window),
            target=activity.target_count,
            unit=activity.target_unit,
            window=window,
            is_current=window == current,
        )
        for window in windows
    ]


def progress_by_period(activity: Activity, updates, *, day: date | None = None) -> list[Progress]:
    """Progress toward ``activity``'s target in every target period of its promise that has begun:
    the current one (or the last, once the promise has ended) first, then the earlier ones, newest
    first. Empty for an activity without a target."""
    if not activity.has_target:
        return []
    promise = activity.focus_area.promise
    windows = target_windows(
        activity.target_period, start=promise.period_start, end=promise.period_end
    )
    ordered = current_first(windows, day or timezone.localdate())
    return count_per_window(activity, updates, ordered, current=ordered[0] if ordered else None)


def progress_for(activity: Activity, updates, *, day: date | None = None) -> Progress | None:
    """Progress in the current target period only (the first of ``progress_by_period``)."""
    periods = progress_by_period(activity, updates, day=day)
    return periods[0] if periods else None


def updates_prefetch(queryset=None, *, to_attr: str = "loaded_updates") -> Prefetch:
    queryset = queryset if queryset is not None else StatusUpdate.objects.all()
    return Prefetch(
        "status_updates",
        queryset=queryset.select_related("author").order_by("-date", "-pk"),
        to_attr=to_attr,
    )


def annotate_activity(activity: Activity, *, day: date | None = None) -> Activity:
    """Attach ``latest_update``, ``progress_periods`` (every target period, current first) and
    ``progress`` (the current one) from the prefetched ``loaded_updates``."""
    updates = activity.loaded_updates
    activity.latest_update = updates[0] if updates else None
    activity.progress_periods = progress_by_period(activity, updates, day=day)
    activity.progress = activity.progress_periods[0] if activity.progress_periods else None
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


@dataclass(frozen=True)
class PromisePermissions:
    """What the user may do on a promise page, computed once per page in a fixed number of queries."""

    can_edit: bool
    can_add_updates: bool
    editable_activity_ids: frozenset[int]

    def can_edit_activity(self, activity: Activity) -> bool:
        return activity.pk in self.editable_activity_ids


def promise_permissions(user, promise: Promise) -> PromisePermissions:
    return PromisePermissions(
        can_edit=Promise.objects.editable_by(user).filter(pk=promise.pk).exists(),
        can_add_updates=Activity.objects.updatable_by(user)
        .filter(focus_area__promise=promise)
        .exists()
        or Promise.objects.editable_by(user).filter(pk=promise.pk).exists(),
        editable_activity_ids=frozenset(
            Activity.objects.editable_by(user)
            .filter(focus_area__promise=promise)
            .values_list("pk", flat=True)
        ),
    )


def agreements_for(user):
    return (
        Agreement.objects.visible_to(user)
        .select_related("municipality", "police_area")
        .annotate(promise_count=Count("promises"))
        .order_by("municipality__name", "-valid_from")
    )


def agreement_detail(agreement: Agreement) -> dict:
    return {
        "agreement": agreement,
        "signatories": list(agreement.signatories.all()),
        "promises": list(agreement.promises.order_by("-period_start")),
    }


def promises_by_municipality(user, *, municipality_id: int | None = None):
    promises = (
        Promise.objects.visible_to(user)
        .select_related("agreement__municipality")
        .annotate(activity_count=Count("focus_areas__activities"))
        .order_by("agreement__municipality__name", "-period_start", "title")
    )
    if municipality_id:
        promises = promises.filter(agreement__municipality_id=municipality_id)
    groups: dict[Organisation, list[Promise]] = {}
    for promise in promises:
        groups.setdefault(promise.agreement.municipality, []).append(promise)
    return groups


def activity_timeline(activity: Activity):
    return list(activity.status_updates.select_related("author").order_by("-date", "-pk"))


def police_activities(user, *, municipality=None, status: str = "", day: date | None = None):
    """ "Mina aktiviteter": activities the police answer for, alone or jointly, in every kommun the
    user's police area covers, each with its latest status and progress (three queries)."""
    activities = (
        Activity.objects.visible_to(user)
        .police_responsible()
        .exclude(focus_area__promise__status=Promise.Status.SUPERSEDED)
        .select_related("focus_area__promise__agreement__municipality")
        .prefetch_related(updates_prefetch())
        .order_by(
            "focus_area__promise__agreement__municipality__name",
            "focus_area__promise__title",
            "focus_area__number",
            "number",
        )
    )
    if municipality is not None:
        activities = activities.filter(focus_area__promise__agreement__municipality=municipality)
    result = []
    for activity in activities:
        annotate_activity(activity, day=day)
        latest = activity.latest_update.status if activity.latest_update else "ingen"
        if not status or latest == status:
            result.append(activity)
    return result


def can_edit_agreement(user, agreement: Agreement) -> bool:
    return Agreement.objects.editable_by(user).filter(pk=agreement.pk).exists()


def _count_phrase(kind: str, count: int) -> str:
    phrases = {
        "area_count": ngettext("%(count)s fokusområde", "%(count)s fokusområden", count),
        "activity_count": ngettext("%(count)s aktivitet", "%(count)s aktiviteter", count),
        "update_count": ngettext(
            "%(count)s statusuppdatering", "%(count)s statusuppdateringar", count
        ),
    }
    return phrases[kind] % {"count": count}


def deletion_consequences(obj) -> list[str]:
    """What goes with ``obj`` when it is deleted, in words for the confirmation page (one query)."""
    if isinstance(obj, Promise):
        counts = obj.focus_areas.aggregate(
            area_count=Count("pk", distinct=True),
            activity_count=Count("activities", distinct=True),
            update_count=Count("activities__status_updates", distinct=True),
        )
    elif isinstance(obj, FocusArea):
        counts = obj.activities.aggregate(
            activity_count=Count("pk", distinct=True),
            update_count=Count("status_updates", distinct=True),
        )
    elif isinstance(obj, Activity):
        counts = {"update_count": obj.status_updates.count()}
    else:
        counts = {}
    return [_count_phrase(kind, count) for kind, count in counts.items() if count]


def activity_permissions(user, activity: Activity) -> dict:
    """What the user may do on an activity's page (four queries)."""
    return {
        "editable_update_ids": set(
            StatusUpdate.objects.editable_by(user)
            .filter(activity=activity)
            .values_list("pk", flat=True)
        ),
        "can_edit": Activity.objects.editable_by(user).filter(pk=activity.pk).exists(),
        "can_add_update": Activity.objects.updatable_by(user).filter(pk=activity.pk).exists(),
        "can_delete": Promise.objects.editable_by(user)
        .filter(pk=activity.focus_area.promise_id)
        .exists(),
    }
