"""A lost database answers a Swedish 503 and the app recovers; signed-in pages are never cached."""

import pytest
from django.db import connection
from django.urls import reverse


class Database:
    """Stops the app reaching PostgreSQL for real: its connection goes to a port nobody serves."""

    def __init__(self):
        self.saved = {key: connection.settings_dict[key] for key in ("HOST", "PORT", "OPTIONS")}

    def down(self):
        connection.close()
        options = {k: v for k, v in self.saved["OPTIONS"].items() if k != "host"}
        connection.settings_dict.update(
            HOST="127.0.0.1", PORT="1", OPTIONS={**options, "connect_timeout": 2}
        )

    def up(self):
        connection.close()
        connection.settings_dict.update(self.saved)


@pytest.fixture
def database(transactional_db):
    database = Database()
    yield database
    database.up()


def _assert_swedish_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    content = response.content.decode()
    assert '<html lang="sv">' in content
    assert "Löfteskollen är tillfälligt otillgänglig" in content
    assert "försök igen" in content
    assert 'href="/"' in content


def test_it_answers_503_while_the_database_is_down_and_recovers_by_itself(client, database):
    database.down()
    _assert_swedish_503(client.get(reverse("public:home")))

    database.up()  # PostgreSQL is back: nothing to restart

    assert client.get(reverse("public:home")).status_code == 200


def test_it_answers_503_to_a_signed_in_user_too(client, owner, database):
    client.force_login(owner)
    # The session middleware meets the dead database after the view (it saves the session on
    # every request): Django then calls handler500, which must give the same 503 page. Here the
    # test client would re-raise that handled error; a browser gets the page.
    client.raise_request_exception = False
    database.down()

    _assert_swedish_503(client.get(reverse("promises:start")))
    _assert_swedish_503(client.post(reverse("login"), {"username": "x", "password": "y"}))

    database.up()
    assert client.get(reverse("promises:start")).status_code == 200


@pytest.mark.django_db
def test_it_never_lets_a_signed_in_page_be_stored(client, owner):
    client.force_login(owner)

    response = client.get(reverse("promises:start"))

    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


@pytest.mark.django_db
def test_it_makes_a_public_page_private_for_a_signed_in_user(client, owner):
    client.force_login(owner)

    response = client.get(reverse("public:home"))

    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives


@pytest.mark.django_db
def test_it_keeps_the_public_caching_for_anonymous_visitors(client):
    response = client.get(reverse("public:home"))

    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "public" in directives
    assert "no-store" not in directives
    assert response.has_header("ETag")


@pytest.mark.django_db
def test_it_ends_a_session_after_the_idle_time(client, owner, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    client.force_login(owner)

    assert client.get(reverse("promises:start")).status_code == 200
    session = client.session
    session.set_expiry(-1)  # the idle time has passed
    session.save()
    response = client.get(reverse("promises:start"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_it_renews_the_session_only_when_the_refresh_interval_has_passed(client, owner, settings):
    """A page within the refresh interval writes no session; after it, the expiry moves on."""
    from django.contrib.sessions.models import Session

    from config.middleware import SlidingSessionMiddleware

    client.force_login(owner)  # signing in starts the idle period
    key = client.cookies["sessionid"].value
    expiry = Session.objects.get(pk=key).expire_date

    for _ in range(2):
        response = client.get(reverse("promises:start"))
        assert "sessionid" not in response.cookies  # nothing renewed, nothing written
        assert Session.objects.get(pk=key).expire_date == expiry

    session = client.session
    session[SlidingSessionMiddleware.KEY] -= settings.SESSION_REFRESH_SECONDS
    session.save()
    expiry = Session.objects.get(pk=key).expire_date
    response = client.get(reverse("promises:start"))
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE
    assert Session.objects.get(pk=key).expire_date > expiry
