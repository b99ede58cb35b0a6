"""At any size: the data files stream (and read back whole), the timeline pages in the database and
never answers a bad page number with an error."""

import csv
import io
import json
import re
from datetime import date, timedelta

import pytest

from promises import services
from promises.models import StatusUpdate
from public import opendata, selectors
from tests.public.test_pages import body

# More updates than one chunk of the database cursor and than one block of the response.
MANY = selectors.STREAM_CHUNK_SIZE + 150


@pytest.fixture
def large(world):
    """Three focus areas: the world's (1:1 with its updates, then 1:2 without any, 1:3 with many),
    one without activities, and one whose activity has a few. Updates loaded in bulk."""
    owner, area = world.owner, world.activity.focus_area
    services.create_activity(user=owner, focus_area=area, description="Utan nyheter.")
    busy = services.create_activity(user=owner, focus_area=area, description="Många nyheter.")
    services.create_focus_area(user=owner, promise=world.promise, title="Tomt område")
    last_area = services.create_focus_area(user=owner, promise=world.promise, title="Sista")
    last = services.create_activity(user=owner, focus_area=last_area, description="Några.")
    StatusUpdate.objects.bulk_create(
        StatusUpdate(
            activity=busy if n < MANY else last,
            date=date(2024, 1, 1) + timedelta(days=n % 700),
            status=StatusUpdate.Status.IN_PROGRESS,
            description=f'Nyhet {n}, med komma och "citat".\nRad två: =inte en formel.',
            occurrences=n % 3,
            is_public=n % 5 != 0,
        )
        for n in range(MANY + 30)
    )
    return world


def _public_updates(world) -> list[StatusUpdate]:
    return list(
        StatusUpdate.objects.public()
        .filter(activity__focus_area__promise=world.promise)
        .order_by("activity__focus_area__number", "activity__number", "-date", "-pk")
    )


def test_it_streams_the_csv_and_it_reads_back_whole(client, large):
    response = client.get(large.url("public:promise_csv"))
    assert response.status_code == 200
    assert response.streaming
    assert response.has_header("ETag")
    text = body(response).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    updates = _public_updates(large)
    # Every public update once, in the page's order, plus one row each for the activity without
    # updates and the focus area without activities.
    assert [row["update_id"] for row in rows if row["update_id"]] == [str(u.pk) for u in updates]
    assert [row["activity_code"] for row in rows if not row["update_id"]] == ["1:2", ""]
    assert [row["focus_area_title"] for row in rows if not row["activity_code"]] == ["Tomt område"]
    assert len(rows) == len(updates) + 2
    written = {row["update_id"]: row for row in rows}
    for update in updates[:: len(updates) // 20]:
        row = written[str(update.pk)]
        assert row["update_description"] == opendata.neutralise(update.description)
        assert row["update_date"] == update.date.isoformat()


def test_it_streams_the_json_as_json_dumps_would_write_it(client, large):
    response = client.get(large.url("public:promise_json"))
    assert response.status_code == 200
    assert response.streaming
    assert response.has_header("ETag")
    text = body(response).decode("utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, indent=2)
    written = [
        (activity["code"], update["id"], update["description"])
        for area in data["focus_areas"]
        for activity in area["activities"]
        for update in activity["updates"]
    ]
    updates = _public_updates(large)
    assert written == [(u.activity.code, u.pk, u.description) for u in updates]
    assert [area["title"] for area in data["focus_areas"]][1:] == ["Tomt område", "Sista"]
    assert data["focus_areas"][1]["activities"] == []
    assert data["focus_areas"][0]["activities"][1]["updates"] == []


def test_it_streams_an_empty_promise(client, world):
    services.delete_restorable(instance=world.activity.focus_area, user=world.owner)
    data = json.loads(body(client.get(world.url("public:promise_json"))))
    assert data["focus_areas"] == []
    csv_text = body(client.get(world.url("public:promise_csv"))).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert rows[0][0] == "municipality_code"
    assert rows[1:] == []


# The timeline ----------------------------------------------------------------------------------


def _timeline(html: str) -> str:
    return html.split('id="nyheter"')[1].split("</section>")[0]


def test_it_numbers_the_pages_of_the_timeline(client, large):
    url = large.url("public:promise")
    pages = -(-len(_public_updates(large)) // selectors.TIMELINE_PAGE_SIZE)
    first = _timeline(client.get(url).content.decode())
    assert f"<span>Sida 1 av {pages}</span>" in first
    last = _timeline(client.get(f"{url}?sida={pages}").content.decode())
    assert f"<span>Sida {pages} av {pages}</span>" in last
    assert "Visa fler nyheter" not in last


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", "999999", "9" * 40, "", "%00"])
def test_it_answers_a_bad_page_number_with_a_page_not_an_error(client, large, value):
    response = client.get(large.url("public:promise"), {"sida": value})
    assert response.status_code == 200
    assert len(re.findall(r'<li id="uppdatering-', response.content.decode())) > 0
