"""The lägesbild's own page draws each problem's indicators as a chart with its table, reading
the values once for the whole page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .lagesbild import build_lagesbild


def _get(client, assessment) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(assessment.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_it_draws_the_indicators_of_each_problem_with_their_figures(client, owner, knivsta):
    assessment = build_lagesbild(knivsta, problems=2, adopt=False)
    client.force_login(owner)
    html, _count = _get(client, assessment)
    assert html.count('role="img"') == 2
    assert "Indikator 2.1: Anmälda brott totalt 2.1" in html
    assert "8\u00a0200,5" in html and "uppgift saknas" in html
    assert "Källa: Kolada, hämtad 2026-11-20." in html


def test_it_reads_the_values_in_a_fixed_number_of_queries(client, owner, knivsta):
    client.force_login(owner)
    small = build_lagesbild(knivsta, problems=1, adopt=True)
    _html, one = _get(client, small)
    large = build_lagesbild(knivsta, problems=10, indicators_per_problem=3, version=2)
    html, ten = _get(client, large)
    assert html.count('role="img"') == 30
    assert ten == one
