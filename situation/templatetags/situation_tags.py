"""The lägesbild on pages of the apps below and beside it.

The promise page belongs to ``promises``, which must never import ``situation``; it loads this tag
library instead (``{% load situation_tags %}``), the one sanctioned way up the layers (see
docs/architecture.md). Each tag reads through ``situation.effect`` in a fixed number of queries.
"""

from django import template

from .. import effect
from ..charts import Series, series_from_dict

register = template.Library()


@register.inclusion_tag("situation/_indicator_chart.html")
def indicator_chart(series, chart_id: str, code: str = ""):
    """An indicator's line chart and its table: ``series`` a ``charts.Series`` or its plain form
    (a report snapshot's), ``chart_id`` unique on the page."""
    if not isinstance(series, Series):
        series = series_from_dict(series)
    return {"series": series, "chart_id": chart_id, "code": code}


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
