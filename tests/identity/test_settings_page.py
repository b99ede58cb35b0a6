"""The förvaltare's page for the organisation's sign-in: who may see it, what it saves (with
history), what it never shows, and its queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from identity.models import IdentityProvider
from promises.models import Membership

VALUES = {
    "display_name": "Knivsta kommuns inloggning (Entra ID)",
    "issuer": "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0/",
    "client_id": "8f0c1d2e-lofteskollen",
    "client_secret_env": "OIDC_SECRET_KNIVSTA",
    "scopes": "openid email profile",
    "enabled": "on",
}


@pytest.fixture
def manager(make_user, knivsta):
    user = make_user("forvaltare", organisation=knivsta, role=Membership.Role.COORDINATOR)
    Membership.objects.filter(user=user).update(is_manager=True)
    return user


def url(organisation):
    return reverse("identity:settings", args=[organisation.pk])


def test_the_manager_creates_and_changes_the_provider_with_history(client, manager, knivsta):
    client.force_login(manager)
    page = client.get(url(knivsta))
    assert page.status_code == 200
    assert "http://testserver/logga-in/organisation/tillbaka/" in page.content.decode()

    assert client.post(url(knivsta), VALUES).status_code == 302
    provider = IdentityProvider.objects.get(organisation=knivsta)
    assert provider.issuer == VALUES["issuer"].rstrip("/")
    assert provider.enabled and not provider.local_passwords_allowed  # unticked box: off

    assert client.post(url(knivsta), VALUES | {"local_passwords_allowed": "on"}).status_code == 302
    rows = list(provider.history.order_by("history_id"))
    assert [row.history_type for row in rows] == ["+", "~"]
    assert {row.history_user for row in rows} == {manager}
    assert "skapad av forvaltare" in client.get(url(knivsta)).content.decode()


def test_it_never_shows_the_secret_only_whether_it_is_set(client, manager, knivsta, monkeypatch):
    client.force_login(manager)
    client.post(url(knivsta), VALUES)
    monkeypatch.setenv("OIDC_SECRET_KNIVSTA", "hemlig-klienthemlighet-123")
    page = client.get(url(knivsta)).content.decode()
    assert "hemlig-klienthemlighet-123" not in page
    assert "Finns i miljövariabeln OIDC_SECRET_KNIVSTA" in page
    monkeypatch.delenv("OIDC_SECRET_KNIVSTA")
    assert "är inte satt" in client.get(url(knivsta)).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("issuer", "http://login.example.se", "https://"),
        ("client_secret_env", "SECRET_KEY", "OIDC_SECRET_"),
        ("scopes", "openid profile", "openid och email"),
        ("scopes", 'openid email "x"', "mellanslag"),
    ],
)
def test_it_refuses_bad_settings_in_swedish(client, manager, knivsta, field, value, message):
    client.force_login(manager)
    response = client.post(url(knivsta), VALUES | {field: value})
    assert response.status_code == 422
    assert message in str(response.context["form"].errors[field])
    assert not IdentityProvider.objects.exists()


def test_only_the_organisations_manager_or_a_superuser_reaches_it(
    client, manager, owner, knivsta, upplands_bro, make_user
):
    other_manager = make_user("forvaltare-ub", organisation=upplands_bro, role="samordnare")
    Membership.objects.filter(user=other_manager).update(is_manager=True)
    for user in (owner, other_manager):  # a member who is not förvaltare; another kommun's
        client.force_login(user)
        assert client.get(url(knivsta)).status_code == 404
        assert client.post(url(knivsta), VALUES).status_code == 404
    assert not IdentityProvider.objects.exists()
    client.logout()
    assert client.get(url(knivsta)).status_code == 302  # to the sign-in page
    client.force_login(make_user("admin2", is_superuser=True, is_staff=True))
    assert client.get(url(knivsta)).status_code == 200
    assert client.get(reverse("identity:settings", args=[999999])).status_code == 404


def test_the_page_reads_the_same_number_of_queries_however_long_its_history(
    client, manager, knivsta
):
    client.force_login(manager)
    client.post(url(knivsta), VALUES)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(knivsta)).status_code == 200
        return len(queries)

    once = count()
    for n in range(10):
        client.post(url(knivsta), VALUES | {"display_name": f"Knivstas inloggning {n}"})
    assert count() == once
    # The session, the user, the organisation, its provider, the history rows, the menu's roles.
    assert once == 6
