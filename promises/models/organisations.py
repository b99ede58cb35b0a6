"""The kommuner and police areas, and who works for which in what role."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import choices
from ..audit import audited_history
from ..fields import CharField, EmailField, SlugField  # normalising fields, see fields.py
from ..querysets import OrganisationQuerySet
from .common import NO_ID_NUMBER


class Organisation(models.Model):
    Kind = choices.OrganisationKind

    kind = CharField(_("typ"), max_length=20, choices=Kind.choices)
    name = CharField(_("namn"), max_length=120, unique=True, validators=NO_ID_NUMBER)
    slug = SlugField(
        _("kortnamn i adresser"),
        unique=True,
        help_text=_("Används i webbadressen till kommunens offentliga sida, t.ex. knivsta."),
    )
    municipality_code = CharField(
        _("kommunkod"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("Kommunkoden består av fyra siffror."))],
        help_text=_("SCB:s fyrsiffriga kommunkod, t.ex. 0330 för Knivsta."),
    )
    office = CharField(
        _("förvaltning"),
        max_length=120,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Förvaltningen som skriver rapporterna, t.ex. Kommunledningskontoret."),
    )
    contact_email = EmailField(
        _("kontaktadress"),
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Kommunens funktionsadress, t.ex. trygghet@knivsta.se"),
    )
    covered_municipalities = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="police_areas",
        limit_choices_to={"kind": Kind.MUNICIPALITY},
        verbose_name=_("kommuner i området"),
        help_text=_("Gäller lokalpolisområden: de kommuner som området omfattar."),
    )

    history = audited_history(m2m_fields=[covered_municipalities])
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_code"],
                condition=~Q(municipality_code=""),
                name="unique_municipality_code",
                violation_error_message=_("Det finns redan en kommun med den kommunkoden."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_municipality(self) -> bool:
        return self.kind == self.Kind.MUNICIPALITY

    def clean(self):
        if self.kind == self.Kind.MUNICIPALITY and not self.municipality_code:
            raise ValidationError({"municipality_code": _("En kommun måste ha en kommunkod.")})
        if self.kind == self.Kind.POLICE_AREA and self.municipality_code:
            raise ValidationError(
                {"municipality_code": _("Ett lokalpolisområde har ingen kommunkod.")}
            )


class Membership(models.Model):
    Role = choices.Role

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("användare"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = CharField(_("roll"), max_length=20, choices=Role.choices)
    title = CharField(
        _("titel"),
        max_length=120,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("T.ex. trygghetssamordnare."),
    )
    # Förvaltare: manages the organisation's accounts (invites, changes roles, deactivates) on
    # top of the role above; in a police area, a police contact who is its förvaltare.
    is_manager = models.BooleanField(
        _("förvaltare"),
        default=False,
        help_text=_(
            "Förvaltaren bjuder in personer till organisationen, ändrar deras roller och "
            "avaktiverar konton."
        ),
    )

    history = audited_history()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    def clean(self):
        if not self.organisation_id or not self.role:
            return
        is_police_area = self.organisation.kind == Organisation.Kind.POLICE_AREA
        if self.role == self.Role.POLICE and not is_police_area:
            raise ValidationError({"role": _("Rollen polis gäller bara i ett lokalpolisområde.")})
        if self.role != self.Role.POLICE and is_police_area:
            raise ValidationError(
                {"role": _("I ett lokalpolisområde kan man bara ha rollen polis.")}
            )
