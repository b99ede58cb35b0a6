"""Password guessing is stopped (django-axes): per user name, per address, with a cool-off."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import RequestFactory
from django.urls import reverse

from config.login_guard import client_ip

pytestmark = pytest.mark.django_db

PASSWORD = "test-password"  # tests/conftest.py make_user


def _login(client, username, password, *, url=None, address="127.0.0.1"):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _guess(client, username, times, **kwargs):
    return [_login(client, username, "wrong-password", **kwargs) for _ in range(times)]


def test_it_refuses_the_right_password_after_five_wrong_ones(client, owner, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    responses = _guess(client, owner.username, 5)
    assert [r.status_code for r in responses[:4]] == [200] * 4  # the form, with its error

    response = _login(client, owner.username, PASSWORD)

    assert response.status_code == 429
    content = response.content.decode()
    assert "För många misslyckade inloggningsförsök" in content
    assert "15 minuter" in content
    assert response["Retry-After"] == "900"
    assert not _signed_in(client)


def test_it_locks_the_user_name_from_any_address(client, owner):
    for number in range(5):
        _login(client, owner.username, "wrong-password", address=f"10.0.0.{number}")

    assert _login(client, owner.username, PASSWORD, address="10.9.9.9").status_code == 429
    assert not _signed_in(client)


def test_it_guards_the_admin_login_too(client, make_user):
    admin = make_user("admin", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    _guess(client, admin.username, 5, url=url)

    response = _login(client, admin.username, PASSWORD, url=url)

    assert response.status_code == 429
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
    assert not _signed_in(client)


def test_it_leaves_other_users_at_the_same_address_alone(client, owner, police):
    _guess(client, owner.username, 5)

    response = _login(client, police.username, PASSWORD)

    assert response.status_code == 302
    assert _signed_in(client)


def test_it_locks_an_address_that_tries_many_user_names(client, owner, settings):
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    for number in range(limit):
        _login(client, f"gissning{number}", "wrong-password", address="192.0.2.7")

    assert _login(client, owner.username, PASSWORD, address="192.0.2.7").status_code == 429
    assert _login(client, owner.username, PASSWORD, address="192.0.2.8").status_code == 302


def test_it_lets_the_user_in_again_after_the_cool_off(client, owner, settings):
    _guess(client, owner.username, 5)
    assert _login(client, owner.username, PASSWORD).status_code == 429

    # Time passes: the failures are now older than the cool-off.
    cool_off = settings.AXES_COOLOFF_TIME
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - cool_off - timedelta(seconds=1))

    assert _login(client, owner.username, PASSWORD).status_code == 302
    assert _signed_in(client)


def test_it_does_not_prolong_a_lockout_with_more_guesses(client, owner, settings):
    _guess(client, owner.username, 5)
    attempt_time = AccessAttempt.objects.get().attempt_time
    _guess(client, owner.username, 3)
    assert AccessAttempt.objects.get().attempt_time == attempt_time


def test_it_clears_the_failures_after_a_successful_login(client, owner):
    _guess(client, owner.username, 4)
    assert _login(client, owner.username, PASSWORD).status_code == 302
    client.logout()
    _guess(client, owner.username, 4)
    assert _login(client, owner.username, PASSWORD).status_code == 302


def test_it_ignores_x_forwarded_for_unless_a_proxy_is_trusted(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.5"  # what our proxy appended, not the client's claim
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.1"  # fewer entries than proxies: not from our proxies
