"""The chain: organisation → agreement → promise → focus area → activity → status update.

Every model keeps a full history (django-simple-history); the rules that concern more than one field
live in ``clean()`` so that services, forms and the admin all enforce them with the same message on
the same field.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from . import choices
from .audit import DeletionAwareHistory, audited_history
from .fields import CharField, EmailField, SlugField, TextField  # normalising fields, see fields.py
from .limits import MAX_ACTIVITY_NUMBER, MAX_FOCUS_AREA_NUMBER, PLAUSIBLE_DATE, number_validators
from .periods import Cadence, TargetPeriod, Window, target_window
from .querysets import (
    ActivityQuerySet,
    AgreementQuerySet,
    DeletionQuerySet,
    FocusAreaQuerySet,
    OrganisationQuerySet,
    PromiseQuerySet,
    StatusUpdateQuerySet,
)
from .text import DOCUMENT_MAX_LENGTH, PARAGRAPHS_MAX_LENGTH, SECTION_MAX_LENGTH
from .validators import validate_no_personal_identity_number
from .versioning import Versioned

NO_ID_NUMBER = [validate_no_personal_identity_number]


def _end_before_start_error(end_field: str, message=None) -> ValidationError:
    return ValidationError(
        {end_field: message or _("Slutdatumet kan inte ligga före startdatumet.")},
        code="end_before_start",
    )


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


class Signatory(models.Model):
    """A person who signs an agreement or a promise, by name and title."""

    restore_order = 20

    agreement = models.ForeignKey(
        "Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signatories",
        verbose_name=_("överenskommelse"),
    )
    promise = models.ForeignKey(
        "Promise",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signatories",
        verbose_name=_("löfte"),
    )
    name = CharField(_("namn"), max_length=120, validators=NO_ID_NUMBER)
    title = CharField(_("titel"), max_length=160, validators=NO_ID_NUMBER)
    order = models.PositiveSmallIntegerField(_("ordning"), default=1)

    history = audited_history(bases=[DeletionAwareHistory])

    class Meta:
        verbose_name = _("undertecknare")
        verbose_name_plural = _("undertecknare")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(agreement__isnull=False) & Q(promise__isnull=True))
                | (Q(agreement__isnull=True) & Q(promise__isnull=False)),
                name="signatory_signs_exactly_one_document",
                violation_error_message=_(
                    "En undertecknare hör till antingen en överenskommelse eller ett löfte."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}"


class Agreement(Versioned):
    """A samverkansöverenskommelse between one kommun and the police area that covers it."""

    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreements",
        limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
        verbose_name=_("kommun"),
    )
    police_area = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="police_agreements",
        limit_choices_to={"kind": Organisation.Kind.POLICE_AREA},
        verbose_name=_("lokalpolisområde"),
    )
    title = CharField(_("titel"), max_length=200, validators=NO_ID_NUMBER)
    reference_number = CharField(
        _("diarienummer"),
        max_length=40,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("T.ex. KS 21/0531."),
    )
    valid_from = models.DateField(_("gäller från"), validators=PLAUSIBLE_DATE)
    valid_to = models.DateField(_("gäller till och med"), validators=PLAUSIBLE_DATE)
    goals = TextField(
        _("mål och prioriterade områden"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Ett mål eller område per rad."),
    )
    check_in_cadence = CharField(
        _("avstämningar"),
        max_length=20,
        choices=Cadence.choices,
        default=Cadence.QUARTERLY,
        help_text=_("Hur ofta kommunens samordnare och polisen stämmer av."),
    )

    history = audited_history(bases=[DeletionAwareHistory])
    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("samverkansöverenskommelse")
        verbose_name_plural = _("samverkansöverenskommelser")
        ordering = ["municipality__name", "-valid_from"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("promises:agreement_detail", args=[self.pk])

    @property
    def goal_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.goals.splitlines() if line.strip(" -•\t")]

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise _end_before_start_error("valid_to")
        if self.municipality_id and self.police_area_id:
            if self.municipality.kind != Organisation.Kind.MUNICIPALITY:
                raise ValidationError({"municipality": _("Välj en kommun.")})
            if self.police_area.kind != Organisation.Kind.POLICE_AREA:
                raise ValidationError({"police_area": _("Välj ett lokalpolisområde.")})
            covers = self.police_area.covered_municipalities.filter(pk=self.municipality_id)
            if not covers.exists():
                raise ValidationError(
                    {
                        "police_area": _(
                            "%(area)s omfattar inte %(municipality)s. Välj det lokalpolisområde "
                            "som kommunen hör till."
                        )
                        % {"area": self.police_area, "municipality": self.municipality}
                    }
                )


class Promise(Versioned):
    """A medborgarlöfte, or the åtgärdsplan that an agreement carries: both are followed up alike."""

    restore_order = 10

    class Kind(models.TextChoices):
        CITIZEN_PROMISE = "medborgarlofte", _("Medborgarlöfte")
        ACTION_PLAN = "atgardsplan", _("Åtgärdsplan")

    class Status(models.TextChoices):
        DRAFT = "utkast", _("Utkast")
        ADOPTED = "antagen", _("Antagen")
        CLOSED = "avslutad", _("Avslutad")
        SUPERSEDED = "ersatt", _("Ersatt")

    # The one set of statuses a citizen sees: a promise is public from its adoption on, and stays
    # public when it is closed or superseded (it is part of the record); a draft never is. The
    # public QuerySet methods (querysets.public_promise) and ``is_public`` below read it.
    PUBLIC_STATUSES = (Status.ADOPTED, Status.CLOSED, Status.SUPERSEDED)

    kind = CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.CITIZEN_PROMISE)
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        related_name="promises",
        verbose_name=_("samverkansöverenskommelse"),
    )
    title = CharField(_("titel"), max_length=200, validators=NO_ID_NUMBER)
    period_start = models.DateField(_("gäller från"), validators=PLAUSIBLE_DATE)
    period_end = models.DateField(_("gäller till och med"), validators=PLAUSIBLE_DATE)
    status = CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    adopted_by = CharField(
        _("antaget av"),
        max_length=120,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Det organ som antog löftet, t.ex. Kommunstyrelsen."),
    )
    adopted_on = models.DateField(
        _("antaget den"), null=True, blank=True, validators=PLAUSIBLE_DATE
    )
    adoption_paragraph = CharField(
        _("paragraf"),
        max_length=20,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Protokollets paragraf, t.ex. § 6."),
    )
    reference_number = CharField(
        _("diarienummer"), max_length=40, blank=True, validators=NO_ID_NUMBER
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("ersätter"),
    )
    purpose = TextField(
        _("syfte"), max_length=DOCUMENT_MAX_LENGTH, blank=True, validators=NO_ID_NUMBER
    )
    situation = TextField(
        _("lägesbild"), max_length=DOCUMENT_MAX_LENGTH, blank=True, validators=NO_ID_NUMBER
    )
    background = TextField(
        _("bakgrund"), max_length=DOCUMENT_MAX_LENGTH, blank=True, validators=NO_ID_NUMBER
    )
    joint_commitment = TextField(
        _("Det här ska vi åstadkomma tillsammans"),
        max_length=DOCUMENT_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
    )
    expected_effect = TextField(
        _("förväntad effekt"), max_length=DOCUMENT_MAX_LENGTH, blank=True, validators=NO_ID_NUMBER
    )
    follow_along = TextField(
        _("Följ med i hur det går!"),
        max_length=DOCUMENT_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Hur invånarna kan följa arbetet."),
    )
    follow_up_cadence = CharField(
        _("uppföljning"),
        max_length=20,
        choices=Cadence.choices,
        default=Cadence.HALF_YEARLY,
        help_text=_("Hur ofta varje aktivitet ska få en statusuppdatering."),
    )

    history = audited_history(bases=[DeletionAwareHistory])
    objects = PromiseQuerySet.as_manager()

    class Meta:
        verbose_name = _("löfte")
        verbose_name_plural = _("löften")
        ordering = ["-period_start", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("promises:promise_detail", args=[self.pk])

    @property
    def municipality(self) -> Organisation:
        return self.agreement.municipality

    @property
    def deletion_municipality(self) -> Organisation:
        return self.agreement.municipality

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    @property
    def is_adopted(self) -> bool:
        """Adopted and in force: neither a draft nor closed or superseded."""
        return self.status == self.Status.ADOPTED

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def is_superseded(self) -> bool:
        return self.status == self.Status.SUPERSEDED

    @property
    def is_action_plan(self) -> bool:
        return self.kind == self.Kind.ACTION_PLAN

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise _end_before_start_error("period_end")
        if self.status == self.Status.ADOPTED and not (self.adopted_by and self.adopted_on):
            raise ValidationError(
                {"adopted_on": _("Ett antaget löfte behöver organ och datum för beslutet.")}
            )
        if self.supersedes_id and self.supersedes_id == self.pk:
            raise ValidationError({"supersedes": _("Ett löfte kan inte ersätta sig självt.")})


class FocusArea(Versioned):
    restore_order = 30

    promise = models.ForeignKey(
        Promise, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("löfte")
    )
    number = models.PositiveSmallIntegerField(
        _("nummer"), validators=number_validators(MAX_FOCUS_AREA_NUMBER)
    )
    title = CharField(_("rubrik"), max_length=200, validators=NO_ID_NUMBER)
    definition = TextField(
        _("definition"),
        max_length=SECTION_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Stycket som beskriver området och varför det är prioriterat."),
    )

    history = audited_history(bases=[DeletionAwareHistory])
    objects = FocusAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområden")
        ordering = ["promise", "number"]
        constraints = [
            models.UniqueConstraint(fields=["promise", "number"], name="unique_focus_area_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def deletion_municipality(self) -> Organisation:
        return self.promise.agreement.municipality

    def clean(self):
        if self.promise_id and self.number is not None:
            taken = FocusArea.objects.filter(promise_id=self.promise_id, number=self.number)
            if taken.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"number": _("Det finns redan ett fokusområde med det numret i löftet.")}
                )

    def validate_constraints(self, exclude=None):
        # clean() has already reported a taken number next to the number field.
        super().validate_constraints(exclude=set(exclude or ()) | {"number"})


class Activity(Versioned):
    restore_order = 40
    # Naming an activity ("2:3 …") needs its focus area: join it when naming many at once.
    label_select_related = ("focus_area",)

    Responsible = choices.Responsible

    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("fokusområde"),
    )
    number = models.PositiveSmallIntegerField(
        _("nummer"), validators=number_validators(MAX_ACTIVITY_NUMBER)
    )
    description = TextField(
        _("vad ska göras"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        validators=NO_ID_NUMBER,
        help_text=_("Insatsen med egna ord."),
    )
    responsible = CharField(
        _("ansvarig"), max_length=20, choices=Responsible.choices, default=Responsible.JOINT
    )
    partners = CharField(
        _("samverkansparter"),
        max_length=250,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("T.ex. Kriminalvården, Upplands-Brohus."),
    )
    contact_persons = CharField(
        _("kontaktpersoner"),
        max_length=250,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Visas bara för inloggade, aldrig på de offentliga sidorna."),
    )
    planned_start = models.DateField(
        _("planerad start"), null=True, blank=True, validators=PLAUSIBLE_DATE
    )
    planned_end = models.DateField(
        _("planerat slut"), null=True, blank=True, validators=PLAUSIBLE_DATE
    )
    target_count = models.IntegerField(
        _("mål, antal"),
        null=True,
        blank=True,
        help_text=_("Lämna tomt om aktiviteten inte har ett mätbart mål."),
    )
    target_unit = CharField(
        _("mål, enhet"),
        max_length=80,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("T.ex. narkotikainsatser, medborgardialoger."),
    )
    target_period = CharField(
        _("mål, per"), max_length=20, choices=TargetPeriod.choices, blank=True
    )

    history = audited_history(bases=[DeletionAwareHistory])
    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["focus_area__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["focus_area", "number"], name="unique_activity_number"),
            models.CheckConstraint(
                condition=Q(target_count__isnull=True) | Q(target_count__gt=0),
                name="activity_target_positive",
                violation_error_message=_("Målet måste vara ett positivt heltal."),
            ),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="activity_end_after_start",
                violation_error_message=_("Slutdatumet kan inte ligga före startdatumet."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {Truncator(self.description).words(12)}"

    def get_absolute_url(self) -> str:
        return reverse("promises:activity_detail", args=[self.pk])

    @property
    def code(self) -> str:
        return f"{self.focus_area.number}:{self.number}"

    @property
    def deletion_municipality(self) -> Organisation:
        return self.focus_area.promise.agreement.municipality

    @property
    def has_target(self) -> bool:
        return self.target_count is not None

    @property
    def police_responsible(self) -> bool:
        return self.responsible in choices.POLICE_RESPONSIBLE

    def target_window_for(self, day) -> Window | None:
        if not self.has_target:
            return None
        promise = self.focus_area.promise
        return target_window(
            self.target_period,
            day,
            whole_start=promise.period_start,
            whole_end=promise.period_end,
        )

    def clean(self):
        errors: dict[str, list] = {}
        if self.target_count is not None and self.target_count <= 0:
            errors.setdefault("target_count", []).append(
                _("Målet måste vara ett positivt heltal, t.ex. 4.")
            )
        if self.target_count is not None:
            if not self.target_unit:
                errors.setdefault("target_unit", []).append(
                    _("Ange vad som räknas, t.ex. narkotikainsatser.")
                )
            if not self.target_period:
                errors.setdefault("target_period", []).append(
                    _("Ange vilken period målet gäller, t.ex. per år.")
                )
        elif self.target_unit or self.target_period:
            errors.setdefault("target_count", []).append(
                _("Ange antalet, eller töm enhet och period om aktiviteten saknar mätbart mål.")
            )
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors.setdefault("planned_end", []).append(
                _("Slutdatumet kan inte ligga före startdatumet.")
            )
        if self.focus_area_id:
            promise = self.focus_area.promise
            if self.planned_start and self.planned_start < promise.period_start:
                errors.setdefault("planned_start", []).append(
                    _("Aktiviteten kan inte börja före löftets period (%(start)s).")
                    % {"start": promise.period_start.isoformat()}
                )
            if self.planned_start and self.planned_start > promise.period_end:
                errors.setdefault("planned_start", []).append(
                    _("Aktiviteten kan inte börja efter löftets period (%(end)s).")
                    % {"end": promise.period_end.isoformat()}
                )
            if self.planned_end and self.planned_end > promise.period_end:
                errors.setdefault("planned_end", []).append(
                    _("Aktiviteten kan inte sluta efter löftets period (%(end)s).")
                    % {"end": promise.period_end.isoformat()}
                )
            if self.planned_end and self.planned_end < promise.period_start:
                errors.setdefault("planned_end", []).append(
                    _("Aktiviteten kan inte sluta före löftets period (%(start)s).")
                    % {"start": promise.period_start.isoformat()}
                )
            if self.number is not None:
                duplicate = Activity.objects.filter(
                    focus_area_id=self.focus_area_id, number=self.number
                ).exclude(pk=self.pk)
                if duplicate.exists():
                    errors.setdefault("number", []).append(
                        _("Det finns redan en aktivitet med det numret i fokusområdet.")
                    )
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # clean() has already reported these with a message on the right field.
        exclude = set(exclude or ()) | {"target_count", "planned_end", "number"}
        super().validate_constraints(exclude=exclude)


class StatusUpdate(Versioned):
    restore_order = 50

    class Status(models.TextChoices):
        NOT_STARTED = "ej_paborjad", _("Ej påbörjad")
        IN_PROGRESS = "pagar", _("Pågår")
        DONE = "genomford", _("Genomförd")
        DELAYED = "forsenad", _("Försenad")
        CANCELLED = "installd", _("Inställd")

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="status_updates",
        verbose_name=_("aktivitet"),
    )
    date = models.DateField(_("datum"), default=timezone.localdate, validators=PLAUSIBLE_DATE)
    status = CharField(_("status"), max_length=20, choices=Status.choices)
    description = TextField(
        _("vad hände"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        validators=NO_ID_NUMBER,
        help_text=_("Beskriv vad organisationerna gjorde, aldrig vem en enskild person är."),
    )
    occurrences = models.PositiveIntegerField(
        _("antal tillfällen"),
        default=0,
        help_text=_("Hur många tillfällen uppdateringen räknar mot aktivitetens mål."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="status_updates",
        verbose_name=_("skriven av"),
    )
    is_public = models.BooleanField(
        _("offentlig"),
        default=False,
        help_text=_("Offentliga uppdateringar visas för invånarna på kommunens sida."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    history = audited_history(bases=[DeletionAwareHistory])
    objects = StatusUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("statusuppdatering")
        verbose_name_plural = _("statusuppdateringar")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["activity", "-date"], name="update_activity_date")]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_status_display()}"

    @property
    def deletion_municipality(self) -> Organisation:
        return self.activity.focus_area.promise.agreement.municipality

    def clean(self):
        if not self.date:
            return
        if self.date > timezone.localdate():
            raise ValidationError({"date": _("Datumet kan inte ligga i framtiden.")})
        if self.activity_id:
            promise = self.activity.focus_area.promise
            if self.date < promise.period_start:
                raise ValidationError(
                    {
                        "date": _("Datumet kan inte ligga före löftets start (%(start)s).")
                        % {"start": promise.period_start.isoformat()}
                    }
                )


class Deletion(models.Model):
    """One deletion made by a user, with everything it took along, so it can be restored whole."""

    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="deletions",
        verbose_name=_("kommun"),
    )
    description = CharField(_("vad"), max_length=300)
    kind = CharField(_("typ"), max_length=60)
    contents = CharField(_("togs bort tillsammans med"), max_length=300, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("borttaget av"),
    )
    deleted_at = models.DateTimeField(_("borttaget"), default=timezone.now)
    restored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("återställt av"),
    )
    restored_at = models.DateTimeField(_("återställt"), null=True, blank=True)

    history = audited_history()
    objects = DeletionQuerySet.as_manager()

    class Meta:
        verbose_name = _("borttagning")
        verbose_name_plural = _("borttagningar")
        ordering = ["-deleted_at"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.description}"
