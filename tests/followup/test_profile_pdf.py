"""Each kommun's document as its profile sets it up, read back from the produced PDF with pdftotext:
the headings and their order (Knivsta's tjänsteutlåtande against Upplands-Bro's tjänsteskrivelse),
and the barnchecklista for a kommun that uses it, a Barnperspektiv section for one that does not.

Rendered through followup.pdf.render_pdf(build_snapshot(...)) as issuing does. The font is not
checked here (the lead wires the profile's font into pdf.py)."""

import subprocess
from datetime import date

import pytest

from followup import services
from followup.models import Report
from followup.pdf import render_pdf
from followup.selectors import report_with_parts
from followup.snapshot import build_snapshot

from .report_factory import create_world
from .test_profiles import KNIVSTA_SECTIONS

pytestmark = pytest.mark.django_db

UPPLANDS_BRO_SECTIONS = [
    {"key": "proposals", "heading": "Förslag till beslut", "level": 2},
    {"key": "summary", "heading": "Sammanfattning", "level": 2},
    {"key": "decision_basis", "heading": "Beslutsunderlag", "level": 2},
    {"key": "case_text", "heading": "Ärendet", "level": 2},
    {"key": "followup", "heading": "Uppföljning per område", "level": 2},
    {"key": "child_perspective", "heading": "Barnperspektiv", "level": 2},
    {"key": "signatures", "heading": "", "level": 2},
    {"key": "attachments", "heading": "Bilagor", "level": 2},
    {"key": "recipients", "heading": "Beslut sänds till", "level": 2},
]
TEXTS = {
    "title": "Uppföljning av medborgarlöfte 2024–2025",
    "proposals": "Uppföljningen anmäls till Kommunstyrelsen.",
    "summary": "Kommunen och polisen har haft ett gemensamt medborgarlöfte.",
    "case_text": "Ärendet väcktes på kommunstyrelsens sammanträde.",
    "legal_review": "Medborgarlöften regleras inte i någon lag.",
    "child_perspective": "Flera insatser riktar sig till barn och unga.",
    "recipients": "Akten\nPolismyndigheten",
    "attachments": "Medborgarlöfte 2024–2025",
}


def _pdf_lines(tmp_path, *, document_type, checklist, sections) -> list[str]:
    world = create_world()
    services.save_profile(
        municipality=world.kommun,
        user=world.owner,
        fields={"document_type": document_type, "uses_child_checklist": checklist},
        sections=sections,
    )
    draft = services.create_draft(
        user=world.owner,
        promise=world.promise,
        kind=Report.Kind.HALF_YEAR,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )
    assert (draft.document_type, draft.uses_child_checklist) == (document_type, checklist)
    services.save_draft(
        report=draft,
        user=world.owner,
        fields=TEXTS,
        signatories=[("Maja Provsson", "Chef kommunledningskontoret")],
        documents=[("Medborgarlöfte 2024–2025", date(2024, 1, 29))],
    )
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(build_snapshot(report_with_parts(draft.pk))))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [line.strip() for line in text.splitlines()]


def _positions(lines: list[str], headings: list[str]) -> list[int]:
    """Where each heading stands as a line of its own; a missing one fails with its name."""
    positions = []
    for heading in headings:
        assert heading in lines, f"{heading!r} is not a line of the document"
        positions.append(lines.index(heading))
    return positions


def test_knivstas_document_reads_in_knivstas_order_with_its_checklist(tmp_path):
    lines = _pdf_lines(
        tmp_path, document_type="tjansteutlatande", checklist=True, sections=KNIVSTA_SECTIONS
    )
    order = [
        "Förslag till beslut",
        "Sammanfattning av ärendet",
        "Ärendets uppkomst och historik",
        "Rättslig utredning",
        "1. Insatser i samverkan mot narkotika",
        "Underlag för beslut och beslutsexpediering",
        "Underlag för beslut",
        "Beslutet skickas till",
        "Barnchecklista inför beslut",
    ]
    positions = _positions(lines, order)
    assert positions == sorted(positions), list(zip(order, positions, strict=True))
    assert "TJÄNSTEUTLÅTANDE" in lines
    assert "Barnperspektiv" not in lines and "Sammanfattning" not in lines
    assert "Beslutsunderlag" not in lines  # Knivsta calls it "Underlag för beslut"


def test_upplands_bros_document_puts_beslutsunderlag_after_the_summary_and_no_checklist(tmp_path):
    lines = _pdf_lines(
        tmp_path, document_type="tjansteskrivelse", checklist=False, sections=UPPLANDS_BRO_SECTIONS
    )
    order = [
        "Förslag till beslut",
        "Sammanfattning",
        "Beslutsunderlag",
        "Ärendet",
        "1. Insatser i samverkan mot narkotika",
        "Barnperspektiv",
        "Bilagor",
        "Beslut sänds till",
    ]
    positions = _positions(lines, order)
    assert positions == sorted(positions), list(zip(order, positions, strict=True))
    assert "TJÄNSTESKRIVELSE" in lines
    assert "Barnchecklista inför beslut" not in lines
    # Not in the profile, so not in the document, though the draft has the text.
    assert "Rättslig utredning" not in lines
    assert "Flera insatser riktar sig till barn och unga." in " ".join(lines)
