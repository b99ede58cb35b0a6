"""Public pages are cacheable, answer conditional requests, and run a fixed number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promises import services
from promises.models import StatusUpdate
from tests.public.test_pages import body, grow_public_world


def test_it_lets_anyone_cache_a_public_page_for_a_minute(client, world):
    for url in world.cacheable_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "max-age=60", "stale-while-revalidate=30"} <= cache_control, url
        assert response.has_header("ETag"), url
        assert response.has_header("Last-Modified"), url


def test_it_sets_no_cookie_on_a_public_page_so_that_a_shared_cache_keeps_it(client, world):
    """nginx (and most caches) never store a response that sets a cookie (docs/deployment-cache.md)."""
    for url in world.cacheable_urls():
        response = client.get(url)
        assert not response.cookies, url
        assert "Cookie" in response["Vary"], url


def test_it_keeps_a_logged_in_users_page_private_and_unconditional(client, world, owner):
    client.force_login(owner)
    response = client.get(world.url("public:promise"))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert not response.has_header("ETag")


def test_it_answers_304_to_a_matching_etag(client, world):
    for url in world.cacheable_urls():
        first = client.get(url)
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        assert again.content == b""
        assert "max-age=60" in again["Cache-Control"]


def test_it_answers_304_to_if_modified_since(client, world):
    for url in world.cacheable_urls():
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
    assert "Två narkotikainsatser i december" not in body(response).decode()


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


PUBLIC_DATA_URLS = (
    "public:municipality",
    "public:municipality_feed",
    "public:promise",
    "public:promise_feed",
    "public:promise_csv",
    "public:promise_xlsx",
    "public:promise_json",
)


def _versions(client, world) -> dict[str, tuple[str, str]]:
    urls = [reverse("public:home")] + [world.url(name) for name in PUBLIC_DATA_URLS]
    return {
        url: (response["ETag"], response["Last-Modified"])
        for url in urls
        for response in [client.get(url)]
    }


def _change_internal_update(world):
    services.update_status_update(
        status_update=world.internal_update,
        user=world.owner,
        fields={"description": "Internt, omskrivet.", "occurrences": 6},
    )


def _add_internal_update(world):
    services.add_status_update(
        user=world.owner,
        activity=world.activity,
        status=StatusUpdate.Status.DELAYED,
        description="Bara för oss.",
        date=date(2025, 12, 22),
        occurrences=3,
        is_public=False,
    )


def _change_contact_persons(world):
    services.update_activity(
        activity=world.activity, user=world.owner, fields={"contact_persons": "Ny kontaktperson"}
    )


def _change_agreement_goals(world):
    services.update_agreement(
        agreement=world.promise.agreement, user=world.owner, fields={"goals": "Nya mål"}
    )


def _change_follow_up_cadence(world):
    services.update_promise(
        promise=world.promise, user=world.owner, fields={"follow_up_cadence": "kvartal"}
    )


def _change_the_draft_successor(world):
    services.update_promise(promise=world.draft, user=world.owner, fields={"title": "Nytt utkast"})
    services.create_focus_area(user=world.owner, promise=world.draft, title="Ännu ett område")


def _change_the_kommuns_office(world):
    world.municipality.office = "Socialförvaltningen"
    world.municipality.save()


def _add_an_agreement(world):
    services.create_agreement(
        user=world.owner,
        municipality=world.municipality,
        police_area=world.promise.agreement.police_area,
        title="En ny överenskommelse",
        valid_from=date(2027, 1, 1),
        valid_to=date(2028, 12, 31),
    )


@pytest.mark.parametrize(
    "change",
    [
        _add_internal_update,
        _change_internal_update,
        _change_contact_persons,
        _change_agreement_goals,
        _change_follow_up_cadence,
        _change_the_draft_successor,
        _change_the_kommuns_office,
        _add_an_agreement,
    ],
)
def test_it_keeps_every_public_etag_when_only_internal_data_changes(client, world, change):
    """Issue 9 §4: the headers of a public page must not tell that something internal happened."""
    before = _versions(client, world)
    change(world)
    assert _versions(client, world) == before


def test_it_changes_every_etag_of_the_promise_when_a_public_update_is_edited(client, world):
    before = _versions(client, world)
    services.update_status_update(
        status_update=world.public_update,
        user=world.owner,
        fields={"description": "Två narkotikainsatser i december, rättad."},
    )
    after = _versions(client, world)
    for name in PUBLIC_DATA_URLS:
        url = world.url(name)
        assert after[url][0] != before[url][0], name


def test_it_changes_the_etag_when_an_internal_update_is_made_public(client, world):
    url = world.url("public:promise")
    etag = client.get(url)["ETag"]
    services.update_status_update(
        status_update=world.internal_update, user=world.owner, fields={"is_public": True}
    )
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_it_changes_the_etag_when_an_activity_text_changes(client, world):
    url = world.url("public:promise")
    etag = client.get(url)["ETag"]
    services.update_activity(
        activity=world.activity, user=world.owner, fields={"description": "Ny beskrivning."}
    )
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_it_changes_the_etag_when_a_public_update_is_deleted(client, world):
    url = world.url("public:promise")
    etag = client.get(url)["ETag"]
    services.delete_restorable(instance=world.public_update, user=world.owner)
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


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
    # version (1) + the kommun (1) + its promises (1) + its public lägesbild, if any (1; its
    # problems and figures: tests/public/test_assessment_pages.py)
    "public:municipality": 4,
    # version (1) + the kommun (1) + its promises (1)
    "public:municipality_feed": 3,
    # version (1) + the promise (1) + one page of activities (4: focus areas, the page's
    # activities with the id of each one's newest public update, those updates, the occurrences
    # per target period) + every activity's latest public status, counted (1)
    # + how many public updates and the newest date (1) + one page of them (1)
    # + the charts (1: public updates per month; the targets of the page's activities are counted
    # already) + the problems of a public lägesbild it answers (1; their figures:
    # tests/public/test_assessment_pages.py)
    "public:promise": 11,
    # version (1) + the promise (1) + promise_tree (4) + the public updates, streamed (1)
    "public:promise_csv": 7,
    "public:promise_xlsx": 7,
    "public:promise_json": 7,
    # version (1) + the promise (1) + the updates (1)
    "public:promise_feed": 3,
}


def _url(world, name):
    return reverse(name) if name == "public:home" else world.url(name)


def _count(client, url) -> int:
    """Queries to answer ``url`` and send all of it (a data file reads while it streams)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        body(response)
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
        body(response)
    assert small == EXPECTED_QUERIES[name]


# Fields that never reach a public page: a change to them must not move the version.
INTERNAL_FIELDS = {
    "Organisation": {"id", "office"},
    "Agreement": {
        "id",
        "title",
        "reference_number",
        "valid_from",
        "valid_to",
        "goals",
        "check_in_cadence",
    },
    "Promise": {"id", "follow_up_cadence"},
    "FocusArea": {"id"},
    "Activity": {"id", "contact_persons"},
    # is_public decides whether the row is public at all (PUBLIC_UPDATE).
    "StatusUpdate": {"id", "author_id", "is_public"},
}
# Columns that every editable model may carry for the conflict check, never shown.
BOOKKEEPING_FIELDS = {"lock_version", "version"}


def test_it_classes_every_field_as_public_or_internal_for_the_version():
    """A new field must be added to PUBLIC_FIELDS (it then moves the version) or here."""
    from promises.public_revision import PUBLIC_FIELDS

    for model, public in PUBLIC_FIELDS.items():
        fields = {field.attname for field in model._meta.concrete_fields}
        internal = INTERNAL_FIELDS[model.__name__] | BOOKKEEPING_FIELDS
        assert fields - set(public) - internal == set(), model.__name__
        assert set(public) <= fields, model.__name__


# Pages kept by the app server (public/views.py, the "public_pages" cache) ----------------------


def _queries_and_body(client, url, **headers) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
        assert response.status_code == 200, url
        content = body(response)
    return len(queries), content


def test_it_serves_a_visitors_second_request_from_the_kept_page(client, world):
    """The second request of a page renders no template and costs at most the one query that
    reads its version; it is the same page."""
    kept = 0
    for url in world.cacheable_urls():
        first = client.get(url)
        if first.streaming or not first.templates:
            continue  # open data streams and files are never kept
        first_body = body(first)
        again_queries, again = _queries_and_body(client, url)
        assert again == first_body, url
        assert again_queries <= 1, url
        assert client.get(url).templates == [], url
        assert client.get(url)["ETag"] == first["ETag"], url
        kept += 1
    assert kept >= 4


def test_it_never_serves_a_kept_page_after_a_public_change(client, world):
    urls = [world.url("public:municipality"), world.url("public:promise")]
    for url in urls:
        client.get(url)
    services.add_status_update(
        user=world.owner,
        activity=world.activity,
        status=StatusUpdate.Status.DONE,
        description="Den femte insatsen är gjord.",
        date=date(2025, 12, 30),
        occurrences=1,
        is_public=True,
    )
    _queries, promise_page = _queries_and_body(client, world.url("public:promise"))
    assert "Den femte insatsen är gjord." in promise_page.decode()
    services.update_status_update(
        status_update=world.public_update, user=world.owner, fields={"is_public": False}
    )
    _queries, promise_page = _queries_and_body(client, world.url("public:promise"))
    assert "Två narkotikainsatser i december" not in promise_page.decode()


def test_it_keeps_each_page_of_a_paged_public_page_apart(client, world):
    url = world.url("public:promise")
    _queries, first = _queries_and_body(client, url)
    _queries, other = _queries_and_body(client, url + "?sida=2")
    _queries, first_again = _queries_and_body(client, url)
    assert first_again == first
    assert client.get(url + "?sida=2")["ETag"] != client.get(url)["ETag"]
    assert other != first or client.get(url + "?sida=2")["ETag"] != client.get(url)["ETag"]


def test_it_never_keeps_or_serves_a_kept_page_for_a_signed_in_user(client, world, owner):
    url = world.url("public:promise")
    client.get(url)  # kept for visitors
    client.force_login(owner)
    signed_in = [_queries_and_body(client, url) for _ in range(2)]
    assert signed_in[0][0] == signed_in[1][0] > 1  # rendered both times
    assert b"Logga ut" in signed_in[1][1]
    client.logout()
    _queries, visitor = _queries_and_body(client, url)
    assert b"Logga ut" not in visitor


def test_it_never_keeps_a_page_that_holds_a_csrf_token(rf):
    """A page with a form carries the visitor's own CSRF token: it is rendered for each visitor,
    while the same page without one is rendered once."""
    from datetime import UTC, datetime

    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from public.views import public_page

    rendered = []

    @public_page(lambda: datetime(2025, 1, 1, tzinfo=UTC))
    def page(request):
        rendered.append(request.path)
        token = get_token(request) if request.path == "/med-formular/" else ""
        return HttpResponse(f"<form>{token}</form>")

    for path in ("/med-formular/", "/med-formular/", "/utan-formular/", "/utan-formular/"):
        request = rf.get(path)
        request.user = AnonymousUser()
        assert page(request).status_code == 200
    assert rendered == ["/med-formular/", "/med-formular/", "/utan-formular/"]
