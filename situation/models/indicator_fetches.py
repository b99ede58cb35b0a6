"""Where fetching an indicator from Kolada stands: queued, done or failed, with what went wrong.

Bookkeeping beside the indicator, not part of the lägesbild (the values' own history says what a
fetch changed); one row per indicator, the latest fetch. Kept out of ``Indicator`` itself so that a
fetch never moves the version an open edit form of the indicator is based on.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from promises.fields import CharField
from promises.validators import NO_ID_NUMBER

from .indicators import Indicator


class IndicatorFetch(models.Model):
    class Status(models.TextChoices):
        QUEUED = "hamtas", _("Hämtas…")
        DONE = "klar", _("Hämtad")
        FAILED = "misslyckades", _("Misslyckades")

    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="fetch", verbose_name=_("indikator")
    )
    status = CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    message = CharField(_("meddelande"), max_length=500, blank=True, validators=NO_ID_NUMBER)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("begärd av"),
    )
    requested_at = models.DateTimeField(_("begärd"))
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    succeeded_at = models.DateTimeField(_("senast hämtad"), null=True, blank=True)

    class Meta:
        verbose_name = _("hämtning från Kolada")
        verbose_name_plural = _("hämtningar från Kolada")

    def __str__(self) -> str:
        return f"{self.indicator}: {self.get_status_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.QUEUED
