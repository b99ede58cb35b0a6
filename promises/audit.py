"""What the audit trail needs beyond django-simple-history: deletions grouped into one restorable unit.

A deletion cascades (a focus area takes its activities and their updates with it). Every history
row written while a deletion runs carries the deletion's id, so that "Borttaget" can list the
deletion once and restore everything that went with it.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.signals import pre_create_historical_record

_current_deletion: ContextVar = ContextVar("current_deletion", default=None)


class DeletionAwareHistory(models.Model):
    """Base of every historical model of the chain: which deletion a "-" row belongs to."""

    deletion = models.ForeignKey(
        "promises.Deletion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="+",
        verbose_name=_("borttagning"),
    )

    class Meta:
        abstract = True


@contextmanager
def recording_deletion(deletion):
    token = _current_deletion.set(deletion)
    try:
        yield deletion
    finally:
        _current_deletion.reset(token)


@receiver(pre_create_historical_record)
def _tag_deletion_rows(sender, instance, history_instance, **kwargs):
    deletion = _current_deletion.get()
    if (
        deletion is not None
        and history_instance.history_type == "-"
        and hasattr(history_instance, "deletion_id")
    ):
        history_instance.deletion = deletion
