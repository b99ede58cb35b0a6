"""What each user wants to get (``NotificationPreference``) and what was sent (``SentNotification``).

A ``SentNotification`` is one thing a user must never get twice (an activity's reminder for one
period, one due date, one digest): its ``key`` is unique per user and kind, so that two senders at
the same moment cannot both claim it (``services.deliver``). One e-mail may carry several of them
(a day's reminders): they share the e-mail's ``batch``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from promises.audit import audited_history
from promises.fields import CharField  # normalising fields, see promises/fields.py
from promises.models import Organisation

from .kinds import RULES, Frequency, Kind


class NotificationPreference(models.Model):
    """A user's choice for one kind of message; without a row the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("användare"),
    )
    kind = CharField(_("typ av meddelande"), max_length=30, choices=Kind.choices)
    frequency = CharField(_("hur ofta"), max_length=20, choices=Frequency.choices)

    # Like a membership, a user's setting keeps its history: who changed it, and when (a one-click
    # unsubscribe is recorded as the user's own change).
    history = audited_history()

    class Meta:
        verbose_name = _("e-postinställning")
        verbose_name_plural = _("e-postinställningar")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="unique_preference_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} – {self.get_frequency_display()}"

    def clean(self):
        rule = RULES.get(self.kind)
        if rule is not None and self.frequency and self.frequency not in rule.frequencies:
            raise ValidationError({"frequency": _("Det valet finns inte för den här typen.")})


class NotificationState(models.TextChoices):
    QUEUED = "koad", _("Köad")
    SENT = "skickad", _("Skickad")
    DIGEST = "sammanfattning", _("Väntar på veckosammanfattningen")
    IN_DIGEST = "i-sammanfattning", _("Skickad i veckosammanfattningen")


class SentNotification(models.Model):
    State = NotificationState

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sent_notifications",
        verbose_name=_("mottagare"),
    )
    kind = CharField(_("typ av meddelande"), max_length=30, choices=Kind.choices)
    key = CharField(
        _("nyckel"),
        max_length=200,
        help_text=_("Det som ingen får två gånger, t.ex. en aktivitet och en period."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommun"),
    )
    state = CharField(_("läge"), max_length=20, choices=State.choices)
    # The day the sender planned for (``send_reminders --today``): one reminder e-mail a day.
    planned_for = models.DateField(_("planerad dag"))
    batch = models.UUIDField(_("utskick"), db_index=True)
    subject = CharField(_("ämne"), max_length=250)
    # What the message said about this item (the digest shows it again).
    context = models.JSONField(_("innehåll"), default=dict, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)

    class Meta:
        verbose_name = _("skickat meddelande")
        verbose_name_plural = _("skickade meddelanden")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="unique_notification_key"),
        ]
        indexes = [
            models.Index(fields=["user", "kind", "planned_for"], name="notification_user_day"),
            models.Index(
                fields=["user", "kind"],
                condition=models.Q(state=NotificationState.DIGEST),
                name="notification_digest_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.key} ({self.state})"


class PromiseFollow(models.Model):
    """A user follows a promise: they hear when the police record updates in it
    (``Kind.FOLLOWED_PROMISE_UPDATED``, by their preference). Who may follow: ``follows.py``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="promise_follows",
        verbose_name=_("användare"),
    )
    promise = models.ForeignKey(
        "promises.Promise",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("löfte"),
    )
    created_at = models.DateTimeField(_("följer sedan"), auto_now_add=True)

    class Meta:
        verbose_name = _("följt löfte")
        verbose_name_plural = _("följda löften")
        constraints = [
            models.UniqueConstraint(fields=["user", "promise"], name="unique_promise_follow"),
        ]

    def __str__(self) -> str:
        return f"{self.user} följer {self.promise_id}"
