"""A long report is rendered in parts and joined (followup.pdf_parts): the joined PDF must pass
every check of the whole document (test_pdf's tests run here again on it) and keep one structure
tree whose tags point at its own pages. The part size is set so low here that every activity
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
        report = services.issue_report(report=report, user=world.owner)
        data = verified_pdf(report)
        snapshot = report.snapshot
        parts = pdf_parts.split(snapshot)
        transaction.set_rollback(True)
    path = media / "issued.pdf"
    path.write_bytes(data)
    return SimpleNamespace(data=data, path=path, snapshot=snapshot, parts=parts)


def test_it_was_rendered_in_a_part_per_activity(issued):
    activities = sum(len(area["activities"]) for area in issued.snapshot["focus_areas"])
    assert activities >= 3
    assert len(issued.parts) == activities
    assert [part["part"]["first"] for part in issued.parts].count(True) == 1
    assert issued.parts[-1]["part"]["last"]
    with pikepdf.open(io.BytesIO(issued.data)) as document:
        # Each part embeds its own subset of the regular font: one per part, not one in all.
        regular = {
            font.objgen
            for font in whole._fonts(document)
            if str(font.BaseFont).endswith("+DejaVu-Sans")
        }
        assert len(regular) == len(issued.parts)


def test_it_keeps_one_structure_tree_over_all_pages(issued):
    with pikepdf.open(io.BytesIO(issued.data)) as document:
        pages = {page.obj.objgen for page in document.pages}
        keys = [int(page.obj.StructParents) for page in document.pages]
        assert keys == list(range(len(pages)))
        tree = document.Root.StructTreeRoot
        nums = tree.ParentTree.Nums
        assert [int(nums[i]) for i in range(0, len(nums), 2)] == keys
        assert int(tree.ParentTreeNextKey) == len(keys)
        (root,) = tree.K
        assert root.S == "/Document"
        headings, marked = [], 0

        def walk(element):
            nonlocal marked
            if "/Pg" in element:
                assert element.Pg.objgen in pages  # never a copy of a page that is not shown
                marked += 1
            if element.get("/S") in ("/H1", "/H2", "/H3"):
                headings.append(str(element.S))
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    assert kid.P.objgen == element.objgen
                    walk(kid)

        walk(root)
        assert marked > 0
        areas = len(issued.snapshot["focus_areas"])
        assert headings.count("/H1") == 1 and headings.count("/H3") == areas


def test_it_is_one_accessible_document_as_if_rendered_in_one_piece(issued):
    """Every part continues the one before: one follow-up section, one section and one table per
    area, whatever the parts (PDF/UA checks of tests/followup/pdf_checks.py)."""
    _document, tree = checks.check_all(
        issued.data, title=issued.snapshot["title"], html=pdf.render_html(issued.snapshot)
    )
    assert tree.counts()["/Table"] == 1 + len(issued.snapshot["focus_areas"])


def test_it_prints_each_activity_and_each_section_once(issued):
    text = whole.pdftotext(issued.path)
    for area in issued.snapshot["focus_areas"]:
        assert text.count(f"{area['number']}. {area['title']}") == 1
        for activity in area["activities"]:
            assert text.count(activity["label"]) == 1
    for heading in ("Förslag till beslut", "Sammanfattning", "Beslutsunderlag", "Bilagor"):
        assert text.count(heading) == 1, heading


# Every check of the whole document, on the document joined from parts.
test_it_holds_the_sections_in_the_order_of_a_tjansteutlatande = (
    whole.test_it_holds_the_sections_in_the_order_of_a_tjansteutlatande
)
test_it_holds_the_reference_fields_and_the_content = (
    whole.test_it_holds_the_reference_fields_and_the_content
)
test_it_shows_every_activity_with_its_code_and_follow_up = (
    whole.test_it_shows_every_activity_with_its_code_and_follow_up
)
test_it_numbers_every_page_and_repeats_the_header = (
    whole.test_it_numbers_every_page_and_repeats_the_header
)
test_it_puts_the_barnchecklista_on_a_page_of_its_own = (
    whole.test_it_puts_the_barnchecklista_on_a_page_of_its_own
)
test_it_is_pdf_a_2_with_language_and_title = whole.test_it_is_pdf_a_2_with_language_and_title
test_it_is_tagged_for_assistive_technology = whole.test_it_is_tagged_for_assistive_technology
test_it_embeds_every_font = whole.test_it_embeds_every_font
test_its_first_page_is_not_blank = whole.test_its_first_page_is_not_blank
