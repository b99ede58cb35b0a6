"""Discovery: the provider's own document, checked, and kept per process for a short while."""

import pytest

from identity import discovery
from identity.discovery import ProviderUnavailable, discover, parse


def test_it_reads_the_providers_endpoints(openid_provider):
    metadata = discover(openid_provider.issuer)
    assert metadata.issuer == openid_provider.issuer
    assert metadata.authorization_endpoint == f"{openid_provider.issuer}/auth"
    assert metadata.token_endpoint == f"{openid_provider.issuer}/token"
    assert metadata.jwks_uri == f"{openid_provider.issuer}/jwks"
    assert metadata.userinfo_endpoint == f"{openid_provider.issuer}/me"
    assert metadata.signing_algorithms == ("RS256", "ES256")


def test_it_keeps_the_document_for_a_short_while(openid_provider, monkeypatch):
    first = discover(openid_provider.issuer)
    assert discover(openid_provider.issuer) is first
    monkeypatch.setattr(discovery, "DISCOVERY_TTL", 0)
    assert discover(openid_provider.issuer) is not first


def test_it_refuses_a_document_that_names_another_issuer(openid_provider):
    # The same server under another name: its document names its real issuer.
    other_name = openid_provider.issuer.replace("127.0.0.1", "localhost")
    with pytest.raises(ProviderUnavailable, match="annan utfärdare"):
        discover(other_name)


def test_it_says_in_swedish_when_there_is_no_document(openid_provider):
    with pytest.raises(ProviderUnavailable, match="Det gick inte att nå"):
        discover(f"{openid_provider.issuer}/nothing-here")


DOCUMENT = {
    "issuer": "https://idp.example.se",
    "authorization_endpoint": "https://idp.example.se/auth",
    "token_endpoint": "https://idp.example.se/token",
    "jwks_uri": "https://idp.example.se/jwks",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"token_endpoint": None}, "saknar uppgifter"),
        ({"jwks_uri": 3}, "saknar uppgifter"),
        ({"id_token_signing_alg_values_supported": ["none", "HS256"]}, "RS256, ES256"),
    ],
)
def test_it_refuses_a_document_without_what_the_code_flow_needs(change, message):
    with pytest.raises(ProviderUnavailable, match=message):
        parse("https://idp.example.se", DOCUMENT | change)


def test_it_never_accepts_unsigned_or_shared_secret_tokens():
    offered = ["none", "HS256", "ES256"]
    metadata = parse(
        "https://idp.example.se", DOCUMENT | {"id_token_signing_alg_values_supported": offered}
    )
    assert metadata.signing_algorithms == ("ES256",)
