"""Forms for drafting reports. Validation of the model's own rules happens in the services
(``full_clean``); the views put those messages back on the fields they concern."""

from django import forms
from django.utils.translation import gettext_lazy as _

from promises.forms import DateInput, LongSelect, VersionMixin
from promises.text import FOLLOW_UP_MAX_LENGTH, PARAGRAPHS_MAX_LENGTH, NormalizedCharField
from promises.validators import NO_ID_NUMBER

from .models import CHECKLIST_CHOICE, CHECKLIST_TEXT, CHILD_CHECKLIST, Report, ReportActivityEntry
from .selectors import editable_promises, unmet_due_dates

DATE_WIDGET = DateInput()
NO_ANSWER = [("", _("Inget svar"))]


class DueDateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(title)s till %(body)s, senast %(day)s (%(promise)s)") % {
            "title": obj.title,
            "body": obj.recipient,
            "day": obj.due_on.isoformat(),
            "promise": obj.promise.title,
        }


class ReportCreateForm(forms.Form):
    promise = forms.ModelChoiceField(
        label=_("Löfte eller åtgärdsplan"),
        queryset=None,
        empty_label=_("Välj…"),
        help_text=_("Bara antagna löften och planer i din kommun kan följas upp."),
        widget=LongSelect,
    )
    kind = forms.ChoiceField(label=_("Typ av uppföljning"), choices=Report.Kind.choices)
    due_date = DueDateChoiceField(
        label=_("Uppföljning som rapporten lämnar"),
        queryset=None,
        required=False,
        empty_label=_("Ingen inplanerad uppföljning"),
        help_text=_("När rapporten utfärdas markeras uppföljningen som klar."),
    )
    period_start = forms.DateField(label=_("Perioden från"), widget=DATE_WIDGET)
    period_end = forms.DateField(
        label=_("Perioden till och med"),
        widget=DATE_WIDGET,
        help_text=_("Statusuppdateringar daterade inom perioden fyller i utkastet."),
    )

    def __init__(self, *args, user, promise=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["promise"].queryset = editable_promises(user)
        self.fields["due_date"].queryset = unmet_due_dates(user, promise)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Slutdatumet kan inte ligga före startdatumet."))
        promise, due_date = cleaned.get("promise"), cleaned.get("due_date")
        if promise and due_date and due_date.promise_id != promise.pk:
            self.add_error("due_date", _("Välj en uppföljning som hör till det valda löftet."))
        return cleaned


class ReportForm(VersionMixin, forms.ModelForm):
    """The report's own fields and the draft's version as it was opened (``VersionMixin``), so that
    a save over someone else's newer save is refused, keeping what was typed, never overwriting."""

    class Meta:
        model = Report
        fields = Report.EDITABLE_FIELDS
        widgets = {
            "date": DATE_WIDGET,
            "period_start": DATE_WIDGET,
            "period_end": DATE_WIDGET,
            "proposals": forms.Textarea(attrs={"rows": 3}),
            "recipients": forms.Textarea(attrs={"rows": 3}),
            "attachments": forms.Textarea(attrs={"rows": 3}),
            **{
                f"{prefix}_comment": forms.Textarea(
                    attrs={"rows": 2 if kind == CHECKLIST_CHOICE else 4}
                )
                for prefix, _q, kind in CHILD_CHECKLIST
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A kommun answers the barnchecklista, or writes a Barnperspektiv section: not both.
        if self.instance.uses_child_checklist:
            del self.fields["child_perspective"]
        else:
            for name in Report.FIELD_GROUPS["checklist"][1:]:
                del self.fields[name]
        for prefix, question, kind in CHILD_CHECKLIST:
            if f"{prefix}_comment" not in self.fields:
                continue
            if kind == CHECKLIST_TEXT:  # answered in words
                self.fields[f"{prefix}_comment"].label = question
                continue
            answer = self.fields[f"{prefix}_answer"]
            answer.label = question
            answer.choices = NO_ANSWER + list(Report.ChildAnswer.choices)
            answer.widget = forms.RadioSelect(choices=answer.choices)
            self.fields[f"{prefix}_comment"].label = _("Kommentar: %(question)s") % {
                "question": question
            }

    def content_fields(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in Report.EDITABLE_FIELDS if name in self.fields
        }

    @property
    def header_fields(self):
        return self._subset("header")

    @property
    def text_fields(self):
        return self._subset("text")

    @property
    def optional_fields(self):
        return self._subset("optional")

    @property
    def closing_fields(self):
        return self._subset("closing")

    @property
    def checklist_fields(self):
        return self._subset("checklist")

    def _subset(self, group):
        return [self[name] for name in Report.FIELD_GROUPS[group] if name in self.fields]


class ActivityEntryForm(forms.Form):
    """The follow-up of one activity; its prefix names the activity, so that a row never lands on
    another activity even if the promise changed while the coordinator was writing."""

    follow_up = NormalizedCharField(
        label=_("Uppföljning"),
        required=False,
        max_length=FOLLOW_UP_MAX_LENGTH,
        validators=NO_ID_NUMBER,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    verdict = forms.ChoiceField(
        label=_("Bedömning"),
        required=False,
        choices=[("", _("Inte bedömd ännu")), *ReportActivityEntry.Verdict.choices],
    )
    verdict_justification = NormalizedCharField(
        label=_("Motivering av bedömningen"),
        required=False,
        max_length=PARAGRAPHS_MAX_LENGTH,
        validators=NO_ID_NUMBER,
        widget=forms.Textarea(attrs={"rows": 2}),
        # The effect section numbers the lägesbild's indicators in the report itself, so the
        # verdict cites them in its text: frozen with the figures it cites, and no new field.
        help_text=_(
            "Du kan hänvisa till lägesbildens indikatorer med deras nummer, t.ex. ”se Indikator "
            "1.1”. De står under ”Effekt: lägesbildens indikatorer” i rapporten."
        ),
    )
    include_internal = forms.BooleanField(
        label=_("Ta med internt material"),
        required=False,
        help_text=_(
            "De interna uppdateringarna räknas då med i måluppfyllelsen, och insatsen listas som "
            "internt material när rapporten utfärdas. Deras text kommer bara med om du skriver in "
            "den i uppföljningen."
        ),
    )

    def __init__(self, *args, activity, closing: bool, internal: bool = False, **kwargs):
        """``internal``: the activity has internal material in the period (or it was included
        before), so the coordinator gets the choice to include it."""
        super().__init__(*args, prefix=self.prefix_for(activity), **kwargs)
        self.activity = activity
        code = activity.code
        self.fields["follow_up"].label = _("Uppföljning av insats %(code)s") % {"code": code}
        self.fields["verdict"].label = _("Bedömning av insats %(code)s") % {"code": code}
        self.fields["verdict_justification"].label = _("Motivering, insats %(code)s") % {
            "code": code
        }
        self.fields["include_internal"].label = _("Ta med internt material för insats %(code)s") % {
            "code": code
        }
        if not closing:
            del self.fields["verdict"]
            del self.fields["verdict_justification"]
        if not internal:
            del self.fields["include_internal"]

    @staticmethod
    def prefix_for(activity) -> str:
        return f"insats-{activity.pk}"

    @classmethod
    def posted(cls, data, activity):
        """``data`` if the browser sent this activity's row in it, else None: a row that was not
        on the page the browser showed is left unbound, and unsaved."""
        if data is not None and f"{cls.prefix_for(activity)}-follow_up" in data:
            return data
        return None

    def entry_input(self) -> dict:
        """The cleaned entry, with the fields this form does not show at their defaults."""
        return {
            "follow_up": self.cleaned_data["follow_up"],
            "verdict": self.cleaned_data.get("verdict", ""),
            "verdict_justification": self.cleaned_data.get("verdict_justification", ""),
            "include_internal": self.cleaned_data.get("include_internal", False),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("verdict_justification") and not cleaned.get("verdict"):
            self.add_error("verdict", _("Välj en bedömning till motiveringen."))
        return cleaned


class SignatoryForm(forms.Form):
    name = NormalizedCharField(
        label=_("Namn"), max_length=120, required=False, validators=NO_ID_NUMBER
    )
    title = NormalizedCharField(
        label=_("Titel"), max_length=160, required=False, validators=NO_ID_NUMBER
    )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("name")) != bool(cleaned.get("title")):
            self.add_error(
                "title" if cleaned.get("name") else "name",
                _("Ange både namn och titel, eller lämna båda tomma."),
            )
        return cleaned


class DocumentForm(forms.Form):
    title = NormalizedCharField(
        label=_("Handling"), max_length=250, required=False, validators=NO_ID_NUMBER
    )
    date = forms.DateField(label=_("Datum"), required=False, widget=DATE_WIDGET)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and not cleaned.get("title"):
            self.add_error("title", _("Ange vilken handling datumet gäller."))
        return cleaned


SignatoryFormSet = forms.formset_factory(SignatoryForm, extra=2, max_num=10)
DocumentFormSet = forms.formset_factory(DocumentForm, extra=2, max_num=20)


class ReportFilterForm(forms.Form):
    committee = forms.ChoiceField(label=_("Till (nämnd eller utskott)"), required=False)
    year = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)
    municipality = forms.TypedChoiceField(
        label=_("Kommun"), required=False, coerce=int, empty_value=None, widget=LongSelect
    )

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Alla"))]
        self.fields["committee"].choices = everything + [(c, c) for c in choices["committees"]]
        self.fields["year"].choices = everything + [(y, y) for y in choices["years"]]
        if len(choices["municipalities"]) > 1:
            self.fields["municipality"].choices = everything + choices["municipalities"]
        else:
            del self.fields["municipality"]


class IssueConfirmForm(forms.Form):
    """ "Utfärda rapporten" on the confirmation page: it sends the digest of the snapshot it
    showed, so that a draft changed since is not issued unseen (``issuing.request_issue``)."""

    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)


class CorrectionForm(forms.Form):
    """The date of a correction; the rest is copied from the version it replaces."""

    # Report.date's own field, with its range; the service adds that it cannot precede the
    # replaced version's date.
    date = Report._meta.get_field("date").formfield(label=_("Rättelsens datum"), widget=DATE_WIDGET)
