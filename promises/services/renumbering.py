"""Renumbering the focus areas of a promise or the activities of a focus area in one form.

The form carries each item's version ("12:3,13:1"); the items are locked, every one must still be
at the version the form was opened on, and each renumbered item is saved by compare-and-swap.
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from ..models import FocusArea, Promise
from .writes import EditConflict, changes_since


def group_version(items: Iterable[Model]) -> str:
    """The version a form over several objects is opened on: each object's id and version."""
    return ",".join(f"{item.pk}:{item.lock_version}" for item in items)


def parse_group_version(token: str) -> dict[int, int] | None:
    """``group_version``'s token back as {id: version}; None if it is not one."""
    versions = {}
    for part in (token or "").split(","):
        pk, colon, version = part.partition(":")
        if not (
            colon and pk.isascii() and pk.isdigit() and version.isascii() and version.isdigit()
        ):
            return None
        versions[int(pk)] = int(version)
    return versions


def _conflict(items: list[Model], expected: Mapping[int, int]) -> EditConflict:
    changes = []
    for item in items:
        if item.pk in expected and item.lock_version != expected[item.pk]:
            changes.extend(changes_since(item, expected[item.pk])[1])
    added = [str(item) for item in items if item.pk not in expected]
    if added:
        changes.append(_("Tillkom: %(items)s") % {"items": ", ".join(added)})
    if set(expected) - {item.pk for item in items}:
        changes.append(_("Något av det du numrerade har tagits bort."))
    return EditConflict(
        _(
            "Någon annan ändrade medan du skrev, så de nya numren är inte sparade. "
            "Kontrollera numren och spara igen."
        ),
        current_version=0,
        changes=changes,
    )


def _renumber(
    items: Iterable[Model],
    numbers: Mapping[int, int],
    *,
    user,
    reason: str,
    expected_version: str | None,
) -> None:
    """Give each item its new number without tripping the unique constraint midway: first move
    every changed item out of the way, then set the final numbers (each save is in the history)."""
    items = list(items)
    expected = parse_group_version(expected_version) if expected_version else None
    if expected_version and expected is None:
        raise ValidationError(_("Formuläret är ogiltigt. Ladda om sidan och försök igen."))
    if expected is not None and (
        set(expected) != {item.pk for item in items}
        or any(item.lock_version != expected[item.pk] for item in items)
    ):
        raise _conflict(items, expected)
    final = {item.pk: numbers.get(item.pk, item.number) for item in items}
    upper = items[0]._meta.get_field("number").validators if items else []
    maximum = min((v.limit_value for v in upper if v.code == "max_value"), default=None)
    if len(set(final.values())) != len(final) or any(
        n < 1 or (maximum is not None and n > maximum) for n in final.values()
    ):
        raise ValidationError(
            _("Numren måste vara olika heltal från 1 till %(max)s.") % {"max": maximum}
        )
    changed = [item for item in items if final[item.pk] != item.number]
    offset = 10_000
    for item in changed:
        type(item).objects.filter(pk=item.pk).update(number=item.number + offset)
    for item in changed:
        item.number = final[item.pk]
        item._history_user = user
        item._change_reason = reason
        item.save(update_fields=["number"])  # the rows are locked: the versions still hold


@transaction.atomic
def renumber_focus_areas(
    *,
    promise: Promise,
    user,
    numbers: Mapping[int, int],
    expected_version: str | None = None,
) -> None:
    areas = list(promise.focus_areas.select_for_update().order_by("number"))
    _renumber(
        areas,
        numbers,
        user=user,
        reason=_("Fokusområdena numrerades om."),
        expected_version=expected_version,
    )


@transaction.atomic
def renumber_activities(
    *,
    focus_area: FocusArea,
    user,
    numbers: Mapping[int, int],
    expected_version: str | None = None,
) -> None:
    activities = list(focus_area.activities.select_for_update().order_by("number"))
    _renumber(
        activities,
        numbers,
        user=user,
        reason=_("Aktiviteterna numrerades om."),
        expected_version=expected_version,
    )
