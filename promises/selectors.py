"""Reads of the chain. Each selector runs a fixed number of queries however much data there is.

Visibility itself lives in the QuerySet methods of ``querysets.py``; the selectors combine them into
what a page needs. Latest updates and progress are computed by the database for the rows on the page
only (``progress.py``); long lists are paged (``paging.py``).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.paginator import Page
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import ngettext

from .choices import NO_UPDATE_YET
from .models import (
    Activity,
    Agreement,
    DueDate,
    FocusArea,
    Organisation,
    Promise,
    StatusUpdate,
)
from .paging import page_of
from .periods import Window, cadence_window
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
    can_report: bool = False  # "Rapportera perioden": may add updates to some of its activities


def promise_permissions(user, promise: Promise) -> PromisePermissions:
    flags = (
        Promise.objects.filter(pk=promise.pk)
        .annotate(
            can_edit=Exists(Promise.objects.editable_by(user).filter(pk=OuterRef("pk"))),
            can_report=Exists(
                Activity.objects.updatable_by(user).filter(focus_area__promise=OuterRef("pk"))
            ),
        )
        .values("can_edit", "can_report")
        .first()
    ) or {"can_edit": False, "can_report": False}
    return PromisePermissions(**flags)


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
        "due_dates": due_dates_of(agreement),
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


# Due dates -------------------------------------------------------------------------------------

_DUE_DATE_RELATED = ("promise__agreement__municipality", "agreement__municipality")


def _mark_overdue(due_dates, day: date) -> list[DueDate]:
    due_dates = list(due_dates)
    for due_date in due_dates:
        due_date.overdue = due_date.is_overdue(day)
    return due_dates


def due_dates_of(document: Promise | Agreement, *, day: date | None = None) -> list[DueDate]:
    """A promise's planned follow-ups or an agreement's check-ins by date, each marked
    ``overdue`` when passed and unmet (one query)."""
    return _mark_overdue(document.due_dates.all(), day or timezone.localdate())


def upcoming_due_dates(user, *, day: date | None = None, limit: int = 10) -> list[DueDate]:
    """The next ``limit`` unmet due dates of the adopted promises and valid agreements the user
    may read, the overdue ones first (one query)."""
    day = day or timezone.localdate()
    due_dates = (
        DueDate.objects.visible_to(user)
        .unmet()
        .in_force(day)
        .select_related(*_DUE_DATE_RELATED)
        .order_by("due_on", "pk")[:limit]
    )
    return _mark_overdue(due_dates, day)


def due_dates_to_remind(day: date, days_before: int) -> list[DueDate]:
    """The unmet due dates on ``day`` or at most ``days_before`` days after it, of adopted
    promises and of agreements valid on ``day``, for the reminders (one query). Each has its
    kommun as ``municipality`` (and its promise or agreement loaded)."""
    last = day + timedelta(days=days_before)
    due_dates = list(
        DueDate.objects.unmet()
        .in_force(day)
        .filter(due_on__gte=day, due_on__lte=last)
        .select_related(*_DUE_DATE_RELATED)
        .order_by("due_on", "pk")
    )
    for due_date in due_dates:
        document = due_date.promise.agreement if due_date.promise_id else due_date.agreement
        due_date.municipality = document.municipality
    return due_dates


def next_due_dates_of_municipalities(
    ids, *, day: date, per_municipality: int = 3
) -> dict[int, list[DueDate]]:
    """Per kommun of ``ids``, its first ``per_municipality`` unmet due dates of adopted promises
    and valid agreements, the overdue ones first and marked ``overdue`` (one query; a kommun has
    a handful of due dates, so they are read and the first kept)."""
    due_dates = (
        DueDate.objects.of_municipalities(ids)
        .unmet()
        .in_force(day)
        .select_related(*_DUE_DATE_RELATED)
        .order_by("due_on", "pk")
    )
    chosen: dict[int, list[DueDate]] = {}
    for due_date in _mark_overdue(due_dates, day):
        document = due_date.promise.agreement if due_date.promise_id else due_date.agreement
        due_date.municipality = document.municipality
        kept = chosen.setdefault(document.municipality_id, [])
        if len(kept) < per_municipality:
            kept.append(due_date)
    return chosen


def earliest_unmet_due_date(promise: Promise) -> DueDate | None:
    """What a new report of ``promise`` most likely meets: its first unmet due date (one query)."""
    return promise.due_dates.unmet().order_by("due_on", "pk").first()


# "Rapportera perioden" -----------------------------------------------------------------------

PERIOD_REPORT_PAGE_SIZE = 25


@dataclass
class PeriodReport:
    """One page of the activities of a promise that a user may add updates to, for one form."""

    page: Page
    focus_areas: list[FocusArea]
    window: Window


def period_report(
    user,
    promise: Promise,
    *,
    number=None,
    area: int | None = None,
    waiting: bool = False,
    day: date | None = None,
) -> PeriodReport:
    """Page ``number`` of the activities of ``promise`` that ``user`` may add updates to, each with
    its latest status (``ActivitySummary``); only those of focus area number ``area``, and only
    those with no update in the promise's current follow-up period when ``waiting``. Three
    queries (the areas, the count, the page)."""
    day = day or timezone.localdate()
    window = cadence_window(promise.follow_up_cadence, min(day, promise.period_end))
    activities = (
        Activity.objects.updatable_by(user)
        .filter(focus_area__promise=promise)
        .with_latest_status()
        .select_related("focus_area")
        .order_by("focus_area__number", "number")
    )
    if area is not None:
        activities = activities.filter(focus_area__number=area)
    if waiting:
        activities = activities.filter(
            Q(last_update_on__isnull=True) | Q(last_update_on__lt=window.start)
        )
    page = page_of(activities, number, per_page=PERIOD_REPORT_PAGE_SIZE)
    page.object_list = list(page.object_list)
    areas = list(promise.focus_areas.order_by("number").only("pk", "number", "title"))
    return PeriodReport(page=page, focus_areas=areas, window=window)


def activities_for_rows(user, promise: Promise, ids: list[int]) -> dict[int, Activity]:
    """The activities of ``promise`` among ``ids`` (as posted, in that order) that ``user`` may add
    updates to, each with its latest status (one query). An id outside them is left out, and the
    form refuses its row."""
    found = (
        Activity.objects.updatable_by(user)
        .filter(focus_area__promise=promise, pk__in=ids)
        .with_latest_status()
        .select_related("focus_area")
        .in_bulk()
    )
    return {pk: found[pk] for pk in ids if pk in found}
