"""The pages of Ny kommun run the same number of queries with ten times the organisations."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from onboarding import kommuner
from promises import services
from promises.models import Organisation, Promise

URL = reverse("onboarding:new_municipality")


def _grow(scale: int) -> Organisation:
    """``scale`` kommuner of Västmanland, Uppsala and Örebro län (not Sala), each in a police area that covers it
    and the previous one; returns the first area."""
    codes = [
        k.code
        for k in kommuner.all_kommuner()
        if k.county_code in ("19", "03", "18") and k.code != "1981"
    ]
    first_area = previous = None
    for code in codes[:scale]:
        municipality = Organisation.objects.create(
            kind="kommun", name=f"Kommun {code}", slug=f"k-{code}", municipality_code=code
        )
        area = Organisation.objects.create(
            kind="lokalpolisomrade", name=f"Område {code}", slug=f"lpo-{code}"
        )
        area.covered_municipalities.add(municipality, *([previous] if previous else []))
        first_area, previous = first_area or area, municipality
    return first_area


def _count(client, method, url, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), (url, response.status_code)
    return len(queries)


def _counts(client, area) -> dict[str, int]:
    sala = f"{URL}?kommunkod=1981"
    counts = {
        "step 1": _count(client, "get", URL),
        "step 2": _count(client, "get", sala),
        "step 3, new area": _count(client, "get", f"{sala}&omrade=ny"),
        "step 3, existing area": _count(client, "get", f"{sala}&omrade={area.pk}"),
        "Kom igång": _count(client, "get", reverse("onboarding:getting_started")),
    }
    created = Organisation.objects.filter(kind="kommun").first()
    counts["created"] = _count(client, "get", reverse("onboarding:created", args=[created.pk]))
    return counts


@pytest.mark.django_db
def test_the_pages_of_ny_kommun_run_a_fixed_number_of_queries(admin_client):
    small = _counts(admin_client, _grow(2))
    Organisation.objects.all().delete()
    large = _counts(admin_client, _grow(20))
    assert small == large, (small, large)
    assert small["step 1"] <= 4, small


def _drafts(owner, agreement, upto: int) -> None:
    while Promise.objects.filter(agreement=agreement).count() < upto:
        services.create_promise(
            user=owner,
            agreement=agreement,
            title=f"Utkast {Promise.objects.count() + 1}",
            period_start=date(2024, 1, 1),
            period_end=date(2025, 12, 31),
        )


def test_kom_igang_runs_a_fixed_number_of_queries_whatever_the_drafts(client, owner, agreement):
    owner.memberships.update(is_manager=True)
    client.force_login(owner)
    url = reverse("onboarding:getting_started")
    counts = []
    for scale in (1, 10):
        _drafts(owner, agreement, scale)
        counts.append(_count(client, "get", url))
    assert counts[0] == counts[1], counts
