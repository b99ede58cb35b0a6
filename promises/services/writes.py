"""The one write path of the project: save and delete with the acting user, the reason and the
version the editor saw. Both apps' services write through :func:`save` and :func:`delete`.

A save of an existing object is a compare-and-swap on its ``lock_version`` column (see
``promises.versioning``); when the row moved on since the editor opened the form, nothing is written
and :class:`EditConflict` says who changed what since then, so the form can keep what the user typed.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..audit import RestorableRoot, acting_user, recording_deletion
from ..history import describe_entries, entries_for
from ..models import Activity, Deletion, StatusUpdate
from ..selectors import deletion_consequences
from ..versioning import StaleVersion

CONFLICT_MESSAGE = gettext_lazy(
    "Någon annan sparade ändringar medan du skrev, så dina ändringar är inte sparade. "
    "Det du skrev finns kvar i formuläret: jämför, slå ihop och spara igen."
)


class EditConflict(ValidationError):
    """Someone else saved the object after the editor opened it: nothing was overwritten.

    ``current_version`` is the object's version now: a form that carries it again saves over the
    newer change deliberately, after its user has seen ``changes``."""

    def __init__(self, message, *, current_version: int, changes: list[str]):
        super().__init__(message, code="conflict")
        self.current_version = current_version
        self.changes = changes


def changes_since(instance: Model, version: int) -> tuple[int, list[str]]:
    """Who saved what after ``version``, one line each, and the version the newest of those
    lines shows. Both come from the same history rows (one query), so a form that carries the
    returned version carries exactly the state its user has been shown."""
    model = type(instance)
    newer = list(
        instance.history.filter(lock_version__gt=version)
        .select_related("history_user")
        .order_by("history_id")
    )
    older = instance.history.filter(lock_version__lte=version).order_by("-history_id").first()
    previous = {instance.pk: older} if older else {}
    shown = newer[-1] if newer else older
    return (
        shown.lock_version if shown is not None else version,
        describe_entries(entries_for(model, newer, previous=previous)),
    )


def conflict_for(instance: Model, expected_version: int, message=None) -> ValidationError:
    """The error for a save refused because ``instance`` is no longer at ``expected_version``."""
    if not type(instance)._base_manager.filter(pk=instance.pk).exists():
        return ValidationError(_("Någon annan har tagit bort det här medan du skrev."))
    current, changes = changes_since(instance, expected_version)
    return EditConflict(message or CONFLICT_MESSAGE, current_version=current, changes=changes)


def assign(instance: Model, fields: Mapping[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)


def save(instance: Model, *, user, reason: str = "", expected_version: int | None = None) -> Model:
    """Validate and save ``instance`` as ``user``; refuse with EditConflict if the row is no
    longer at ``expected_version`` (or, without one, at the version it was loaded with)."""
    instance.full_clean()
    instance._history_user = user
    if reason:
        instance._change_reason = reason
    if not hasattr(instance, "lock_version"):
        instance.save()
        return instance
    expected = instance.lock_version if expected_version is None else expected_version
    try:
        instance.save(expected_version=expected)
    except StaleVersion as error:
        raise conflict_for(instance, expected) from error
    return instance


def deletion_description(instance: Model) -> str:
    if isinstance(instance, Activity):
        return f"{instance.code} {instance.description}"
    if isinstance(instance, StatusUpdate):
        return f"{instance.activity.code}: {instance} – {instance.description}"
    return str(instance)


def delete(
    instance: Model | RestorableRoot, *, user, reason: str = "", restorable: bool = True
) -> None:
    """Delete ``instance`` and what cascades with it; a restorable deletion is recorded as one unit
    that "Borttaget" can bring back whole (the model must provide ``RestorableRoot``)."""
    instance._history_user = user
    if reason:
        instance._change_reason = reason
    if not restorable:
        with acting_user(user):
            instance.delete()
        return
    if not isinstance(instance, RestorableRoot):
        raise TypeError(f"{type(instance).__name__} is not restorable (see RestorableRoot)")
    deletion = Deletion(
        municipality=instance.deletion_municipality,
        kind=str(instance._meta.verbose_name).capitalize(),
        description=deletion_description(instance)[:300],
        contents=", ".join(deletion_consequences(instance))[:300],
        deleted_by=user if getattr(user, "is_authenticated", False) else None,
    )
    save(deletion, user=user, reason=reason)
    with acting_user(user), recording_deletion(deletion):
        instance.delete()
