"""The follow-up report's "Effekt: lägesbildens indikatorer": the figures of the problems the
promise answers, copied into the snapshot when it is taken, so that an issued report keeps them."""

import subprocess
from decimal import Decimal

import pytest

from followup import pdf, selectors
from followup import services as report_services
from followup.snapshot import SCHEMA_VERSION, build_snapshot
from situation.models import IndicatorValue
from tests.situation.lagesbild import build_lagesbild

from . import pdf_checks as checks
from .report_factory import complete_draft


def pdftotext(data: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def lagesbild(chain):
    activity = chain.activities[(1, 1)]
    return build_lagesbild(
        chain.promise.agreement.municipality, promise=chain.promise, activities=[activity]
    )


def _figures(snapshot) -> list[tuple]:
    (problem,) = snapshot["effect"]["problems"]
    (indicator,) = problem["indicators"]
    return [(f["period"], f["value"], f["preliminary"]) for f in indicator["series"]["figures"]]


def test_it_copies_the_figures_into_the_snapshot(owner, chain, lagesbild):
    report = complete_draft(owner=owner, promise=chain.promise)
    snapshot = build_snapshot(selectors.report_with_parts(report.pk))
    assert snapshot["schema"] == SCHEMA_VERSION == 4
    effect = snapshot["effect"]
    assert effect["assessment"]["title"] == lagesbild.title
    (problem,) = effect["problems"]
    assert problem["title"] == "Otrygghet vid stationen 1"
    assert [m["code"] for m in problem["measures"]] == ["1:1"]
    assert problem["measures"][0]["causes"] == ["1.1"]
    assert problem["indicators"][0]["code"] == "Indikator 1.1"
    assert _figures(snapshot) == [
        ("2021", "9100", False),
        ("2022", None, False),
        ("2023", "8200.5", False),
        ("2024", "8000", True),
    ]


def test_it_leaves_the_section_out_without_an_adopted_lagesbild(owner, chain):
    build_lagesbild(chain.promise.agreement.municipality, promise=chain.promise, adopt=False)
    report = complete_draft(owner=owner, promise=chain.promise)
    assert build_snapshot(selectors.report_with_parts(report.pk))["effect"] is None


def test_an_issued_report_keeps_its_figures_when_a_value_changes_later(
    client, owner, chain, lagesbild, media_root, tmp_path
):
    report = complete_draft(owner=owner, promise=chain.promise)
    issued = report_services.issue_report(report=report, user=owner)
    before = _figures(issued.snapshot)
    data = issued.pdf.read()
    issued.pdf.close()
    # A later fetch from Kolada corrects 2023 and fills in 2022.
    for period, value in ((2023, "7777"), (2022, "8500")):
        row = IndicatorValue.objects.get(indicator__problems__assessment=lagesbild, period=period)
        row.value = Decimal(value)
        row.save()
    issued.refresh_from_db()
    assert _figures(issued.snapshot) == before
    client.force_login(owner)
    html = client.get(f"/rapporter/{issued.pk}/forhandsgranska/").content.decode()
    assert "8\u00a0200,5" in html and "7\u00a0777" not in html
    # A new draft reads the new figures.
    fresh = build_snapshot(selectors.report_with_parts(report.pk))
    assert ("2023", "7777", False) in _figures(fresh)

    # The PDF reads back: the section, a row of the table, the source.
    text = pdftotext(data, tmp_path)
    assert "Effekt: lägesbildens indikatorer" in text
    assert "Problem 1: Otrygghet vid stationen 1" in text
    assert "Indikator 1.1: Anmälda brott totalt 1.1" in text
    rows = [" ".join(line.split()) for line in text.splitlines()]
    assert "2023 8 200,5" in rows
    assert "2022 uppgift saknas" in rows
    assert "2024 8 000 (preliminärt)" in rows
    assert any("Källa: Kolada, hämtad 2026-11-20." in line for line in rows)
    # Still a tagged PDF/UA document: the chart is a Figure with its alt text.
    _pdf, tree = checks.check_all(
        data, title=issued.snapshot["title"], html=pdf.render_html(issued.snapshot)
    )
    assert any(
        "Linjediagram: Indikator 1.1" in str(figure.get("/Alt", ""))
        for figure in tree.of_type("/Figure")
    )
