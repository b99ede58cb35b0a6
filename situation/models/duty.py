"""What the law (2023:196) asks of a kommun, as far as the checklist needs settings: who holds the
samordningsfunktion, how to reach it, and how often the lägesbild is renewed."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from promises.audit import audited_history
from promises.fields import CharField
from promises.models.common import NO_ID_NUMBER
from promises.versioning import Versioned

DEFAULT_RENEWAL_MONTHS = 24


class DutySettings(Versioned):
    """One row per kommun; a kommun without a row has the defaults and no samordningsfunktion."""

    EDITABLE_FIELDS = ("coordination_function", "coordination_contact", "renewal_months")

    municipality = models.OneToOneField(
        "promises.Organisation",
        on_delete=models.CASCADE,
        related_name="duty_settings",
        verbose_name=_("kommun"),
    )
    coordination_function = CharField(
        _("samordningsfunktion"),
        max_length=200,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_(
            "Funktionen som samordnar det brottsförebyggande arbetet, inte en person, t.ex. "
            "Trygghetssamordnare, kommunledningskontoret."
        ),
    )
    coordination_contact = CharField(
        _("kontakt till samordningsfunktionen"),
        max_length=200,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_(
            "Funktionens e-postadress eller telefonnummer, t.ex. trygghet@kommun.se eller "
            "08-123 456 00."
        ),
    )
    renewal_months = models.PositiveSmallIntegerField(
        _("ny lägesbild efter (månader)"),
        default=DEFAULT_RENEWAL_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "Hur många månader en antagen lägesbild gäller innan en ny ska tas fram, t.ex. 24 "
            "för vartannat år."
        ),
    )

    history = audited_history()

    class Meta:
        verbose_name = _("lagkravsinställningar")
        verbose_name_plural = _("lagkravsinställningar")

    def __str__(self) -> str:
        return str(self.municipality)

    @property
    def has_coordination_function(self) -> bool:
        return bool(self.coordination_function)
