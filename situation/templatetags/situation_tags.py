"""The lägesbild on pages of the apps below and beside it.

The promise page belongs to ``promises``, which must never import ``situation``; it loads this tag
library instead (``{% load situation_tags %}``), the one sanctioned way up the layers (see
docs/architecture.md). Each tag reads through ``situation.effect`` in a fixed number of queries.
"""

import base64

from django import template
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .. import effect
from ..charts import Series, series_from_dict

register = template.Library()


@register.inclusion_tag("situation/_indicator_chart.html")
def indicator_chart(series, chart_id: str, code: str = ""):
    """An indicator's line chart and its table: ``series`` a ``charts.Series`` or its plain form
    (a report snapshot's), ``chart_id`` unique on the page."""
    return {"series": _as_series(series), "chart_id": chart_id, "code": code}


@register.inclusion_tag("situation/effect/promise.html", takes_context=True)
def effect_for_promise(context, promise):
    """The promise page's effect section (signed in): the problems the promise answers."""
    user = context["request"].user
    return {"effect": effect.promise_effect(promise, user), "promise": promise}


@register.inclusion_tag("situation/effect/public_promise.html")
def public_effect_for_promise(promise):
    """The public promise page's effect section, from a public lägesbild only."""
    return {"effect": effect.public_promise_effect(promise), "promise": promise}


@register.inclusion_tag("situation/effect/public_assessment.html")
def public_assessment_for(municipality):
    """The kommun's published lägesbild summary on its public page, if there is one."""
    return {"effect": effect.public_assessment(municipality), "municipality": municipality}


def _as_series(series) -> Series:
    return series if isinstance(series, Series) else series_from_dict(series)


@register.simple_tag
def chart_data_uri(series, chart_id: str, code: str = "") -> str:
    """The chart as a ``data:image/svg+xml`` URI, for a document's ``<img>`` (the PDF's fetcher
    takes inline images only, and tags an image with its alt text)."""
    series = _as_series(series)
    svg = render_to_string(
        "situation/_indicator_svg.svg",
        {"series": series, "chart": series.chart, "chart_id": chart_id, "code": code},
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


@register.simple_tag
def chart_alt(series, code: str = "") -> str:
    """The text alternative of a document's chart: what it shows; the figures are in its table."""
    series = _as_series(series)
    name = f"{code}: {series.name}" if code else series.name
    return _("Linjediagram: %(name)s. Siffrorna står i tabellen nedanför.") % {"name": name}


@register.simple_tag
def figure_table(series) -> Series:
    """``series`` (plain or not) as a ``Series``, for a document's table of figures."""
    return _as_series(series)


@register.inclusion_tag("situation/_problem_charts.html", takes_context=True)
def problem_indicator_charts(context, problem):
    """The charts of one problem of a lägesbild's page (its indicators prefetched). The values of
    every indicator of the lägesbild are read once, on the first problem, and kept on the request
    for the others: one query per page, however many problems."""
    request = context.get("request")
    cache = getattr(request, "_situation_values", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._situation_values = cache
    if problem.assessment_id not in cache:
        cache[problem.assessment_id] = effect.values_of_assessment(problem.assessment_id)
    values = cache[problem.assessment_id]
    indicators = [
        effect.IndicatorSeries(
            code=f"{problem.number}.{position}",
            chart_id=f"indikator-{problem.pk}-{indicator.pk}",
            series=effect.series_of(indicator, values.get(indicator.pk, [])),
        )
        for position, indicator in enumerate(
            sorted(problem.indicators.all(), key=lambda i: (i.name, i.pk)), start=1
        )
    ]
    return {"indicators": indicators, "problem": problem}
