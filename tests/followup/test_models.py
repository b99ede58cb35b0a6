"""Report models: their own rules, history on every model, the snapshot as plain JSON."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from followup.models import Report, ReportActivityEntry, ReportDocument, ReportSignatory
from followup.selectors import report_with_parts
from followup.snapshot import build_snapshot

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Report, ReportActivityEntry, ReportSignatory, ReportDocument])
def test_it_keeps_history_of_every_model(draft_report, model):
    assert model.history.exists()
    record = model.history.first()
    assert record.history_user is not None


def test_it_refuses_a_period_that_ends_before_it_starts(draft_report):
    draft_report.period_end = date(2023, 12, 31)
    with pytest.raises(ValidationError) as error:
        draft_report.full_clean()
    assert "period_end" in error.value.error_dict


def test_it_refuses_a_justification_without_a_verdict(draft_report):
    entry = draft_report.entries.first()
    entry.verdict = ""
    entry.verdict_justification = "Motivering"
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "verdict" in error.value.error_dict


def test_its_snapshot_is_plain_json_with_everything_the_document_shows(draft_report):
    snapshot = build_snapshot(report_with_parts(draft_report.pk))
    assert json.loads(json.dumps(snapshot)) == snapshot
    assert snapshot["municipality"]["name"] == "Knivsta kommun"
    assert snapshot["office"] == "Kommunledningskontoret"
    assert snapshot["decision_documents"][0] == {
        "title": "Tjänsteutlåtande",
        "date": "2025-11-10",
        "text": "Tjänsteutlåtande, 2025-11-10",
    }
    assert [area["number"] for area in snapshot["focus_areas"]] == [1, 2]
    assert snapshot["focus_areas"][0]["definition"].startswith("Kommunen och polisen")
    codes = [a["code"] for area in snapshot["focus_areas"] for a in area["activities"]]
    assert codes == ["1:1", "1:2", "2:1"]
    assert snapshot["signatories"] == [
        {"name": "Maja Provsson", "title": "Chef kommunledningskontoret"}
    ]
    checklist = snapshot["child_checklist"]
    assert [q["answer"] for q in checklist["questions"]] == ["nej", "", "", "inte_aktuellt"]


def test_its_snapshot_leaves_out_the_checklist_when_not_used(owner, draft_report):
    draft_report.uses_child_checklist = False
    draft_report.save()
    assert build_snapshot(report_with_parts(draft_report.pk))["child_checklist"] is None


def test_its_snapshot_of_a_periodic_report_carries_no_verdicts(owner, chain):
    from .report_factory import complete_draft

    report = complete_draft(owner=owner, promise=chain.promise, kind=Report.Kind.ANNUAL)
    snapshot = build_snapshot(report_with_parts(report.pk))
    assert all(
        activity["verdict"] == ""
        for area in snapshot["focus_areas"]
        for activity in area["activities"]
    )


def test_the_outline_names_the_reports_optional_texts():
    """The document's optional sections are the report's optional fields, in their order."""
    from followup.outline import OPTIONAL_SECTIONS

    assert Report.FIELD_GROUPS["optional"] == OPTIONAL_SECTIONS
