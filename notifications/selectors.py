"""Reads of the notifications app."""

from .kinds import RULES, kinds_for_roles
from .models import SentNotification
from .services import frequencies


def preference_rows(user, roles) -> list[tuple[str, str]]:
    """(kind, frequency) for every kind a person with ``roles`` may get (one query)."""
    kinds = kinds_for_roles(roles)
    chosen = frequencies([user.pk], kinds) if kinds else {}
    return [(kind, chosen.get((user.pk, kind), RULES[kind].default)) for kind in kinds]


def waiting_for_digest(user):
    """What the user chose to get in the weekly digest and has not had yet, oldest first (for
    the digest's sender, which marks them with ``services.mark_in_digest``)."""
    return SentNotification.objects.filter(user=user, state=SentNotification.State.DIGEST).order_by(
        "created_at", "pk"
    )


def waiting_for_digests(user_ids):
    """``waiting_for_digest`` of many users in one query (for the weekly digests' planner), by
    user and then oldest first."""
    return SentNotification.objects.filter(
        user_id__in=user_ids, state=SentNotification.State.DIGEST
    ).order_by("user_id", "created_at", "pk")
