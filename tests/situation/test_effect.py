"""The effect section ("Vad vi gjorde" beside "Hur det gick") on the promise page (signed in)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from promises import services
from promises.models import Activity, StatusUpdate
from situation import effect

from .lagesbild import build_lagesbild


def _page(client, user, promise):
    client.force_login(user)
    response = client.get(promise.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_problems_a_promise_answers_with_indicators_and_measures(
    client, owner, adopted_promise, activity
):
    services.add_status_update(
        user=owner,
        activity=activity,
        date=date(2025, 2, 1),
        status=StatusUpdate.Status.IN_PROGRESS,
        description="Första insatsen genomförd.",
    )
    build_lagesbild(adopted_promise.agreement.municipality, promise=adopted_promise)
    html = _page(client, owner, adopted_promise)
    assert "Effekt: lägesbildens problem och indikatorer" in html
    assert "Problem 1: Otrygghet vid stationen 1" in html
    assert "Vad vi gjorde" in html and "Hur det gick" in html
    # The measure: the activity linked to the problem's cause, with its latest status.
    assert f'href="{activity.get_absolute_url()}">{activity.code}</a>' in html
    assert "Pågår" in html
    # The indicator: a chart and its table, the source named.
    assert "Indikator 1.1: Anmälda brott totalt 1.1" in html
    assert 'role="img"' in html
    assert "Källa: Kolada, hämtad 2026-11-20." in html
    assert "uppgift saknas" in html


def test_it_shows_a_problem_whose_cause_an_activity_of_the_promise_addresses(
    client, owner, adopted_promise, activity
):
    """The promise is not named among the problem's promises; its activity is linked."""
    build_lagesbild(adopted_promise.agreement.municipality, activities=[activity])
    assert "Problem 1: Otrygghet vid stationen 1" in _page(client, owner, adopted_promise)


def test_it_shows_nothing_for_a_promise_no_problem_concerns(client, owner, adopted_promise):
    build_lagesbild(adopted_promise.agreement.municipality)
    assert "Vad vi gjorde" not in _page(client, owner, adopted_promise)


def test_it_never_shows_another_kommuns_lagesbild(client, outsider, owner, adopted_promise):
    build_lagesbild(adopted_promise.agreement.municipality, promise=adopted_promise)
    client.force_login(outsider)
    assert effect.promise_effect(adopted_promise, outsider) is None


def test_it_shows_the_newest_version_only(owner, adopted_promise, activity):
    kommun = adopted_promise.agreement.municipality
    build_lagesbild(kommun, promise=adopted_promise, version=1)
    build_lagesbild(kommun, promise=adopted_promise, version=2, adopt=False)
    found = effect.promise_effect(adopted_promise, owner)
    assert found.assessment.version == 2
    assert len(found.problems) == 1


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("user", ["owner", "police"])
def test_it_reads_the_effect_section_in_a_fixed_number_of_queries(
    client, request, owner, adopted_promise, focus_area, activity, user
):
    client.force_login(request.getfixturevalue(user))
    kommun = adopted_promise.agreement.municipality
    build_lagesbild(kommun, promise=adopted_promise, activities=[activity])
    url = adopted_promise.get_absolute_url()
    small = _count(client, url)
    # Ten times the problems, indicators per problem and linked activities.
    more = [
        services.create_activity(
            user=owner,
            focus_area=focus_area,
            description=f"Trygghetsvandring {n}.",
            responsible=Activity.Responsible.JOINT,
        )
        for n in range(10)
    ]
    build_lagesbild(
        kommun,
        promise=adopted_promise,
        activities=[activity, *more],
        problems=10,
        indicators_per_problem=3,
        version=2,
        adopt=False,
    )
    html_count = _count(client, url)
    assert html_count == small
    assert len(effect.promise_effect(adopted_promise, owner).problems) == 10
