"""Local passwords turned off for one organisation: its members' password sign-in is refused
with a pointer to the organisation's own sign-in; everyone else signs in as before."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from identity.models import IdentityProvider
from promises.models import Membership

REFUSED = "Din organisation loggar in via sin egen inloggningstjänst"


@pytest.fixture
def passwords_off(knivsta):
    return IdentityProvider.objects.create(
        organisation=knivsta,
        display_name="Knivsta kommuns inloggning (Entra ID)",
        issuer="https://login.example.se/knivsta",
        client_id="lofteskollen",
        client_secret_env="OIDC_SECRET_KNIVSTA",
        enabled=True,
        local_passwords_allowed=False,
    )


def log_in(client, username, password="test-password"):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_it_refuses_the_password_of_a_member_and_names_the_provider(client, owner, passwords_off):
    response = log_in(client, "samordnare")
    assert response.status_code == 200
    page = response.content.decode()
    assert REFUSED in page
    assert "Logga in med Knivsta kommuns inloggning (Entra ID)" in page
    assert reverse("identity:start", args=[passwords_off.pk]) in page
    assert SESSION_KEY not in client.session


def test_it_refuses_the_member_by_e_mail_address_too(client, owner, passwords_off):
    owner.email = "linnea@knivsta.example"
    owner.save()
    # Whichever backend signs in by address (accounts/), the refusal comes first.
    response = log_in(client, "LINNEA@knivsta.example")
    assert REFUSED in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_wrong_password_gets_the_usual_answer(client, owner, passwords_off):
    page = log_in(client, "samordnare", "wrong").content.decode()
    assert REFUSED not in page
    assert SESSION_KEY not in client.session


def test_members_of_other_organisations_still_sign_in_with_a_password(
    client, outsider, police, passwords_off
):
    for username in ("samordnare-ub", "polis"):
        assert log_in(client, username).status_code == 302
        assert SESSION_KEY in client.session
        client.logout()


def test_a_superuser_member_still_signs_in_with_a_password(client, owner, passwords_off):
    owner.is_superuser = True
    owner.save()
    assert log_in(client, "samordnare").status_code == 302


@pytest.mark.parametrize("change", [{"enabled": False}, {"local_passwords_allowed": True}])
def test_passwords_work_while_the_provider_is_off_or_allows_them(
    client, owner, passwords_off, change
):
    IdentityProvider.objects.filter(pk=passwords_off.pk).update(**change)
    assert log_in(client, "samordnare").status_code == 302


def test_a_member_of_two_organisations_is_refused_if_either_turned_passwords_off(
    client, make_user, knivsta, upplands_bro, passwords_off
):
    user = make_user("dubbel", organisation=upplands_bro, role=Membership.Role.COORDINATOR)
    Membership.objects.create(user=user, organisation=knivsta, role=Membership.Role.SECRETARY)
    assert REFUSED in log_in(client, "dubbel").content.decode()


def test_the_admin_login_refuses_the_member_too(client, owner, passwords_off):
    owner.is_staff = True
    owner.save()
    client.post(reverse("admin:login"), {"username": "samordnare", "password": "test-password"})
    assert SESSION_KEY not in client.session


def test_the_sign_in_page_offers_only_switched_on_providers(client, knivsta, upplands_bro):
    common = {
        "issuer": "https://idp.example.se",
        "client_id": "x",
        "client_secret_env": "OIDC_SECRET_X",
    }
    on = IdentityProvider.objects.create(
        organisation=knivsta, display_name="Knivsta kommuns inloggning", enabled=True, **common
    )
    IdentityProvider.objects.create(
        organisation=upplands_bro, display_name="Upplands-Bros inloggning", **common
    )
    page = client.get(reverse("login"), {"next": "/loften/"}).content.decode()
    assert "Logga in med Knivsta kommuns inloggning" in page
    assert f"{reverse('identity:start', args=[on.pk])}?next=/loften/" in page
    assert "Upplands-Bros inloggning" not in page
