"""The åtgärdsplan in Brå's table: Orsak | Åtgärd | Operativa mål | När | Vem | Uppföljning, one row
per activity under each cause it addresses, the unlinked ones under "Utan kopplad orsak", the
colours written out in words and shapes; who sees it, and its query count."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html

from situation import ratings
from situation.models import FollowUpRating
from situation.plan import follow_up_windows, plan_table

from .plan_data import action_plan, add_activities, adopt, assessment, cause

pytestmark = pytest.mark.django_db

HEADINGS = ["Orsak", "Åtgärd", "Operativa mål", "När", "Vem", "Uppföljning"]


@pytest.fixture
def plan(owner, agreement):
    return action_plan(owner, agreement)


@pytest.fixture
def linked(owner, plan, knivsta):
    """Three activities: the first addresses causes 1.1 and 1.2, the second 1.2, the third none."""
    first, second, third = add_activities(owner, plan, 3)
    picture = assessment(knivsta)
    one = cause(picture, 1, 1, "Dålig belysning i gångtunneln.", [first])
    two = cause(picture, 1, 2, "Få vuxna i rörelse kvällstid.", [first, second])
    adopt(picture, date(2024, 1, 15))
    return {"activities": (first, second, third), "causes": (one, two)}


def page(client, user, plan):
    client.force_login(user)
    response = client.get(reverse("situation:plan_table", args=[plan.pk]))
    assert response.status_code == 200
    return html.fromstring(response.content)


def test_it_follows_the_promise_cadence_for_the_periods(plan):
    windows = follow_up_windows(plan)
    assert [(w.start, w.end) for w in windows] == [
        (date(2024, 1, 1), date(2024, 6, 30)),
        (date(2024, 7, 1), date(2024, 12, 31)),
        (date(2025, 1, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), date(2025, 12, 31)),
    ]


def test_it_groups_by_cause_lists_twice_and_shows_the_unlinked(plan, linked):
    first, second, third = linked["activities"]
    one, two = linked["causes"]
    table = plan_table(plan, today=date(2025, 8, 1))
    assert [group.cause for group in table.groups] == [one, two]
    assert [row.activity for row in table.groups[0].rows] == [first]
    assert [row.activity for row in table.groups[1].rows] == [first, second]
    # The activity under two causes names the other one on each of its rows.
    assert table.groups[0].rows[0].other_causes == [two]
    assert table.groups[1].rows[0].other_causes == [one]
    assert [row.activity for row in table.unlinked.rows] == [third]
    assert table.row_count == 4


def test_it_takes_the_causes_of_the_newest_adopted_version_only(owner, plan, linked, knivsta):
    first, _second, _third = linked["activities"]
    draft = assessment(knivsta, version=2)
    cause(draft, 1, 1, "Ny formulering i utkastet.", [first])
    table = plan_table(plan, today=date(2025, 8, 1))
    assert {group.cause.problem.assessment.version for group in table.groups} == {1}


def test_the_page_shows_brå_columns_rows_and_colours_in_words(client, owner, plan, linked):
    second = linked["activities"][1]
    window = follow_up_windows(plan)[0]
    ratings.set_rating(
        user=owner,
        activity=second,
        window=window,
        colour=FollowUpRating.Colour.YELLOW,
        reason="Två av fyra vandringar gjorda.",
    )
    doc = page(client, owner, plan)
    table = doc.get_element_by_id("plan-caption").getparent()
    assert [th.text_content().strip() for th in table.findall("thead/tr/th")] == HEADINGS
    groups = table.findall("tbody")
    assert len(groups) == 3
    headers = [g.find("tr/th").text_content() for g in groups]
    assert "Orsak 1.1" in headers[0] and "Dålig belysning" in headers[0]
    assert "Orsak 1.2" in headers[1]
    assert "Utan kopplad orsak" in headers[2]
    assert [len(g.findall("tr")) for g in groups] == [1, 2, 1]
    rated_row = groups[1].findall("tr")[1]
    cells = rated_row.findall("td")
    assert second.code in cells[0].text_content()
    assert "Belysningen vid gångtunneln" in cells[1].text_content()
    assert "Hela planens period" in cells[2].text_content()
    assert "Kommunen" in cells[3].text_content()
    follow_up = cells[4].text_content()
    # The colour is said in words and with its shape, and the reason follows.
    assert "första halvåret 2024: ▲ Gul – Två av fyra vandringar gjorda." in " ".join(
        follow_up.split()
    )
    assert "ej bedömd" in follow_up
    assert "Även under Orsak 1.2" in groups[0].text_content()


def test_the_promise_page_links_an_action_plan_to_its_table(client, owner, plan, promise):
    client.force_login(owner)
    url = reverse("situation:plan_table", args=[plan.pk])
    assert url in client.get(plan.get_absolute_url()).content.decode()
    assert reverse("situation:plan_table", args=[promise.pk]) not in (
        client.get(promise.get_absolute_url()).content.decode()
    )


def test_only_the_kommun_reads_the_table_and_only_of_an_action_plan(
    client, owner, secretary, police, outsider, plan, promise
):
    url = reverse("situation:plan_table", args=[plan.pk])
    for user, status in ((owner, 200), (secretary, 200), (police, 200), (outsider, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status, user
    # Only coordinators get the links that set colours.
    client.force_login(secretary)
    assert "Sätt färg" not in client.get(url).content.decode()
    client.force_login(owner)
    assert client.get(reverse("situation:plan_table", args=[promise.pk])).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def _grow(owner, plan, knivsta, scale: int) -> None:
    activities = add_activities(owner, plan, 2 * scale, area_title=f"Område {scale}")
    picture = assessment(knivsta, version=scale)
    for n in range(scale):
        cause(picture, 1, n + 1, f"Orsak {n}", activities[n : n + 2])
    adopt(picture, date(2024, 1, 15))
    for activity in activities:
        for window in follow_up_windows(plan):
            FollowUpRating.objects.create(
                activity=activity,
                period_start=window.start,
                period_end=window.end,
                colour=FollowUpRating.Colour.RED,
                reason="Inte påbörjad.",
            )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_runs_the_same_queries_with_ten_times_the_data(client, owner, agreement, knivsta):
    small, large = action_plan(owner, agreement), action_plan(owner, agreement)
    _grow(owner, small, knivsta, 1)
    _grow(owner, large, knivsta, 10)
    client.force_login(owner)
    small_url = reverse("situation:plan_table", args=[small.pk])
    large_url = reverse("situation:plan_table", args=[large.pk])
    _count(client, small_url)
    assert _count(client, small_url) == _count(client, large_url)
