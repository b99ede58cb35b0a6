"""An organisation's own identity provider (OpenID Connect): where its people sign in.

The client secret is never stored: the model holds the *name* of the environment variable that
holds it (``OIDC_SECRET_KNIVSTA``), which whoever runs the service sets. So the database, its
backups and its history never carry a secret, and no page can show one back.
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from promises.audit import audited_history
from promises.fields import CharField, URLField  # normalising fields, see promises/fields.py
from promises.models import Organisation
from promises.validators import NO_ID_NUMBER

# Plain HTTP only to a provider on this machine (a test provider); anything else needs TLS.
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
ENV_VAR_NAME = RegexValidator(
    r"^OIDC_SECRET_[A-Z0-9_]{1,60}$",
    _("Namnet börjar med OIDC_SECRET_ och har bara stora bokstäver A–Z, siffror och _."),
)
SCOPE_TOKENS = RegexValidator(
    r"^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$",
    _("Skriv omfången åtskilda av ett mellanslag, t.ex. openid email profile."),
)


class IdentityProvider(models.Model):
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="identity_provider",
        verbose_name=_("organisation"),
    )
    display_name = CharField(
        _("namn på knappen"),
        max_length=120,
        validators=NO_ID_NUMBER,
        help_text=_("Visas som ”Logga in med …”, t.ex. Knivsta kommuns inloggning (Entra ID)."),
    )
    issuer = URLField(
        _("utfärdare (issuer)"),
        max_length=300,
        help_text=_(
            "Identitetsleverantörens issuer-adress, utan /.well-known/openid-configuration, t.ex. "
            "https://login.microsoftonline.com/<katalog-id>/v2.0"
        ),
    )
    client_id = CharField(
        _("klient-id"),
        max_length=200,
        help_text=_("Det id som Löfteskollen fick när den registrerades hos leverantören."),
    )
    client_secret_env = CharField(
        _("miljövariabel med klienthemligheten"),
        max_length=80,
        validators=[ENV_VAR_NAME],
        help_text=_(
            "Namnet på miljövariabeln där driften lägger klienthemligheten, t.ex. "
            "OIDC_SECRET_KNIVSTA. Själva hemligheten sparas aldrig i Löfteskollen."
        ),
    )
    scopes = CharField(
        _("omfång (scopes)"),
        max_length=200,
        default="openid email profile",
        validators=[SCOPE_TOKENS],
        help_text=_("Åtskilda av mellanslag; openid och email behövs alltid."),
    )
    enabled = models.BooleanField(
        _("påslagen"),
        default=False,
        help_text=_("Visar knappen på inloggningssidan."),
    )
    local_passwords_allowed = models.BooleanField(
        _("lösenord i Löfteskollen tillåtna"),
        default=True,
        help_text=_(
            "Slå av för att organisationens medlemmar bara ska kunna logga in via "
            "identitetsleverantören (gäller när den är påslagen)."
        ),
    )

    history = audited_history()

    class Meta:
        verbose_name = _("identitetsleverantör")
        verbose_name_plural = _("identitetsleverantörer")
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    def clean(self):
        if self.issuer:
            self.issuer = self.issuer.rstrip("/")
            parts = urlsplit(self.issuer)
            if parts.scheme != "https" and parts.hostname not in LOOPBACK_HOSTS:
                raise ValidationError({"issuer": _("Utfärdarens adress måste börja med https://.")})
        if self.scopes and not {"openid", "email"} <= set(self.scopes.split()):
            raise ValidationError({"scopes": _("Omfången måste innehålla openid och email.")})

    @property
    def client_secret(self) -> str:
        """The secret from the environment variable the provider names ("" when it is unset)."""
        return os.environ.get(self.client_secret_env, "") if self.client_secret_env else ""
