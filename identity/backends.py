"""Authentication backends of sign-in through an organisation's identity provider.

``OrganisationOIDCBackend`` is mozilla-django-oidc's backend made per organisation: that package
reads one provider from the settings, so the endpoints, client and secret are set here for the
provider a sign-in started with (``identity_provider=``), from its discovery document. We keep
its code exchange (with the PKCE verifier), its choice of key from the provider's JWKS and its
nonce check, and add what it leaves out: the ID token's issuer, audience, expiry and issue time
are checked (with a small leeway) and only RS256/ES256 signatures pass. The person is matched by
a *verified* e-mail address to an existing, active account with a membership in the provider's
organisation; nobody gets an account or a membership from the provider alone.

A refusal raises PermissionDenied, so Django's ``authenticate`` sends ``user_login_failed`` and
django-axes counts the failure; why it was refused is left on the request
(``request.identity_failure``) for the page that says so.

``PasswordPolicyBackend`` refuses the password of a member of an organisation that turned local
passwords off (``IdentityProvider.local_passwords_allowed``).
"""

from dataclasses import dataclass

import jwt
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from . import selectors
from .discovery import TIMEOUT, ProviderUnavailable, discover

# Seconds of clock difference tolerated between us and the provider (exp, iat).
LEEWAY = 60


@dataclass(frozen=True)
class Failure:
    """Why a sign-in was refused: one of the kinds below, and the e-mail address it concerned."""

    UNAVAILABLE = "unavailable"  # the provider could not be reached
    REFUSED = "refused"  # the provider's answer or token did not pass the checks
    UNVERIFIED = "unverified"  # no e-mail address the provider vouches for
    NO_INVITATION = "no-invitation"  # no active account of the organisation with that address

    kind: str
    email: str = ""
    detail: str = ""


def address_verified(claims: dict) -> bool:
    """The provider vouches for the address: OpenID's ``email_verified``, or Entra ID's
    ``xms_edov`` (the address's domain is verified by the tenant's owner: Entra ID sends no
    ``email_verified``; the issuer check has already tied the token to the organisation's own
    tenant). Only true itself counts (some providers send it as a string)."""
    return any(claims.get(name) in (True, "true") for name in ("email_verified", "xms_edov"))


def fail(request, kind: str, email: str = "", detail: str = "") -> None:
    request.identity_failure = Failure(kind, email, detail)


class OrganisationOIDCBackend(OIDCAuthenticationBackend):
    SETTINGS = {
        "OIDC_AUTHENTICATION_CALLBACK_URL": "identity:callback",
        "OIDC_TOKEN_USE_BASIC_AUTH": True,
        "OIDC_TIMEOUT": TIMEOUT,
        "OIDC_VERIFY_SSL": True,
        "OIDC_PROXY": None,
        "OIDC_USE_NONCE": True,
        "OIDC_ALLOW_UNSECURED_JWT": False,
        "OIDC_CREATE_USER": False,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_STORE_ID_TOKEN": False,
    }

    def __init__(self, *args, **kwargs):
        # The package reads a single provider from the settings here; ours is set per sign-in.
        self.UserModel = get_user_model()

    def get_settings(self, attr, *args):
        if attr in self.SETTINGS:
            return self.SETTINGS[attr]
        if args:
            return args[0]
        raise ImproperlyConfigured(attr)

    def authenticate(self, request, identity_provider=None, nonce=None, code_verifier=None, **_):
        if identity_provider is None or request is None:
            return None
        self.provider = identity_provider
        try:
            self.metadata = discover(identity_provider.issuer)
            self.OIDC_OP_TOKEN_ENDPOINT = self.metadata.token_endpoint
            self.OIDC_OP_USER_ENDPOINT = self.metadata.userinfo_endpoint
            self.OIDC_OP_JWKS_ENDPOINT = self.metadata.jwks_uri
            self.OIDC_RP_CLIENT_ID = identity_provider.client_id
            self.OIDC_RP_CLIENT_SECRET = identity_provider.client_secret
            # Only steers the package to the provider's JWKS; _verify_jws says which pass.
            self.OIDC_RP_SIGN_ALGO = "RS256"
            self.OIDC_RP_IDP_SIGN_KEY = None
            user = super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except ProviderUnavailable as error:
            fail(request, Failure.UNAVAILABLE, detail=str(error))
            raise PermissionDenied from error
        except (requests.RequestException, ValueError) as error:
            fail(request, Failure.REFUSED, detail=f"token request: {error}")
            raise PermissionDenied from error
        except SuspiciousOperation as error:
            fail(request, Failure.REFUSED, detail=str(error))
            raise PermissionDenied from error
        if user is None:
            if not hasattr(request, "identity_failure"):
                fail(request, Failure.REFUSED)
            raise PermissionDenied
        return user

    def get_user(self, user_id):
        # Django's check, which the package's own get_user drops: a deactivated account's
        # session ends at its next request, however it signed in.
        return ModelBackend.get_user(self, user_id)

    def retrieve_matching_jwk(self, token):
        try:
            return super().retrieve_matching_jwk(token)
        except (requests.RequestException, ValueError, KeyError, TypeError) as error:
            raise SuspiciousOperation(f"JWKS: {error!r}") from error
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"JWKS: {error}") from error

    def verify_token(self, token, **kwargs):
        if not isinstance(token, str):
            raise SuspiciousOperation("No ID token in the token response.")
        try:
            return super().verify_token(token, **kwargs)
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"ID token: {error}") from error

    def _verify_jws(self, payload, key):
        """The ID token's claims, once its signature, issuer, audience and times pass."""
        algorithm = jwt.get_unverified_header(payload).get("alg")
        if algorithm not in self.metadata.signing_algorithms:
            raise SuspiciousOperation(f"ID token signed with {algorithm!r}.")
        claims = jwt.decode(
            payload,
            key,
            algorithms=[algorithm],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=self.metadata.issuer,
            leeway=LEEWAY,
            options={"require": ["iss", "aud", "exp", "iat", "sub"], "strict_aud": False},
        )
        audience = claims["aud"]
        # Several audiences: the token must have been issued to us (OpenID Connect Core 3.1.3.7).
        several = isinstance(audience, list) and len(audience) > 1
        if several and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token for several audiences without our azp.")
        return claims

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims; the address from the userinfo endpoint when the token has
        none (a provider may keep scope claims out of the ID token), for the same subject."""
        if ("email" in payload and "email_verified" in payload) or not (
            self.OIDC_OP_USER_ENDPOINT and access_token
        ):
            return payload
        try:
            userinfo = super().get_userinfo(access_token, id_token, payload)
        except (requests.RequestException, ValueError) as error:
            raise SuspiciousOperation(f"userinfo: {error}") from error
        if not isinstance(userinfo, dict) or userinfo.get("sub") != payload["sub"]:
            raise SuspiciousOperation("userinfo for another subject.")
        return {**userinfo, **payload}

    def verify_claims(self, claims):
        return True  # filter_users_by_claims says what is missing

    def filter_users_by_claims(self, claims):
        email = claims.get("email")
        email = email.strip() if isinstance(email, str) else ""
        if not email or not address_verified(claims):
            fail(self.request, Failure.UNVERIFIED, email)
            return []
        users = selectors.members_with_email(self.provider.organisation_id, email)
        if len(users) != 1:
            fail(self.request, Failure.NO_INVITATION, email)
            return []
        return users


class PasswordPolicyBackend:
    """Refuses a right password of a member of an organisation whose provider is on and turned
    local passwords off. It runs before the password backends; for everyone else it passes (None)
    and the next backend decides. A wrong password passes too, so the refusal tells nothing to
    someone who does not know the password. It signs nobody in, so it has no ``get_user`` (and
    the test client's ``force_login`` passes it by)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        for user, provider in selectors.password_refusals(username):
            if user.check_password(password):
                if request is not None:
                    request.password_refused_by = provider
                raise PermissionDenied
        return None
