"""A deletion made by a user, kept so that it can be restored whole."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..audit import audited_history
from ..fields import CharField  # normalising fields, see fields.py
from ..querysets import DeletionQuerySet
from .organisations import Organisation


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
