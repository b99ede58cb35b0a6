"""Nothing internal ever reaches a public page, a feed or a data file.

Unique markers sit in an internal update, a draft promise (its title, texts, an update marked public
on it), an activity's contact persons and another kommun's draft. Each public address is fetched and
searched for every marker; the public update's marker must be there, so the search is not vacuous.
"""

from tests.public.test_pages import (
    PUBLIC_MARKER,
    SECRET_MARKERS,
    body,
    grow_public_world,
)


def _body(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return body(response).decode("utf-8-sig")


def test_it_never_shows_internal_markers_anywhere_public(client, world):
    for url in world.public_urls():
        body = _body(client, url)
        for marker in SECRET_MARKERS:
            assert marker not in body, (url, marker)
        assert "Kim Exempelsson" not in body, url


def test_it_shows_the_public_marker_wherever_updates_are_published(client, world):
    for name in (
        "public:municipality_feed",
        "public:promise",
        "public:promise_feed",
        "public:promise_csv",
        "public:promise_json",
    ):
        assert PUBLIC_MARKER in _body(client, world.url(name)), name


def test_it_keeps_internal_markers_out_with_ten_times_the_data(client, world):
    grow_public_world(world, factor=10)
    for url in world.public_urls():
        body = _body(client, url)
        for marker in SECRET_MARKERS:
            assert marker not in body, (url, marker)


def test_it_never_names_the_author_of_an_update(client, world, owner):
    owner.first_name, owner.last_name = "Saga", "Påhittad"
    owner.save()
    for url in world.public_urls():
        body = _body(client, url)
        assert "Påhittad" not in body, url


def test_it_shows_a_draft_to_nobody_even_when_it_is_the_only_promise(client, world):
    url = world.url("public:promise", promise=world.draft)
    assert client.get(url).status_code == 404
    assert world.draft.title not in _body(client, world.url("public:municipality"))
