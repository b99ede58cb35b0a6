"""Following a promise: who may, the writes (``follow``, ``unfollow``) and the reads of follows.

Following is chosen, one promise at a time ("Följ löftet" on the promise page); nobody follows
anything by default. Every coordinator already gets, in the weekly digest, what was recorded in
their kommun that week: following says "tell me about this promise too, and as I choose (at once,
in the digest)", and an automatic follow of every promise of one's kommun would repeat the digest.

Who may follow: whoever may get the kind (``RULES[Kind.FOLLOWED_PROMISE_UPDATED].roles``, the
coordinators) in the promise's kommun, so only people who may read the promise. The same rule
decides, when a message is planned, which followers still hear: a follower who has left the kommun
gets nothing, and may still stop following (their own row, whatever they may read now).
"""

from django.db import transaction

from promises.models import Promise
from promises.querysets import municipality_ids

from .kinds import RULES, Kind
from .models import PromiseFollow

FOLLOWER_ROLES = RULES[Kind.FOLLOWED_PROMISE_UPDATED].roles


def may_follow(user, promise: Promise) -> bool:
    """No query: the user's kommuner are read once per request (``municipality_ids``)."""
    return promise.agreement.municipality_id in municipality_ids(user, roles=FOLLOWER_ROLES)


# Writes ----------------------------------------------------------------------------------------


@transaction.atomic
def follow(*, user, promise: Promise) -> bool:
    """``user`` follows ``promise`` from now on (only what is recorded from now is told); True
    when they did not already. The caller has checked ``may_follow``."""
    _follow, created = PromiseFollow.objects.get_or_create(user=user, promise=promise)
    return created


def unfollow(*, user, promise_id: int) -> bool:
    """``user`` no longer follows the promise; True when they did."""
    deleted, _rows = PromiseFollow.objects.filter(user=user, promise_id=promise_id).delete()
    return bool(deleted)


# Reads -----------------------------------------------------------------------------------------


def is_following(user, promise_id: int) -> bool:
    return PromiseFollow.objects.filter(user=user, promise_id=promise_id).exists()


def follows_of(user) -> list[PromiseFollow]:
    """The promises ``user`` follows, by kommun and title, for "E-postinställningar" (one
    query)."""
    return list(
        PromiseFollow.objects.filter(user=user)
        .select_related("promise__agreement__municipality")
        .only(
            "created_at",
            "promise__title",
            "promise__status",
            "promise__agreement__municipality__name",
        )
        .order_by("promise__agreement__municipality__name", "promise__title", "pk")
    )
