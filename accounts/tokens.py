"""The signed link of an invitation: the invitation's id and its current nonce.

Only this service can make a link (it is signed with SECRET_KEY); the database decides whether it
still works (``services.find_invitation``): not accepted, not revoked, not expired, and the nonce
is still the invitation's own (sending it again replaces the nonce).
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "accounts.invitation"


def make_token(invitation) -> str:
    return signing.dumps([invitation.pk, invitation.nonce], salt=SALT)


def read_token(token: str) -> tuple[int, str] | None:
    """The invitation id and nonce of a link, or None when it is forged or broken."""
    try:
        pk, nonce = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int) or not isinstance(nonce, str):
        return None
    return pk, nonce


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def invitation_url(invitation) -> str:
    return absolute(reverse("accounts:accept", args=[make_token(invitation)]))
