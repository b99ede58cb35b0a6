"""How many pages a draft's PDF will have, as the confirmation page of issuing shows it.

Counted by a task (``followup.page_count``) for one snapshot of the draft, named by its digest: a
count belongs to the draft exactly as it read then, and the page shows it only while the draft
still reads so. Derived data, rewritten whenever asked for: no history, gone with its report.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from promises.fields import CharField  # normalising, see fields.py

from .reports import Report


class DraftLayout(models.Model):
    # Derived data: laid out again from the draft whenever it changes, so no history of its own.
    derived = True

    report = models.OneToOneField(
        Report,
        on_delete=models.CASCADE,
        related_name="draft_layout",
        verbose_name=_("rapport"),
    )
    # SHA-256 of the snapshot's canonical JSON (followup.page_count.snapshot_digest).
    digest = CharField(_("kontrollsumma för utkastet"), max_length=64)
    pages = models.PositiveIntegerField(_("antal sidor"), null=True, blank=True)
    requested_at = models.DateTimeField(_("räkning begärd"))
    counted_at = models.DateTimeField(_("räknad"), null=True, blank=True)

    class Meta:
        verbose_name = _("sidräkning av utkast")
        verbose_name_plural = _("sidräkningar av utkast")

    def __str__(self):
        return f"{self.report_id}: {self.pages}"
