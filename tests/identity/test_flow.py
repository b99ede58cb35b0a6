"""The authorization code flow with PKCE against a real OpenID provider: signed in when every
check passes, refused (and counted by django-axes) when one fails."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY, get_user_model
from django.urls import reverse

from identity.models import IdentityProvider
from promises.models import Membership

from .conftest import CLIENT_ID, start_sign_in


def signed_in_user(client):
    """The account the client's session is signed in to, or None."""
    user_id = client.session.get(SESSION_KEY)
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


def refusal(response) -> str:
    """Why the sign-in was refused, as the failure page was told (for the test's message)."""
    failure = response.context["failure"]
    return f"{failure.kind}: {failure.detail}" if failure else ""


def without_iss(back: str) -> str:
    """The callback as a provider without RFC 9207's iss parameter would send it."""
    parts = urlsplit(back)
    query = {k: v for k, v in parse_qs(parts.query).items() if k != "iss"}
    return f"{parts.path}?{urlencode(query, doseq=True)}"


def test_it_signs_in_through_the_organisations_provider_with_pkce(
    client, openid_provider, knivsta_idp, anna
):
    authorization = start_sign_in(client, knivsta_idp, next="/loften/")
    query = parse_qs(urlsplit(authorization).query)
    assert authorization.startswith(f"{openid_provider.issuer}/auth?")
    assert query["code_challenge_method"] == ["S256"]
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"] == ["openid email profile"]
    assert query["nonce"] and query["state"] and query["code_challenge"]

    back = openid_provider.sign_in(authorization, "anna")
    response = client.get(back)

    assert response.status_code == 302 and response["Location"] == "/loften/"
    assert signed_in_user(client) == anna
    # The state is used up: the same answer a second time signs nobody in.
    client.logout()
    again = client.get(back)
    assert again.status_code == 400
    assert signed_in_user(client) is None


def test_it_accepts_an_es256_signature(client, openid_provider, knivsta_idp, anna):
    knivsta_idp.client_id = f"{CLIENT_ID}-es256"
    knivsta_idp.save()
    back = openid_provider.sign_in(start_sign_in(client, knivsta_idp), "anna")
    assert client.get(back).status_code == 302
    assert signed_in_user(client) == anna


def test_it_refuses_a_token_from_another_issuer(client, openid_provider, knivsta_idp, anna):
    # Discovery at <issuer>/lying claims that issuer; the tokens carry the provider's real one.
    knivsta_idp.issuer = f"{openid_provider.issuer}/lying"
    knivsta_idp.save()
    back = openid_provider.sign_in(start_sign_in(client, knivsta_idp), "anna")

    named = client.get(back)  # the provider names itself in the answer (RFC 9207): refused
    assert named.status_code == 403

    back = openid_provider.sign_in(start_sign_in(client, knivsta_idp), "anna")
    response = client.get(without_iss(back))  # else the ID token's iss is what refuses it
    assert response.status_code == 403, refusal(response)
    assert "Invalid issuer" in refusal(response)
    assert signed_in_user(client) is None


def test_it_refuses_a_token_whose_signature_is_not_the_providers(
    client, openid_provider, knivsta_idp, anna
):
    with openid_provider.misbehaving(foreign_jwks=True):
        back = openid_provider.sign_in(start_sign_in(client, knivsta_idp), "anna")
        response = client.get(back)
    assert response.status_code == 403
    assert "Signature verification failed" in refusal(response)
    assert "Svaret från din organisations inloggningstjänst" in response.content.decode()
    assert signed_in_user(client) is None


@pytest.mark.parametrize(
    ("skew", "reason"),
    [(-7200, "Signature has expired"), (300, "not yet valid")],
)
def test_it_refuses_an_expired_token_or_one_issued_in_the_future(
    client, openid_provider, knivsta_idp, anna, skew, reason
):
    with openid_provider.misbehaving(token_clock_skew=skew):
        back = openid_provider.sign_in(start_sign_in(client, knivsta_idp), "anna")
        response = client.get(back)
    assert response.status_code == 403
    assert reason in refusal(response)
    assert signed_in_user(client) is None


def test_it_refuses_a_token_whose_nonce_is_not_the_sessions(
    client, openid_provider, knivsta_idp, anna
):
    authorization = start_sign_in(client, knivsta_idp)
    state = parse_qs(urlsplit(authorization).query)["state"][0]
    # As when a code obtained in another browser is injected into this one's flow.
    session = client.session
    session["oidc_states"][state]["nonce"] = "another-sessions-nonce"
    session.save()
    response = client.get(openid_provider.sign_in(authorization, "anna"))
    assert response.status_code == 403
    assert "Nonce" in refusal(response)
    assert signed_in_user(client) is None


def test_it_refuses_an_address_the_provider_has_not_verified(
    client, openid_provider, knivsta_idp, make_user, knivsta
):
    make_user(
        "bertil",
        organisation=knivsta,
        role=Membership.Role.SECRETARY,
        email="bertil@knivsta.example",
    )
    response = client.get(openid_provider.sign_in(start_sign_in(client, knivsta_idp), "bertil"))
    assert response.status_code == 403
    assert response.context["failure"].kind == "unverified"
    assert "har inte bekräftat din e-postadress" in response.content.decode()
    assert signed_in_user(client) is None


def test_it_accepts_an_address_whose_domain_the_entra_tenant_verified(
    client, openid_provider, knivsta_idp, make_user, knivsta
):
    for name in ("dora", "erik"):
        make_user(
            name,
            organisation=knivsta,
            role=Membership.Role.SECRETARY,
            email=f"{name}@knivsta.example",
        )
    refused = client.get(openid_provider.sign_in(start_sign_in(client, knivsta_idp), "erik"))
    assert refused.context["failure"].kind == "unverified"
    assert (
        client.get(openid_provider.sign_in(start_sign_in(client, knivsta_idp), "dora")).status_code
        == 302
    )
    assert signed_in_user(client).username == "dora"


def test_it_gives_nobody_an_account_or_a_membership_from_the_provider_alone(
    client, openid_provider, knivsta_idp, make_user, upplands_bro
):
    users = get_user_model().objects
    # Cecilia has an account, but in another kommun; nobody has Anna's address at all.
    make_user(
        "cecilia",
        organisation=upplands_bro,
        role=Membership.Role.COORDINATOR,
        email="cecilia@knivsta.example",
    )
    before = (users.count(), Membership.objects.count())
    for account, email in (
        ("cecilia", "cecilia@knivsta.example"),
        ("anna", "Anna.Andersson@knivsta.example"),
    ):
        response = client.get(openid_provider.sign_in(start_sign_in(client, knivsta_idp), account))
        assert response.status_code == 403
        assert f"Ingen inbjudan hittades för {email}" in response.content.decode()
    assert (users.count(), Membership.objects.count()) == before
    assert signed_in_user(client) is None


def test_it_refuses_a_deactivated_account(client, openid_provider, knivsta_idp, anna):
    anna.is_active = False
    anna.save()
    response = client.get(openid_provider.sign_in(start_sign_in(client, knivsta_idp), "anna"))
    assert response.status_code == 403
    assert response.context["failure"].kind == "no-invitation"


def test_django_axes_counts_a_refused_sign_in(client, openid_provider, knivsta_idp, anna):
    with openid_provider.misbehaving(foreign_jwks=True):
        client.get(openid_provider.sign_in(start_sign_in(client, knivsta_idp), "anna"))
    attempts = AccessAttempt.objects.filter(ip_address="127.0.0.1")
    assert sum(attempt.failures_since_start for attempt in attempts) == 1


def test_it_says_in_swedish_when_the_provider_cannot_be_reached(client, knivsta_idp, anna):
    # A port that nothing listens on: the connection is refused at once.
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        knivsta_idp.issuer = f"http://127.0.0.1:{sock.getsockname()[1]}"
    knivsta_idp.save()
    response = client.get(reverse("identity:start", args=[knivsta_idp.pk]))
    assert response.status_code == 502
    assert "Det gick inte att nå organisationens inloggningstjänst" in response.content.decode()


def test_it_sends_nobody_off_while_the_secret_is_missing(client, knivsta_idp, monkeypatch):
    monkeypatch.delenv("OIDC_SECRET_KNIVSTA")
    response = client.get(reverse("identity:start", args=[knivsta_idp.pk]))
    assert response.status_code == 502
    assert "inte färdig att använda" in response.content.decode()


def test_a_switched_off_provider_signs_nobody_in(client, openid_provider, knivsta_idp, anna):
    authorization = start_sign_in(client, knivsta_idp)
    IdentityProvider.objects.filter(pk=knivsta_idp.pk).update(enabled=False)
    assert client.get(reverse("identity:start", args=[knivsta_idp.pk])).status_code == 404
    response = client.get(openid_provider.sign_in(authorization, "anna"))
    assert response.status_code == 403
    assert signed_in_user(client) is None


@pytest.mark.parametrize(
    "query",
    [{}, {"state": "x"}, {"code": "x"}, {"state": "x", "code": "y", "error": "z"}, {"sida": "abc"}],
)
def test_it_answers_a_made_up_callback_with_a_swedish_page(client, db, query):
    response = client.get(reverse("identity:callback"), query)
    assert response.status_code == 400
    assert "Börja om från inloggningssidan" in response.content.decode()


def test_a_session_from_the_provider_ends_when_the_account_is_deactivated(
    client, openid_provider, knivsta_idp, anna
):
    client.get(openid_provider.sign_in(start_sign_in(client, knivsta_idp), "anna"))
    assert client.get(reverse("promises:start")).status_code == 200
    anna.is_active = False
    anna.save()
    assert client.get(reverse("promises:start")).status_code == 302  # to the sign-in page


def test_it_never_sends_the_person_on_to_another_site(client, openid_provider, knivsta_idp, anna):
    authorization = start_sign_in(client, knivsta_idp, next="https://elak.example/")
    response = client.get(openid_provider.sign_in(authorization, "anna"))
    assert response.status_code == 302 and response["Location"] == reverse("promises:start")
