"""The kommun's published lägesbild on the public pages: shown only under the public rule, with
public statuses only, its figures in the ETag, in a fixed number of queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from promises import services
from promises.models import Activity, StatusUpdate
from situation.models import Assessment, IndicatorValue
from tests.situation.lagesbild import build_lagesbild

from .test_pages import INTERNAL_MARKER


def _get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def lagesbild(world):
    return build_lagesbild(world.municipality, promise=world.promise, activities=[world.activity])


def test_it_shows_the_published_lagesbild_on_the_kommuns_page(client, world, lagesbild):
    html = _get(client, world.url("public:municipality"))
    assert "Lägesbild" in html
    assert "Otryggheten kring stationen är det största problemet." in html  # the summary
    assert "Problem 1: Otrygghet vid stationen 1" in html
    assert 'role="img"' in html and "<svg" in html
    assert "Källa: Kolada, hämtad 2026-11-20." in html
    assert "preliminärt" in html and "uppgift saknas" in html
    assert "Vad vi gjorde" in html and "Hur det gick" in html
    # The measure links to its public promise page, with its latest public status, never an
    # internal one (the world's newest update of the activity is internal: "Försenad").
    assert world.url("public:promise") in html
    assert "Försenad" not in html and INTERNAL_MARKER not in html
    # No follow-up colours, no analysis (only the summary is published).
    assert "Uppföljning</th>" not in html
    assert "Problemen hänger ihop med den öppna narkotikahandeln." not in html


def test_it_shows_the_effect_section_on_the_public_promise_page(client, world, lagesbild):
    html = _get(client, world.url("public:promise"))
    assert "Vad vi gjorde och hur det gick" in html
    assert "Indikator 1.1: Anmälda brott totalt 1.1" in html
    assert "Pågår" in html


@pytest.mark.parametrize(
    "options", [{"publish": False}, {"adopt": False}], ids=["unpublished", "draft"]
)
def test_it_shows_nothing_of_a_lagesbild_the_public_rule_keeps_in(client, world, options):
    build_lagesbild(world.municipality, promise=world.promise, **options)
    for name in ("public:municipality", "public:promise"):
        html = _get(client, world.url(name))
        assert "Otrygghet vid stationen" not in html, name
        assert "Vad vi gjorde" not in html, name


def test_it_never_lists_an_activity_of_a_draft_promise(client, world, owner):
    draft_area = world.draft.focus_areas.first()
    draft_activity = draft_area.activities.first()
    build_lagesbild(world.municipality, activities=[draft_activity])
    html = _get(client, world.url("public:municipality"))
    assert "Otrygghet vid stationen 1" in html
    assert "En aktivitet i utkastet." not in html


def _etags(client, world) -> dict[str, str]:
    return {
        name: client.get(world.url(name))["ETag"]
        for name in ("public:municipality", "public:promise")
    }


def test_it_changes_the_etags_when_a_figure_of_the_public_lagesbild_changes(
    client, world, lagesbild
):
    before = _etags(client, world)
    value = IndicatorValue.objects.get(indicator__problems__assessment=lagesbild, period=2023)
    value.value = Decimal("8300")
    value.save()
    after = _etags(client, world)
    assert all(after[name] != before[name] for name in before)
    assert "8\u00a0300" in _get(client, world.url("public:municipality"))


def test_it_changes_the_etags_when_the_lagesbild_is_published_or_withdrawn(client, world):
    assessment = build_lagesbild(world.municipality, promise=world.promise, publish=False)
    before = _etags(client, world)
    assessment.publish_summary = True
    assessment.save(update_fields=["publish_summary", "lock_version"])
    published = _etags(client, world)
    assert all(published[name] != before[name] for name in before)
    assessment = Assessment.objects.get(pk=assessment.pk)
    assessment.publish_summary = False
    assessment.save(update_fields=["publish_summary", "lock_version"])
    withdrawn = _etags(client, world)
    assert all(withdrawn[name] != published[name] for name in before)


def test_it_keeps_the_etags_when_only_a_draft_lagesbild_changes(client, world):
    draft = build_lagesbild(world.municipality, promise=world.promise, adopt=False)
    before = _etags(client, world)
    value = IndicatorValue.objects.get(indicator__problems__assessment=draft, period=2023)
    value.value = Decimal("1")
    value.save()
    draft.refresh_from_db()
    draft.analysis = "Ny analys i utkastet."
    draft.save()
    assert _etags(client, world) == before


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# version (1) + the kommun (1) + its promises (1) + the public lägesbild (1) + its problems (1)
# + their indicators (1) + the values (1) + the causes (1) + their activities' links (1)
# + the public activities with their latest public status (1)
# The promise page: its own count (tests/public/test_caching.py) less the lägesbild's one query
# there, plus the problems (1) and the same five.
EXPECTED = {"public:municipality": 10, "public:promise": 16}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_it_shows_the_lagesbild_in_a_fixed_number_of_queries(client, world, owner, name):
    build_lagesbild(world.municipality, promise=world.promise, activities=[world.activity])
    url = world.url(name)
    assert _count(client, url) == EXPECTED[name]
    area = world.promise.focus_areas.first()
    more = []
    for n in range(10):
        activity = services.create_activity(
            user=owner,
            focus_area=area,
            description=f"Trygghetsvandring {n}.",
            responsible=Activity.Responsible.JOINT,
        )
        services.add_status_update(
            user=owner,
            activity=activity,
            status=StatusUpdate.Status.DONE,
            description="Genomförd.",
            date=date(2025, 6, 1),
            is_public=True,
        )
        more.append(activity)
    build_lagesbild(
        world.municipality,
        promise=world.promise,
        activities=[world.activity, *more],
        problems=10,
        indicators_per_problem=3,
        version=2,
    )
    assert _count(client, url) == EXPECTED[name]
    assert _get(client, url).count('role="img"') >= 30
