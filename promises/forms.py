"""Forms of the chain. Model rules run through the ModelForm's ``full_clean``, so every message lands
next to the field it concerns; services validate again before they write."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .choices import NO_UPDATE_YET
from .limits import EARLIEST_DATE, LATEST_DATE
from .models import (
    Activity,
    Agreement,
    DueDate,
    FocusArea,
    Organisation,
    Promise,
    StatusUpdate,
)
from .services.writes import EditConflict
from .text import CHANGE_REASON_MAX_LENGTH, NormalizedCharField
from .validators import validate_no_personal_identity_number

BLANK_CHOICE_LABEL = _("– Välj –")


class SwedishBlankChoiceMixin:
    """Django 6.1's blank choice ("- Select an option -") has no Swedish translation yet; every form
    of ours labels the empty choice in Swedish instead."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label is not None:
                    field.empty_label = BLANK_CHOICE_LABEL
            elif isinstance(field, forms.ChoiceField) and not isinstance(
                field.widget, forms.RadioSelect
            ):
                field.choices = [
                    (value, BLANK_CHOICE_LABEL if value == "" else label)
                    for value, label in field.choices
                ]


class DateInput(forms.DateInput):
    """A date picker limited to the sane range (promises.limits), which the models enforce too."""

    input_type = "date"

    def __init__(self, **kwargs):
        attrs = {"min": EARLIEST_DATE.isoformat(), "max": LATEST_DATE.isoformat()}
        attrs.update(kwargs.pop("attrs", None) or {})
        super().__init__(format="%Y-%m-%d", attrs=attrs, **kwargs)


class LongSelect(forms.Select):
    """A select for long lists (290 kommuner, a kommun's promises), written in Python: Django's
    template for each option costs about a millisecond, a quarter of a second for such a list.
    The HTML is Django's (without option groups, which these lists have none of)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _group, group, _index in widget["optgroups"]
                for option in group
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


class SignatoriesField(NormalizedCharField):
    """Signatories typed one per line as "Namn, titel"; cleans to a list of (name, title)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Undertecknare"))
        kwargs.setdefault(
            "help_text",
            _("En per rad: namn, komma, titel. T.ex. Eva Exempel, Kommunstyrelsens ordförande."),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        signatories = []
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            name, comma, title = line.partition(",")
            if not comma or not name.strip() or not title.strip():
                raise ValidationError(
                    _("Rad %(number)s: skriv namn, komma och titel."),
                    code="signatory_format",
                    params={"number": number},
                )
            signatories.append((name.strip(), title.strip()))
        return signatories

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        for name, title in value:
            validate_no_personal_identity_number(f"{name} {title}")
            if len(name) > 120 or len(title) > 160:
                raise ValidationError(
                    _("Ett namn får vara högst 120 tecken och en titel högst 160."),
                    code="signatory_length",
                )

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{name}, {title}" for name, title in value)
        return value


def signatories_initial(document) -> str:
    return "\n".join(f"{s.name}, {s.title}" for s in document.signatories.all())


class ChangeReasonMixin(forms.Form):
    change_reason = NormalizedCharField(
        label=_("Anledning till ändringen"),
        required=False,
        max_length=CHANGE_REASON_MAX_LENGTH,
        help_text=_("Valfritt. Sparas i historiken så att andra förstår varför något ändrades."),
        validators=[validate_no_personal_identity_number],
    )


VERSION_ERROR = _("Formuläret saknar giltig version. Ladda om sidan och gör ändringen igen.")


class VersionMixin(forms.Form):
    """A form that changes a saved object carries the version it was opened on: the object's
    ``lock_version``, read in the same query as the fields the form shows. The service saves by
    compare-and-swap on it, so a save over someone else's newer change is refused, never applied.
    A missing or forged version cleans to 0, which no row has: the save is a conflict that shows
    every change, never a silent overwrite."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and "version" not in self.initial:
            self.initial["version"] = instance.lock_version

    def clean_version(self) -> int:
        value = self.cleaned_data.get("version") or ""
        if value.isascii() and value.isdigit() and int(value) < 2**31:
            return int(value)
        return 0


class EditFormMixin(VersionMixin, ChangeReasonMixin):
    pass


class AgreementForm(SwedishBlankChoiceMixin, forms.ModelForm):
    signatories = SignatoriesField()

    class Meta:
        model = Agreement
        fields = Agreement.EDITABLE_FIELDS
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Organisation.objects.coordinated_by(user)
        self.fields["police_area"].queryset = Organisation.objects.police_areas()
        if self.instance.pk:
            self.fields["signatories"].initial = signatories_initial(self.instance)


class PromiseForm(SwedishBlankChoiceMixin, forms.ModelForm):
    signatories = SignatoriesField()

    class Meta:
        model = Promise
        fields = Promise.EDITABLE_FIELDS
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = Agreement.objects.editable_by(user).select_related(
            "municipality"
        )
        if self.instance.pk:
            self.fields["signatories"].initial = signatories_initial(self.instance)


class AgreementEditForm(EditFormMixin, AgreementForm):
    pass


class PromiseEditForm(EditFormMixin, PromiseForm):
    pass


class AdoptionDateMixin:
    """The rule of every adoption form (a promise, a lägesbild): the decision is not dated in the
    future."""

    def clean_adopted_on(self):
        adopted_on = self.cleaned_data["adopted_on"]
        if adopted_on > timezone.localdate():
            raise ValidationError(_("Beslutsdatumet kan inte ligga i framtiden."))
        return adopted_on


class AdoptPromiseForm(AdoptionDateMixin, forms.Form):
    adopted_by = NormalizedCharField(
        label=_("Antaget av"),
        max_length=120,
        help_text=_("Det organ som fattade beslutet, t.ex. Kommunstyrelsen."),
        validators=[validate_no_personal_identity_number],
    )
    adopted_on = forms.DateField(
        label=_("Beslutsdatum"),
        widget=DateInput(),
        help_text=_("Dagen då organet fattade beslutet, t.ex. 2024-01-29."),
    )
    adoption_paragraph = NormalizedCharField(
        label=_("Paragraf"),
        max_length=20,
        required=False,
        help_text=_("Protokollets paragraf, t.ex. § 6 för Kommunstyrelsen 2024-01-29 § 6."),
        validators=[validate_no_personal_identity_number],
    )


class CloseOrReasonForm(ChangeReasonMixin):
    pass


class SuccessorForm(forms.Form):
    title = NormalizedCharField(
        label=_("Titel på det nya löftet"),
        max_length=200,
        validators=[validate_no_personal_identity_number],
    )
    period_start = forms.DateField(label=_("Gäller från"), widget=DateInput())
    period_end = forms.DateField(label=_("Gäller till och med"), widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Slutdatumet kan inte ligga före startdatumet."))
        return cleaned


class FocusAreaForm(SwedishBlankChoiceMixin, forms.ModelForm):
    class Meta:
        model = FocusArea
        fields = FocusArea.EDITABLE_FIELDS


class FocusAreaEditForm(EditFormMixin, FocusAreaForm):
    pass


class ActivityForm(SwedishBlankChoiceMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = Activity.EDITABLE_FIELDS
        widgets = {
            "planned_start": DateInput(),
            "planned_end": DateInput(),
            "responsible": forms.RadioSelect,
        }


class ActivityEditForm(EditFormMixin, ActivityForm):
    pass


class StatusUpdateForm(SwedishBlankChoiceMixin, forms.ModelForm):
    is_public = forms.TypedChoiceField(
        label=_("Vem får se uppdateringen?"),
        choices=[
            ("false", _("Intern – bara kommun och polis")),
            ("true", _("Offentlig – visas för invånarna")),
        ],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
        initial="false",
        help_text=_(
            "Offentligt visas på kommunens sida, t.ex. att en planerad narkotikainsats "
            "genomförts; internt är det som bara kommun och polis behöver veta."
        ),
    )

    class Meta:
        model = StatusUpdate
        fields = StatusUpdate.EDITABLE_FIELDS
        widgets = {"date": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
        # The model's callable default makes Django add a hidden copy of the initial date, which
        # nothing reads (no changed_data) and which Django gives aria-describedby: invalid HTML.
        self.fields["date"].show_hidden_initial = False
        if self.instance.pk:
            self.initial["is_public"] = "true" if self.instance.is_public else "false"


class StatusUpdateEditForm(EditFormMixin, StatusUpdateForm):
    """Correcting a saved update changes the record: the reason is required."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change_reason"].required = True
        self.fields["change_reason"].help_text = _(
            "Krävs. T.ex. Fel datum, eller Uppgiften var inte avsedd att visas för invånarna."
        )


class WithdrawForm(VersionMixin, ChangeReasonMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change_reason"].required = True
        self.fields["change_reason"].label = _("Varför dras uppdateringen tillbaka?")


class PeriodRowForm(StatusUpdateForm):
    """One row of "Rapportera perioden": a status update of the activity that its hidden
    ``activity`` field names, among the ``activities`` the user may update (a tampered id is
    refused, never saved). A row with neither status nor text is empty and skipped."""

    activity = forms.TypedChoiceField(coerce=int, widget=forms.HiddenInput)

    def __init__(self, *args, activities: dict[int, Activity], **kwargs):
        super().__init__(*args, **kwargs)
        self.activities = activities
        self.fields["activity"].choices = [(pk, pk) for pk in activities]
        self.fields["activity"].error_messages["invalid_choice"] = _(
            "Du kan inte rapportera för den här aktiviteten."
        )
        self.fields["description"].widget.attrs["rows"] = 3

    @property
    def row_activity(self) -> Activity | None:
        """The activity this row is about, as submitted (or as first shown)."""
        value = self["activity"].value()
        try:
            return self.activities.get(int(value))
        except (TypeError, ValueError):
            return None

    def has_changed(self) -> bool:
        return any(str(self[name].value() or "").strip() for name in ("status", "description"))

    def clean(self):
        cleaned = super().clean()
        activity = self.activities.get(cleaned.get("activity"))
        if activity is not None:
            self.instance.activity = activity  # the model's rules check the date against it
        return cleaned


class BasePeriodFormSet(forms.BaseFormSet):
    """Every row may stay empty; at least one must be filled in."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "empty_permitted": True}

    def clean(self):
        if any(self.errors):
            return
        if not self.filled_rows():
            raise ValidationError(
                _("Fyll i status och text för minst en aktivitet."), code="no_rows"
            )

    def filled_rows(self) -> list[PeriodRowForm]:
        return [form for form in self.forms if form.has_changed()]


def period_formset(*, data=None, activities: dict[int, Activity], size: int):
    """The formset of "Rapportera perioden": one row per activity of ``activities`` (in order)."""
    formset_class = forms.formset_factory(
        PeriodRowForm,
        formset=BasePeriodFormSet,
        extra=0,
        max_num=size,
        absolute_max=size,
        validate_max=True,
    )
    return formset_class(
        data,
        prefix="rad",
        initial=[{"activity": pk} for pk in activities],
        form_kwargs={"activities": activities},
    )


class DueDateForm(SwedishBlankChoiceMixin, forms.ModelForm):
    class Meta:
        model = DueDate
        fields = DueDate.EDITABLE_FIELDS
        widgets = {"due_on": DateInput(), "met_on": DateInput()}


class DueDateEditForm(EditFormMixin, DueDateForm):
    pass


class RenumberForm(forms.Form):
    """One number field per item; the numbers must be distinct, from 1 to the model's maximum.
    ``version`` carries every item's version ("12:3,13:1") as the form was opened."""

    version = forms.RegexField(
        regex=r"^\d+:\d+(,\d+:\d+)*$",
        widget=forms.HiddenInput,
        error_messages={"required": VERSION_ERROR, "invalid": VERSION_ERROR},
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            number = type(item)._meta.get_field("number")
            self.fields[f"number_{item.pk}"] = forms.IntegerField(
                label=str(item), initial=item.number, validators=number.validators
            )
            self.fields[f"number_{item.pk}"].widget.attrs.update(number.formfield().widget.attrs)

    def clean(self):
        cleaned = super().clean()
        seen: dict[int, str] = {}
        for item in self.items:
            key = f"number_{item.pk}"
            number = cleaned.get(key)
            if number is None:
                continue
            if number in seen:
                self.add_error(key, _("Numret %(number)s används redan.") % {"number": number})
            seen[number] = key
        return cleaned

    def numbers(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data[f"number_{item.pk}"] for item in self.items}


class MyActivitiesFilterForm(forms.Form):
    kommun = forms.ModelChoiceField(
        label=_("Kommun"), queryset=Organisation.objects.none(), required=False
    )
    status = forms.ChoiceField(label=_("Senaste status"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommun"].queryset = Organisation.objects.municipalities().visible_to(user)
        self.fields["kommun"].empty_label = _("Alla kommuner")
        self.fields["status"].choices = [
            ("", _("Alla")),
            (NO_UPDATE_YET, _("Ingen uppdatering än")),
            *StatusUpdate.Status.choices,
        ]


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names, or above the form.

    After an edit conflict the form keeps what the user typed and now carries the newest version,
    so that saving again (after merging) is a deliberate choice. Both apps' views use this."""
    if isinstance(error, EditConflict):
        data = form.data.copy()
        if error.current_version:
            data[form.add_prefix("version")] = error.current_version
        form.data = data
        form.conflict_changes = error.changes
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
