"""The lägesbild itself, one row per dated version, and its problems and their causes."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from promises.audit import audited_history
from promises.fields import CharField, TextField  # normalising fields, see promises/fields.py
from promises.limits import PLAUSIBLE_DATE
from promises.models import Activity, Organisation, Promise
from promises.text import DOCUMENT_MAX_LENGTH, PARAGRAPHS_MAX_LENGTH, SECTION_MAX_LENGTH
from promises.validators import NO_ID_NUMBER
from promises.versioning import Versioned

from ..choices import Level
from ..querysets import AssessmentQuerySet, CauseQuerySet, ProblemQuerySet
from .common import (
    MAX_CAUSE_NUMBER,
    MAX_PROBLEM_NUMBER,
    NEVER_INDIVIDUALS,
    AdoptedVersionIsFrozen,
    number_validators,
)

# What an adopted version may still change: whether the kommun publishes its summary.
CHANGEABLE_AFTER_ADOPTION = frozenset({"publish_summary", "lock_version"})


class Assessment(Versioned):
    """A lägesbild of one kommun in one version: a draft until a body adopts it on a date."""

    # What a coordinator writes, in the form's order; the adoption changes only through its service.
    EDITABLE_FIELDS = (
        "title",
        "police_area",
        "period_start",
        "period_end",
        "summary",
        "analysis",
        "publish_summary",
        "diary_number",
    )
    ADOPTION_FIELDS = ("adopted_by", "adopted_on", "adopted_paragraph")

    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="assessments",
        limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
        verbose_name=_("kommun"),
    )
    police_area = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="police_assessments",
        limit_choices_to={"kind": Organisation.Kind.POLICE_AREA},
        verbose_name=_("framtagen tillsammans med"),
        help_text=_("Lokalpolisområdet som tog fram lägesbilden med kommunen."),
    )
    version = models.PositiveIntegerField(_("version"), editable=False)
    title = CharField(
        _("rubrik"),
        max_length=200,
        validators=NO_ID_NUMBER,
        help_text=_("T.ex. Lägesbild brottsligheten i Knivsta kommun 2025."),
    )
    period_start = models.DateField(
        _("avser från"),
        null=True,
        blank=True,
        validators=PLAUSIBLE_DATE,
        help_text=_("Första dagen lägesbilden beskriver, t.ex. 2024-01-01."),
    )
    period_end = models.DateField(
        _("avser till och med"),
        null=True,
        blank=True,
        validators=PLAUSIBLE_DATE,
        help_text=_("Sista dagen lägesbilden beskriver, t.ex. 2024-12-31."),
    )
    summary = TextField(
        _("sammanfattning"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_(
            "Några stycken som kommunen kan publicera för invånarna: de viktigaste problemen "
            "och vad som görs åt dem."
        ),
    )
    analysis = TextField(
        _("analys"),
        max_length=DOCUMENT_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_(
            "Vad problemen och indikatorerna sammantaget visar, och varför, t.ex. hur "
            "otryggheten i centrum hänger ihop med den öppna narkotikahandeln."
        ),
    )
    publish_summary = models.BooleanField(
        _("publicera sammanfattningen"),
        default=False,
        help_text=_(
            "Visa sammanfattningen, problemen och indikatorerna på kommunens offentliga sida "
            "när lägesbilden är antagen."
        ),
    )
    adopted_by = CharField(
        _("antagen av"),
        max_length=120,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Det organ som antog lägesbilden, t.ex. Kommunstyrelsen."),
    )
    adopted_on = models.DateField(
        _("antagen den"), null=True, blank=True, validators=PLAUSIBLE_DATE
    )
    adopted_paragraph = CharField(
        _("paragraf"),
        max_length=20,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Protokollets paragraf, t.ex. § 6."),
    )
    diary_number = CharField(
        _("diarienummer"),
        max_length=40,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Kommunens diarienummer för ärendet, t.ex. KS 2025/0123."),
    )

    history = audited_history()
    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("lägesbild")
        verbose_name_plural = _("lägesbilder")
        ordering = ["municipality", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "version"], name="unique_assessment_version"
            ),
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(adopted_on__isnull=True),
                name="one_draft_assessment_per_municipality",
                violation_error_message=_("Kommunen har redan ett utkast till lägesbild."),
            ),
            models.CheckConstraint(
                condition=Q(adopted_on__isnull=True) | ~Q(adopted_by=""),
                name="adopted_assessment_has_body",
                violation_error_message=_("En antagen lägesbild behöver organ och datum."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="assessment_end_after_start",
                violation_error_message=_("Slutdatumet kan inte ligga före startdatumet."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    def get_absolute_url(self) -> str:
        return reverse("situation:assessment_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.adopted_on is None

    @property
    def is_adopted(self) -> bool:
        return self.adopted_on is not None

    @property
    def is_public(self) -> bool:
        """The public rule of ``querysets.public_assessment``, for the object in hand."""
        return self.is_adopted and self.publish_summary

    def clean(self):
        errors: dict[str, list] = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors.setdefault("period_end", []).append(
                _("Slutdatumet kan inte ligga före startdatumet.")
            )
        if self.adopted_on is not None and not self.adopted_by:
            errors.setdefault("adopted_by", []).append(
                _("Ange vilket organ som antog lägesbilden.")
            )
        if self.municipality_id and self.municipality.kind != Organisation.Kind.MUNICIPALITY:
            errors.setdefault("municipality", []).append(_("Välj en kommun."))
        if self.police_area_id and self.municipality_id:
            if self.police_area.kind != Organisation.Kind.POLICE_AREA:
                errors.setdefault("police_area", []).append(_("Välj ett lokalpolisområde."))
            elif not self.police_area.covered_municipalities.filter(
                pk=self.municipality_id
            ).exists():
                errors.setdefault("police_area", []).append(
                    _("%(area)s omfattar inte %(municipality)s.")
                    % {"area": self.police_area, "municipality": self.municipality}
                )
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # clean() reports these next to their fields; the draft rule is the service's message.
        super().validate_constraints(exclude=set(exclude or ()) | {"period_end", "adopted_by"})

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None:
            update_fields = kwargs.get("update_fields")
            only_publishing = update_fields is not None and set(update_fields) <= (
                CHANGEABLE_AFTER_ADOPTION
            )
            stored = type(self)._base_manager.filter(pk=self.pk).values("adopted_on").first()
            if stored is not None and stored["adopted_on"] is not None and not only_publishing:
                raise AdoptedVersionIsFrozen()
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        stored = type(self)._base_manager.filter(pk=self.pk).values("adopted_on").first()
        if stored is not None and stored["adopted_on"] is not None:
            raise AdoptedVersionIsFrozen()
        return super().delete(*args, **kwargs)


class _PartOfDraft(Versioned):
    """A problem or a cause: changed and deleted only while its lägesbild is a draft."""

    class Meta:
        abstract = True

    def _assessment_is_adopted(self) -> bool:
        raise NotImplementedError

    def save(self, *args, **kwargs):
        if self._assessment_is_adopted():
            raise AdoptedVersionIsFrozen()
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._assessment_is_adopted():
            raise AdoptedVersionIsFrozen()
        return super().delete(*args, **kwargs)


class Problem(_PartOfDraft):
    """One problem of a lägesbild: what, where, when, who is affected, its sources and level."""

    EDITABLE_FIELDS = (
        "number",
        "title",
        "place",
        "time",
        "affected",
        "description",
        "sources",
        "source_limitations",
        "level",
        "level_justification",
    )

    Level = Level

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="problems", verbose_name=_("lägesbild")
    )
    number = models.PositiveSmallIntegerField(
        _("nummer"),
        validators=number_validators(MAX_PROBLEM_NUMBER),
        help_text=_("Problemets nummer i lägesbilden: 1 för Problem 1 och Orsak 1.1, 1.2 …"),
    )
    title = CharField(
        _("vad"),
        max_length=200,
        validators=NO_ID_NUMBER,
        help_text=_("Problemet i korthet, t.ex. Öppen narkotikahandel i centrala Bro."),
    )
    place = TextField(
        _("var"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Platser och miljöer, t.ex. Bro centrum och gångtunneln vid stationen."),
    )
    time = TextField(
        _("när"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Tider och situationer, t.ex. kvällar och helger, särskilt under sommaren."),
    )
    affected = TextField(
        _("vem drabbas"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=NEVER_INDIVIDUALS,
    )
    description = TextField(
        _("beskrivning"),
        max_length=SECTION_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Problemets omfattning och konsekvenser, med egna ord."),
    )
    sources = TextField(
        _("källor"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_(
            "Vilka informationskällor användes? T.ex. anmälda brott, trygghetsmätningen, "
            "medborgardialoger."
        ),
    )
    source_limitations = TextField(
        _("källornas begränsningar"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_(
            "Vilka informationskällor valdes bort, och vad källorna inte visar, t.ex. "
            "mörkertalet för brott som sällan anmäls."
        ),
    )
    level = CharField(
        _("nivå"),
        max_length=10,
        choices=Level.choices,
        blank=True,
        help_text=_("Hur allvarligt problemet bedöms vara: låg, förhöjd eller hög."),
    )
    level_justification = TextField(
        _("motivering av nivån"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Varför problemet har den nivån, t.ex. ökat antal anmälningar tre år i rad."),
    )
    indicators = models.ManyToManyField(
        "situation.Indicator",
        blank=True,
        related_name="problems",
        verbose_name=_("indikatorer"),
    )
    promises = models.ManyToManyField(
        Promise,
        blank=True,
        related_name="situation_problems",
        verbose_name=_("löften som svarar mot problemet"),
    )

    history = audited_history(m2m_fields=[indicators, promises], by_parent="assessment")
    objects = ProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problem")
        ordering = ["assessment", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "number"],
                name="unique_problem_number",
                violation_error_message=_("Det finns redan ett problem med det numret."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return f"{self.assessment.get_absolute_url()}#problem-{self.number}"

    @property
    def has_level(self) -> bool:
        return bool(self.level and self.level_justification.strip())

    def _assessment_is_adopted(self) -> bool:
        return Assessment._base_manager.filter(
            pk=self.assessment_id, adopted_on__isnull=False
        ).exists()

    def clean(self):
        if self.assessment_id and self.number is not None:
            taken = Problem.objects.filter(assessment_id=self.assessment_id, number=self.number)
            if taken.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"number": _("Det finns redan ett problem med det numret i lägesbilden.")}
                )

    def validate_constraints(self, exclude=None):
        super().validate_constraints(exclude=set(exclude or ()) | {"number"})


class Cause(_PartOfDraft):
    """An orsak of a problem, numbered within it ("Orsak 1.2"), with the reasoning behind it."""

    EDITABLE_FIELDS = ("number", "text", "reasoning")

    problem = models.ForeignKey(
        Problem, on_delete=models.CASCADE, related_name="causes", verbose_name=_("problem")
    )
    number = models.PositiveSmallIntegerField(
        _("nummer"),
        validators=number_validators(MAX_CAUSE_NUMBER),
        help_text=_("Orsakens nummer inom problemet: 2 för Orsak 1.2."),
    )
    text = TextField(
        _("orsak"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        validators=NO_ID_NUMBER,
        help_text=_("T.ex. Dålig belysning och skymd sikt i gångtunneln."),
    )
    reasoning = TextField(
        _("resonemang"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Varför ni bedömer att det är en orsak, och vad det bygger på."),
    )
    activities = models.ManyToManyField(
        Activity,
        blank=True,
        related_name="causes",
        verbose_name=_("åtgärder"),
        help_text=_("Aktiviteterna i kommunens löften och åtgärdsplaner som angriper orsaken."),
    )

    history = audited_history(m2m_fields=[activities], by_parent="problem")
    objects = CauseQuerySet.as_manager()

    class Meta:
        verbose_name = _("orsak")
        verbose_name_plural = _("orsaker")
        ordering = ["problem", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["problem", "number"],
                name="unique_cause_number",
                violation_error_message=_("Det finns redan en orsak med det numret."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}"

    @property
    def code(self) -> str:
        """ "1.2": problem 1, cause 2 (needs the problem, select_related it for many)."""
        return f"{self.problem.number}.{self.number}"

    def _assessment_is_adopted(self) -> bool:
        return Assessment._base_manager.filter(
            problems__pk=self.problem_id, adopted_on__isnull=False
        ).exists()

    def clean(self):
        if self.problem_id and self.number is not None:
            taken = Cause.objects.filter(problem_id=self.problem_id, number=self.number)
            if taken.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"number": _("Det finns redan en orsak med det numret i problemet.")}
                )

    def validate_constraints(self, exclude=None):
        super().validate_constraints(exclude=set(exclude or ()) | {"number"})
