"""Reads of the chain. Each selector runs a fixed number of queries however much data there is.

Visibility itself lives in the QuerySet methods of ``querysets.py``; the selectors combine them into
what a page needs. Latest updates and progress are computed by the database for the rows on the page
only (``progress.py``); long lists are paged (``paging.py``).
"""

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page
from django.db.models import Count
from django.utils.translation import ngettext

from .choices import NO_UPDATE_YET
from .models import (
    Activity,
    Agreement,
    FocusArea,
    Organisation,
    Promise,
    StatusUpdate,
)
from .paging import page_of
from .progress import NEWEST_FIRST, Progress, attach_progress, with_newest_update


def _focus_areas(promise: Promise) -> list[FocusArea]:
    """The promise's focus areas in order, each with its ``activity_count`` (one query)."""
    areas = promise.focus_areas.order_by("number").annotate(activity_count=Count("activities"))
    return list(areas)


def _place_activities(promise, areas, activities, *, updates=None, day=None) -> list[FocusArea]:
    """Put ``activities`` of the promise in their areas' ``loaded_activities``, each with its
    latest update and progress counted from ``updates`` (three queries)."""
    by_id = {area.pk: area for area in areas}
    for area in areas:
        area.promise = promise
        area.loaded_activities = []
    activities = list(activities)
    for activity in activities:
        activity.focus_area = by_id[activity.focus_area_id]
        activity.focus_area.loaded_activities.append(activity)
    attach_progress(activities, updates, day=day)
    return areas


def _activities_in_order(promise: Promise, updates=None):
    """The promise's activities in focus area order, each with the id of its newest update."""
    activities = Activity.objects.filter(focus_area__promise=promise)
    return with_newest_update(activities, updates).order_by("focus_area__number", "number")


def promise_tree(promise: Promise, *, updates=None, day: date | None = None) -> list[FocusArea]:
    """The promise's focus areas with all their activities, each with its latest update and
    progress counted from ``updates`` (all updates by default). Four queries."""
    areas = _focus_areas(promise)
    return _place_activities(
        promise, areas, _activities_in_order(promise, updates), updates=updates, day=day
    )


PROMISE_PAGE_SIZE = 25


@dataclass
class PromisePage:
    """One page of a promise's activities, in focus area order, with every focus area: an area
    whose activities are all on other pages says on which (``first_page``–``last_page``)."""

    focus_areas: list[FocusArea]
    page: Page


def promise_page(promise: Promise, number, *, updates=None, day: date | None = None) -> PromisePage:
    """Page ``number`` of the promise's activities, each with its latest update and progress
    counted from ``updates`` (all by default); four queries whatever the promise's size."""
    areas = _focus_areas(promise)
    total = sum(area.activity_count for area in areas)
    activities = _activities_in_order(promise, updates)
    page = page_of(activities, number, per_page=PROMISE_PAGE_SIZE, count=total)
    _place_activities(promise, areas, page.object_list, updates=updates, day=day)
    before = 0
    for area in areas:
        area.first_page = before // PROMISE_PAGE_SIZE + 1
        area.last_page = (before + max(area.activity_count, 1) - 1) // PROMISE_PAGE_SIZE + 1
        before += area.activity_count
    return PromisePage(focus_areas=areas, page=page)


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
    """What the user may do on a promise page (one query). Whether she may change an activity or
    add updates to it is asked on the activity's own page."""

    can_edit: bool


def promise_permissions(user, promise: Promise) -> PromisePermissions:
    return PromisePermissions(
        can_edit=Promise.objects.editable_by(user).filter(pk=promise.pk).exists(),
    )


def agreements_for(user):
    return (
        Agreement.objects.visible_to(user)
        .select_related("municipality", "police_area")
        .defer("goals")
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
        .defer(*Promise.LONG_TEXTS)
        .annotate(activity_count=Count("focus_areas__activities"))
        .order_by("agreement__municipality__name", "-period_start", "title")
    )
    if municipality_id:
        promises = promises.filter(agreement__municipality_id=municipality_id)
    groups: dict[Organisation, list[Promise]] = {}
    for promise in promises:
        groups.setdefault(promise.agreement.municipality, []).append(promise)
    return groups


TIMELINE_PAGE_SIZE = 25


def activity_timeline(activity: Activity, number=None) -> Page:
    """Page ``number`` of the activity's updates, newest first, with their authors (two queries)."""
    updates = activity.status_updates.select_related("author").order_by(*NEWEST_FIRST)
    page = page_of(updates, number, per_page=TIMELINE_PAGE_SIZE)
    page.object_list = list(page.object_list)
    return page


def activity_progress(activity: Activity, *, day: date | None = None) -> list[Progress]:
    """The activity's progress in every target period that has begun, current first (one query;
    none for an activity without a target). Its latest update is the timeline's first."""
    attach_progress([activity], day=day)
    return activity.progress_periods


MY_ACTIVITIES_PAGE_SIZE = 25


def police_activities(
    user, *, municipality=None, status: str = "", number=None, day: date | None = None
) -> Page:
    """ "Mina aktiviteter": page ``number`` of the activities the police answer for, alone or
    jointly, in every kommun the user's police area covers, each with its latest status and
    progress; ``status`` filters on the latest status (``NO_UPDATE_YET``: none). Four queries."""
    activities = (
        Activity.objects.visible_to(user)
        .police_responsible()
        .exclude(focus_area__promise__status=Promise.Status.SUPERSEDED)
        .select_related("focus_area__promise__agreement__municipality")
        .order_by(
            "focus_area__promise__agreement__municipality__name",
            "focus_area__promise__title",
            "focus_area__number",
            "number",
        )
    )
    if municipality is not None:
        activities = activities.filter(focus_area__promise__agreement__municipality=municipality)
    if status:
        activities = activities.with_latest_status().filter(
            latest_status=None if status == NO_UPDATE_YET else status
        )
    page = page_of(
        with_newest_update(activities),
        number,
        per_page=MY_ACTIVITIES_PAGE_SIZE,
    )
    page.object_list = list(page.object_list)
    attach_progress(page.object_list, day=day)
    return page


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


def activity_permissions(user, activity: Activity, updates) -> dict:
    """What the user may do on an activity's page, and which of ``updates`` (those shown) she may
    correct (four queries)."""
    return {
        "editable_update_ids": set(
            StatusUpdate.objects.editable_by(user)
            .filter(pk__in=[update.pk for update in updates])
            .values_list("pk", flat=True)
        ),
        "can_edit": Activity.objects.editable_by(user).filter(pk=activity.pk).exists(),
        "can_add_update": Activity.objects.updatable_by(user).filter(pk=activity.pk).exists(),
        "can_delete": Promise.objects.editable_by(user)
        .filter(pk=activity.focus_area.promise_id)
        .exists(),
    }
