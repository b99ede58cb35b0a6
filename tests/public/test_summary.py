"""The public promise page opens with a summary a citizen grasps at once (issue 10 §2), folds the
long texts, and pages its timeline ("Visa fler") at a fixed cost per page."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from promises import services
from promises.models import Activity, FocusArea, StatusUpdate
from promises.selectors import PROMISE_PAGE_SIZE
from public.selectors import PublicSummary, public_promise_content, public_promise_page
from tests.public.test_pages import grow_public_world

Status = StatusUpdate.Status


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _summary(html: str) -> str:
    return html.split('class="public-summary"')[1].split("</section>")[0]


def _figures(html: str) -> dict[str, int]:
    """The summary's figures by their words: {"genomförda": 2, "pågår": 1, …}."""
    rows = re.findall(r'<li><strong class="figure">(\d+)</strong> ([^<]+)</li>', _summary(html))
    return {words.strip(): int(number) for number, words in rows}


def _activity_with(world, focus_area, updates) -> None:
    activity = services.create_activity(
        user=world.owner, focus_area=focus_area, description="Ännu en aktivitet."
    )
    for day, status, is_public in updates:
        services.add_status_update(
            user=world.owner,
            activity=activity,
            status=status,
            description="Så gick det.",
            date=day,
            is_public=is_public,
        )


@pytest.fixture
def mixed(world, focus_area):
    """Beside the world's activity 1:1 (public: pågår; a newer internal update: försenad), area 1
    gets four activities and area 2 one, whose latest *public* statuses are genomförd, försenad,
    genomförd (a newer internal update says pågår), none (only an internal genomförd) and
    genomförd."""
    _activity_with(world, focus_area, [(date(2025, 5, 1), Status.DONE, True)])
    _activity_with(world, focus_area, [(date(2025, 5, 2), Status.DELAYED, True)])
    _activity_with(
        world,
        focus_area,
        [(date(2025, 5, 3), Status.DONE, True), (date(2025, 6, 1), Status.IN_PROGRESS, False)],
    )
    _activity_with(world, focus_area, [(date(2025, 5, 4), Status.DONE, False)])
    second = services.create_focus_area(
        user=world.owner, promise=world.promise, title="Trygg miljö"
    )
    _activity_with(world, second, [(date(2025, 5, 5), Status.DONE, True)])
    return world


def test_it_counts_done_ongoing_and_delayed_by_the_latest_public_status(client, mixed):
    html = _html(client, mixed.url("public:promise"))
    assert _figures(html) == {
        "genomförda": 3,
        "pågår": 1,
        "försenad": 1,
        "har inte börjat, är inställda eller har inga nyheter ännu": 1,
    }
    assert "Löftet har 6 aktiviteter." in _summary(html)
    # The summary comes first, before the activities.
    assert html.index('class="public-summary"') < html.index('id="aktiviteter"')


def test_it_shows_each_focus_area_share_of_activities_done(client, mixed):
    summary = _summary(_html(client, mixed.url("public:promise")))
    assert re.search(
        r'<label for="(omrade-1-andel)">1\. Insatser i samverkan mot narkotika: '
        r'2 av 5 aktiviteter genomförda \(40 %\)</label>\s*<progress id="\1" max="5" value="2">',
        summary,
    )
    assert "2. Trygg miljö: 1 av 1 aktiviteter genomförda (100 %)" in summary


def test_it_dates_the_summary_by_the_latest_public_update_only(client, world):
    """The internal update of 20 December is newer, but the page tells of 13 December."""
    summary = _summary(_html(client, world.url("public:promise")))
    assert (
        'Senaste nyheten: <time class="date" datetime="2025-12-13">13 december 2025</time>'
        in summary
    )


def test_it_gives_the_kommuns_function_address_as_contact(client, world):
    municipality = world.municipality
    municipality.contact_email = "trygghet@knivsta.example"
    municipality.save()
    summary = _summary(_html(client, world.url("public:promise")))
    assert 'href="mailto:trygghet@knivsta.example"' in summary


def test_it_links_the_kommuns_page_when_it_has_no_contact_address(client, world):
    summary = _summary(_html(client, world.url("public:promise")))
    assert "mailto:" not in summary
    assert f'href="{world.url("public:municipality")}"' in summary


def test_it_folds_the_long_texts_under_their_headings(client, world):
    html = _html(client, world.url("public:promise"))
    assert re.search(
        r'<details class="promise-text"><summary>Lägesbild: så ser det ut i dag</summary>\s*'
        r"<p>Invånarna känner sig otrygga vid stationen på kvällarna.</p>",
        html,
    )
    assert '<details class="promise-text"><summary>Syfte</summary>' in html


# The timeline, a page at a time ----------------------------------------------------------------


def _add_public_updates(world, count: int) -> None:
    """``count`` public updates, one a day from 1 January 2025 ("Nyhet 0" the oldest)."""
    for n in range(count):
        services.add_status_update(
            user=world.owner,
            activity=world.activity,
            status=Status.IN_PROGRESS,
            description=f"Nyhet {n}.",
            date=date(2025, 1, 1) + timedelta(days=n),
            is_public=True,
        )


def _timeline(html: str) -> str:
    return html.split('id="nyheter"')[1].split("</section>")[0]


def test_it_shows_every_update_without_a_link_when_they_fit_on_one_page(client, world):
    timeline = _timeline(_html(client, world.url("public:promise")))
    assert "Två narkotikainsatser i december" in timeline
    assert "En narkotikainsats vid stationen." in timeline
    assert "Visa fler" not in timeline


def test_it_shows_the_latest_twenty_updates_and_a_link_to_the_older_ones(client, world):
    # With the world's two public updates (13 December and 1 March 2025): 27 in all.
    _add_public_updates(world, 25)
    url = world.url("public:promise")
    first = _timeline(_html(client, url))
    assert len(re.findall(r'<li id="uppdatering-', first)) == 20
    assert "Två narkotikainsatser i december" in first
    assert "Nyhet 24." in first
    assert "Nyhet 7." in first
    assert "Nyhet 6." not in first
    assert f'href="{url}?sida=2#nyheter">Visa fler nyheter</a>' in first
    assert "Nyheter 1–20 av 27." in first

    second = _timeline(_html(client, f"{url}?sida=2"))
    assert len(re.findall(r'<li id="uppdatering-', second)) == 7
    assert "Nyhet 6." in second
    assert "Nyhet 0." in second
    assert "Nyhet 7." not in second
    assert "Visa fler nyheter" not in second
    assert f'href="{url}#nyheter">Visa nyare nyheter</a>' in second


def test_it_gives_each_page_of_the_timeline_its_own_etag(client, world):
    _add_public_updates(world, 25)
    url = world.url("public:promise")
    first = client.get(url)
    second = client.get(f"{url}?sida=2")
    assert first["ETag"] != second["ETag"]
    assert client.get(f"{url}?sida=2", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    assert client.get(f"{url}?sida=2", HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304


def test_it_renders_a_later_page_of_the_timeline_in_a_fixed_number_of_queries(
    client, world, django_assert_num_queries
):
    _add_public_updates(world, 25)
    url = f"{world.url('public:promise')}?sida=2"
    # version (1) + the promise (1) + a page of activities (4) + the statuses counted (1)
    # + totals (1) + the page's updates (1) + the charts (1: the updates per month)
    # + the problems of a public lägesbild the promise answers (1)
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200
    grow_public_world(world, factor=10)
    _add_public_updates(world, 60)
    with CaptureQueriesContext(connection) as queries:
        html = _html(client, url)
    assert len(queries) == 11
    assert "Visa fler nyheter" in html


# The activities in pages ---------------------------------------------------------------------


def _codes(html: str) -> list[str]:
    section = html.split('id="aktiviteter"', 1)[1].split('id="om-loftet"', 1)[0]
    return re.findall(r'<th scope="row">(\d+:\d+)</th>', section)


def test_it_lists_a_large_promises_activities_in_pages_with_the_whole_promises_figures(
    client, world, focus_area
):
    second = FocusArea.objects.create(promise=world.promise, number=2, title="Trygg skolväg")
    Activity.objects.bulk_create(
        Activity(focus_area=second, number=n, description=f"Insats {n}.", responsible="kommun")
        for n in range(1, PROMISE_PAGE_SIZE + 6)
    )
    last = second.activities.get(number=PROMISE_PAGE_SIZE + 5)
    services.add_status_update(
        user=world.owner,
        activity=last,
        status=StatusUpdate.Status.DONE,
        description="Klart.",
        date=date(2024, 6, 1),
        is_public=True,
    )
    every = [
        a.code
        for a in Activity.objects.filter(focus_area__promise=world.promise).order_by(
            "focus_area__number", "number"
        )
    ]
    assert len(every) > PROMISE_PAGE_SIZE
    url = world.url("public:promise")

    first = _html(client, url)
    assert _codes(first) == every[:PROMISE_PAGE_SIZE]
    assert f"Aktivitet 1–{PROMISE_PAGE_SIZE} av {len(every)} visas." in first
    assert "?aktiviteter=2#aktiviteter" in first
    second_page = _html(client, f"{url}?aktiviteter=2")
    assert _codes(second_page) == every[PROMISE_PAGE_SIZE:]
    # Area 1 is on page 1 only: page 2 says so instead of listing it.
    assert 'står på <a href="?aktiviteter=1#aktiviteter">sida 1</a>.' in second_page
    # The timeline still names the activity of an update whose activity is on another page.
    assert f"{last.code}" in _timeline(first)
    # Each page of activities is its own cached resource.
    etags = {client.get(url)["ETag"], client.get(f"{url}?aktiviteter=2")["ETag"]}
    assert len(etags) == 2
    # The figures cover the whole promise, and agree with counting every loaded activity.
    paged = public_promise_page(world.promise, 1)
    assert paged.summary == PublicSummary.of(public_promise_content(world.promise))
    assert paged.summary.total == len(every)
    assert paged.summary.done >= 1
    for bad in ("abc", "0", "999", "²"):
        assert client.get(url, {"aktiviteter": bad}).status_code == 200, bad
