"""The authorization code flow with PKCE against a real OpenID provider, ending signed in."""

from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from .conftest import start_sign_in


def test_it_signs_in_through_the_organisations_provider_with_pkce(
    client, openid_provider, knivsta_idp, anna
):
    authorization = start_sign_in(client, knivsta_idp, next="/loften/")
    query = parse_qs(urlsplit(authorization).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["nonce"] and query["state"] and query["code_challenge"]

    back = openid_provider.sign_in(authorization, "anna")
    response = client.get(back)

    assert response.status_code == 302 and response["Location"] == "/loften/"
    assert client.get(reverse("promises:start")).context["user"] == anna
