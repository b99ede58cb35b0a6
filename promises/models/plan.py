"""What a promise plans and how it goes: focus areas, their activities and the status updates."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .. import choices
from ..audit import DeletionAwareHistory, audited_history
from ..fields import CharField, TextField  # normalising fields, see fields.py
from ..limits import MAX_ACTIVITY_NUMBER, MAX_FOCUS_AREA_NUMBER, PLAUSIBLE_DATE, number_validators
from ..periods import TargetPeriod, Window, target_window
from ..querysets import ActivityQuerySet, FocusAreaQuerySet, StatusUpdateQuerySet
from ..text import PARAGRAPHS_MAX_LENGTH, SECTION_MAX_LENGTH
from ..versioning import Versioned
from .common import NO_ID_NUMBER
from .documents import Promise
from .organisations import Organisation


class FocusArea(Versioned):
    restore_order = 30
    # What a coordinator writes (form, views, successor, demo data read it).
    EDITABLE_FIELDS = ("number", "title", "definition")

    promise = models.ForeignKey(
        Promise, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("löfte")
    )
    number = models.PositiveSmallIntegerField(
        _("nummer"),
        validators=number_validators(MAX_FOCUS_AREA_NUMBER),
        help_text=_("Områdets nummer i planen: 1 för Insats 1:1, 1:2 och så vidare."),
    )
    title = CharField(
        _("rubrik"),
        max_length=200,
        validators=NO_ID_NUMBER,
        help_text=_("Som i dokumentet, t.ex. Insatser i samverkan mot narkotika."),
    )
    definition = TextField(
        _("definition"),
        max_length=SECTION_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_(
            "Stycket som beskriver området och varför det är prioriterat, t.ex. vad den "
            "gemensamma lägesbilden visar om narkotika i kommunen."
        ),
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
    # What a coordinator writes, in the form's order (form, views, successor, demo data read it).
    EDITABLE_FIELDS = (
        "number",
        "description",
        "responsible",
        "partners",
        "contact_persons",
        "planned_start",
        "planned_end",
        "target_count",
        "target_unit",
        "target_period",
        "goal_text",
    )

    Responsible = choices.Responsible

    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("fokusområde"),
    )
    number = models.PositiveSmallIntegerField(
        _("nummer"),
        validators=number_validators(MAX_ACTIVITY_NUMBER),
        help_text=_("Aktivitetens nummer inom området: 2 för Insats 1:2."),
    )
    description = TextField(
        _("vad ska göras"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        validators=NO_ID_NUMBER,
        help_text=_(
            "Insatsen med egna ord, t.ex. Genomföra minst fyra i förväg planerade "
            "narkotikainsatser i samverkan."
        ),
    )
    responsible = CharField(
        _("ansvarig"),
        max_length=20,
        choices=Responsible.choices,
        default=Responsible.JOINT,
        help_text=_(
            "Vem som ska göra det: kommunen, polisen eller båda. Polisens aktiviteter kommer "
            "upp under Mina aktiviteter för polisen."
        ),
    )
    partners = CharField(
        _("samverkansparter"),
        max_length=250,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Andra som deltar, t.ex. Kriminalvården, Upplands-Brohus."),
    )
    contact_persons = CharField(
        _("kontaktpersoner"),
        max_length=250,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_(
            "Vem man frågar, t.ex. trygghetssamordnaren och kommunpolisen. Visas bara för "
            "inloggade, aldrig på de offentliga sidorna."
        ),
    )
    planned_start = models.DateField(
        _("planerad start"),
        null=True,
        blank=True,
        validators=PLAUSIBLE_DATE,
        help_text=_("T.ex. 2021-09-01 för en insats med start hösten 2021."),
    )
    planned_end = models.DateField(
        _("planerat slut"),
        null=True,
        blank=True,
        validators=PLAUSIBLE_DATE,
        help_text=_("Lämna tomt om insatsen pågår hela löftets period."),
    )
    target_count = models.IntegerField(
        _("mål, antal"),
        null=True,
        blank=True,
        help_text=_(
            "Talet i ett mätbart mål, t.ex. 4 för minst fyra narkotikainsatser per år. "
            "Lämna tomt om aktiviteten inte har ett mätbart mål."
        ),
    )
    target_unit = CharField(
        _("mål, enhet"),
        max_length=80,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Vad som räknas, t.ex. narkotikainsatser, synlighetsinsatser."),
    )
    target_period = CharField(
        _("mål, per"),
        max_length=20,
        choices=TargetPeriod.choices,
        blank=True,
        help_text=_("Hur ofta målet ska nås, t.ex. per år."),
    )
    # Brå's "Operativa mål" when the goal is not a count; a count stays in target_count/unit/period.
    goal_text = TextField(
        _("operativt mål i text"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_(
            "Målet i ord när det inte är ett antal, t.ex. Alla skolor i Bro har en utsedd "
            "kontaktperson för trygghetsfrågor före höstterminen."
        ),
    )

    history = audited_history(bases=[DeletionAwareHistory], by_parent="focus_area")
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
    # What the writer of an update gives, and may correct later (with a reason); the author and
    # the creation time are the service's to set.
    EDITABLE_FIELDS = ("date", "status", "description", "occurrences", "is_public")

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
    date = models.DateField(
        _("datum"),
        default=timezone.localdate,
        validators=PLAUSIBLE_DATE,
        help_text=_("När det hände, t.ex. dagen för narkotikainsatsen."),
    )
    status = CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        help_text=_("Hur aktiviteten står till nu, t.ex. Pågår eller Genomförd."),
    )
    description = TextField(
        _("vad hände"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        validators=NO_ID_NUMBER,
        help_text=_(
            "Beskriv vad organisationerna gjorde, aldrig vem en enskild person är. T.ex. "
            "Planerad narkotikainsats i centrala Bro, kommun och polis tillsammans."
        ),
    )
    occurrences = models.PositiveIntegerField(
        _("antal tillfällen"),
        default=0,
        help_text=_(
            "Hur många tillfällen uppdateringen räknar mot aktivitetens mål, t.ex. 1 för "
            "en narkotikainsats."
        ),
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

    history = audited_history(bases=[DeletionAwareHistory], by_parent="activity")
    objects = StatusUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("statusuppdatering")
        verbose_name_plural = _("statusuppdateringar")
        ordering = ["-date", "-pk"]
        indexes = [
            # An activity's timeline and its latest update: newest first, straight from the index.
            models.Index(fields=["activity", "-date", "-id"], name="update_activity_newest"),
            # The public timeline, feeds and open data: public updates of some activities, newest
            # first.
            models.Index(
                fields=["activity", "-date", "-id"],
                condition=models.Q(is_public=True),
                name="update_public_activity_date",
            ),
        ]

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
