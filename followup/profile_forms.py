"""The form of a kommun's document profile: its fields, its logo upload and its sections, one row
per section. The rules of an outline live in ``followup.outline``, those of a logo in
``followup.logos``; this module only asks them."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from promises.forms import VersionMixin
from promises.text import NormalizedCharField

from .logos import Logo, clean_logo, too_large_error
from .models import DocumentProfile
from .models.profiles import LOGO_MAX_BYTES
from .outline import HEADING, SECTIONS, UNTITLED, section_choices, validate_sections

HEADING_MAX_LENGTH = 120
MAX_SECTIONS = 30


CHECKLIST, PERSPECTIVE = "barnchecklista", "barnperspektiv"


class DocumentProfileForm(VersionMixin, forms.ModelForm):
    uses_child_checklist = forms.TypedChoiceField(
        label=_("Barnets perspektiv i dokumentet"),
        choices=[
            (CHECKLIST, _("Barnchecklista, sist i dokumentet på en egen sida")),
            (PERSPECTIVE, _("Ett avsnitt om barnperspektiv")),
        ],
        coerce=lambda value: value == CHECKLIST,
        widget=forms.RadioSelect,
    )
    logo_file = forms.FileField(
        label=_("Ny logotyp"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/svg+xml,.png,.svg"}),
    )
    remove_logo = forms.BooleanField(label=_("Ta bort logotypen"), required=False)

    class Meta:
        model = DocumentProfile
        fields = ["document_type", "uses_child_checklist", "font", "footer", "logo_alt"]
        widgets = {
            "document_type": forms.RadioSelect,
            "font": forms.RadioSelect,
            "footer": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["uses_child_checklist"] = (
            CHECKLIST if self.instance.uses_child_checklist else PERSPECTIVE
        )
        self.fields["logo_file"].help_text = _(
            "PNG eller SVG, högst %(kb)s kB. En SVG-fil får inte innehålla skript, länka vidare "
            "eller hämta något utifrån."
        ) % {"kb": LOGO_MAX_BYTES // 1024}
        if not self.instance.logo_type:
            del self.fields["remove_logo"]

    def clean_logo_file(self) -> Logo | None:
        upload = self.cleaned_data.get("logo_file")
        if not upload:
            return None
        if upload.size > LOGO_MAX_BYTES:
            raise too_large_error()
        return clean_logo(upload.read())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("logo_file") and cleaned.get("remove_logo"):
            self.add_error(
                "remove_logo", _("Välj antingen en ny logotyp eller att ta bort den, inte båda.")
            )
        return cleaned

    def profile_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class SectionForm(forms.Form):
    """One section of the document: which one, its heading, its level and its place."""

    key = forms.ChoiceField(label=_("Avsnitt"), required=False)
    heading = NormalizedCharField(
        label=_("Rubrik"),
        required=False,
        max_length=HEADING_MAX_LENGTH,
        help_text=_("Tom: avsnittets vanliga rubrik."),
    )
    level = forms.TypedChoiceField(
        label=_("Nivå"),
        choices=[(2, _("Rubrik")), (3, _("Underrubrik"))],
        coerce=int,
        empty_value=None,
        required=False,
        initial=2,
    )
    order = forms.IntegerField(label=_("Ordning"), required=False, min_value=1, max_value=999)
    remove = forms.BooleanField(label=_("Ta bort raden"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [("", _("– Ingen (tom rad) –")), *section_choices()]

    def section(self) -> dict[str, Any] | None:
        """The row as an outline entry, or None for an empty or removed row."""
        data = getattr(self, "cleaned_data", None) or {}
        key = data.get("key")
        if not key or data.get("remove"):
            return None
        heading = data.get("heading") or ""
        if not heading and key != HEADING and key not in UNTITLED:
            heading = str(SECTIONS[key][0])
        return {"key": key, "heading": heading, "level": data.get("level") or 2}


class BaseSectionFormSet(forms.BaseFormSet):
    def _construct_form(self, i, **kwargs):
        # Every row is read, even one left as it was shown: the outline is all of its rows.
        form = super()._construct_form(i, **kwargs)
        form.empty_permitted = False
        return form

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        try:
            validate_sections(self.sections())
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def sections(self) -> list[dict[str, Any]]:
        """The rows' sections in the order their order numbers give (ties: row order)."""
        rows = []
        for position, form in enumerate(self.forms):
            section = form.section()
            if section is not None:
                order = (form.cleaned_data.get("order") or 1000, position)
                rows.append((order, section))
        return [section for _order, section in sorted(rows, key=lambda row: row[0])]


SectionFormSet = forms.formset_factory(
    SectionForm,
    formset=BaseSectionFormSet,
    extra=2,
    max_num=MAX_SECTIONS,
    validate_max=True,
)


def section_initial(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "key": section.get("key", ""),
            "heading": section.get("heading", ""),
            "level": section.get("level", 2),
            "order": position,
        }
        for position, section in enumerate(sections, start=1)
    ]
