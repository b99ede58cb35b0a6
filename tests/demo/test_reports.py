"""Demo reports: the two reference follow-ups, issued, plus a draft; a second run changes nothing."""

import io
import subprocess
from datetime import date

import pytest
from django.test import override_settings
from pypdf import PdfReader

from demo.loader import load_demo_data, load_demo_reports
from demo.summary import Outcome
from followup.models import (
    DocumentProfile,
    Report,
    ReportActivityEntry,
    ReportDocument,
    ReportSignatory,
)
from followup.selectors import verified_pdf

pytestmark = pytest.mark.django_db

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(media_root):
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        load_demo_data()
        return load_demo_reports()


def _text(report, tmp_path) -> str:
    path = tmp_path / f"{report.pk}.pdf"
    path.write_bytes(verified_pdf(report))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(text.split())


def test_it_issues_upplands_bros_half_year_follow_up(demo, tmp_path):
    report = Report.objects.get(recipient_body="Trygghetsutskottet", status="utfardad")
    assert report.kind == Report.Kind.HALF_YEAR
    assert report.promise.kind == "atgardsplan"
    text = _text(report, tmp_path)
    for expected in [
        "UPPLANDS-BRO KOMMUN",
        "TJÄNSTESKRIVELSE",
        "2022-08-23",
        "KS 21/0531",
        "Trygghetsutskottet",
        "Halvårsuppföljning Samverkansöverenskommelse 2022–2023",
        "1. Inget utsatt område i Upplands-Bro",
        "4. Ungdomar i riskzon",
        "Insats 1:1",
        "Barnperspektiv",
        "Lokalpolisområde Järfälla/Upplands-Bro",
    ]:
        assert expected in text, expected
    for entry in report.entries.select_related("activity__focus_area"):
        assert f"Insats {entry.activity.code}" in text
    assert "Barnchecklista" not in text
    pages = len(PdfReader(io.BytesIO(verified_pdf(report))).pages)
    assert f"{pages} ({pages})" in text


def test_it_issues_knivstas_closing_follow_up_with_its_barnchecklista(demo, tmp_path):
    report = Report.objects.get(kind=Report.Kind.CLOSING)
    assert report.status == Report.Status.ISSUED
    assert report.date.isoformat() == "2025-11-10"
    assert report.recipient_body == "Kommunstyrelsen"
    assert not report.entries.filter(verdict="").exists()
    text = _text(report, tmp_path)
    for expected in [
        "KNIVSTA KOMMUN",
        "TJÄNSTEUTLÅTANDE",
        "Uppföljning av medborgarlöfte 2024–2025",
        "Rättslig utredning",
        "Bedömning: Delvis hållet.",
        "Barnchecklista inför beslut",
        "Påverkar beslutet barn?",
        "☒ Nej",
        "☒ Inte aktuellt",
    ]:
        assert expected in text, expected


def test_it_leaves_a_draft_in_progress(demo):
    draft = Report.objects.get(status=Report.Status.DRAFT)
    assert draft.kind == Report.Kind.ANNUAL
    assert draft.entries.exclude(follow_up="").exists()
    assert not draft.pdf


def test_it_changes_nothing_on_a_second_run(demo):
    models = [Report, ReportActivityEntry, ReportSignatory, ReportDocument, DocumentProfile]
    before = {model: (model.objects.count(), model.history.count()) for model in models}
    summary = load_demo_reports()
    assert {model: (model.objects.count(), model.history.count()) for model in models} == before
    assert summary.total(Outcome.CREATED) == 0
    assert summary.total(Outcome.UNCHANGED) == 3 + 7  # the reports and the kommuner's profiles


def test_it_refuses_to_run_before_the_chain_is_loaded(media_root):
    with pytest.raises(LookupError):
        load_demo_reports()
    assert not Report.objects.exists()


def test_it_meets_the_due_dates_of_the_issued_reports_and_not_of_the_draft(demo):
    from promises.models import DueDate

    met = {d.title: d.met_on for d in DueDate.objects.filter(reports__isnull=False)}
    assert met == {
        "Halvårsuppföljning till Trygghetsutskottet": date(2022, 8, 23),
        "Slutuppföljning till Kommunstyrelsen": date(2025, 11, 10),
        "Årsuppföljning till Trygghetsutskottet": None,  # its report is still a draft
    }
    # The agreement's yearly follow-up was never reported: it is the one late due date.
    late = DueDate.objects.filter(met_on__isnull=True, due_on__lt=date(2026, 11, 30))
    assert set(late.values_list("title", flat=True)) == {
        "Årlig uppföljning av samverkansöverenskommelsen",
        "Årsuppföljning till Trygghetsutskottet",
    }
