"""Sending one e-mail that ``services.deliver`` queued: what the task does.

The claimed rows are locked while the e-mail goes out, so a task that runs twice sends once. If
sending fails, the claims are removed again and the error is raised (the task shows as failed):
the next ``send_reminders`` claims and sends them anew. A user who turned the kind off since it was
queued gets nothing. A digest marks what waited for it (the context's ``in_digest``) as sent in
it, in the same transaction.
"""

import email.policy
import logging
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from promises.models import Organisation

from .kinds import Frequency, Kind
from .models import SentNotification
from .services import frequencies, mark_in_digest
from .tokens import absolute, unsubscribe_url

logger = logging.getLogger(__name__)


class UnsubscribableEmail(EmailMultiAlternatives):
    """An e-mail whose ``List-Unsubscribe`` header reaches mail clients as a plain ``<https://…>``.

    The link is longer than a header line's 78 characters and has no space to fold at, so the
    standard policy would write it as an RFC 2047 encoded word, which RFC 8058 clients do not read.
    The headers are written with the hard limit of 998 characters instead; the parts keep theirs
    (quoted-printable lines stay within 76)."""

    def message(self, *, policy=email.policy.default):
        message = super().message(policy=policy)
        message.policy = policy.clone(max_line_length=998)
        return message


def build_email(
    *,
    user,
    kind: str,
    subject: str,
    template: str,
    context: dict,
    items: list[dict],
    organisation_name: str = "",
) -> EmailMultiAlternatives:
    """The e-mail in Swedish, plain text with an HTML alternative, with the one-click
    unsubscribe headers of RFC 8058 for its kind."""
    unsubscribe = unsubscribe_url(user.pk, kind)
    context = {
        **context,
        "items": items,
        "recipient_name": user.get_full_name() or user.get_username(),
        "organisation_name": organisation_name,
        "kind_label": Kind(kind).label,
        "unsubscribe_url": unsubscribe,
        "preferences_url": absolute(reverse("notifications:preferences")),
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
        name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
        sender_name = ", ".join(
            part for part in (name or "Löfteskollen", organisation_name) if part
        )
    email = UnsubscribableEmail(
        subject=subject,
        body=text,
        from_email=formataddr((sender_name, address)),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    email.attach_alternative(html, "text/html")
    return email


def send_batch(
    *, batch: str, kind: str, subject: str, template: str, context: dict, organisation_id=None
) -> int:
    """Send the e-mail of ``batch``; returns how many items it carried (0: nothing to do)."""
    try:
        with transaction.atomic():
            rows = list(
                SentNotification.objects.select_for_update(of=("self",))
                .filter(batch=batch, state=SentNotification.State.QUEUED)
                .select_related("user")
                .order_by("pk")
            )
            if not rows:
                return 0
            user = rows[0].user
            if frequencies([user.pk], [kind])[(user.pk, kind)] == Frequency.NEVER:
                SentNotification.objects.filter(pk__in=[row.pk for row in rows]).delete()
                return 0
            organisation = (
                Organisation.objects.filter(pk=organisation_id)
                .values_list("name", flat=True)
                .first()
                if organisation_id
                else ""
            )
            email = build_email(
                user=user,
                kind=kind,
                subject=subject,
                template=template,
                context=context,
                items=[row.context for row in rows],
                organisation_name=organisation or "",
            )
            email.send()
            SentNotification.objects.filter(pk__in=[row.pk for row in rows]).update(
                state=SentNotification.State.SENT, sent_at=timezone.now()
            )
            if context.get("in_digest"):
                # A digest: what waited for it has now been sent in it (in this transaction, so
                # a digest that fails leaves them waiting for the next one).
                mark_in_digest(
                    SentNotification.objects.filter(pk__in=context["in_digest"], user=user)
                )
    except Exception:
        logger.exception("Could not send the e-mail of batch %s; it will be tried again", batch)
        SentNotification.objects.filter(batch=batch, state=SentNotification.State.QUEUED).delete()
        raise
    return len(rows)
