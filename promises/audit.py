"""What the audit trail needs beyond django-simple-history: who acted (its ``get_user`` hook) and
deletions grouped into one restorable unit.

A deletion cascades (a focus area takes its activities and their updates with it). Every history
row written while a deletion runs carries the deletion's id, so that "Borttaget" can list the
deletion once and restore everything that went with it.
"""

import functools
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ClassVar, Protocol, runtime_checkable

from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.manager import HistoryManager
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


class ReusedHistoryManager(HistoryManager):
    """simple-history's manager, whose class is built once per queryset class. simple-history's
    ``Model.history`` descriptor calls ``from_queryset`` on every access, which builds a new class
    through ``inspect.getmembers`` each time (about 0.1 ms, 16 times on a history page)."""

    @classmethod
    @functools.cache
    def from_queryset(cls, queryset_class, class_name=None):
        return super().from_queryset(queryset_class, class_name)


class AuditedHistoricalRecords(HistoricalRecords):
    """simple-history's records with the indexes that history pages read by: every historical
    model by object and version (``id``, ``history_id``: an object's history and the row before a
    change), which replaces simple-history's index on ``id`` alone (kept where a many-to-many
    history shares the option); ``by_parent`` adds one on the
    parent's key with the history's ordering, read with the index alone (the history of a promise's
    tree: its activities by focus area, their updates by activity), replacing the index on the key
    alone."""

    def __init__(self, *, by_parent: str = "", **options):
        self.by_parent = by_parent
        # The history of a many-to-many field shares the option but is read by its parent row:
        # it keeps its index on ``id``.
        keep_id = bool(options.get("m2m_fields"))
        replaced = [*([] if keep_id else ["id"]), *([by_parent] if by_parent else [])]
        super().__init__(no_db_index=replaced, **options)

    def get_meta_options(self, model):
        meta = super().get_meta_options(model)
        indexes = [*meta.get("indexes", ()), models.Index(fields=["id", "history_id"])]
        if self.by_parent:
            indexes.append(models.Index(fields=[self.by_parent, "history_date", "history_id"]))
        meta["indexes"] = indexes
        return meta


def audited_history(**options) -> HistoricalRecords:
    """The history of a model of this project: simple-history with the ``get_user`` hook above
    and the indexes of ``AuditedHistoricalRecords``."""
    return AuditedHistoricalRecords(
        get_user=history_user, history_manager=ReusedHistoryManager, **options
    )


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


@runtime_checkable
class Restorable(Protocol):
    """A model whose rows a deletion may take with it and "Borttaget" brings back.

    It provides:

    - ``restore_order``: restoring brings the models back in this order, parents before children
      (a promise before its focus areas, an activity before its updates), so that every restored
      row finds the row it belongs to;
    - ``history``: its audit trail, ``audited_history(bases=[DeletionAwareHistory])``, so that the
      "-" rows a deletion writes carry the deletion and can be found again to restore.

    Signatories and the parts of a report are restorable only along with what they belong to;
    what can be deleted on its own is a ``RestorableRoot``. ``is_restorable`` tells a model class.
    """

    restore_order: ClassVar[int]
    history: ClassVar[Any]


@runtime_checkable
class RestorableRoot(Restorable, Protocol):
    """A restorable model that a user deletes on its own (a promise, focus area, activity, status
    update or report): the deletion is recorded as one unit for "Borttaget" of a kommun.

    ``deletion_municipality`` is that kommun: its coordinators see the deletion and may restore it.
    """

    @property
    def deletion_municipality(self) -> Any: ...


class HistoryHints(Protocol):
    """Optional hints a model may declare for its history page (promises.history reads each with
    an empty default, so only the models that need one declare it):

    - ``history_hidden_fields``: columns never shown as a change (an issued report's frozen
      snapshot, which the PDF shows instead);
    - ``label_select_related``: what to join when naming many objects of the model at once in a
      history (an activity is named "2:3" from its focus area).
    """

    history_hidden_fields: ClassVar[tuple[str, ...]]
    label_select_related: ClassVar[tuple[str, ...]]


def is_restorable(model: type[models.Model]) -> bool:
    """Whether the model class provides ``Restorable`` (``issubclass`` cannot check a protocol with
    attributes, so this looks at the class: an order, and a history that records deletions)."""
    history = getattr(model, "history", None)
    return (
        isinstance(getattr(model, "restore_order", None), int)
        and history is not None
        and issubclass(history.model, DeletionAwareHistory)
    )


@contextmanager
def recording_deletion(deletion):
    token = _current_deletion.set(deletion)
    try:
        yield deletion
    finally:
        _current_deletion.reset(token)


def current_deletion():
    """The deletion being recorded right now (see ``recording_deletion``), or None."""
    return _current_deletion.get()


@receiver(pre_create_historical_record)
def _tag_deletion_rows(sender, instance, history_instance, **kwargs):
    deletion = _current_deletion.get()
    if (
        deletion is not None
        and history_instance.history_type == "-"
        and hasattr(history_instance, "deletion_id")
    ):
        history_instance.deletion = deletion
