"""The parts of a report that are frozen with it: its entry per activity, its signatories and the
documents it names. Once the report is issued, none of them may be saved or deleted."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from promises.audit import DeletionAwareHistory, audited_history
from promises.fields import CharField, TextField  # normalising, see fields.py
from promises.limits import PLAUSIBLE_DATE
from promises.text import FOLLOW_UP_MAX_LENGTH, PARAGRAPHS_MAX_LENGTH
from promises.validators import NO_ID_NUMBER

from .reports import IssuedReportIsImmutable, Report


class ReportPart(models.Model):
    """A part of a report that is frozen with it: once the report is issued, no save or delete."""

    restore_order = 70

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._refuse_if_issued()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_issued()
        return super().delete(*args, **kwargs)

    def _refuse_if_issued(self) -> None:
        """Refused once the report is issued, and while it is being issued (its snapshot, which
        the PDF will show, is taken)."""
        if not self.report_id:
            return
        state = (
            Report.objects.filter(pk=self.report_id)
            .values_list("status", "issue_requested_at")
            .first()
        )
        if state is not None and (state[0] != Report.Status.DRAFT or state[1] is not None):
            raise IssuedReportIsImmutable(
                f"{type(self).__name__} of issued report {self.report_id} cannot change."
            )


class ReportActivityEntry(ReportPart):
    """The follow-up of one activity in one report, and for a closing report its verdict."""

    class Verdict(models.TextChoices):
        KEPT = "hallet", _("Hållet")
        PARTLY_KEPT = "delvis_hallet", _("Delvis hållet")
        NOT_KEPT = "ej_hallet", _("Ej hållet")
        NOT_ASSESSABLE = "ej_bedombart", _("Ej bedömbart")

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="entries", verbose_name=_("rapport")
    )
    activity = models.ForeignKey(
        "promises.Activity",
        on_delete=models.SET_NULL,
        null=True,
        related_name="report_entries",
        verbose_name=_("aktivitet"),
        help_text=_(
            "Tas aktiviteten bort finns uppföljningen kvar i de utfärdade rapporternas "
            "frysta innehåll."
        ),
    )
    follow_up = TextField(
        _("uppföljning"),
        max_length=FOLLOW_UP_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Vad som har gjorts under perioden, med egna ord."),
    )
    verdict = CharField(_("bedömning"), max_length=20, choices=Verdict.choices, blank=True)
    verdict_justification = TextField(
        _("motivering"), max_length=PARAGRAPHS_MAX_LENGTH, blank=True, validators=NO_ID_NUMBER
    )
    include_internal = models.BooleanField(
        _("ta med internt material"),
        default=False,
        help_text=_(
            "Interna statusuppdateringar räknas då med i måluppfyllelsen, och insatsen listas som "
            "internt material när rapporten utfärdas."
        ),
    )

    history = audited_history(bases=[DeletionAwareHistory])

    class Meta:
        verbose_name = _("uppföljning av aktivitet")
        verbose_name_plural = _("uppföljningar av aktiviteter")
        ordering = ["report", "activity__focus_area__number", "activity__number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "activity"],
                name="unique_report_activity",
                violation_error_message=_("Aktiviteten följs redan upp i rapporten."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} – {self.activity.code if self.activity else '?'}"

    def clean(self):
        if self.verdict_justification and not self.verdict:
            raise ValidationError({"verdict": _("Välj en bedömning till motiveringen.")})


class ReportSignatory(ReportPart):
    """A person who signs the report, by name and title (e.g. Chef kommunledningskontoret)."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="signatories", verbose_name=_("rapport")
    )
    name = CharField(_("namn"), max_length=120, validators=NO_ID_NUMBER)
    title = CharField(_("titel"), max_length=160, validators=NO_ID_NUMBER)
    order = models.PositiveSmallIntegerField(_("ordning"), default=1)

    history = audited_history(bases=[DeletionAwareHistory])

    class Meta:
        verbose_name = _("undertecknare av rapport")
        verbose_name_plural = _("undertecknare av rapporter")
        ordering = ["report", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}"


class ReportDocument(ReportPart):
    """One dated document in the Beslutsunderlag; the report itself comes first."""

    report = models.ForeignKey(
        Report,
        on_delete=models.CASCADE,
        related_name="decision_documents",
        verbose_name=_("rapport"),
    )
    title = CharField(_("handling"), max_length=250, validators=NO_ID_NUMBER)
    date = models.DateField(_("datum"), null=True, blank=True, validators=PLAUSIBLE_DATE)
    order = models.PositiveSmallIntegerField(_("ordning"), default=1)

    history = audited_history(bases=[DeletionAwareHistory])

    class Meta:
        verbose_name = _("beslutsunderlag")
        verbose_name_plural = _("beslutsunderlag")
        ordering = ["report", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.title} {self.date.isoformat() if self.date else ''}".strip()
