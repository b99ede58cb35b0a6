"""The signed token of a one-click unsubscribe link: a user and a kind of message (RFC 8058)."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .kinds import Kind

SALT = "notifications.unsubscribe"


def make_token(user_id: int, kind: str) -> str:
    return signing.dumps([user_id, str(kind)], salt=SALT)


def read_token(token: str) -> tuple[int, str] | None:
    """The user id and kind the token was made for, or None when it is forged, broken, expired
    (``UNSUBSCRIBE_LINK_DAYS``) or names a kind that no longer exists."""
    try:
        user_id, kind = signing.loads(
            token, salt=SALT, max_age=timedelta(days=settings.UNSUBSCRIBE_LINK_DAYS)
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or kind not in Kind.values:
        return None
    return user_id, kind


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(user_id: int, kind: str) -> str:
    return absolute(reverse("notifications:unsubscribe", args=[make_token(user_id, kind)]))
