"""An activity's operational goal in words (Brå's "operativa mål") is part of the åtgärdsplan that
citizens follow: the public page shows it, the open data carries it, and a change to it moves the
page's version (ETag)."""

import csv
import io
import json

import pytest

from promises import services
from tests.public.test_pages import body

pytestmark = pytest.mark.django_db

GOAL = "Belysningen vid gångtunneln är åtgärdad före hösten."


def _set_goal(world, text):
    world.activity.refresh_from_db()
    services.update_activity(
        activity=world.activity, user=world.owner, fields={"goal_text": text}, reason="Målet."
    )


def test_the_public_page_shows_the_goal_in_words(client, world):
    page = client.get(world.url("public:promise")).content.decode()
    assert GOAL not in page
    _set_goal(world, GOAL)
    page = client.get(world.url("public:promise")).content.decode()
    assert GOAL in page


def test_the_open_data_carries_the_goal_in_words(client, world):
    _set_goal(world, GOAL)
    data = json.loads(body(client.get(world.url("public:promise_json"))))
    activities = [a for area in data["focus_areas"] for a in area["activities"]]
    assert {a["code"]: a["goal_text"] for a in activities}[world.activity.code] == GOAL
    text = body(client.get(world.url("public:promise_csv"))).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    goals = {row["activity_code"]: row["goal_text"] for row in rows}
    assert goals[world.activity.code] == GOAL
    assert set(goals.values()) - {GOAL} <= {""}


def test_a_new_goal_moves_the_version_of_the_page(client, world):
    before = client.get(world.url("public:promise"))["ETag"]
    _set_goal(world, GOAL)
    after = client.get(world.url("public:promise"))["ETag"]
    assert after != before
