"""Every list and detail page runs the same number of queries with ten times the data."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promises.models import Activity, Agreement, DueDate, FocusArea, Promise, StatusUpdate

pytestmark = pytest.mark.django_db


def _grow(agreement, owner, *, scale: int) -> dict:
    """Add ``scale`` promises, each with two focus areas of ``scale`` activities carrying ``scale``
    updates, plus ``scale`` agreements: every list and tree grows at least ``scale``-fold."""
    first_promise = first_activity = None
    for p in range(scale):
        promise = Promise.objects.create(
            agreement=agreement,
            title=f"Löfte {scale}-{p}",
            period_start=date(2024, 1, 1),
            period_end=date(2026, 12, 31),
            status=Promise.Status.ADOPTED,
            adopted_by="Kommunstyrelsen",
            adopted_on=date(2024, 1, 15),
        )
        first_promise = first_promise or promise
        _add_due_dates({"promise": promise}, scale)
        for f in range(2):
            area = FocusArea.objects.create(promise=promise, number=f + 1, title=f"Område {f}")
            for a in range(scale):
                activity = Activity.objects.create(
                    focus_area=area,
                    number=a + 1,
                    description=f"Aktivitet {a}",
                    responsible="gemensamt",
                    target_count=4,
                    target_unit="insatser",
                    target_period="ar",
                )
                first_activity = first_activity or activity
                StatusUpdate.objects.bulk_create(
                    StatusUpdate(
                        activity=activity,
                        date=date(2025, 1, 1) + timedelta(days=u),
                        status="pagar",
                        description=f"Uppdatering {u}",
                        occurrences=1,
                        author=owner,
                        is_public=bool(u % 2),
                    )
                    for u in range(scale)
                )
    for n in range(scale):
        grown = Agreement.objects.create(
            municipality=agreement.municipality,
            police_area=agreement.police_area,
            title=f"Överenskommelse {scale}-{n}",
            valid_from=date(2020, 1, 1),
            valid_to=date(2030, 12, 31),
        )
        _add_due_dates({"agreement": grown}, scale)
    _add_due_dates({"agreement": agreement}, scale)
    return {"promise": first_promise, "activity": first_activity}


def _add_due_dates(owner: dict, scale: int) -> None:
    """``scale`` due dates, passed and coming, met and unmet: the start page lists the next ones
    and the promise and agreement pages all of theirs."""
    today = date.today()
    DueDate.objects.bulk_create(
        DueDate(
            **owner,
            kind=DueDate.Kind.ANNUAL,
            title=f"Årsuppföljning {d}",
            due_on=today + timedelta(days=30 * d - 15),
            recipient="Kommunstyrelsen",
            met_on=today if d % 3 == 2 else None,
        )
        for d in range(scale)
    )


PAGES = {
    "start": lambda objs: reverse("promises:start"),
    "my_activities": lambda objs: reverse("promises:my_activities"),
    "standing": lambda objs: reverse("promises:standing"),
    "agreement_list": lambda objs: reverse("promises:agreement_list"),
    "agreement_detail": lambda objs: objs["promise"].agreement.get_absolute_url(),
    "promise_list": lambda objs: reverse("promises:promise_list"),
    "promise_detail": lambda objs: objs["promise"].get_absolute_url(),
    "activity_detail": lambda objs: objs["activity"].get_absolute_url(),
    "period_report": lambda objs: reverse("promises:period_report", args=[objs["promise"].pk]),
}


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ["owner", "police"])
def test_it_runs_a_fixed_number_of_queries(client, request, agreement, owner, page, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    small = _grow(agreement, owner, scale=1)
    url_small = PAGES[page](small)
    baseline = _count_queries(client, url_small)
    large = _grow(agreement, owner, scale=10)
    # The same page, now with ten times the promises, areas, activities, updates and agreements.
    assert _count_queries(client, url_small) == baseline
    # And a page about one of the large objects costs the same as about a small one.
    assert _count_queries(client, PAGES[page](large)) == baseline


@pytest.mark.parametrize("role", ["secretary", "outsider"])
def test_it_runs_a_fixed_number_of_queries_on_the_start_page_of_every_role(
    client, request, agreement, owner, role
):
    """The secretary (no follow-up list) and a new coordinator of another kommun (first steps)."""
    client.force_login(request.getfixturevalue(role))
    url = reverse("promises:start")
    _grow(agreement, owner, scale=1)
    baseline = _count_queries(client, url)
    _grow(agreement, owner, scale=10)
    assert _count_queries(client, url) == baseline
