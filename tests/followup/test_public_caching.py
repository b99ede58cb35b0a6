"""Public pages are cacheable, answer conditional requests, and run a fixed number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promises import services
from promises.models import StatusUpdate
from tests.followup.test_public_pages import build_public_world, grow_public_world


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Outside DEBUG the settings pick WhiteNoise's manifest storage, which needs collectstatic."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def world(owner, adopted_promise, focus_area, activity, upplands_bro, outsider, jarfalla_police):
    return build_public_world(
        owner=owner,
        adopted_promise=adopted_promise,
        focus_area=focus_area,
        activity=activity,
        upplands_bro=upplands_bro,
        outsider=outsider,
        jarfalla_police=jarfalla_police,
    )


def test_it_lets_anyone_cache_a_public_page_for_five_minutes(client, world):
    for url in world.public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "max-age=300"} <= cache_control, url
        assert response.has_header("ETag"), url
        assert response.has_header("Last-Modified"), url


def test_it_keeps_a_logged_in_users_page_private_and_unconditional(client, world, owner):
    client.force_login(owner)
    response = client.get(world.url("public:promise"))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert not response.has_header("ETag")


def test_it_answers_304_to_a_matching_etag(client, world):
    for url in world.public_urls():
        first = client.get(url)
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        assert again.content == b""
        assert "max-age=300" in again["Cache-Control"]


def test_it_answers_304_to_if_modified_since(client, world):
    for url in world.public_urls():
        first = client.get(url)
        again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert again.status_code == 304, url


def test_it_changes_the_etag_when_a_public_update_is_added(client, world):
    urls = [
        world.url("public:municipality"),
        world.url("public:promise"),
        world.url("public:promise_feed"),
        world.url("public:promise_json"),
    ]
    etags = {url: client.get(url)["ETag"] for url in urls}
    services.add_status_update(
        user=world.owner,
        activity=world.activity,
        status=StatusUpdate.Status.DONE,
        description="Den fjärde insatsen är gjord.",
        date=date(2025, 12, 30),
        occurrences=1,
        is_public=True,
    )
    for url in urls:
        response = client.get(url, HTTP_IF_NONE_MATCH=etags[url])
        assert response.status_code == 200, url
        assert response["ETag"] != etags[url]


def test_it_changes_the_etag_when_a_public_update_is_made_internal(client, world):
    url = world.url("public:promise")
    etag = client.get(url)["ETag"]
    services.update_status_update(
        status_update=world.public_update, user=world.owner, fields={"is_public": False}
    )
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Två narkotikainsatser i december" not in response.content.decode()


def test_it_keeps_the_etag_when_only_an_internal_update_changes(client, world):
    """An internal note must not even reveal, through the headers, that something happened."""
    url = world.url("public:promise")
    first = client.get(url)
    services.add_status_update(
        user=world.owner,
        activity=world.activity,
        status=StatusUpdate.Status.DELAYED,
        description="Bara för oss.",
        date=date(2025, 12, 21),
        is_public=False,
    )
    again = client.get(url)
    assert again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"]


def test_it_changes_the_home_etag_when_a_promise_is_adopted(client, world):
    url = reverse("public:home")
    etag = client.get(url)["ETag"]
    services.adopt_promise(
        promise=world.draft,
        user=world.owner,
        adopted_by="Kommunstyrelsen",
        adopted_on=date(2026, 1, 20),
    )
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


# Query counts ----------------------------------------------------------------------------------

EXPECTED_QUERIES = {
    # version (1) + the kommuner (1)
    "public:home": 2,
    # version (1) + the kommun (1) + its promises (1)
    "public:municipality": 3,
    "public:municipality_feed": 3,
    # version (1) + the promise (1) + focus areas, activities, updates (3)
    "public:promise": 5,
    "public:promise_csv": 5,
    "public:promise_json": 5,
    # version (1) + the promise (1) + the updates (1)
    "public:promise_feed": 3,
}


def _url(world, name):
    return reverse(name) if name == "public:home" else world.url(name)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", sorted(EXPECTED_QUERIES))
def test_it_renders_for_a_visitor_in_a_fixed_number_of_queries(
    client, world, name, django_assert_num_queries
):
    url = _url(world, name)
    small = _count(client, url)
    grow_public_world(world, factor=10)
    with django_assert_num_queries(EXPECTED_QUERIES[name]):
        response = client.get(url)
    assert response.status_code == 200
    assert small == EXPECTED_QUERIES[name]
