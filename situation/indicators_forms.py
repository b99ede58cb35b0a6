"""Forms of the indicators: a manual indicator (sources without an API), the KPI to fetch from
Kolada, and the values pasted for a manual indicator (one Swedish message per wrong line)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from promises.forms import EditFormMixin, SwedishBlankChoiceMixin
from promises.text import NormalizedCharField

from .indicators_paste import MAX_LINES, PasteErrors, parse_pasted_values
from .models import Indicator

MANUAL_FIELDS = ("name", "unit", "source", "has_gender_split", "note")
KOLADA_FIELDS = ("note",)  # the rest comes from Kolada on every fetch
KPI_PATTERN = re.compile(r"^[A-Z]\d{5}$")


class IndicatorForm(SwedishBlankChoiceMixin, forms.ModelForm):
    """A new indicator from a source without an API (NTU, Polisens trygghetsmätning, …)."""

    class Meta:
        model = Indicator
        fields = MANUAL_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].help_text = _(
            "T.ex. NTU, Polisens trygghetsmätning, Liv & hälsa ung eller EST."
        )


class IndicatorEditForm(EditFormMixin, IndicatorForm):
    """Changing an indicator; one fetched from Kolada keeps Kolada's name, unit and split."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_kolada:
            for name in MANUAL_FIELDS:
                if name not in KOLADA_FIELDS:
                    del self.fields[name]

    @property
    def editable_names(self) -> tuple[str, ...]:
        return tuple(name for name in MANUAL_FIELDS if name in self.fields)


class KoladaIndicatorForm(forms.Form):
    kpi = NormalizedCharField(
        label=_("Nyckeltal i Kolada"),
        max_length=6,
        help_text=_(
            "Nyckeltalets id, t.ex. N07540 (anmälda brott totalt per 100 000 invånare) eller "
            "N07403 (anmälda våldsbrott per 100 000 invånare)."
        ),
    )

    def clean_kpi(self) -> str:
        kpi = self.cleaned_data["kpi"].strip().upper()
        if not KPI_PATTERN.match(kpi):
            raise ValidationError(
                _("Ett nyckeltal i Kolada är en bokstav och fem siffror, t.ex. N07540.")
            )
        return kpi


class PastedValuesForm(forms.Form):
    values = NormalizedCharField(
        label=_("Värden"),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        max_length=MAX_LINES * 60,
        help_text=_(
            "En rad per år: år;värde, eller år;totalt;kvinnor;män när indikatorn är uppdelad på "
            "kön. Semikolon, tabb (klistrat från ett kalkylark) eller komma mellan kolumnerna; "
            "decimalkomma går bra. Lämna ett värde tomt eller skriv .. när det saknas. Finns året "
            "redan ersätts värdet."
        ),
    )

    def __init__(self, *args, indicator: Indicator, **kwargs):
        self.indicator = indicator
        super().__init__(*args, **kwargs)

    def clean_values(self):
        try:
            return parse_pasted_values(
                self.cleaned_data["values"], has_gender_split=self.indicator.has_gender_split
            )
        except PasteErrors as errors:
            raise ValidationError(errors.messages) from errors
