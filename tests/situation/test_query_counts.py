"""Every page of the lägesbild runs the same number of queries at 1× and at 10× the data."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promises import services as promise_services
from situation import services
from situation.models import Assessment, Indicator, IndicatorValue


def _grow(owner, knivsta, uppsala_police, agreement, scale: int) -> Assessment:
    """A kommun's draft with ``scale`` problems, each with ``scale`` causes linked to ``scale``
    activities, ``scale`` indicators and answered by ``scale`` promises."""
    Assessment.objects.filter(municipality=knivsta).delete()
    draft = services.create_draft(
        user=owner, municipality=knivsta, police_area=uppsala_police, title=f"Skala {scale}"
    )
    promises, activities = [], []
    for p in range(scale):
        promise = promise_services.create_promise(
            user=owner,
            agreement=agreement,
            title=f"Löfte {scale}-{p}",
            period_start=date(2024, 1, 1),
            period_end=date(2025, 12, 31),
        )
        area = promise_services.create_focus_area(user=owner, promise=promise, title="Område")
        activities.append(
            promise_services.create_activity(user=owner, focus_area=area, description="Insats")
        )
        promises.append(promise)
    indicators = []
    for i in range(scale):
        indicator = Indicator.objects.create(
            municipality=knivsta, name=f"Indikator {scale}-{i}", source="NTU"
        )
        IndicatorValue.objects.create(indicator=indicator, period=2024, value=i)
        indicators.append(indicator)
    for n in range(scale):
        problem = services.create_problem(
            user=owner,
            assessment=draft,
            title=f"Problem {n}",
            level="hog",
            level_justification="Motiverat.",
        )
        services.set_problem_indicators(problem=problem, user=owner, indicators=indicators)
        services.set_problem_promises(problem=problem, user=owner, promises=promises)
        for _c in range(scale):
            services.create_cause(user=owner, problem=problem, text="Orsak", activities=activities)
    return draft


PAGES = {
    "index": lambda a: reverse("situation:index"),
    "list": lambda a: reverse("situation:assessment_list", args=[a.municipality_id]),
    "detail": lambda a: a.get_absolute_url(),
    "history": lambda a: reverse("situation:assessment_history", args=[a.pk]),
    "cause_create": lambda a: reverse("situation:cause_create", args=[a.problems.first().pk]),
    "problem_indicators": lambda a: reverse(
        "situation:problem_indicators", args=[a.problems.first().pk]
    ),
    "promise_problems": lambda a: reverse(
        "situation:promise_problems", args=[a.problems.first().promises.first().pk]
    ),
    "start": lambda a: reverse("promises:start"),
}


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", PAGES)
def test_it_runs_a_fixed_number_of_queries(client, owner, knivsta, uppsala_police, agreement, page):
    client.force_login(owner)
    small = _grow(owner, knivsta, uppsala_police, agreement, scale=1)
    baseline = _count(client, PAGES[page](small))
    large = _grow(owner, knivsta, uppsala_police, agreement, scale=10)
    assert _count(client, PAGES[page](large)) == baseline
