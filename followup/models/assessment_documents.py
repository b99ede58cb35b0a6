"""The lägesbild as a tjänsteskrivelse to Kommunstyrelsen: the PDF made of it, by a task.

Asked for on the lägesbild's document page (``followup.assessment_document``): the document is
taken as a snapshot then, the task renders it and stores the PDF here. One row per lägesbild
version, rewritten when asked again: derived data (made again from the lägesbild whenever asked
for), so no history of its own, and gone with its lägesbild's draft. The PDF is small (a few
hundred kB) and kept in the row, so that it is written in the same transaction as the mark that
it is done: never a file without its row, or a row without its file.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from promises.fields import CharField  # normalising, see fields.py
from situation.models import Assessment


class AssessmentDocument(models.Model):
    # Derived data: rendered again from the lägesbild whenever asked for, so no history.
    derived = True

    assessment = models.OneToOneField(
        Assessment,
        on_delete=models.CASCADE,
        related_name="document",
        verbose_name=_("lägesbild"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("begärd av"),
    )
    requested_at = models.DateTimeField(_("begärd"))
    # What the document says, as taken when it was asked for, and its SHA-256 (page_count's digest).
    snapshot = models.JSONField(_("innehåll"), default=dict)
    digest = CharField(_("kontrollsumma för innehållet"), max_length=64)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)
    pdf_sha256 = CharField(_("kontrollsumma för PDF:en"), max_length=64, blank=True)
    rendered_at = models.DateTimeField(_("skapad"), null=True, blank=True)
    # Written by the app (a Swedish message for the page), never typed by anyone.
    error = CharField(_("fel"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("tjänsteskrivelse för lägesbild")
        verbose_name_plural = _("tjänsteskrivelser för lägesbilder")

    def __str__(self):
        return f"{self.assessment_id}: {self.rendered_at or self.requested_at}"

    @property
    def is_ready(self) -> bool:
        return self.pdf is not None and self.rendered_at is not None
