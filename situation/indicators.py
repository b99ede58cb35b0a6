"""Services of the indicators: every write of an indicator or its values goes through here (or
``indicators_kolada``, which fetches, then writes with ``upsert_values``), in a transaction, with
history.

Values are one row per (indicator, year, gender): writing a series again updates the rows whose
figure or preliminary flag changed (a history row says who and why), moves the retrieval date of the
unchanged ones (no history row: nothing about the figure changed) and creates the new ones. Rows the
new series does not mention are kept.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from promises.models import Organisation
from promises.services.writes import assign, delete, save

from .indicators_paste import PastedRow
from .models import Indicator, IndicatorValue
from .models.indicators import EARLIEST_PERIOD, LATEST_PERIOD


@dataclass(frozen=True)
class NewValue:
    period: int
    gender: str
    value: Decimal | None
    is_preliminary: bool = False


@dataclass(frozen=True)
class UpsertResult:
    created: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        return _("%(created)s nya värden, %(updated)s ändrade, %(unchanged)s oförändrade.") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


@transaction.atomic
def create_indicator(*, user, municipality: Organisation, **fields: Any) -> Indicator:
    indicator = Indicator(municipality=municipality)
    assign(indicator, fields)
    return save(indicator, user=user)


@transaction.atomic
def update_indicator(
    *,
    indicator: Indicator,
    user,
    fields: Mapping[str, Any],
    reason: str = "",
    expected_version: int | None = None,
) -> Indicator:
    assign(indicator, fields)
    return save(indicator, user=user, reason=reason, expected_version=expected_version)


def problems_measured_by(indicator: Indicator) -> list[str]:
    """The problems ``indicator`` measures, in any version of the lägesbild ("Problem 2 i version
    3"): while there is one, the indicator stays (an adopted version never changes)."""
    return [
        _("Problem %(number)s i version %(version)s: %(title)s")
        % {"number": problem.number, "version": problem.assessment.version, "title": problem.title}
        for problem in indicator.problems.select_related("assessment").order_by(
            "assessment__version", "number"
        )
    ]


def delete_indicator(*, indicator: Indicator, user) -> None:
    """Delete an indicator no problem uses, with its values (the history keeps them)."""
    with transaction.atomic():
        locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
        if locked.problems.exists():
            raise ValidationError(
                _("Indikatorn mäter problem i lägesbilden; ta bort den från problemen först.")
            )
        delete(locked, user=user, restorable=False)


def upsert_values(
    indicator: Indicator, values: Iterable[NewValue], *, user, reason: str
) -> UpsertResult:
    """Write ``values`` into ``indicator``'s series (see the module's docstring). The caller holds
    the transaction and, to keep two writers apart, a lock on the indicator's row."""
    today = timezone.localdate()
    existing = {(row.period, row.gender): row for row in indicator.values.all()}
    new, changed, unchanged = [], [], []
    for value in values:
        if not EARLIEST_PERIOD <= value.period <= LATEST_PERIOD:
            continue
        row = existing.get((value.period, value.gender))
        if row is None:
            new.append(
                IndicatorValue(
                    indicator=indicator,
                    period=value.period,
                    gender=value.gender,
                    value=value.value,
                    retrieved_on=today,
                    is_preliminary=value.is_preliminary,
                )
            )
        elif row.value != value.value or row.is_preliminary != value.is_preliminary:
            row.value, row.is_preliminary, row.retrieved_on = (
                value.value,
                value.is_preliminary,
                today,
            )
            changed.append(row)
        else:
            unchanged.append(row.pk)
    if new:
        bulk_create_with_history(
            new, IndicatorValue, default_user=user, default_change_reason=reason
        )
    if changed:
        bulk_update_with_history(
            changed,
            IndicatorValue,
            ["value", "is_preliminary", "retrieved_on"],
            default_user=user,
            default_change_reason=reason,
        )
    if unchanged:
        IndicatorValue.objects.filter(pk__in=unchanged).update(retrieved_on=today)
    return UpsertResult(created=len(new), updated=len(changed), unchanged=len(unchanged))


def save_pasted_values(*, indicator: Indicator, rows: list[PastedRow], user) -> UpsertResult:
    """The values a coordinator pasted (already checked line by line: all or nothing)."""
    with transaction.atomic():
        locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
        values = [
            NewValue(period=row.period, gender=gender, value=value)
            for row in rows
            for gender, value in row.values.items()
        ]
        return upsert_values(locked, values, user=user, reason=_("Inklistrade värden"))
