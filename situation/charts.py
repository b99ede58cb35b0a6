"""An indicator's series over time as a line chart, with the same figures as a table.

Like ``promises.charts``, this is only geometry: the figures come in as plain data (``Series``,
built from the database by ``situation.effect`` or read back from a frozen report snapshot, so an
issued report draws its own figures and never today's), and out come the points and lines in a
small coordinate system (``viewBox``) that the browser or WeasyPrint scales to the page. The
template (``templates/situation/_indicator_chart.html``) draws it with a title and a description
for screen readers beside a table with every figure: the chart is for the eye, the table is the
text alternative. No JavaScript.

A missing value (Kolada's "..") is never drawn, and never as 0: the line breaks there and the
table says "uppgift saknas". A preliminary value is drawn as a hollow point and marked
"preliminärt" in the table.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

# The drawing area, in viewBox units; about one unit per CSS pixel on a phone.
WIDTH = 360
HEIGHT = 220
LEFT = 52  # room for the values on the y axis
RIGHT = 12
TOP = 16
BOTTOM = 172  # the x axis; below it the periods and the legend
LEGEND_Y = 212

TOTAL, WOMEN, MEN = "T", "K", "M"
# The order of the table's columns and the chart's lines; each line differs by more than colour
# (its dash and its marker), so the chart reads in greyscale too.
GENDERS = (TOTAL, WOMEN, MEN)
GENDER_LABELS = {TOTAL: _("Totalt"), WOMEN: _("Kvinnor"), MEN: _("Män")}
STYLES = {
    TOTAL: {"colour": "#00508a", "dash": "", "marker": "circle"},
    WOMEN: {"colour": "#8a1538", "dash": "", "marker": "circle"},
    MEN: {"colour": "#1d5e20", "dash": "6 4", "marker": "square"},
}


def _r(value: float) -> float:
    return round(value, 1)


def as_decimal(value: Any) -> Decimal | None:
    """A figure from the database (Decimal) or a snapshot (text) as a Decimal; None if missing."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def format_value(value: Decimal | None) -> str:
    """Swedish notation: a decimal comma and a space between thousands ("8 123,4")."""
    if value is None:
        return ""
    sign = "−" if value < 0 else ""
    text = format(abs(value).normalize(), "f")
    whole, _dot, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    number = "\u00a0".join(groups)
    return f"{sign}{number},{fraction}" if fraction else f"{sign}{number}"


@dataclass(frozen=True)
class Figure:
    """One value of the series: ``value`` None when the source has none (never 0)."""

    period: str
    gender: str
    value: Decimal | None
    preliminary: bool = False

    @property
    def text(self) -> str:
        return format_value(self.value)


@dataclass(frozen=True)
class Point:
    figure: Figure
    x: float
    y: float

    @property
    def square_x(self) -> float:
        return _r(self.x - 4)

    @property
    def square_y(self) -> float:
        return _r(self.y - 4)


@dataclass(frozen=True)
class Line:
    """One gender's series: its points and the runs of consecutive values drawn as polylines
    (a missing value breaks the line)."""

    gender: str
    points: list[Point]
    runs: list[str]  # each a polyline's "x,y x,y …"
    legend_x: float

    @property
    def label(self) -> str:
        return str(GENDER_LABELS[self.gender])

    @property
    def style(self) -> dict[str, str]:
        return STYLES[self.gender]

    @property
    def legend_end(self) -> float:
        return _r(self.legend_x + 22)

    @property
    def legend_text_x(self) -> float:
        return _r(self.legend_x + 27)


@dataclass(frozen=True)
class Tick:
    value: Decimal
    y: float

    @property
    def text(self) -> str:
        return format_value(self.value)

    @property
    def text_y(self) -> float:
        return _r(self.y + 4)


@dataclass(frozen=True)
class PeriodLabel:
    text: str
    x: float


@dataclass(frozen=True)
class Row:
    """A row of the table: a period and its figure per column (None where the source has no row
    at all, which the table also shows as "uppgift saknas")."""

    period: str
    cells: list[Figure | None]


@dataclass
class Series:
    """What the chart and its table need of an indicator, in plain data (``situation.effect``)."""

    name: str
    unit: str
    source: str
    retrieved_on: str  # ISO date of the latest retrieval, "" if unknown
    split: bool  # per gender (kvinnor, män) where the source has the split
    figures: list[Figure] = field(default_factory=list)
    is_demo: bool = False
    note: str = ""

    @property
    def genders(self) -> tuple[str, ...]:
        if not self.split:
            return (TOTAL,)
        present = {figure.gender for figure in self.figures}
        # Kvinnor and män always; totalt too when the source gives it.
        return tuple(g for g in GENDERS if g != TOTAL or TOTAL in present)

    @property
    def periods(self) -> list[str]:
        return sorted({figure.period for figure in self.figures}, key=_period_key)

    @property
    def column_labels(self) -> list[str]:
        return [str(GENDER_LABELS[gender]) for gender in self.genders]

    @property
    def rows(self) -> list[Row]:
        shown = {(f.period, f.gender): f for f in self.figures}
        return [
            Row(period=period, cells=[shown.get((period, gender)) for gender in self.genders])
            for period in self.periods
        ]

    @property
    def has_preliminary(self) -> bool:
        return any(f.preliminary and f.value is not None for f in self.figures)

    @property
    def has_values(self) -> bool:
        return any(f.value is not None for f in self.figures if f.gender in self.genders)

    @property
    def chart(self) -> "LineChart":
        return line_chart(self)


def _period_key(period: str) -> tuple:
    head, _space, rest = period.partition(" ")
    return (int(head), rest) if head.isdigit() else (10**6, period)


def series_from_dict(data: dict[str, Any]) -> Series:
    """A ``Series`` from its plain form (``as_dict``), e.g. read back from a report snapshot."""
    return Series(
        name=data["name"],
        unit=data.get("unit", ""),
        source=data.get("source", ""),
        retrieved_on=data.get("retrieved_on", ""),
        split=bool(data.get("split")),
        is_demo=bool(data.get("is_demo")),
        note=data.get("note", ""),
        figures=[
            Figure(
                period=str(item["period"]),
                gender=item.get("gender", TOTAL),
                value=as_decimal(item.get("value")),
                preliminary=bool(item.get("preliminary")),
            )
            for item in data.get("figures", [])
        ],
    )


def as_dict(series: Series) -> dict[str, Any]:
    """The plain, JSON-serialisable form of ``series`` (values as text, exact)."""
    return {
        "name": series.name,
        "unit": series.unit,
        "source": series.source,
        "retrieved_on": series.retrieved_on,
        "split": series.split,
        "is_demo": series.is_demo,
        "note": series.note,
        "figures": [
            {
                "period": f.period,
                "gender": f.gender,
                "value": None if f.value is None else format(f.value, "f"),
                "preliminary": f.preliminary,
            }
            for f in series.figures
        ],
    }


@dataclass(frozen=True)
class LineChart:
    lines: list[Line]
    ticks: list[Tick]
    labels: list[PeriodLabel]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    baseline: int = BOTTOM
    legend_y: int = LEGEND_Y

    @property
    def label_y(self) -> int:
        return self.baseline + 18

    @property
    def points(self) -> list[Point]:
        return [point for line in self.lines for point in line.points]


def _nice_top(largest: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above ``largest`` (the y axis's top)."""
    if largest <= 0:
        return Decimal(1)
    exponent = largest.adjusted()
    for step in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        top = step.scaleb(exponent)
        if top >= largest:
            return top.normalize()
    return Decimal(10).scaleb(exponent)  # pragma: no cover (10 × 10ⁿ is always enough)


def line_chart(series: Series) -> LineChart:
    """Points for every present value of ``series``, a line per gender broken where a value is
    missing, on an axis from 0 (or the lowest negative value) to a round top."""
    periods = series.periods
    genders = series.genders
    present = [f.value for f in series.figures if f.value is not None and f.gender in genders]
    top = _nice_top(max(present, default=Decimal(0)))
    bottom = min(min(present, default=Decimal(0)), Decimal(0))
    span = float(top - bottom) or 1.0
    slot = (WIDTH - RIGHT - LEFT) / max(len(periods), 1)
    x_of = {period: _r(LEFT + slot * (index + 0.5)) for index, period in enumerate(periods)}

    def y_of(value: Decimal) -> float:
        return _r(BOTTOM - (BOTTOM - TOP) * float(value - bottom) / span)

    by_key = {(f.period, f.gender): f for f in series.figures}
    lines = []
    for position, gender in enumerate(genders):
        points: list[Point] = []
        runs: list[str] = []
        run: list[str] = []
        for period in periods:
            figure = by_key.get((period, gender))
            if figure is None or figure.value is None:
                if len(run) > 1:
                    runs.append(" ".join(run))
                run = []
                continue
            point = Point(figure=figure, x=x_of[period], y=y_of(figure.value))
            points.append(point)
            run.append(f"{point.x},{point.y}")
        if len(run) > 1:
            runs.append(" ".join(run))
        lines.append(
            Line(gender=gender, points=points, runs=runs, legend_x=_r(LEFT + position * 100))
        )
    ticks = [Tick(value=bottom, y=y_of(bottom)), Tick(value=top, y=y_of(top))]
    middle = (top + bottom) / 2
    if middle != bottom:
        ticks.insert(1, Tick(value=middle.normalize(), y=y_of(middle)))
    # Every period is labelled while they fit; beyond eight, every other one, counted back from
    # the latest.
    step = 1 if len(periods) <= 8 else 2
    last = len(periods) - 1
    labels = [
        PeriodLabel(text=period, x=x_of[period])
        for index, period in enumerate(periods)
        if (last - index) % step == 0
    ]
    return LineChart(lines=lines, ticks=ticks, labels=labels)
