"""The report: the tjänsteutlåtande in which a kommun reports a promise to a committee.

A report is drafted from the chain, edited, then issued: its content is frozen as a snapshot, its PDF
is stored with a SHA-256 checksum, and from then on nothing about it may change. The guards in
``save()`` and ``delete()`` below enforce that whatever path a write takes (service, admin, shell);
a correction is a new version that names the one it replaces.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from promises.audit import DeletionAwareHistory, audited_history
from promises.fields import CharField, EmailField, TextField  # normalising, see fields.py
from promises.limits import PLAUSIBLE_DATE
from promises.text import DOCUMENT_MAX_LENGTH, PARAGRAPHS_MAX_LENGTH
from promises.validators import NO_ID_NUMBER
from promises.versioning import Versioned

from ..querysets import ReportQuerySet
from ..storage import reports_storage

# Barnombudsmannen's barnchecklista, as the reference documents use it: (field prefix, question,
# kind). A "choice" question is answered ja / nej / inte aktuellt, with a comment; a "text"
# question ("Hur har barns bästa beaktats?") is answered in words, in its comment field.
CHECKLIST_CHOICE, CHECKLIST_TEXT = "choice", "text"
CHILD_CHECKLIST = (
    ("child_affects", _("Påverkar beslutet barn?"), CHECKLIST_CHOICE),
    ("child_best_interest", _("Hur har barns bästa beaktats?"), CHECKLIST_TEXT),
    ("child_conflicts", _("Beskriv eventuella intressekonflikter."), CHECKLIST_TEXT),
    (
        "child_consulted",
        _("Barn tillfrågas vid övergripande fleråriga planer/styrdokument. Har så skett?"),
        CHECKLIST_CHOICE,
    ),
)


# Issuing the largest report takes well under a minute; after this long it is taken as stopped.
ISSUE_STALLED_AFTER = timedelta(minutes=15)


def pdf_upload_to(report: "Report", filename: str) -> str:
    """rapporter/<kommun>/<the report's year>/<file name>: one folder per kommun and year."""
    slug = report.promise.agreement.municipality.slug
    return f"rapporter/{slug}/{report.date.year}/{filename}"


class IssuedReportIsImmutable(Exception):
    """Raised when code tries to change or delete an issued report or one of its parts."""


class Report(Versioned):
    restore_order = 60
    # The frozen snapshot is what the PDF shows; its checksum in the history stands for it.
    history_hidden_fields = ("snapshot",)

    # What a coordinator writes in a draft, by the parts of the document (the editor shows them
    # in this order); the form, the editor's sections and a correction's copy all read these.
    FIELD_GROUPS = {
        "header": (
            "document_type",
            "title",
            "date",
            "period_start",
            "period_end",
            "recipient_body",
            "our_reference",
            "your_reference",
            "office",
            "handler_name",
            "handler_email",
        ),
        "text": ("proposals", "summary", "case_text"),
        "optional": (
            "legal_review",
            "economic_consequences",
            "gender_equality",
            "child_perspective",
        ),
        "closing": ("recipients", "attachments", "include_update_appendix"),
        "checklist": (
            "uses_child_checklist",
            *[
                f"{prefix}_{part}"
                for prefix, _q, kind in CHILD_CHECKLIST
                for part in (("answer", "comment") if kind == CHECKLIST_CHOICE else ("comment",))
            ],
        ),
    }
    EDITABLE_FIELDS = tuple(name for group in FIELD_GROUPS.values() for name in group)

    class Kind(models.TextChoices):
        HALF_YEAR = "halvarsuppfoljning", _("Halvårsuppföljning")
        ANNUAL = "arsuppfoljning", _("Årsuppföljning")
        CLOSING = "slutuppfoljning", _("Slutuppföljning")

    class Status(models.TextChoices):
        DRAFT = "utkast", _("Utkast")
        ISSUED = "utfardad", _("Utfärdad")
        SUPERSEDED = "ersatt", _("Ersatt av rättelse")

    class IssueFailure(models.TextChoices):
        STORAGE = (
            "lagring",
            _(
                "PDF:en kunde inte skapas och sparas på servern (till exempel för att disken är "
                "full eller skrivskyddad)"
            ),
        )
        RENDERING = "pdf", _("PDF:en kunde inte skapas")
        DATABASE = "databas", _("Databasen kunde inte spara utfärdandet")

    class DocumentType(models.TextChoices):
        STATEMENT = "tjansteutlatande", _("Tjänsteutlåtande")
        MEMO = "tjansteskrivelse", _("Tjänsteskrivelse")

    class ChildAnswer(models.TextChoices):
        YES = "ja", _("Ja")
        NO = "nej", _("Nej")
        NOT_APPLICABLE = "inte_aktuellt", _("Inte aktuellt")

    promise = models.ForeignKey(
        "promises.Promise",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("löfte eller åtgärdsplan"),
    )
    kind = CharField(_("typ av uppföljning"), max_length=20, choices=Kind.choices)
    # The planned follow-up this report meets; issuing the report marks it met (followup.issuing).
    due_date = models.ForeignKey(
        "promises.DueDate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("uppföljning som rapporten lämnar"),
    )
    status = CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("rättar"),
        help_text=_("Den utfärdade rapport som den här versionen rättar."),
    )
    document_type = CharField(
        _("dokumenttyp"),
        max_length=20,
        choices=DocumentType.choices,
        default=DocumentType.STATEMENT,
    )
    period_start = models.DateField(_("perioden från"), validators=PLAUSIBLE_DATE)
    period_end = models.DateField(_("perioden till och med"), validators=PLAUSIBLE_DATE)
    date = models.DateField(
        _("datum"),
        help_text=_("Dokumentets datum, t.ex. 2025-11-10."),
        validators=PLAUSIBLE_DATE,
    )
    our_reference = CharField(
        _("vår beteckning"),
        max_length=40,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Diarienumret, t.ex. KS 21/0531."),
    )
    recipient_body = CharField(
        _("till"),
        max_length=120,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Den nämnd eller det utskott som får rapporten, t.ex. Trygghetsutskottet."),
    )
    your_reference = CharField(
        _("er beteckning"),
        max_length=120,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_(
            "Mottagarens egen beteckning på ärendet, om den har gett en. Oftast tom; nämnden "
            "som får rapporten skrivs under Till."
        ),
    )
    office = CharField(
        _("förvaltning"),
        max_length=120,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("T.ex. Kommunledningskontoret."),
    )
    handler_name = CharField(_("handläggare"), max_length=120, blank=True, validators=NO_ID_NUMBER)
    handler_email = EmailField(_("handläggarens e-post"), blank=True, validators=NO_ID_NUMBER)
    title = CharField(_("rubrik"), max_length=200, validators=NO_ID_NUMBER)
    proposals = TextField(
        _("förslag till beslut"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("En beslutspunkt per rad, var och en en hel mening. De numreras i dokumentet."),
    )
    summary = TextField(
        _("sammanfattning"), max_length=DOCUMENT_MAX_LENGTH, blank=True, validators=NO_ID_NUMBER
    )
    case_text = TextField(
        _("ärendet"),
        max_length=DOCUMENT_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Ärendets bakgrund och historik."),
    )
    legal_review = TextField(
        _("rättslig utredning"), max_length=DOCUMENT_MAX_LENGTH, blank=True, validators=NO_ID_NUMBER
    )
    economic_consequences = TextField(
        _("ekonomiska konsekvenser"),
        max_length=DOCUMENT_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
    )
    gender_equality = TextField(
        _("jämställdhet"), max_length=DOCUMENT_MAX_LENGTH, blank=True, validators=NO_ID_NUMBER
    )
    child_perspective = TextField(
        _("barnperspektiv"), max_length=DOCUMENT_MAX_LENGTH, blank=True, validators=NO_ID_NUMBER
    )
    uses_child_checklist = models.BooleanField(
        _("kommunen använder barnchecklista"),
        default=False,
        help_text=_("Barnchecklistan läggs då sist i dokumentet, på en egen sida."),
    )
    child_affects_answer = CharField(
        _("påverkar beslutet barn?"), max_length=20, choices=ChildAnswer.choices, blank=True
    )
    child_affects_comment = TextField(
        _("kommentar"), max_length=PARAGRAPHS_MAX_LENGTH, blank=True, validators=NO_ID_NUMBER
    )
    child_best_interest_comment = TextField(
        _("hur har barns bästa beaktats?"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
    )
    child_conflicts_comment = TextField(
        _("eventuella intressekonflikter"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
    )
    child_consulted_answer = CharField(
        _("har barn tillfrågats?"), max_length=20, choices=ChildAnswer.choices, blank=True
    )
    child_consulted_comment = TextField(
        _("kommentar"), max_length=PARAGRAPHS_MAX_LENGTH, blank=True, validators=NO_ID_NUMBER
    )
    recipients = TextField(
        _("beslutet skickas till"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("En mottagare per rad, t.ex. Akten."),
    )
    attachments = TextField(
        _("bilagor"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("En bilaga per rad. De numreras i dokumentet."),
    )
    include_update_appendix = models.BooleanField(
        _("bilaga med statusuppdateringarna"),
        default=False,
        help_text=_(
            "Lägger till bilagan ”Statusuppdateringar under perioden”, med de offentliga "
            "uppdateringarna och deras datum, sist i dokumentet."
        ),
    )
    snapshot = models.JSONField(
        _("fryst innehåll"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Allt som dokumentet visar, fryst när rapporten utfärdades."),
    )
    # rapporter/<kommun>/<year>/ + a file name that carries the diarienummer (and a version), plus
    # the unique suffix an object store may add: room for all of it.
    pdf = models.FileField(
        _("PDF"),
        upload_to=pdf_upload_to,
        storage=reports_storage,
        max_length=255,
        blank=True,
        editable=False,
    )
    pdf_sha256 = CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    issued_at = models.DateTimeField(_("utfärdad"), null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="issued_reports",
        verbose_name=_("utfärdad av"),
    )
    # Issuing runs in a background task (followup.issuing): while it does, the draft is frozen
    # with its snapshot and these say who asked and when; a failed attempt says why.
    issue_requested_at = models.DateTimeField(
        _("utfärdande begärt"), null=True, blank=True, editable=False
    )
    issue_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("utfärdande begärt av"),
    )
    issue_failure = CharField(
        _("senaste utfärdandet misslyckades"),
        max_length=20,
        choices=IssueFailure.choices,
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)

    history = audited_history(bases=[DeletionAwareHistory])
    objects = ReportQuerySet.as_manager()

    # The only change an issued report allows: a correction supersedes it.
    _MUTABLE_AFTER_ISSUE = frozenset({"status", "updated_at", "lock_version"})

    class Meta:
        verbose_name = _("uppföljningsrapport")
        verbose_name_plural = _("uppföljningsrapporter")
        ordering = ["-date", "-version", "-pk"]
        indexes = [models.Index(fields=["status", "-date"], name="report_status_date")]

    def __str__(self) -> str:
        if self.version > 1:
            return _("%(title)s (version %(version)s)") % {
                "title": self.title,
                "version": self.version,
            }
        return self.title

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            self._refuse_changes_after_issue()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("followup:report_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        stored = Report.objects.filter(pk=self.pk).values_list("status", flat=True).first()
        if stored is not None and stored != self.Status.DRAFT:
            raise IssuedReportIsImmutable(f"Report {self.pk} is issued and cannot be deleted.")
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_issuing(self) -> bool:
        """Issuing was asked for and its task has not finished: the draft is frozen meanwhile."""
        return self.is_draft and self.issue_requested_at is not None

    @property
    def issue_stalled(self) -> bool:
        """Issuing has taken far longer than any report needs: its worker was probably stopped
        (a deploy, a crash), so the coordinator may ask again (followup.issuing)."""
        return self.is_issuing and timezone.now() - self.issue_requested_at > ISSUE_STALLED_AFTER

    @property
    def deletion_municipality(self):
        return self.promise.agreement.municipality

    @property
    def is_issued(self) -> bool:
        return self.status in (self.Status.ISSUED, self.Status.SUPERSEDED)

    @property
    def is_in_force(self) -> bool:
        """Issued and not replaced by a correction."""
        return self.status == self.Status.ISSUED

    @property
    def is_superseded(self) -> bool:
        """Replaced by a correction; kept unchanged as it was issued."""
        return self.status == self.Status.SUPERSEDED

    @property
    def is_closing(self) -> bool:
        return self.kind == self.Kind.CLOSING

    @property
    def proposal_list(self) -> list[str]:
        return _lines(self.proposals)

    @property
    def recipient_list(self) -> list[str]:
        return _lines(self.recipients)

    @property
    def attachment_list(self) -> list[str]:
        return _lines(self.attachments)

    def clean(self):
        errors: dict[str, list] = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors.setdefault("period_end", []).append(
                _("Slutdatumet kan inte ligga före startdatumet.")
            )
        if self.promise_id and self.period_start and self.period_end:
            promise = self.promise
            if self.period_start < promise.period_start or self.period_end > promise.period_end:
                errors.setdefault("period_start", []).append(
                    _("Perioden måste ligga inom löftets period, %(start)s–%(end)s.")
                    % {
                        "start": promise.period_start.isoformat(),
                        "end": promise.period_end.isoformat(),
                    }
                )
        if self.due_date_id and self.due_date.promise_id != self.promise_id:
            errors.setdefault("due_date", []).append(
                _("Välj en uppföljning som hör till det valda löftet.")
            )
        if self.replaces_id and self.replaces_id == self.pk:
            errors.setdefault("replaces", []).append(_("En rapport kan inte rätta sig själv."))
        if errors:
            raise ValidationError(errors)

    def _refuse_changes_after_issue(self) -> None:
        fields = [f for f in self._meta.concrete_fields if not f.primary_key]
        stored = Report.objects.filter(pk=self.pk).values(*[f.attname for f in fields]).first()
        if stored is None or stored["status"] == self.Status.DRAFT:
            return
        changed = [
            f.attname
            for f in fields
            if f.attname not in self._MUTABLE_AFTER_ISSUE
            and _comparable(f, stored[f.attname]) != _comparable(f, getattr(self, f.attname))
        ]
        moves_back = stored["status"] == self.Status.SUPERSEDED and self.status != stored["status"]
        unissues = self.status == self.Status.DRAFT
        if changed or moves_back or unissues:
            raise IssuedReportIsImmutable(
                f"Report {self.pk} is issued; refused change of {changed or ['status']}."
            )


def _comparable(field, value):
    if isinstance(field, models.FileField):
        return str(value or "")
    return value


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
