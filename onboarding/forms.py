"""The three steps of "Ny kommun": the kommun from SCB's list, its police area, then the details."""

from itertools import groupby

from django import forms
from django.utils.translation import gettext_lazy as _

from promises.forms import SwedishBlankChoiceMixin
from promises.models import Organisation
from promises.text import NormalizedCharField

from . import kommuner

NEW_AREA = "ny"


def already_set_up_message(kommun: kommuner.Kommun):
    return _("%(name)s finns redan i Löfteskollen (kommunkod %(code)s).") % {
        "name": kommun.name,
        "code": kommun.code,
    }


class KommunForm(SwedishBlankChoiceMixin, forms.Form):
    """Step 1, sent with GET: the kommun, from SCB's list grouped by län; a kommun already set up
    is marked and refused."""

    kommunkod = forms.ChoiceField(
        label=_("Kommun"),
        help_text=_(
            "Alla Sveriges 290 kommuner enligt SCB, ordnade efter län. Skriv kommunens första "
            "bokstäver för att hoppa till den, t.ex. S för Sala."
        ),
    )

    def __init__(self, *args, taken: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.taken = taken
        choices: list = [("", _("– Välj kommun –"))]
        for county, group in groupby(kommuner.all_kommuner(), key=lambda k: k.county):
            options = []
            for kommun in sorted(group, key=lambda k: k.name):
                label = f"{kommun.name} ({kommun.code})"
                if kommun.code in taken:
                    label = _("%(label)s – finns redan") % {"label": label}
                options.append((kommun.code, label))
            choices.append((county, options))
        self.fields["kommunkod"].choices = choices

    def clean_kommunkod(self) -> kommuner.Kommun:
        kommun = kommuner.get(self.cleaned_data["kommunkod"])
        if kommun.code in self.taken:
            raise forms.ValidationError(already_set_up_message(kommun), code="exists")
        return kommun


class PoliceAreaForm(SwedishBlankChoiceMixin, forms.Form):
    """Step 2, sent with GET: an existing police area, or a new one."""

    omrade = forms.ChoiceField(
        label=_("Lokalpolisområde"),
        help_text=_(
            "Området vars kommunpoliser arbetar i kommunen, t.ex. Lokalpolisområde "
            "Uppsala/Knivsta. Välj Nytt lokalpolisområde om det inte finns här ännu."
        ),
    )

    def __init__(self, *args, areas: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = {str(area.pk): area for area in areas}
        choices = [("", _("– Välj –")), (NEW_AREA, _("Nytt lokalpolisområde"))]
        for area in areas:
            covered = ", ".join(m.name for m in area.covered_municipalities.all())
            label = f"{area.name} ({covered})" if covered else area.name
            choices.append((str(area.pk), label))
        self.fields["omrade"].choices = choices

    def clean_omrade(self) -> Organisation | None:
        """The area chosen, or None for a new one."""
        return self.areas.get(self.cleaned_data["omrade"])


class NewMunicipalityForm(forms.Form):
    """Step 3: the kommun's name, office and address, the new area's name, the area's kommuner."""

    name = NormalizedCharField(
        label=_("Kommunens namn"),
        max_length=120,
        help_text=_(
            "Som invånarna känner den, t.ex. Sala kommun eller Stockholms stad. Visas på de "
            "offentliga sidorna och i rapporterna."
        ),
    )
    office = NormalizedCharField(
        label=_("Förvaltning"),
        max_length=120,
        help_text=_(
            "Förvaltningen som skriver uppföljningsrapporterna och står i deras sidhuvud, "
            "t.ex. Kommunledningskontoret."
        ),
    )
    contact_email = forms.EmailField(
        label=_("Funktionsadress"),
        max_length=254,
        required=False,
        help_text=_(
            "Kommunens gemensamma e-postadress för trygghetsarbetet, inte en persons, "
            "t.ex. trygghet@sala.se."
        ),
    )
    police_area_name = NormalizedCharField(
        label=_("Det nya lokalpolisområdets namn"),
        max_length=120,
        help_text=_("Som polisen skriver det, t.ex. Lokalpolisområde Sala."),
    )
    also_covered = forms.ModelMultipleChoiceField(
        label=_("Fler kommuner i området"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Kommuner i samma län som redan finns i Löfteskollen och som området också omfattar. "
            "Polisen i området ser alla dess kommuner."
        ),
    )

    def __init__(self, *args, kommun: kommuner.Kommun, area: Organisation | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kommun, self.area = kommun, area
        self.fields["name"].initial = kommun.organisation_name
        if area is None:
            self.fields["police_area_name"].initial = _("Lokalpolisområde %(name)s") % {
                "name": kommun.name
            }
        else:
            del self.fields["police_area_name"]
        covered = {m.pk for m in area.covered_municipalities.all()} if area else set()
        self.fields["also_covered"].queryset = (
            Organisation.objects.filter(
                kind=Organisation.Kind.MUNICIPALITY,
                municipality_code__startswith=kommun.county_code,
            )
            .exclude(pk__in=covered)
            .order_by("name")
        )
