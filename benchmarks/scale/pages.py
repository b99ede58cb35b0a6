"""The page shapes of issue 11's table, found in the generated data: the largest kommun's
coordinator, the police contact of the area covering 6 kommuner, the largest promise, the activity
with the longest timeline and the promise's history pages."""

from dataclasses import dataclass
from math import ceil

from django.db.models import Count
from django.urls import reverse

from promises.history import HISTORY_PAGE_PARAMETER, HISTORY_PAGE_SIZE
from promises.models import (
    Activity,
    FocusArea,
    Membership,
    Organisation,
    Promise,
    Signatory,
    StatusUpdate,
)

HELLO = "hello-world view (no database)"
# A deep page of the history: the one that starts after this many newer changes (page 200 of
# 275 at 50 changes a page), whatever the page size.
HISTORY_DEPTH = 9_950


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    user: str | None  # the username to sign in as; None for a public page


def history_entries(promise: Promise) -> int:
    """How many entries the promise's history page lists (as promises.history counts them)."""
    areas = FocusArea.history.filter(promise_id=promise.pk).values("id")
    activities = Activity.history.filter(focus_area_id__in=areas).values("id")
    return (
        Promise.history.filter(id=promise.pk).count()
        + Signatory.history.filter(promise_id=promise.pk).count()
        + FocusArea.history.filter(promise_id=promise.pk).count()
        + Activity.history.filter(focus_area_id__in=areas).count()
        + StatusUpdate.history.filter(activity_id__in=activities).count()
    )


def first_member(organisation: Organisation, role: str):
    membership = (
        Membership.objects.filter(organisation=organisation, role=role)
        .select_related("user")
        .order_by("user_id")
        .first()
    )
    return membership.user


def find_pages() -> list[Page]:
    promise = (
        Promise.objects.filter(status=Promise.Status.ADOPTED)
        .annotate(size=Count("focus_areas__activities"))
        .select_related("agreement__municipality")
        .order_by("-size", "pk")
        .first()
    )
    kommun = promise.agreement.municipality
    coordinator = first_member(kommun, Membership.Role.COORDINATOR).username
    area = (
        Organisation.objects.filter(kind=Organisation.Kind.POLICE_AREA)
        .annotate(covers=Count("covered_municipalities"))
        .order_by("-covers", "pk")
        .first()
    )
    police = first_member(area, Membership.Role.POLICE).username
    activity = (
        Activity.objects.annotate(updates=Count("status_updates"))
        .order_by("-updates", "pk")
        .first()
    )
    history = reverse("promises:promise_history", args=[promise.pk])
    last_page = max(1, ceil(history_entries(promise) / HISTORY_PAGE_SIZE))
    deep_page = min(HISTORY_DEPTH // HISTORY_PAGE_SIZE + 1, last_page)
    public = (kommun.slug, promise.pk)
    return [
        Page(f"start page, coordinator of {kommun.name}", reverse("promises:start"), coordinator),
        Page(f"start page, police of {area.covers} kommuner", reverse("promises:start"), police),
        Page("Mina aktiviteter (that police contact)", reverse("promises:my_activities"), police),
        Page(
            f"promise page, largest promise ({promise.size} activities)",
            promise.get_absolute_url(),
            coordinator,
        ),
        Page(
            f"activity page, longest timeline ({activity.updates} updates)",
            activity.get_absolute_url(),
            coordinator,
        ),
        Page("promise history, page 1", history, coordinator),
        Page(
            f"promise history, page {deep_page} of {last_page}",
            f"{history}?{HISTORY_PAGE_PARAMETER}={deep_page}",
            coordinator,
        ),
        Page("public promise page, largest promise", reverse("public:promise", args=public), None),
        Page("open data CSV of that promise", reverse("public:promise_csv", args=public), None),
        Page("open data JSON of that promise", reverse("public:promise_json", args=public), None),
        Page("report list (that coordinator)", reverse("followup:report_list"), coordinator),
        # Issue 12's page across every kommun a police area covers (not in issue 11's table).
        Page(
            f"Uppföljningsläge, police of {area.covers} kommuner",
            reverse("promises:standing"),
            police,
        ),
    ]


def hello_page() -> Page:
    return Page(HELLO, reverse("health"), None)
