"""The geometry of the server-rendered SVG charts (``templates/includes/charts/``).

Figures come in, already counted by the database (``standing.py``); out come the bars' positions in
a small coordinate system (``viewBox``) that the browser scales to the width of the page, so a chart
reads the same at 375 px as on a desktop. The templates draw them with a title and a description
for screen readers, and every chart stands beside a table with the same figures: the chart is for
the eye, the table is the text alternative. No JavaScript.
"""

from dataclasses import dataclass

# The drawing area, in viewBox units; about one unit per CSS pixel on a phone.
WIDTH = 360
MARGIN = 8
COLUMN_HEIGHT = 200
COLUMN_TOP = 24  # room for the value above the tallest bar
COLUMN_BASELINE = 172  # room for the month below the bars
MAX_COLUMN_WIDTH = 24  # a promise in its first months has few, but not fat, columns
ROW_HEIGHT = 46
BAR_THICKNESS = 14


def _r(value: float) -> float:
    return round(value, 1)


@dataclass(frozen=True)
class Column:
    """One bar standing on the baseline: ``item`` is what it counts (e.g. a ``MonthCount``)."""

    item: object
    value: int
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return _r(self.x + self.width / 2)

    @property
    def value_y(self) -> float:
        return _r(self.y - 5)


@dataclass(frozen=True)
class ColumnChart:
    columns: list[Column]
    width: int = WIDTH
    height: int = COLUMN_HEIGHT
    baseline: int = COLUMN_BASELINE
    left: int = MARGIN
    right: int = WIDTH - MARGIN

    @property
    def label_y(self) -> int:
        return self.baseline + 18


def column_chart(items, *, value=lambda item: item.count) -> ColumnChart:
    """Columns for ``items`` side by side, their heights in proportion to ``value(item)``."""
    items = list(items)
    values = [value(item) for item in items]
    top = max(values, default=0) or 1
    slot = (WIDTH - 2 * MARGIN) / max(len(items), 1)
    bar = min(slot * 0.6, MAX_COLUMN_WIDTH)
    span = COLUMN_BASELINE - COLUMN_TOP
    columns = []
    for index, (item, number) in enumerate(zip(items, values, strict=True)):
        height = span * number / top
        columns.append(
            Column(
                item=item,
                value=number,
                x=_r(MARGIN + index * slot + (slot - bar) / 2),
                y=_r(COLUMN_BASELINE - height),
                width=_r(bar),
                height=_r(height),
            )
        )
    return ColumnChart(columns=columns)


@dataclass(frozen=True)
class ProgressBar:
    """One row: ``row.progress`` (achieved against target) as a bar on a track that holds the target
    and anything beyond it; ``target_x`` marks the target."""

    row: object
    y: float
    width: float
    track_width: float
    target_x: float

    @property
    def text_y(self) -> float:
        return _r(self.y + 14)

    @property
    def bar_y(self) -> float:
        return _r(self.y + 21)

    @property
    def marker_top(self) -> float:
        return _r(self.bar_y - 3)

    @property
    def marker_bottom(self) -> float:
        return _r(self.bar_y + BAR_THICKNESS + 3)


@dataclass(frozen=True)
class ProgressChart:
    bars: list[ProgressBar]
    height: int
    width: int = WIDTH
    left: int = MARGIN
    thickness: int = BAR_THICKNESS


def progress_chart(rows) -> ProgressChart:
    """A horizontal bar per row (``row.progress``: achieved and target), one below the other."""
    track = WIDTH - 2 * MARGIN
    bars = []
    for index, row in enumerate(rows):
        progress = row.progress
        scale = max(progress.target, progress.achieved, 1)
        bars.append(
            ProgressBar(
                row=row,
                y=index * ROW_HEIGHT,
                width=_r(track * progress.achieved / scale),
                track_width=track,
                target_x=_r(MARGIN + track * progress.target / scale),
            )
        )
    return ProgressChart(bars=bars, height=max(len(bars), 1) * ROW_HEIGHT)
