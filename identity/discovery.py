"""What an identity provider publishes about itself, read over HTTP with timeouts.

The OpenID Connect discovery document (``<issuer>/.well-known/openid-configuration``) is kept per
process for ``DISCOVERY_TTL`` seconds, so a sign-in does not fetch it each time, yet a provider's
new endpoints or keys are seen within minutes. Every failure is a ``ProviderUnavailable`` with a
Swedish message a person can act on; the technical cause goes to the log.
"""

import logging
import threading
import time
from dataclasses import dataclass

import requests
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

# (connect, read) seconds: a sign-in waits at most this long for the provider.
TIMEOUT = (3.05, 10)
DISCOVERY_TTL = 300
# Signatures accepted on ID tokens: asymmetric only, never "none" nor a shared-secret HMAC.
SIGNING_ALGORITHMS = ("RS256", "ES256")
REQUIRED_ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri")


class ProviderUnavailable(Exception):
    """The provider could not be reached or answered with something unusable."""


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str
    signing_algorithms: tuple[str, ...]


_cache: dict[str, tuple[float, ProviderMetadata]] = {}
_lock = threading.Lock()


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def get_json(url: str, **kwargs) -> dict:
    """GET ``url`` and its JSON object, or ProviderUnavailable."""
    try:
        response = requests.get(url, timeout=TIMEOUT, allow_redirects=False, **kwargs)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        log.warning("Identity provider request to %s failed: %s", url, error)
        raise ProviderUnavailable(
            _(
                "Det gick inte att nå organisationens inloggningstjänst just nu. Försök igen om "
                "en stund, eller logga in med lösenord om din organisation tillåter det."
            )
        ) from error
    if not isinstance(document, dict):
        raise ProviderUnavailable(_("Inloggningstjänsten svarade med något oväntat."))
    return document


def discover(issuer: str) -> ProviderMetadata:
    """The provider's metadata, from this process's cache when younger than DISCOVERY_TTL."""
    now = time.monotonic()
    with _lock:
        cached = _cache.get(issuer)
    if cached and now - cached[0] < DISCOVERY_TTL:
        return cached[1]
    metadata = parse(issuer, get_json(f"{issuer}/.well-known/openid-configuration"))
    with _lock:
        _cache[issuer] = (now, metadata)
    return metadata


def parse(issuer: str, document: dict) -> ProviderMetadata:
    """Check a discovery document: it must name the same issuer it was fetched for (OpenID
    Connect Discovery 1.0, 4.3), give the endpoints of the code flow, and sign with an algorithm we
    accept."""
    if document.get("issuer") != issuer:
        log.warning("Discovery for %s names the issuer %r", issuer, document.get("issuer"))
        raise ProviderUnavailable(
            _("Inloggningstjänsten uppger en annan utfärdare än den som är inställd.")
        )
    if not all(isinstance(document.get(name), str) for name in REQUIRED_ENDPOINTS):
        raise ProviderUnavailable(_("Inloggningstjänsten saknar uppgifter som behövs."))
    offered = document.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = tuple(alg for alg in SIGNING_ALGORITHMS if alg in offered)
    if not algorithms:
        raise ProviderUnavailable(
            _(
                "Inloggningstjänsten signerar inte sina id-token på ett sätt som godtas (RS256, ES256)."
            )
        )
    userinfo = document.get("userinfo_endpoint")
    return ProviderMetadata(
        issuer=issuer,
        authorization_endpoint=document["authorization_endpoint"],
        token_endpoint=document["token_endpoint"],
        jwks_uri=document["jwks_uri"],
        userinfo_endpoint=userinfo if isinstance(userinfo, str) else "",
        signing_algorithms=algorithms,
    )
