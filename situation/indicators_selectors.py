"""What the indicator pages read: a fixed number of queries whatever the number of indicators or
values."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, QuerySet

from .choices import Gender
from .models import Indicator, IndicatorValue


def with_source(indicators: QuerySet) -> QuerySet:
    """``indicators`` as templates/situation/_indicator_source.html shows them ("Källa: Kolada
    (KPI N07540), hämtad 2026-11-30"): with ``last_retrieved``, the newest retrieval date of their
    values. Every page that shows an indicator's figures reads it through this."""
    return indicators.annotate(last_retrieved=Max("values__retrieved_on"))


def municipality_indicators(municipality) -> QuerySet:
    """The kommun's indicators with their latest retrieval date, number of values and fetch."""
    return (
        with_source(Indicator.objects.in_municipality(municipality))
        .select_related("fetch")
        .annotate(value_count=Count("values"))
        .order_by("name", "pk")
    )


def indicator_with_source(pk) -> Indicator:
    """One indicator as the source partial shows it, with its kommun and fetch."""
    return with_source(
        Indicator.objects.filter(pk=pk).select_related("municipality", "fetch")
    ).get()


@dataclass(frozen=True)
class Cell:
    value: Decimal | None
    is_preliminary: bool


@dataclass(frozen=True)
class Row:
    period: int
    cells: list[Cell | None]  # in the order of the table's columns; None: no row at all

    @property
    def is_preliminary(self) -> bool:
        return any(cell is not None and cell.is_preliminary for cell in self.cells)


def _plain(value: Decimal | None) -> Decimal | None:
    """The figure without the column's trailing zeros (7012.4000 → 7012.4, 6805.0000 → 6805)."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def value_table(indicator: Indicator) -> tuple[list[str], list[Row]]:
    """The columns (Gender labels: totalt, or totalt/kvinnor/män) and one row per year, newest
    last: the figures in the table under every chart. One query."""
    genders = (
        [Gender.TOTAL, Gender.WOMEN, Gender.MEN] if indicator.has_gender_split else [Gender.TOTAL]
    )
    by_period: dict[int, dict[str, Cell]] = {}
    values = IndicatorValue.objects.filter(indicator=indicator).values_list(
        "period", "gender", "value", "is_preliminary"
    )
    for period, gender, value, is_preliminary in values.order_by("period", "gender"):
        by_period.setdefault(period, {})[gender] = Cell(_plain(value), is_preliminary)
    rows = [
        Row(period, [cells.get(gender) for gender in genders])
        for period, cells in sorted(by_period.items())
    ]
    return [gender.label for gender in genders], rows
