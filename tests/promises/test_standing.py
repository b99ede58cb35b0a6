"""Uppföljningsläge (issue 12 §5): the share updated per promise and party, the overdue
activities, progress toward every target per period and the updates per month, on a constructed
chain with a frozen day; the charts parsed back and compared with their tables; who sees what.

The chain (promise 2024–2025, half-yearly follow-up; the day 2025-09-15, so the current period is
the second half of 2025 and the previous one the first half):

- 1:1 gemensamt, target 4 per år: 3 occurrences 2024-05-01 (public), 1 on 2025-08-10 → updated
- 1:2 kommunen: never updated → overdue
- 1:3 polisen: updated 2025-03-01 (public), in the previous period → waiting, not overdue
- 1:4 polisen: genomförd 2024-11-01, before the current period → left out
- 1:5 kommunen: updated 2024-10-01 → overdue (nothing in the whole previous period)
"""

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promises import services
from promises.models import Activity, Agreement, FocusArea, Organisation, Promise, StatusUpdate
from promises.standing import follow_up_standing, month_starts
from promises.summaries import refresh_all_summaries
from tests.promises.view_data import _today

pytestmark = pytest.mark.django_db

DAY = date(2025, 9, 15)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def chain(owner, adopted_promise, focus_area, activity, municipal_activity):
    def add(target, day, *, status=StatusUpdate.Status.IN_PROGRESS, occurrences=0, public=False):
        services.add_status_update(
            user=owner,
            activity=target,
            status=status,
            description="Uppföljning.",
            date=day,
            occurrences=occurrences,
            is_public=public,
        )

    def new(description, responsible):
        return services.create_activity(
            user=owner, focus_area=focus_area, description=description, responsible=responsible
        )

    waiting = new("Polisen går trygghetsvandringar.", Activity.Responsible.POLICE)
    finished = new("Polisen utbildar väktare.", Activity.Responsible.POLICE)
    late = new("Kommunen ordnar sommarjobb.", Activity.Responsible.MUNICIPALITY)
    add(activity, date(2024, 5, 1), occurrences=3, public=True)
    add(activity, date(2025, 8, 10), occurrences=1)
    add(waiting, date(2025, 3, 1), public=True)
    add(finished, date(2024, 11, 1), status=StatusUpdate.Status.DONE)
    add(late, date(2024, 10, 1))
    return {
        "promise": adopted_promise,
        "updated": activity,
        "never": municipal_activity,
        "waiting": waiting,
        "finished": finished,
        "late": late,
    }


def _parties(standing) -> dict[str, tuple[int, int, int, int]]:
    return {
        party.responsible: (party.total, party.updated, party.waiting, party.overdue)
        for party in standing.parties
    }


def test_it_counts_per_party_the_updated_waiting_and_overdue_activities(chain, owner):
    standing = follow_up_standing(owner, day=DAY)
    [item] = standing.promises
    assert item.periods.current.label == "andra halvåret 2025"
    assert item.periods.previous.label == "första halvåret 2025"
    assert _parties(item) == {
        "kommunen": (2, 0, 0, 2),
        "polisen": (1, 0, 1, 0),
        "gemensamt": (1, 1, 0, 0),
    }
    assert (item.total.total, item.total.updated, item.total.overdue) == (4, 1, 2)
    assert item.total.percent == 25
    assert item.next_due is None  # no due date yet
    assert [a.pk for a in standing.overdue.object_list] == [chain["never"].pk, chain["late"].pk]
    assert {a.missed_period.label for a in standing.overdue.object_list} == {"första halvåret 2025"}


def test_it_counts_nothing_overdue_in_a_promise_s_first_period(chain, owner):
    standing = follow_up_standing(owner, day=date(2024, 3, 1))
    [item] = standing.promises
    assert item.periods.previous is None
    assert item.total.overdue == 0
    assert standing.overdue.object_list == []


def test_it_keeps_the_last_period_of_an_ended_promise_that_is_not_closed(chain, owner):
    standing = follow_up_standing(owner, day=date(2026, 11, 22))
    [item] = standing.promises
    assert item.periods.current.label == "andra halvåret 2025"
    assert _parties(item)["gemensamt"] == (1, 1, 0, 0)
    # Its months are the last twelve of its period, not twelve months without updates.
    assert (item.months[0].month, item.months[-1].month) == (date(2025, 1, 1), date(2025, 12, 1))
    assert [m.month for m in item.months if m.count] == [date(2025, 3, 1), date(2025, 8, 1)]


def test_it_counts_the_updates_per_month_and_the_targets_per_period(chain, owner):
    [item] = follow_up_standing(owner, day=DAY).promises
    months = {month.month: month.count for month in item.months}
    assert list(months) == month_starts(DAY)
    assert (item.months[0].month, item.months[-1].month) == (date(2024, 10, 1), date(2025, 9, 1))
    assert {month: count for month, count in months.items() if count} == {
        date(2024, 10, 1): 1,
        date(2024, 11, 1): 1,
        date(2025, 3, 1): 1,
        date(2025, 8, 1): 1,
    }
    assert [(row.activity.code, row.progress.period_text) for row in item.targets] == [
        ("1:1", "2024: 3 av 4 narkotikainsatser"),
        ("1:1", "2025: 1 av 4 narkotikainsatser"),
    ]


def _svg(html: str, chart_id: str) -> ET.Element:
    match = re.search(rf'<svg[^>]*aria-labelledby="{chart_id}-title[^"]*".*?</svg>', html, re.S)
    assert match, chart_id
    return ET.fromstring(match.group(0))


def _table(html: str, caption_id: str) -> list[list[str]]:
    """The body rows of the table captioned ``caption_id``, as text cells."""
    part = html.split(f'id="{caption_id}"')[1].split("</table>")[0]
    body = part.split("<tbody>")[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


def _page(client, user, day=DAY, url=None) -> str:
    client.force_login(user)
    with _today(day):
        response = client.get(url or reverse("promises:standing"))
    assert response.status_code == 200
    return response.content.decode()


def test_its_charts_show_the_figures_of_their_tables(client, chain, owner):
    html = _page(client, owner)
    pk = chain["promise"].pk
    months = _svg(html, f"manader-{pk}")
    assert months.get("role") == "img"
    assert (
        months.find(f"{SVG}title").text
        == "Statusuppdateringar per månad, oktober 2024–september 2025"
    )
    assert "augusti 2025: 1." in months.find(f"{SVG}desc").text
    bars = months.findall(f"{SVG}rect[@class='chart-bar']")
    values = [int(text.text) for text in months.findall(f"{SVG}text[@class='chart-value']")]
    table = _table(html, f"manader-{pk}-caption")
    assert len(bars) == len(values) == len(table) == 12
    assert values == [int(row[1]) for row in table]
    assert table[-2] == ["augusti 2025", "1"]
    # A month with updates has a bar; a month without has none.
    heights = [float(bar.get("height")) for bar in bars]
    assert [h > 0 for h in heights] == [v > 0 for v in values]

    targets = _svg(html, f"mal-{pk}")
    labels = [
        "".join(text.itertext()) for text in targets.findall(f"{SVG}text[@class='chart-label']")
    ]
    assert labels == ["1:1 · 2024: 3 av 4", "1:1 · 2025: 1 av 4"]
    assert _table(html, f"mal-{pk}-caption") == [
        ["1:1, 2024", "3", "4 narkotikainsatser"],
        ["1:1, 2025", "1", "4 narkotikainsatser"],
    ]
    # Each bar's length is its share of the target (the track, 344 units, holds the target).
    widths = [float(b.get("width")) for b in targets.findall(f"{SVG}rect[@class='chart-bar']")]
    assert widths == [pytest.approx(344 * 3 / 4, abs=0.1), pytest.approx(344 / 4, abs=0.1)]


def test_it_lists_the_overdue_activities_with_links(client, chain, owner):
    html = _page(client, owner)
    overdue = html.split('id="forsenade"')[1].split("</section>")[0]
    assert chain["never"].get_absolute_url() in overdue
    assert chain["late"].get_absolute_url() in overdue
    assert chain["waiting"].get_absolute_url() not in overdue
    assert chain["finished"].get_absolute_url() not in overdue
    assert "2 aktiviteter har inte uppdaterats under en hel period." in overdue


def test_it_shows_another_kommun_s_coordinator_nothing_of_it(client, chain, outsider):
    html = _page(client, outsider)
    assert chain["promise"].title not in html
    assert chain["never"].get_absolute_url() not in html
    assert "Det finns inga antagna löften att följa upp." in html


def test_it_shows_a_police_contact_every_kommun_of_the_area(
    client, chain, police, owner, upplands_bro, uppsala_police, make_user
):
    uppsala_police.covered_municipalities.add(upplands_bro)
    other_owner = make_user("samordnare-2", organisation=upplands_bro, role="samordnare")
    agreement = services.create_agreement(
        user=other_owner,
        municipality=upplands_bro,
        police_area=uppsala_police,
        title="Överenskommelse Upplands-Bro",
        valid_from=date(2024, 1, 1),
        valid_to=date(2026, 12, 31),
    )
    other = services.create_promise(
        user=other_owner,
        agreement=agreement,
        title="Medborgarlöfte Upplands-Bro",
        period_start=date(2025, 1, 1),
        period_end=date(2026, 12, 31),
    )
    area = services.create_focus_area(user=other_owner, promise=other, title="Trygg miljö")
    silent = services.create_activity(
        user=other_owner, focus_area=area, description="Belysning.", responsible="polisen"
    )
    services.adopt_promise(
        promise=other, user=other_owner, adopted_by="Kommunstyrelsen", adopted_on=date(2025, 1, 5)
    )
    # The overview names both kommuner; the first by name is shown in full.
    html = _page(client, police)
    assert "Knivsta" in html and "Upplands-Bro" in html
    assert chain["promise"].title in html and other.title not in html
    assert chain["never"].get_absolute_url() in html
    standing = follow_up_standing(police, day=DAY)
    assert [line.municipality.name for line in standing.municipalities] == [
        "Knivsta kommun",
        "Upplands-Bro kommun",
    ]
    assert [line.total.total for line in standing.municipalities] == [4, 1]
    assert [p.promise.title for p in standing.promises] == ["Medborgarlöfte Knivsta 2024–2025"]
    # Choosing Upplands-Bro shows its promise and its overdue activity in full.
    html = _page(client, police, url=reverse("promises:standing") + f"?kommun={upplands_bro.pk}")
    assert other.title in html and chain["promise"].title not in html.split('id="kommuner"')[1]
    assert silent.get_absolute_url() in html  # no update in the first half of 2025
    assert [
        p.promise.title
        for p in follow_up_standing(police, day=DAY, municipality=upplands_bro.pk).promises
    ] == ["Medborgarlöfte Upplands-Bro"]
    # Knivsta's coordinator still sees only Knivsta.
    assert other.title not in _page(client, owner)


def test_it_leaves_out_drafts_and_closed_promises(client, chain, owner):
    services.close_promise(promise=chain["promise"], user=owner)
    html = _page(client, owner)
    assert chain["promise"].title not in html
    assert Promise.objects.filter(status=Promise.Status.DRAFT).count() == 0


@pytest.mark.parametrize("sida", ["abc", "0", "999999"])
def test_it_answers_a_bad_page_number(client, chain, owner, sida):
    html = _page(client, owner, url=reverse("promises:standing") + f"?sida={sida}")
    assert chain["never"].get_absolute_url() in html


@pytest.mark.parametrize("kommun", ["abc", "-1", "99999999999999999999", "١", "other"])
def test_it_shows_the_first_kommun_for_a_kommun_the_user_does_not_reach(
    client, chain, owner, upplands_bro, kommun
):
    """A bad or foreign ``?kommun=`` shows the user's own kommun, never another's promises."""
    value = str(upplands_bro.pk) if kommun == "other" else kommun
    html = _page(client, owner, url=reverse("promises:standing") + f"?kommun={value}")
    assert chain["never"].get_absolute_url() in html
    assert (
        follow_up_standing(owner, day=DAY, municipality=upplands_bro.pk).chosen
        == chain["promise"].agreement.municipality
    )


def test_it_is_linked_from_the_menu_and_the_start_page(client, chain, owner, police):
    url = reverse("promises:standing")
    for user in (owner, police):
        start = _page(client, user, url=reverse("promises:start"))
        assert start.count(f'href="{url}"') == 2, user  # the menu and the follow-up section


def _kommun_with_a_promise(n: int, police_area, owner_factory, *, activities: int, updates: int):
    """Kommun ``n`` in ``police_area`` with an adopted promise of ``activities`` activities (every
    party, every other one with a target), each with ``updates`` updates spread over the year."""
    kommun = Organisation.objects.create(
        kind=Organisation.Kind.MUNICIPALITY,
        name=f"Exempelby {n} kommun",
        slug=f"exempelby-{n}",
        municipality_code=f"{9100 + n}",
    )
    police_area.covered_municipalities.add(kommun)
    owner_factory(f"samordnare-{n}", organisation=kommun, role="samordnare")
    agreement = Agreement.objects.create(
        municipality=kommun,
        police_area=police_area,
        title=f"Överenskommelse {n}",
        valid_from=date(2024, 1, 1),
        valid_to=date(2026, 12, 31),
    )
    promise = Promise.objects.create(
        agreement=agreement,
        title=f"Löfte {n}",
        period_start=date(2024, 1, 1),
        period_end=date(2026, 12, 31),
        follow_up_cadence=["manad", "kvartal", "tertial", "halvar", "ar"][n % 5],
        status=Promise.Status.ADOPTED,
        adopted_by="Kommunstyrelsen",
        adopted_on=date(2024, 1, 15),
    )
    area = FocusArea.objects.create(promise=promise, number=1, title="Område")
    parties = list(Activity.Responsible.values)
    for a in range(activities):
        target = {"target_count": 4, "target_unit": "insatser", "target_period": "ar"}
        activity = Activity.objects.create(
            focus_area=area,
            number=a + 1,
            description=f"Aktivitet {a}",
            responsible=parties[a % 3],
            **(target if a % 2 else {}),
        )
        StatusUpdate.objects.bulk_create(
            StatusUpdate(
                activity=activity,
                date=date(2024, 10, 1) + timedelta(days=(a * 7 + u * 31) % 340),
                status="pagar",
                description="Uppdatering",
                occurrences=1,
                is_public=bool(u % 2),
            )
            for u in range(updates)
        )
    refresh_all_summaries()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries, _today(DAY):
        assert client.get(url).status_code == 200
    return len(queries)


def test_it_runs_a_fixed_number_of_queries_for_a_police_area_of_six_kommuner(
    client, police, uppsala_police, make_user
):
    """One kommun with a small promise, then six with hundreds of activities and thousands of
    updates, each promise of another cadence: the same number of queries."""
    client.force_login(police)
    url = reverse("promises:standing")
    _kommun_with_a_promise(0, uppsala_police, make_user, activities=3, updates=1)
    small = _queries(client, url)
    for n in range(1, 6):
        _kommun_with_a_promise(n, uppsala_police, make_user, activities=60, updates=12)
    standing = follow_up_standing(police, day=DAY)
    assert len(standing.municipalities) == 6
    assert sum(line.total.total for line in standing.municipalities) == 303
    assert _queries(client, url) == small
    assert _queries(client, url + "?sida=3") == small
    assert sum(line.total.overdue for line in standing.municipalities) > 0
    large = Organisation.objects.get(name="Exempelby 3 kommun")
    [item] = follow_up_standing(police, day=DAY, municipality=large.pk).promises
    assert item.target_activities == 30 and len({row.activity for row in item.targets}) == 10
    # That kommun has no overdue activity, so its (empty) page of them is not read.
    assert item.total.overdue == 0
    assert _queries(client, url + f"?kommun={large.pk}&sida=2") == small - 1


def test_it_shows_a_young_promise_only_its_own_months(chain, owner):
    [item] = follow_up_standing(owner, day=date(2024, 5, 20)).promises
    assert [m.month for m in item.months] == [date(2024, m, 1) for m in range(1, 6)]
    assert [m.count for m in item.months] == [0, 0, 0, 0, 1]
    # Few columns stay narrow.
    assert {column.width for column in item.month_chart.columns} == {24}


def test_it_names_each_promises_earliest_unmet_due_date_and_whether_it_is_late(
    chain, owner, client
):
    promise = Promise.objects.get(pk=chain["promise"].pk)
    for title, due_on in (
        ("Slutuppföljning", DAY + timedelta(days=200)),
        ("Årsuppföljning", DAY - timedelta(days=5)),
    ):
        services.create_due_date(
            user=owner, document=promise, title=title, due_on=due_on, recipient="Kommunstyrelsen"
        )
    met = services.create_due_date(
        user=owner,
        document=promise,
        title="Halvårsuppföljning",
        due_on=DAY - timedelta(days=60),
        recipient="Kommunstyrelsen",
    )
    services.mark_due_date_met(due_date_id=met.pk, user=owner, on=DAY - timedelta(days=61))

    [item] = follow_up_standing(owner, day=DAY).promises
    assert (item.next_due.title, item.next_due_late) == ("Årsuppföljning", True)
    [item] = follow_up_standing(owner, day=DAY - timedelta(days=10)).promises
    assert (item.next_due.title, item.next_due_late) == ("Årsuppföljning", False)


def test_it_charts_the_targets_furthest_behind_and_counts_every_one(chain, owner, client):
    """A promise with many targets: the chart holds the activities furthest from their target in
    the current period (at most TARGET_CHART_ACTIVITIES), the sentence above counts them all."""
    from promises.standing import TARGET_CHART_ACTIVITIES

    area = chain["promise"].focus_areas.first()
    made = []
    for number in range(TARGET_CHART_ACTIVITIES + 3):
        made.append(
            services.create_activity(
                user=owner,
                focus_area=area,
                description=f"Aktivitet med mål {number}.",
                target_count=4,
                target_unit="träffar",
                target_period="ar",
            )
        )
    # The first three met their target this year; the rest did nothing.
    for activity in made[:3]:
        services.add_status_update(
            user=owner,
            activity=activity,
            date=DAY - timedelta(days=3),
            status=StatusUpdate.Status.IN_PROGRESS,
            description="Fyra träffar.",
            occurrences=4,
        )
    refresh_all_summaries()
    [item] = follow_up_standing(owner, day=DAY).promises
    shown = {row.activity.pk for row in item.targets}
    assert item.shown_target_activities == len(shown) == TARGET_CHART_ACTIVITIES
    assert not shown & {activity.pk for activity in made[:3]}  # met: not the furthest behind
    assert (item.target_activities, item.targets_met) == (TARGET_CHART_ACTIVITIES + 4, 3)
