"""The start page: what each role comes for, in a fixed number of queries per role.

Coordinators and police contacts see the promises that run, the activities awaiting follow-up and
the latest updates; a committee secretary sees the issued reports of her kommun (a section that the
follow-up app registers, since this app imports no other) and the promises that run; a coordinator
whose kommun has no adopted promise yet sees the first steps there.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Activity, Agreement, Membership, Promise, StatusUpdate
from .periods import Window, cadence_window
from .progress import NEWEST_FIRST
from .selectors import upcoming_due_dates

# An activity whose latest status is one of these needs no more follow-up.
FINISHED_STATUSES = (StatusUpdate.Status.DONE, StatusUpdate.Status.CANCELLED)


def follow_up_windows(promises: list[Promise], day: date) -> dict[int, Window]:
    """Each promise's current follow-up period on ``day``, by the promise's id (no query).

    The promise's cadence decides the period. A promise whose period has ended but that is not yet
    closed is waiting for its closing follow-up, so its last period counts as the current one. A
    promise that has not begun has no period yet."""
    return {
        promise.pk: cadence_window(promise.follow_up_cadence, min(day, promise.period_end))
        for promise in promises
        if promise.period_start <= day
    }


def awaiting_follow_up(windows: dict[int, Window]):
    """The activities of the promises in ``windows`` (``follow_up_windows``) with no update since
    their promise's period began, finished ones left out (latest status genomförd or inställd
    waits for nothing): one query, with ``latest_status`` and ``last_update_on`` annotated."""
    by_start: dict[date, list[int]] = {}
    for promise_id, window in windows.items():
        by_start.setdefault(window.start, []).append(promise_id)
    if not by_start:
        return Activity.objects.none()
    awaiting = Q()
    for start, promise_ids in by_start.items():
        awaiting |= Q(focus_area__promise_id__in=promise_ids) & (
            Q(last_update_on__isnull=True) | Q(last_update_on__lt=start)
        )
    return (
        Activity.objects.with_latest_status()
        .filter(awaiting)
        .filter(Q(latest_status__isnull=True) | ~Q(latest_status__in=FINISHED_STATUSES))
    )


def stale_activities(
    promises: list[Promise], *, day: date | None = None, limit: int = 50
) -> list[Activity]:
    """The first ``limit`` activities of the adopted ``promises`` (``current_promises``) with no
    update in their promise's current follow-up period (one query): ``awaiting_follow_up``. The
    periods are worked out per promise in Python; the database finds the activities.
    """
    day = day or timezone.localdate()
    windows = follow_up_windows(promises, day)
    if not windows:
        return []
    activities = list(
        awaiting_follow_up(windows)
        .select_related("focus_area__promise__agreement__municipality")
        .order_by("focus_area__promise__title", "focus_area__number", "number")[:limit]
    )
    for activity in activities:
        activity.follow_up_window = windows[activity.focus_area.promise_id]
    return activities


def latest_updates(user, *, limit: int = 10):
    """The ``limit`` newest updates the user may read (one query).

    They all belong to the ``limit`` activities whose own newest update is newest: an update among
    the newest ``limit`` has fewer than ``limit`` other activities' newest updates before it. So the
    database picks those activities by their kept newest update (``ActivitySummary``) and sorts
    only their updates, instead of sorting every update of the user's kommuner.
    """
    recent_activities = (
        Activity.objects.visible_to(user)
        .filter(summary__isnull=False)
        .order_by("-summary__latest_date", "-summary__latest_update_id")
        .values("pk")[:limit]
    )
    # The newest ids first (from the index of updates by activity and date), then those rows only.
    newest = (
        StatusUpdate.objects.filter(activity__in=recent_activities)
        .order_by(*NEWEST_FIRST)
        .values("pk")[:limit]
    )
    return (
        StatusUpdate.objects.filter(pk__in=newest)
        .select_related("activity__focus_area__promise__agreement__municipality", "author")
        .order_by(*NEWEST_FIRST)
    )


def current_promises(user) -> list[Promise]:
    """Adopted promises not yet closed, each with how many activities are done or late by their
    latest status (two queries; the database counts). A promise past its end date stays here until
    it is closed: its closing follow-up is still to come."""
    promises = list(
        Promise.objects.visible_to(user)
        .filter(status=Promise.Status.ADOPTED)
        .select_related("agreement__municipality")
        .order_by("agreement__municipality__name", "-period_start")
    )
    rows = (
        Activity.objects.filter(focus_area__promise__in=promises)
        .with_latest_status()
        .order_by()
        .values("focus_area__promise_id", "latest_status")
        .annotate(count=Count("pk"))
    )
    counts: dict[int, Counter] = {promise.pk: Counter() for promise in promises}
    for row in rows:
        tally = counts[row["focus_area__promise_id"]]
        tally["total"] += row["count"]
        tally[row["latest_status"]] += row["count"]
    for promise in promises:
        tally = counts[promise.pk]
        promise.activity_count = tally["total"]
        promise.done_count = tally[StatusUpdate.Status.DONE]
        promise.delayed_count = tally[StatusUpdate.Status.DELAYED]
        promise.done_percent = (
            round(100 * promise.done_count / promise.activity_count)
            if promise.activity_count
            else 0
        )
    return promises


STALE_LIMIT = 50
DUE_DATE_LIMIT = 5


# Sections other apps add -------------------------------------------------------------------------


@dataclass(frozen=True)
class StartSection:
    """A part of the start page that another app adds: ``template`` is included with ``section``
    set to ``context(user, roles)``, or left out when that returns None. ``context`` runs a fixed
    number of queries."""

    template: str
    context: Callable[[object, frozenset[str]], dict | None]


_START_SECTIONS: dict[str, StartSection] = {}


def register_start_section(name: str, section: StartSection) -> None:
    """Add (or replace) the start page section ``name``; called from an app's ``ready()``."""
    _START_SECTIONS[name] = section


def user_roles(user) -> frozenset[str]:
    """The roles the user holds in any organisation (one query)."""
    return frozenset(Membership.objects.filter(user=user).values_list("role", flat=True))


@dataclass(frozen=True)
class FirstStep:
    text: str
    url: str = ""
    done: bool = False
    hint: str = ""  # what the step is, with an example from a real document


def first_steps(user) -> list[FirstStep]:
    """For a coordinator whose kommun has no adopted promise yet: the way there, each step linked
    to its form and marked when done (three queries). Empty once a promise has been adopted."""
    promises = Promise.objects.editable_by(user)
    if promises.filter(status__in=Promise.PUBLIC_STATUSES).exists():
        return []
    agreement = Agreement.objects.editable_by(user).order_by("-valid_from", "-pk").first()
    draft = (
        promises.filter(status=Promise.Status.DRAFT)
        .annotate(
            area_count=Count("focus_areas", distinct=True),
            activity_count=Count("focus_areas__activities", distinct=True),
        )
        .order_by("-pk")
        .first()
    )
    areas = ""
    if draft is not None:
        # The first area is added on its own form; activities are added from the promise's page.
        areas = (
            draft.get_absolute_url()
            if draft.area_count
            else reverse("promises:focus_area_create", args=[draft.pk])
        )
    new_promise = reverse("promises:promise_create")
    if agreement is not None:
        new_promise += f"?agreement={agreement.pk}"
    return [
        FirstStep(
            _("Lägg in samverkansöverenskommelsen"),
            reverse("promises:agreement_create"),
            done=agreement is not None,
            hint=_("Med diarienummer och giltighetstid, t.ex. KS 21/0531, 2022–2023."),
        ),
        FirstStep(
            _("Skriv löftet eller åtgärdsplanen"),
            new_promise,
            done=draft is not None,
            hint=_("Titel, period och texterna, t.ex. Medborgarlöfte Knivsta kommun 2024–2025."),
        ),
        FirstStep(
            _("Lägg till fokusområden och aktiviteter"),
            areas,
            done=bool(draft and draft.activity_count),
            hint=_(
                "Varje insats som en aktivitet, t.ex. Insats 1:1, med mål som minst fyra "
                "narkotikainsatser per år."
            ),
        ),
        FirstStep(
            _("Anta löftet"),
            reverse("promises:promise_adopt", args=[draft.pk]) if draft else "",
            hint=_(
                "Organ, datum och paragraf, t.ex. Kommunstyrelsen 2024-01-29 § 6. Då blir "
                "löftet offentligt."
            ),
        ),
    ]


def start_page(user) -> dict:
    roles = user_roles(user)
    steps = first_steps(user) if Membership.Role.COORDINATOR in roles else []
    # A coordinator who is still getting started has nothing to follow up yet.
    follows_up = not steps and bool(roles & {Membership.Role.COORDINATOR, Membership.Role.POLICE})
    sections = []
    for section in _START_SECTIONS.values():
        context = section.context(user, roles)
        if context is not None:
            sections.append({"template": section.template, "context": context})
    promises = current_promises(user)
    return {
        "first_steps": steps,
        "sections": sections,
        "current_promises": promises,
        "follows_up": follows_up,
        "stale_activities": stale_activities(promises, limit=STALE_LIMIT) if follows_up else [],
        "stale_limit": STALE_LIMIT,
        "latest_updates": latest_updates(user) if follows_up else [],
        "due_dates": upcoming_due_dates(user, limit=DUE_DATE_LIMIT) if follows_up else [],
    }
