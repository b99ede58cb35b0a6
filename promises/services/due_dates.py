"""Writes to due dates: the planned follow-ups of a promise and the check-ins of an agreement.

Keyword-only, in a transaction, validated with ``full_clean()``, with the user (and the reason,
when given) in the history, like every write of the chain.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from ..models import Agreement, DueDate, Promise
from .writes import assign as _assign
from .writes import delete as _delete
from .writes import save as _save


@transaction.atomic
def create_due_date(
    *,
    user,
    document: Promise | Agreement,
    title: str,
    due_on: date,
    recipient: str,
    **fields: Any,
) -> DueDate:
    """A planned follow-up of a promise, or a check-in of an agreement (``document``)."""
    owner = {"agreement": document} if isinstance(document, Agreement) else {"promise": document}
    due_date = DueDate(title=title, due_on=due_on, recipient=recipient, **owner, **fields)
    return _save(due_date, user=user)


@transaction.atomic
def update_due_date(
    *,
    due_date: DueDate,
    user,
    fields: Mapping[str, Any],
    reason: str = "",
    expected_version: int | None = None,
) -> DueDate:
    _assign(due_date, fields)
    return _save(due_date, user=user, reason=reason, expected_version=expected_version)


@transaction.atomic
def delete_due_date(*, due_date: DueDate, user, reason: str = "") -> None:
    """Remove a planned follow-up (its history stays). One that a report names is part of that
    report and stays."""
    try:
        with transaction.atomic():
            _delete(due_date, user=user, reason=reason, restorable=False)
    except ProtectedError as error:
        raise ValidationError(
            _(
                "En uppföljningsrapport hör till den här uppföljningen, så den kan inte tas bort. "
                "Ändra den i stället."
            )
        ) from error


@transaction.atomic
def mark_due_date_met(*, due_date_id: int, user, on: date, reason: str = "") -> DueDate | None:
    """Record that the due date was met on ``on`` (issuing a report that names it calls this in
    its own transaction). A due date already met keeps its first date."""
    due_date = DueDate.objects.select_for_update().filter(pk=due_date_id).first()
    if due_date is None or due_date.is_met:
        return due_date
    due_date.met_on = on
    return _save(due_date, user=user, reason=reason)
