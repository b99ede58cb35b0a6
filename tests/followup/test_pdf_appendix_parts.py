"""A long appendix of status updates is rendered in parts of its own after the body's
(followup.pdf_parts), so that a worker's memory stays bounded however many updates a promise has:
the joined PDF is still one accessible document with the appendix's heading once, every entry once
and in order. The part size is set so low here that every activity and every entry of the appendix
makes a part of its own."""

import io
from types import SimpleNamespace

import pikepdf
import pytest
from django.db import transaction
from django.test import override_settings

from followup import pdf, pdf_parts, services
from followup.selectors import verified_pdf

from . import pdf_checks as checks
from . import test_pdf as whole
from .report_factory import complete_draft, create_world

pytestmark = pytest.mark.django_db

APPENDIX = "Bilaga: statusuppdateringar under perioden"


@pytest.fixture(scope="module")
def issued(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, REPORT_PART_CHARACTERS=1),
        transaction.atomic(),
    ):
        world = create_world()
        report = complete_draft(owner=world.owner, promise=world.promise)
        report = services.save_draft(
            report=report, user=world.owner, fields={"include_update_appendix": True}
        )
        report = services.issue_report(report=report, user=world.owner)
        data = verified_pdf(report)
        snapshot = report.snapshot
        parts = pdf_parts.split(snapshot)
        transaction.set_rollback(True)
    path = media / "issued.pdf"
    path.write_bytes(data)
    return SimpleNamespace(data=data, path=path, snapshot=snapshot, parts=parts)


def test_the_appendix_has_parts_of_its_own_after_the_body(issued):
    entries = issued.snapshot["appendix"]
    assert len(entries) >= 2
    body = [part for part in issued.parts if not part["part"].get("appendix")]
    appendix = [part for part in issued.parts if part["part"].get("appendix")]
    assert issued.parts == body + appendix
    assert all(part["appendix"] is None for part in body) and body[-1]["part"]["last"]
    assert [part["appendix"] for part in appendix] == [[entry] for entry in entries]
    assert [part["part"]["appendix"] for part in appendix] == [
        {"continued": number > 0, "offset": number} for number in range(len(entries))
    ]
    assert all(part["focus_areas"] == [] for part in appendix)


def test_a_report_that_fits_is_one_part_with_its_appendix(issued):
    [part] = pdf_parts.split(issued.snapshot, budget=10**9)
    assert part is issued.snapshot and part["appendix"] == issued.snapshot["appendix"]


def test_it_prints_the_appendix_once_every_entry_once_and_in_order(issued):
    text = whole.pdftotext(issued.path)
    assert text.count(APPENDIX) == 1
    appendix = text[text.index(APPENDIX) :]
    positions = []
    for entry in issued.snapshot["appendix"]:
        for update in entry["updates"]:
            line = f"{update['date']}, {update['status'].lower()}."
            assert appendix.count(line) >= 1, line
            positions.append(appendix.index(entry["label"]))
    assert positions == sorted(positions)
    for area in issued.snapshot["focus_areas"]:
        assert text.count(f"{area['number']}. {area['title']}") == 1


def test_it_is_one_accessible_document_as_if_rendered_in_one_piece(issued):
    """One appendix section holding every entry's section, one H2 for it, whatever the parts
    (PDF/UA checks of tests/followup/pdf_checks.py against the whole document's HTML)."""
    _document, tree = checks.check_all(
        issued.data, title=issued.snapshot["title"], html=pdf.render_html(issued.snapshot)
    )
    assert tree.counts()["/Table"] == 1 + len(issued.snapshot["focus_areas"])
    with pikepdf.open(io.BytesIO(issued.data)) as document:
        keys = [int(page.obj.StructParents) for page in document.pages]
        assert keys == list(range(len(document.pages)))
