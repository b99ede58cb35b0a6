"""Forms of the lägesbild. Model rules run through the ModelForm's ``full_clean``, so every message
lands next to its field; the services validate again before they write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from promises.forms import AdoptionDateMixin, DateInput, EditFormMixin, SwedishBlankChoiceMixin
from promises.models import Activity, Organisation
from promises.text import NormalizedCharField
from promises.validators import validate_no_personal_identity_number

from .models import NEVER_INDIVIDUALS, Assessment, Cause, Indicator, Problem


class AssessmentForm(SwedishBlankChoiceMixin, forms.ModelForm):
    class Meta:
        model = Assessment
        fields = Assessment.EDITABLE_FIELDS
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def __init__(self, *args, municipality: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["police_area"].queryset = Organisation.objects.police_areas().filter(
            covered_municipalities=municipality
        )


class AssessmentEditForm(EditFormMixin, AssessmentForm):
    pass


class ProblemForm(SwedishBlankChoiceMixin, forms.ModelForm):
    """A problem: what, where, when, who is affected. ``reminder`` is shown above the fields."""

    reminder = NEVER_INDIVIDUALS

    class Meta:
        model = Problem
        fields = Problem.EDITABLE_FIELDS


class ProblemEditForm(EditFormMixin, ProblemForm):
    pass


def activity_label(activity: Activity) -> str:
    return f"{activity.focus_area.promise.title}: {activity}"


class ActivityChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return activity_label(obj)


def municipality_activities(municipality_id: int):
    """The activities of every promise of the kommun, the newest promise first (one query)."""
    return (
        Activity.objects.filter(focus_area__promise__agreement__municipality_id=municipality_id)
        .select_related("focus_area__promise")
        .order_by("-focus_area__promise__period_start", "focus_area__number", "number")
    )


class CauseForm(SwedishBlankChoiceMixin, forms.ModelForm):
    activities = ActivityChoiceField(
        queryset=Activity.objects.none(),
        required=False,
        label=_("Åtgärder som angriper orsaken"),
        help_text=_("Aktiviteterna i kommunens löften och åtgärdsplaner som svarar mot orsaken."),
    )

    class Meta:
        model = Cause
        fields = Cause.EDITABLE_FIELDS

    def __init__(self, *args, municipality_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = municipality_activities(municipality_id)
        if self.instance.pk:
            self.fields["activities"].initial = list(
                self.instance.activities.values_list("pk", flat=True)
            )


class CauseEditForm(EditFormMixin, CauseForm):
    pass


class CauseActivitiesForm(forms.Form):
    """Only the links of a cause to the åtgärder (also on an adopted version)."""

    def __init__(self, *args, cause: Cause, municipality_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"] = ActivityChoiceField(
            queryset=municipality_activities(municipality_id),
            required=False,
            label=_("Åtgärder som angriper orsaken"),
            initial=list(cause.activities.values_list("pk", flat=True)),
        )


class ProblemChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return _("%(assessment)s: problem %(problem)s") % {
            "assessment": obj.assessment,
            "problem": obj,
        }


class PromiseProblemsForm(forms.Form):
    """Which problems of the kommun's lägesbilder a promise answers."""

    def __init__(self, *args, problems, selected, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problems"] = ProblemChoiceField(
            queryset=problems,
            required=False,
            label=_("Problem som löftet svarar mot"),
            help_text=_("Bocka för de problem i lägesbilden som löftets aktiviteter ska angripa."),
            initial=selected,
        )


class IndicatorChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return _("%(name)s (källa: %(source)s)") % {"name": obj.name, "source": obj.source}


class ProblemIndicatorsForm(forms.Form):
    def __init__(self, *args, problem: Problem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"] = IndicatorChoiceField(
            queryset=Indicator.objects.filter(
                municipality_id=problem.assessment.municipality_id
            ).order_by("name"),
            required=False,
            label=_("Indikatorer som mäter problemet"),
            help_text=_("En indikator kan mäta flera problem."),
            initial=list(problem.indicators.values_list("pk", flat=True)),
        )


class AdoptAssessmentForm(AdoptionDateMixin, forms.Form):
    adopted_by = NormalizedCharField(
        label=_("Antagen av"),
        max_length=120,
        help_text=_("Det organ som fattade beslutet, t.ex. Kommunstyrelsen."),
        validators=[validate_no_personal_identity_number],
    )
    adopted_on = forms.DateField(
        label=_("Beslutsdatum"),
        widget=DateInput(),
        help_text=_("Dagen då organet fattade beslutet, t.ex. 2025-03-10."),
    )
    adopted_paragraph = NormalizedCharField(
        label=_("Paragraf"),
        max_length=20,
        required=False,
        help_text=_("Protokollets paragraf, t.ex. § 6."),
        validators=[validate_no_personal_identity_number],
    )


class PublishForm(forms.Form):
    publish_summary = forms.BooleanField(
        label=_("Publicera sammanfattningen"),
        required=False,
        help_text=Assessment._meta.get_field("publish_summary").help_text,
    )


class ConfirmForm(forms.Form):
    """A form with nothing to fill in: the button confirms (Ny version)."""
