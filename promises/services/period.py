"""Recording a period in one go ("Rapportera perioden"): several status updates, all or none."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Activity, StatusUpdate
from .chain import add_status_update


class RowErrors(ValidationError):
    """Some rows were refused, so none was saved; ``by_row`` holds each refused row's error by
    its position among the rows given."""

    def __init__(self, by_row: dict[int, ValidationError]):
        super().__init__(_("Inget sparades: rätta raderna som har fel."), code="rows")
        self.by_row = by_row


@transaction.atomic
def add_status_updates(
    *, user, rows: Iterable[tuple[Activity, Mapping[str, Any]]]
) -> list[StatusUpdate]:
    """Add one status update per ``(activity, fields)`` row through ``add_status_update`` (so
    every rule and signal of a single update holds), in one transaction: when any row is refused,
    every row is checked, all their errors are raised together, and nothing is saved."""
    saved, errors = [], {}
    for index, (activity, fields) in enumerate(rows):
        try:
            saved.append(add_status_update(user=user, activity=activity, **fields))
        except ValidationError as error:
            errors[index] = error
    if errors:
        raise RowErrors(errors)
    return saved
