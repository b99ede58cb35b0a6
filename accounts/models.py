"""Invitations to an organisation, and the sessions each account signed in with.

An invitation's link is signed (``tokens``) and names the invitation and its current ``nonce``:
a new link for the same invitation replaces the nonce, so the old link no longer works. The link
works once (``accepted_at``), until ``expires_at``, and not after it was revoked.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from promises.audit import audited_history
from promises.fields import CharField, EmailField  # normalising fields, see promises/fields.py
from promises.models import Membership, Organisation
from promises.validators import NO_ID_NUMBER


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Neither accepted nor revoked (an expired one is pending too: it can be sent again)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = EmailField(_("e-postadress"), validators=NO_ID_NUMBER)
    role = CharField(_("roll"), max_length=20, choices=Membership.Role.choices)
    is_manager = models.BooleanField(_("förvaltare"), default=False)
    title = CharField(_("titel"), max_length=120, blank=True, validators=NO_ID_NUMBER)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inbjuden av"),
    )
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    expires_at = models.DateTimeField(_("gäller till"))
    accepted_at = models.DateTimeField(_("accepterad"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("konto"),
        help_text=_("Kontot som accepterade inbjudan."),
    )
    # The link's secret part: replaced when the invitation is sent again (the old link is void).
    nonce = CharField(max_length=40, default=new_nonce, editable=False)

    history = audited_history(excluded_fields=["nonce"])
    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "accepted_at", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.email} – {self.organisation}"

    def is_expired(self, now=None) -> bool:
        return self.expires_at <= (now or timezone.now())


class SignedInSession(models.Model):
    """A session an account signed in with, so that deactivating the account ends every one of
    its sessions at once (the session store itself cannot be searched by user)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=True
    )
    session_key = CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("inloggning")
        verbose_name_plural = _("inloggningar")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.created_at:%Y-%m-%d %H:%M}"
