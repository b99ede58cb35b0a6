"""What the audit trail needs beyond django-simple-history: who acted (its ``get_user`` hook) and
deletions grouped into one restorable unit.

A deletion cascades (a focus area takes its activities and their updates with it). Every history
row written while a deletion runs carries the deletion's id, so that "Borttaget" can list the
deletion once and restore everything that went with it.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

_current_deletion: ContextVar = ContextVar("current_deletion", default=None)
_acting_user: ContextVar = ContextVar("acting_user", default=None)


def history_user(instance=None, request=None, **kwargs):
    """django-simple-history's ``get_user`` hook: who made a change that no service attributed
    explicitly (services set ``_history_user``, simple-history's own attribute, on what they save).
    The rows a deletion cascades to belong to the user of the service that deleted
    (``acting_user``), also outside a request (a management command, the shell); otherwise the
    signed-in user of the request."""
    user = _acting_user.get()
    if user is not None:
        return user
    return getattr(request, "user", None) if request is not None else None


@contextmanager
def acting_user(user):
    """Attribute every history row written inside the block to ``user``."""
    token = _acting_user.set(user)
    try:
        yield user
    finally:
        _acting_user.reset(token)


def audited_history(**options) -> HistoricalRecords:
    """The history of a model of this project: simple-history with the ``get_user`` hook above."""
    return HistoricalRecords(get_user=history_user, **options)


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
