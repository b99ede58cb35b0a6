"""Writes of the notifications app: a user's choices, and the one way every message goes out.

``deliver`` (and ``notify`` for a single message) is the sending path of every kind: it applies the
user's preference (never: nothing; weekly: recorded for the digest; immediately: an e-mail), claims
each item once and for all (``SentNotification``'s unique key, so two senders at the same moment
cannot both claim it) and enqueues the task that sends the e-mail when the claim commits
(``tasks.send_notification_task``). Nothing is ever sent inside a request.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from promises.services.writes import save

from .kinds import RULES, Frequency, Kind
from .models import NotificationPreference, SentNotification

# Preferences ---------------------------------------------------------------------------------


def frequencies(user_ids: Iterable[int], kinds: Iterable[str]) -> dict[tuple[int, str], str]:
    """Each (user, kind)'s frequency, the kind's default where the user chose nothing (one
    query)."""
    user_ids, kinds = set(user_ids), set(kinds)
    chosen = {
        (user_id, kind): frequency
        for user_id, kind, frequency in NotificationPreference.objects.filter(
            user_id__in=user_ids, kind__in=kinds
        ).values_list("user_id", "kind", "frequency")
    }
    return {
        (user_id, kind): chosen.get((user_id, kind), RULES[kind].default)
        for user_id in user_ids
        for kind in kinds
    }


def set_preferences(*, user, choices: dict[str, str], acting_user=None) -> list[str]:
    """Set ``user``'s frequency per kind; returns the kinds that changed. Only changes are
    written, each as one history row attributed to ``acting_user`` (default: the user)."""
    for kind, frequency in choices.items():
        if kind not in RULES or frequency not in RULES[kind].frequencies:
            raise ValidationError(_("Det valet finns inte för den här typen av meddelande."))
    changed = []
    with transaction.atomic():
        existing = {
            preference.kind: preference
            for preference in NotificationPreference.objects.select_for_update().filter(
                user=user, kind__in=list(choices)
            )
        }
        for kind, frequency in choices.items():
            preference = existing.get(kind)
            current = preference.frequency if preference else RULES[kind].default
            if current == frequency:
                continue
            if preference is None:
                preference = NotificationPreference(user=user, kind=kind)
            preference.frequency = frequency
            save(preference, user=acting_user or user)
            changed.append(kind)
    return changed


def unsubscribe(*, user, kind: str) -> bool:
    """One-click unsubscribe: ``kind`` is never sent to ``user`` again (until they choose it
    again). True when it changed something."""
    return bool(set_preferences(user=user, choices={kind: Frequency.NEVER}))


# Sending -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One thing a user must never get twice (an activity's reminder for one period): ``key`` is
    unique per user and kind; ``context`` (JSON) is what the e-mail, or the digest, says of it."""

    key: str
    context: dict = field(default_factory=dict)
    organisation_id: int | None = None


@dataclass(frozen=True)
class Message:
    """One e-mail to ``user``: ``template`` names ``<template>.txt`` and ``<template>.html``,
    rendered with ``context`` (JSON) and ``items`` (the contexts of the items claimed now).
    ``organisation_id`` is the kommun whose name the e-mail carries (None: several)."""

    user: object
    kind: str
    subject: str
    template: str
    context: dict
    items: tuple[Item, ...]
    organisation_id: int | None = None


class Delivery(models.TextChoices):
    EMAIL = "e-post", gettext_lazy("skickas med e-post")
    DIGEST = "sammanfattning", gettext_lazy("sparas till veckosammanfattningen")
    NEVER = "aldrig", gettext_lazy("skickas inte (avstängt av mottagaren)")
    ALREADY = "redan", gettext_lazy("redan skickat")
    NO_ADDRESS = "ingen-adress", gettext_lazy("skickas inte (ingen e-postadress)")
    TOMORROW = "i-morgon", gettext_lazy("väntar till i morgon (redan ett mejl i dag)")


@dataclass
class Outcome:
    message: Message
    delivery: str
    items: list[Item]  # the items this delivery covers (claimed, unless it was a dry run)


def _plan(messages: list[Message], today: date) -> list[Outcome]:
    """What would happen to each message now, from what is recorded (three queries)."""
    user_ids = {message.user.pk for message in messages}
    kinds = {message.kind for message in messages}
    chosen = frequencies(user_ids, kinds)
    keys = {item.key for message in messages for item in message.items}
    taken = set(
        SentNotification.objects.filter(
            user_id__in=user_ids, kind__in=kinds, key__in=keys
        ).values_list("user_id", "kind", "key")
    )
    daily = [kind for kind in kinds if RULES[kind].once_a_day]
    mailed_today = set(
        SentNotification.objects.filter(
            user_id__in=user_ids,
            kind__in=daily,
            planned_for=today,
            state__in=[SentNotification.State.QUEUED, SentNotification.State.SENT],
        )
        .values_list("user_id", "kind")
        .distinct()
    )
    outcomes = []
    for message in messages:
        user = message.user
        frequency = chosen[(user.pk, message.kind)]
        fresh = [item for item in message.items if (user.pk, message.kind, item.key) not in taken]
        if frequency == Frequency.NEVER:
            delivery = Delivery.NEVER
        elif not fresh:
            delivery = Delivery.ALREADY
        elif frequency == Frequency.WEEKLY:
            delivery = Delivery.DIGEST
        elif not (user.email and user.is_active):
            delivery = Delivery.NO_ADDRESS
        elif (user.pk, message.kind) in mailed_today:
            delivery = Delivery.TOMORROW
        else:
            delivery = Delivery.EMAIL
        outcomes.append(Outcome(message, delivery, fresh))
    return outcomes


def deliver(
    messages: Iterable[Message], *, today: date | None = None, dry_run: bool = False
) -> list[Outcome]:
    """Send ``messages`` by each user's preference; safe to call again and from many processes
    at once: an item already claimed is never claimed again. A fixed number of queries however
    many messages, plus one task enqueued per e-mail. ``dry_run`` says what would happen and
    writes nothing."""
    today = today or timezone.localdate()
    messages = [message for message in messages if message.items]
    if not messages:
        return []
    outcomes = _plan(messages, today)
    if dry_run:
        return outcomes
    rows, batches = [], {}
    for outcome in outcomes:
        if outcome.delivery not in (Delivery.EMAIL, Delivery.DIGEST):
            continue
        batch = uuid.uuid4()
        batches[batch] = outcome
        state = (
            SentNotification.State.QUEUED
            if outcome.delivery == Delivery.EMAIL
            else SentNotification.State.DIGEST
        )
        message = outcome.message
        rows += [
            SentNotification(
                user_id=message.user.pk,
                kind=message.kind,
                key=item.key,
                organisation_id=item.organisation_id or message.organisation_id,
                state=state,
                planned_for=today,
                batch=batch,
                subject=message.subject[:250],
                context=item.context,
            )
            for item in outcome.items
        ]
    if not rows:
        return outcomes
    # One order for every sender, so that two at once wait for each other instead of deadlocking.
    rows.sort(key=lambda row: (row.user_id, row.kind, row.key))
    with transaction.atomic():
        SentNotification.objects.bulk_create(rows, ignore_conflicts=True)
        claimed: dict[uuid.UUID, set[str]] = {}
        for batch, key in SentNotification.objects.filter(batch__in=list(batches)).values_list(
            "batch", "key"
        ):
            claimed.setdefault(batch, set()).add(key)
        for batch, outcome in batches.items():
            keys = claimed.get(batch, set())
            outcome.items = [item for item in outcome.items if item.key in keys]
            if not outcome.items:
                outcome.delivery = Delivery.ALREADY  # another sender claimed them first
            elif outcome.delivery == Delivery.EMAIL:
                _enqueue_on_commit(batch, outcome.message)
    return outcomes


def _enqueue_on_commit(batch: uuid.UUID, message: Message) -> None:
    from .tasks import send_notification_task  # the task module imports the sending module

    arguments = {
        "batch": str(batch),
        "kind": message.kind,
        "subject": message.subject,
        "template": message.template,
        "context": message.context,
        "organisation_id": message.organisation_id,
    }
    transaction.on_commit(lambda: send_notification_task.enqueue(**arguments))


def notify(
    user,
    kind: str,
    key: str,
    subject: str,
    template: str,
    context: dict,
    organisation=None,
    *,
    today: date | None = None,
) -> str:
    """Send one message of ``kind`` to ``user`` unless ``key`` was sent to them before; returns
    the ``Delivery`` (e-mail, digest, never, already sent, …). ``context`` must be JSON: it is
    both the e-mail's context and what the digest shows of it (as the one item)."""
    Kind(kind)  # a kind that does not exist is a programming error
    organisation_id = getattr(organisation, "pk", organisation)
    message = Message(
        user=user,
        kind=kind,
        subject=subject,
        template=template,
        context=context,
        items=(Item(key=key, context=context, organisation_id=organisation_id),),
        organisation_id=organisation_id,
    )
    return deliver([message], today=today)[0].delivery


def mark_in_digest(rows: Iterable[SentNotification]) -> int:
    """For the digest's sender: the rows it sent (from ``selectors.waiting_for_digest``)."""
    return SentNotification.objects.filter(
        pk__in=[row.pk for row in rows], state=SentNotification.State.DIGEST
    ).update(state=SentNotification.State.IN_DIGEST, sent_at=timezone.now())
