"""The signed documents: the samverkansöverenskommelse, the promise (or åtgärdsplan) it carries,
and their signatories."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..audit import DeletionAwareHistory, audited_history
from ..fields import CharField, TextField  # normalising fields, see fields.py
from ..limits import PLAUSIBLE_DATE
from ..periods import Cadence
from ..querysets import AgreementQuerySet, PromiseQuerySet
from ..text import DOCUMENT_MAX_LENGTH, PARAGRAPHS_MAX_LENGTH
from ..versioning import Versioned
from .common import NO_ID_NUMBER, end_before_start_error
from .organisations import Organisation


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

    # What a coordinator writes, in the form's order: the form, the views and the demo data read
    # this list (signatories are set apart, see services.set_signatories).
    EDITABLE_FIELDS = (
        "municipality",
        "police_area",
        "title",
        "reference_number",
        "valid_from",
        "valid_to",
        "goals",
        "check_in_cadence",
    )

    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreements",
        limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
        verbose_name=_("kommun"),
        help_text=_("Kommunen som är part i överenskommelsen, t.ex. Upplands-Bro kommun."),
    )
    police_area = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="police_agreements",
        limit_choices_to={"kind": Organisation.Kind.POLICE_AREA},
        verbose_name=_("lokalpolisområde"),
        help_text=_(
            "Lokalpolisområdet som är part, t.ex. Lokalpolisområde Järfälla/Upplands-Bro. "
            "Det måste omfatta kommunen."
        ),
    )
    title = CharField(
        _("titel"),
        max_length=200,
        validators=NO_ID_NUMBER,
        help_text=_("Som på dokumentets första sida, t.ex. Samverkansöverenskommelse 2022–2023."),
    )
    reference_number = CharField(
        _("diarienummer"),
        max_length=40,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Kommunens diarienummer för ärendet, t.ex. KS 21/0531."),
    )
    valid_from = models.DateField(
        _("gäller från"),
        validators=PLAUSIBLE_DATE,
        help_text=_("Första dagen överenskommelsen gäller, t.ex. 2022-01-01."),
    )
    valid_to = models.DateField(
        _("gäller till och med"),
        validators=PLAUSIBLE_DATE,
        help_text=_("Sista dagen den gäller, t.ex. 2023-12-31."),
    )
    goals = TextField(
        _("mål och prioriterade områden"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_(
            "Ett mål eller prioriterat område per rad, t.ex. Våld och Ungdomar i riskzon, "
            "som i Upplands-Bros överenskommelse."
        ),
    )
    check_in_cadence = CharField(
        _("avstämningar"),
        max_length=20,
        choices=Cadence.choices,
        default=Cadence.QUARTERLY,
        help_text=_("Hur ofta kommunens samordnare och polisen stämmer av, t.ex. kvartalsvis."),
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
            raise end_before_start_error("valid_to")
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
    # The promise's long texts (up to 50,000 characters each): read on its own pages, never for a
    # list of promises.
    LONG_TEXTS = (
        "purpose",
        "situation",
        "background",
        "joint_commitment",
        "expected_effect",
        "follow_along",
    )

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

    # What a coordinator writes, in the form's order; the status and the adoption change only
    # through their own services (adopt, close, supersede). A successor copies these too.
    EDITABLE_FIELDS = (
        "kind",
        "agreement",
        "title",
        "reference_number",
        "period_start",
        "period_end",
        "follow_up_cadence",
        "purpose",
        "situation",
        "background",
        "joint_commitment",
        "expected_effect",
        "follow_along",
    )

    kind = CharField(
        _("typ"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.CITIZEN_PROMISE,
        help_text=_(
            "Vad dokumentet kallar sig: ett medborgarlöfte, som Knivstas, eller en åtgärdsplan, "
            "som Upplands-Bros."
        ),
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        related_name="promises",
        verbose_name=_("samverkansöverenskommelse"),
        help_text=_(
            "Överenskommelsen som löftet hör till, t.ex. Samverkansöverenskommelse 2022–2023."
        ),
    )
    title = CharField(
        _("titel"),
        max_length=200,
        validators=NO_ID_NUMBER,
        help_text=_(
            "Som på dokumentets första sida, t.ex. Medborgarlöfte Knivsta kommun 2024–2025."
        ),
    )
    period_start = models.DateField(
        _("gäller från"),
        validators=PLAUSIBLE_DATE,
        help_text=_("Första dagen löftet gäller, t.ex. 2024-01-01."),
    )
    period_end = models.DateField(
        _("gäller till och med"),
        validators=PLAUSIBLE_DATE,
        help_text=_("Sista dagen det gäller, t.ex. 2025-12-31."),
    )
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
        help_text=_("Protokollets paragraf, t.ex. § 6 för Kommunstyrelsen 2024-01-29 § 6."),
    )
    reference_number = CharField(
        _("diarienummer"),
        max_length=40,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Kommunens diarienummer för löftet, t.ex. KS 22/0091."),
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
        _("syfte"),
        max_length=DOCUMENT_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_(
            "Varför kommunen och polisen ger löftet, t.ex. att säkerställa ett gemensamt "
            "brottsförebyggande och trygghetsskapande arbete."
        ),
    )
    situation = TextField(
        _("lägesbild"),
        max_length=DOCUMENT_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_(
            "Vad kommunen, polisen och invånarna ser: brottsutvecklingen och var otryggheten "
            "finns, t.ex. från trygghetsmätningen och medborgardialogerna."
        ),
    )
    background = TextField(
        _("bakgrund"),
        max_length=DOCUMENT_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Vad löftet bygger på, t.ex. delar av förra årets löfte som kvarstår."),
    )
    joint_commitment = TextField(
        _("Det här ska vi åstadkomma tillsammans"),
        max_length=DOCUMENT_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_(
            "Vad kommunen och polisen lovar, gärna mätbart, t.ex. minst fyra "
            "narkotikainsatser per år."
        ),
    )
    expected_effect = TextField(
        _("förväntad effekt"),
        max_length=DOCUMENT_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Vad löftet ska leda till, t.ex. ökad trygghet i centrala Bro."),
    )
    follow_along = TextField(
        _("Följ med i hur det går!"),
        max_length=DOCUMENT_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_(
            "Hur invånarna kan följa arbetet, t.ex. på kommunens webbplats och genom det "
            "lokala brottsförebyggande rådet."
        ),
    )
    follow_up_cadence = CharField(
        _("uppföljning"),
        max_length=20,
        choices=Cadence.choices,
        default=Cadence.HALF_YEARLY,
        help_text=_(
            "Hur ofta varje aktivitet ska få en statusuppdatering, t.ex. varje halvår inför "
            "halvårsuppföljningen."
        ),
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
            raise end_before_start_error("period_end")
        if self.status == self.Status.ADOPTED and not (self.adopted_by and self.adopted_on):
            raise ValidationError(
                {"adopted_on": _("Ett antaget löfte behöver organ och datum för beslutet.")}
            )
        if self.supersedes_id and self.supersedes_id == self.pk:
            raise ValidationError({"supersedes": _("Ett löfte kan inte ersätta sig självt.")})
