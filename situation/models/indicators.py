"""Indicators: the time series that measure a kommun's problems (Kolada, NTU, trygghetsmätningar).

An indicator belongs to a kommun and may be shared by several of its problems (``Problem.indicators``),
in every version of its lägesbild. Its values are one per period and gender; a missing value (Kolada's
"..") is stored as null, never as zero.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from promises.audit import audited_history
from promises.fields import CharField, TextField  # normalising fields, see promises/fields.py
from promises.models import Organisation
from promises.text import PARAGRAPHS_MAX_LENGTH
from promises.validators import NO_ID_NUMBER
from promises.versioning import Versioned

from ..choices import Gender
from ..querysets import IndicatorQuerySet, IndicatorValueQuerySet

EARLIEST_PERIOD = 1990
LATEST_PERIOD = 2100


class Indicator(Versioned):
    EDITABLE_FIELDS = ("name", "unit", "source", "kolada_kpi", "has_gender_split", "note")

    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="indicators",
        limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
        verbose_name=_("kommun"),
    )
    name = CharField(
        _("namn"),
        max_length=200,
        validators=NO_ID_NUMBER,
        help_text=_("T.ex. Anmälda brott totalt, antal/100 000 inv."),
    )
    unit = CharField(
        _("enhet"),
        max_length=80,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("T.ex. antal/100 000 inv eller andel (%)."),
    )
    source = CharField(
        _("källa"),
        max_length=120,
        validators=NO_ID_NUMBER,
        help_text=_(
            "Varifrån siffrorna kommer, t.ex. Kolada, NTU eller Polisens trygghetsmätning."
        ),
    )
    kolada_kpi = CharField(
        _("Kolada-nyckeltal"),
        max_length=20,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Nyckeltalets id i Kolada, t.ex. N07540. Lämna tomt för andra källor."),
    )
    has_gender_split = models.BooleanField(
        _("uppdelad på kön"),
        default=False,
        help_text=_("Källan har värden för kvinnor och män, inte bara totalt."),
    )
    is_demo = models.BooleanField(
        _("demodata"),
        default=False,
        help_text=_("Påhittade värden för demonstration, inte verklig statistik."),
    )
    note = TextField(
        _("anmärkning"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("T.ex. att frågan ändrades 2022 så att åren före inte är helt jämförbara."),
    )

    history = audited_history()
    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kolada_kpi"],
                condition=~Q(kolada_kpi=""),
                name="unique_kolada_indicator_per_municipality",
                violation_error_message=_("Kommunen har redan en indikator för det nyckeltalet."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_kolada(self) -> bool:
        return bool(self.kolada_kpi)


class IndicatorValue(models.Model):
    """One figure of an indicator: for a period (a year), a gender (or everyone), as retrieved."""

    Gender = Gender

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indikator")
    )
    period = models.PositiveSmallIntegerField(
        _("år"), help_text=_("Året värdet gäller, t.ex. 2024.")
    )
    period_label = CharField(
        _("period"),
        max_length=40,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Om värdet gäller en del av året, t.ex. 2024 H1. Annars tomt."),
    )
    gender = CharField(_("kön"), max_length=1, choices=Gender.choices, default=Gender.TOTAL)
    value = models.DecimalField(
        _("värde"),
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Tomt när källan saknar värde för perioden."),
    )
    retrieved_on = models.DateField(_("hämtat"), default=timezone.localdate)
    is_preliminary = models.BooleanField(_("preliminärt"), default=False)

    history = audited_history(by_parent="indicator")
    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("indikatorvärde")
        verbose_name_plural = _("indikatorvärden")
        ordering = ["indicator", "period", "gender"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "gender"],
                name="unique_indicator_value",
                violation_error_message=_("Det finns redan ett värde för det året och könet."),
            ),
            models.CheckConstraint(
                condition=Q(period__gte=EARLIEST_PERIOD, period__lte=LATEST_PERIOD),
                name="indicator_value_plausible_period",
                violation_error_message=_("Ange ett år mellan 1990 och 2100."),
            ),
        ]

    def __str__(self) -> str:
        label = self.period_label or str(self.period)
        return f"{self.indicator}: {label} {self.get_gender_display()} {self.value}"
