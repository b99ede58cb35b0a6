"""The indicator chart: points where there are values, none where the source has none, the table
with the same figures, preliminary values marked."""

import re
from decimal import Decimal

from django.template.loader import render_to_string

from situation.charts import (
    BOTTOM,
    TOP,
    Figure,
    Series,
    as_dict,
    format_value,
    line_chart,
    series_from_dict,
)


def _series(split=False, figures=None):
    return Series(
        name="Anmälda brott totalt",
        unit="antal/100 000 inv",
        source="Kolada",
        retrieved_on="2026-11-20",
        split=split,
        figures=figures
        or [
            Figure("2021", "T", Decimal("9100")),
            Figure("2022", "T", None),  # Kolada's ".."
            Figure("2023", "T", Decimal("8200.5")),
            Figure("2024", "T", Decimal("8000"), preliminary=True),
        ],
    )


def _render(series, chart_id="test"):
    from situation.templatetags.situation_tags import indicator_chart

    return render_to_string("situation/_indicator_chart.html", indicator_chart(series, chart_id))


def test_it_places_a_point_for_every_value_and_none_for_a_missing_one():
    chart = line_chart(_series())
    (line,) = chart.lines
    assert [point.figure.period for point in line.points] == ["2021", "2023", "2024"]
    # The largest value is highest (smallest y); the y axis starts at 0 and ends at a round top.
    ys = {point.figure.period: point.y for point in line.points}
    assert TOP <= ys["2021"] < ys["2023"] < ys["2024"] < BOTTOM
    assert [tick.value for tick in chart.ticks] == [0, 5000, 10000]
    # The missing year breaks the line: 2021 stands alone, 2023–2024 are one run.
    assert line.runs == [
        f"{line.points[1].x},{line.points[1].y} {line.points[2].x},{line.points[2].y}"
    ]


def test_it_never_draws_a_missing_value_as_zero():
    html = _render(_series())
    points = re.findall(r'<circle class="chart-point[^"]*" cx="([\d.]+)" cy="([\d.]+)"', html)
    assert len(points) == 3
    assert all(float(y) < BOTTOM for _x, y in points)  # nothing on the zero line
    assert "uppgift saknas" in html


def test_its_table_holds_the_same_figures_as_the_data():
    html = _render(_series())
    rows = re.findall(r"<tr><th scope=\"row\">(\d{4})</th><td>(.*?)</td></tr>", html)
    assert [(period, re.sub(r"<[^>]+>", "", cell)) for period, cell in rows] == [
        ("2021", "9\u00a0100"),
        ("2022", "uppgift saknas"),
        ("2023", "8\u00a0200,5"),
        ("2024", "8\u00a0000 (preliminärt)"),
    ]
    assert "Källa: Kolada, hämtad 2026-11-20." in html
    assert '<caption id="test-caption">' in html
    assert 'role="img"' in html and 'aria-labelledby="test-title test-desc"' in html


def test_it_marks_a_preliminary_value_as_a_hollow_point():
    html = _render(_series())
    assert html.count("chart-preliminary") == 1
    assert re.search(r'class="chart-point chart-preliminary"[^>]*fill="#ffffff"', html)


def test_it_draws_a_line_per_gender_where_the_source_splits():
    figures = [
        Figure("2022", "K", Decimal("61")),
        Figure("2022", "M", Decimal("74")),
        Figure("2023", "K", Decimal("58")),
        Figure("2023", "M", None),
    ]
    series = _series(split=True, figures=figures)
    chart = line_chart(series)
    assert [line.gender for line in chart.lines] == ["K", "M"]
    assert [len(line.points) for line in chart.lines] == [2, 1]
    html = _render(series)
    assert '<th scope="col">Kvinnor</th><th scope="col">Män</th>' in html
    assert html.count('<rect class="chart-point') == 1  # men's one value, a square


def test_it_reads_back_a_series_from_its_plain_form_unchanged():
    series = _series()
    again = series_from_dict(as_dict(series))
    assert again == series


def test_it_writes_figures_the_swedish_way():
    assert format_value(Decimal("8123.4000")) == "8\u00a0123,4"
    assert format_value(Decimal("-1.5")) == "−1,5"
    assert format_value(Decimal("12")) == "12"


def test_it_says_so_when_there_are_no_values_at_all():
    html = _render(_series(figures=[Figure("2024", "T", None)]))
    assert "<svg" not in html
    assert "uppgift saknas" in html
