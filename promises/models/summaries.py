"""Figures kept beside the chain so that pages across many kommuner need not compute them.

``ActivitySummary`` holds each activity's newest status update (by date, then by id): its id, date
and status. The start page, "Mina aktiviteter" and the status filter read it for every activity of
a user's kommuner; computing it there would look up every activity's updates on every request.

It is derived data, never edited and never in the history: ``promises.summaries`` rewrites an
activity's row in the same transaction as every change to its updates (a signal on save and delete,
so services, the admin and restores all keep it), and a row exists exactly for the activities that
have at least one update.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .plan import Activity, StatusUpdate


class ActivitySummary(models.Model):
    # Derived data: rewritten from the updates, so it has no history and no admin of its own
    # (the updates it is computed from have both).
    derived = True

    activity = models.OneToOneField(
        Activity,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="summary",
        verbose_name=_("aktivitet"),
    )
    # The newest update's id, without a foreign key: the row is rewritten whenever that update
    # changes or goes, and a deleted update must not hold up (or cascade into) this row.
    latest_update_id = models.BigIntegerField(_("senaste uppdatering"))
    latest_date = models.DateField(_("senast uppdaterad"))
    latest_status = models.CharField(
        _("senaste status"), max_length=20, choices=StatusUpdate.Status.choices
    )

    class Meta:
        verbose_name = _("sammanfattning av aktivitet")
        verbose_name_plural = _("sammanfattningar av aktiviteter")
        indexes = [
            models.Index(fields=["-latest_date", "-latest_update_id"], name="summary_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.latest_status} {self.latest_date.isoformat()}"
