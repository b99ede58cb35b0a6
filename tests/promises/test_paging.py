"""Long lists in pages: the promise's activities, an activity's timeline and "Mina aktiviteter".

Each page reads only its own rows, in a fixed number of queries, and a bad page number shows the
nearest page instead of an error. The latest status and the progress on a page are counted by the
database; they must agree with the definitions (newest by date then id; occurrences in a window).
"""

import random
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promises.models import Activity, FocusArea, Promise, StatusUpdate
from promises.periods import current_first, target_windows
from promises.progress import count_per_window
from promises.selectors import (
    MY_ACTIVITIES_PAGE_SIZE,
    PROMISE_PAGE_SIZE,
    TIMELINE_PAGE_SIZE,
    activity_progress,
    promise_tree,
)
from promises.start_page import latest_updates
from promises.summaries import refresh_all_summaries

pytestmark = pytest.mark.django_db


def _activities(promise, sizes, *, responsible="gemensamt") -> list[FocusArea]:
    """Focus areas of ``sizes`` activities each, written in bulk."""
    areas = []
    for number, size in enumerate(sizes, start=1):
        area = FocusArea.objects.create(promise=promise, number=number, title=f"Område {number}")
        Activity.objects.bulk_create(
            Activity(
                focus_area=area,
                number=n,
                description=f"Aktivitet {number}.{n}",
                responsible=responsible,
            )
            for n in range(1, size + 1)
        )
        areas.append(area)
    return areas


def _codes(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">(\d+:\d+)</a></th>', html)


def _area_pages(first: int, count: int) -> tuple[int, int]:
    """The pages of a focus area whose activities are number ``first``… of the promise's."""
    size = PROMISE_PAGE_SIZE
    return (first - 1) // size + 1, (first + count - 2) // size + 1


def test_it_pages_the_activities_of_a_large_promise(client, owner, adopted_promise):
    sizes = [30, 60, 30]
    _activities(adopted_promise, sizes)
    every = [f"{area}:{n}" for area, size in enumerate(sizes, start=1) for n in range(1, size + 1)]
    pages = -(-len(every) // PROMISE_PAGE_SIZE)
    client.force_login(owner)
    url = adopted_promise.get_absolute_url()

    html = {n: client.get(url, {"sida": n}).content.decode() for n in range(1, pages + 1)}
    for number, page in html.items():
        start = (number - 1) * PROMISE_PAGE_SIZE
        assert _codes(page) == every[start : start + PROMISE_PAGE_SIZE], number
        last = min(start + PROMISE_PAGE_SIZE, len(every))
        assert f"Aktivitet {start + 1}–{last} av {len(every)} visas." in page
        # Every area keeps its heading and menu on every page.
        assert page.count('<details class="area-menu">') == len(sizes)
    assert 'href="?sida=2" rel="next"' in html[1]
    assert f'href="?sida={pages - 1}" rel="prev"' in html[pages]

    # An area none of whose activities is on a page says on which pages they are.
    first_page, last_page = _area_pages(91, 30)  # area 3: activities 91–120
    assert first_page > 1
    where = f'Områdets 30 aktiviteter står på <a href="?sida={first_page}">sida {first_page}</a>'
    assert where + (f"–{last_page}." if last_page > first_page else ".") in html[1]
    first_page, last_page = _area_pages(1, 30)  # area 1 seen from the last page
    where = f'Områdets 30 aktiviteter står på <a href="?sida={first_page}">sida {first_page}</a>'
    assert where + (f"–{last_page}." if last_page > first_page else ".") in html[pages]

    for bad, shown in (("abc", 1), ("0", pages), ("-1", pages), ("99999", pages), ("²", 1)):
        response = client.get(url, {"sida": bad})
        assert response.status_code == 200, bad
        assert _codes(response.content.decode()) == _codes(html[shown]), bad


def _count(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_it_reads_a_page_of_a_large_promise_in_as_many_queries_as_a_small_one(
    client, owner, adopted_promise, agreement
):
    small = Promise.objects.create(
        agreement=agreement,
        title="Litet löfte",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
        status=Promise.Status.ADOPTED,
    )
    for promise, sizes in ((small, [2, 1]), (adopted_promise, [80, 80, 80])):
        for area in _activities(promise, sizes):
            StatusUpdate.objects.bulk_create(
                StatusUpdate(activity=a, date=date(2024, 5, 1), status="pagar", occurrences=1)
                for a in area.activities.all()
            )
    refresh_all_summaries()
    client.force_login(owner)
    counts = {
        _count(client, small.get_absolute_url()),
        _count(client, adopted_promise.get_absolute_url()),
        _count(client, adopted_promise.get_absolute_url(), sida=4),
    }
    assert len(counts) == 1, counts


def test_it_pages_the_timeline_of_an_activity(client, owner, activity):
    total = 2 * TIMELINE_PAGE_SIZE + 20
    StatusUpdate.objects.bulk_create(
        StatusUpdate(
            activity=activity,
            date=date(2024, 1, 1) + timedelta(days=n),
            status="pagar",
            description=f"Uppdatering nummer {n}.",
            author=owner,
        )
        for n in range(total)
    )
    client.force_login(owner)
    url = activity.get_absolute_url()
    size = TIMELINE_PAGE_SIZE
    pages = [client.get(url, {"sida": n}).content.decode() for n in (1, 2, 3)]
    shown = [re.findall(r"Uppdatering nummer (\d+)\.", page) for page in pages]
    assert [len(numbers) for numbers in shown] == [size, size, 20]
    assert shown[0][0] == str(total - 1) and shown[2][-1] == "0"  # newest first, oldest last
    assert f'<ol class="timeline" start="{size + 1}">' in pages[1]
    assert f"Uppdatering {2 * size + 1}–{total} av {total}, nyast först." in pages[2]
    # Each page offers corrections of its own updates only.
    assert pages[2].count("Ändra uppdateringen") == 20
    assert _count(client, url) == _count(client, url, sida=3)


def test_it_pages_and_filters_my_activities_in_the_database(client, police, adopted_promise):
    size = MY_ACTIVITIES_PAGE_SIZE
    (area,) = _activities(adopted_promise, [2 * size + 10])
    activities = list(area.activities.order_by("number"))
    # Every third activity is done; the others have no update yet.
    done = activities[::3]
    StatusUpdate.objects.bulk_create(
        StatusUpdate(activity=a, date=date(2024, 5, 1), status="genomford") for a in done
    )
    refresh_all_summaries()
    client.force_login(police)
    url = reverse("promises:my_activities")

    all_pages = [client.get(url, {"sida": n}).content.decode() for n in (1, 2, 3)]
    assert [len(_codes(page)) for page in all_pages] == [size, size, 10]
    assert f"{len(activities)} aktiviteter" in all_pages[0]

    waiting = [a.code for a in activities if a not in done]
    first = client.get(url, {"status": "ingen"}).content.decode()
    assert f"{len(waiting)} aktiviteter" in first
    assert _codes(first) == waiting[:size]
    # The page links keep the filter, and the next page goes on where the first stopped.
    assert 'href="?status=ingen&amp;sida=2"' in first
    second = client.get(url, {"status": "ingen", "sida": 2}).content.decode()
    assert _codes(second) == waiting[size : 2 * size]
    finished = client.get(url, {"status": "genomford"}).content.decode()
    assert _codes(finished) == [a.code for a in done][:size]
    assert _count(client, url) == _count(client, url, sida=2, status="ingen")


def test_it_finds_the_newest_updates_as_sorting_them_all_would(owner, promise):
    rng = random.Random(11)
    areas = _activities(promise, [12])
    activities = list(areas[0].activities.all())
    StatusUpdate.objects.bulk_create(
        StatusUpdate(
            activity=rng.choice(activities),
            date=date(2024, 1, 1) + timedelta(days=rng.randrange(40)),  # many on the same day
            status="pagar",
        )
        for _ in range(300)
    )
    refresh_all_summaries()
    expected = sorted(StatusUpdate.objects.all(), key=lambda u: (u.date, u.pk), reverse=True)
    assert [u.pk for u in latest_updates(owner, limit=10)] == [u.pk for u in expected[:10]]
    assert [u.pk for u in latest_updates(owner, limit=25)] == [u.pk for u in expected[:25]]


@pytest.mark.parametrize("period", ["termin", "lasar", "ar", "halvar", "tertial", "hela_perioden"])
def test_it_counts_progress_in_sql_as_the_definition_does(owner, promise, period):
    rng = random.Random(period)
    (area,) = _activities(promise, [3])
    Activity.objects.filter(focus_area=area).update(
        target_count=5, target_unit="insatser", target_period=period
    )
    for activity in area.activities.all():
        StatusUpdate.objects.bulk_create(
            StatusUpdate(
                activity=activity,
                date=promise.period_start + timedelta(days=rng.randrange(-30, 760)),
                status="pagar",
                occurrences=rng.randrange(0, 4),
                is_public=rng.random() < 0.5,
            )
            for _ in range(60)
        )
    day = date(2025, 8, 15)
    for public_only in (False, True):
        updates = StatusUpdate.objects.public() if public_only else None
        if public_only:
            Promise.objects.filter(pk=promise.pk).update(status=Promise.Status.ADOPTED)
            promise.refresh_from_db()
        tree = promise_tree(promise, updates=updates, day=day)
        for activity in tree[0].loaded_activities:
            loaded = list((updates or StatusUpdate.objects.all()).filter(activity=activity))
            windows = current_first(
                target_windows(period, start=promise.period_start, end=promise.period_end), day
            )
            expected = count_per_window(activity, loaded, windows, current=windows[0])
            assert activity.progress_periods == expected
            assert activity.progress == expected[0]
            newest = max(loaded, key=lambda u: (u.date, u.pk), default=None)
            assert activity.latest_update == newest
            if not public_only:
                assert activity_progress(activity, day=day) == expected


def test_it_reads_no_long_texts_for_the_lists_of_promises_and_agreements(client, owner, promise):
    client.force_login(owner)
    for name, columns in (
        ("promises:promise_list", [f'"promises_promise"."{t}"' for t in Promise.LONG_TEXTS]),
        ("promises:agreement_list", ['"promises_agreement"."goals"']),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        sql = " ".join(query["sql"] for query in queries)
        assert promise.title in client.get(reverse("promises:promise_list")).content.decode()
        assert [column for column in columns if column in sql] == [], name
