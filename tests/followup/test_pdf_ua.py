"""The issued PDF as PDF/UA-1 on top of PDF/A-2b, checked by walking its structure tree and its
pages' content with pikepdf (tests/followup/pdf_checks.py: no PDF/UA validator installs here).

Three PDFs: a report issued the ordinary way (its dates are its issuing time), and a long report
with a logo rendered in one piece and rendered in parts that are joined (``pdf_parts``): its
first area's table runs over several pages, and over several parts."""

import base64
import copy
import io
import re
import subprocess
from datetime import UTC, datetime
from types import SimpleNamespace

import pikepdf
import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from followup import pdf, pdf_parts, pdf_ua, services
from followup.selectors import verified_pdf
from followup.templatetags.document_rows import ROW_CHARACTERS

from . import pdf_checks as checks
from .report_factory import complete_draft, create_world

pytestmark = pytest.mark.django_db

ISSUED_AT = datetime(2025, 11, 12, 13, 3, 22, tzinfo=UTC)  # 14:03:22 in Stockholm
LOGO_ALT = "Knivsta kommuns logotyp"
TITLE = "Uppföljning av medborgarlöfte 2024–2025"


@pytest.fixture(scope="module")
def issued(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        world = create_world()
        report = complete_draft(owner=world.owner, promise=world.promise)
        report = services.issue_report(report=report, user=world.owner)
        data = verified_pdf(report)
        result = SimpleNamespace(data=data, snapshot=report.snapshot, issued_at=report.issued_at)
        transaction.set_rollback(True)
    return result


def logo_data_uri() -> str:
    image = Image.new("RGB", (120, 40), (0, 70, 140))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def paragraph(code: str, number: int, length: int) -> str:
    words = "Kommunpolisen och fältassistenterna genomförde insatsen i centrum. "
    text = f"Händelse {code}.{number}: " + words * (length // len(words) + 1)
    return text[:length].rstrip() + "."


def long_snapshot(snapshot: dict) -> dict:
    """The issued snapshot with a logo and a first area of twelve activities with long follow-ups
    (some longer than a row may be, in several paragraphs or in one)."""
    snapshot = copy.deepcopy(snapshot)
    snapshot["profile"] = {"logo": {"data_uri": logo_data_uri(), "alt": LOGO_ALT}}
    area = snapshot["focus_areas"][0]
    template = area["activities"][0]
    activities = []
    for n in range(1, 13):
        code = f"1:{n}"
        if n == 2:
            follow_up = paragraph(code, 1, ROW_CHARACTERS * 2 + 300)  # one paragraph, 3 rows
        elif n == 3:
            follow_up = "\n\n".join(paragraph(code, k, 420) for k in range(1, 6))
        else:
            follow_up = "\n\n".join(paragraph(code, k, 300) for k in range(1, 3))
        activities.append(
            {**template, "code": code, "label": f"Insats {code}", "follow_up": follow_up}
        )
    area["activities"] = activities
    return snapshot


@pytest.fixture(scope="module")
def one_part(issued):
    snapshot = long_snapshot(issued.snapshot)
    assert len(pdf_parts.split(snapshot)) == 1
    data = pdf.render_pdf(snapshot, issued_at=ISSUED_AT)
    return SimpleNamespace(data=data, snapshot=snapshot, html=pdf.render_html(snapshot), parts=1)


@pytest.fixture(scope="module")
def joined(issued):
    snapshot = long_snapshot(issued.snapshot)
    with override_settings(REPORT_PART_CHARACTERS=2500):
        parts = pdf_parts.split(snapshot)
        data = pdf.render_pdf(snapshot, issued_at=ISSUED_AT)
    assert len(parts) >= 4
    # An area that runs on from one part into the next: its table is cut between two HTML files.
    assert any(part["focus_areas"][0]["continued"] for part in parts[1:])
    # What the structure tree must hold: the document as if it were rendered in one piece.
    html = pdf.render_html(snapshot)
    return SimpleNamespace(data=data, snapshot=snapshot, html=html, parts=len(parts))


@pytest.fixture(params=["one_part", "joined"])
def rendered(request):
    return request.getfixturevalue(request.param)


def pdftotext(data: bytes, tmp_path, *, page: int, layout: bool = False) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    args = ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page)]
    args += ["-layout"] if layout else []
    return subprocess.run(
        [*args, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_every_marked_content_is_in_the_tree_or_an_artifact(rendered):
    with pikepdf.open(io.BytesIO(rendered.data)) as document:
        tree = checks.Tree.read(document)
        counts = checks.check_marked_content(document, tree)
        assert counts["tagged"] > 200 and counts["artifacts"] > 0


def test_all_the_structure_rules_hold_with_one_element_per_html_element(rendered):
    """Catalog, marked content, tables, figures, headings, and as many Sect, Table, TR, TH, TD,
    P… as the HTML has elements: none is cut in two at a page break or a part boundary."""
    _document, tree = checks.check_all(rendered.data, title=TITLE, html=rendered.html)
    assert tree.counts()["/Table"] == 1 + len(rendered.snapshot["focus_areas"])  # + letterhead
    # The first area's table and the follow-up section run over several pages (and parts).
    first_area_table = tree.of_type("/Table")[1]
    assert len(tree.pages_of(first_area_table)) >= 3
    (followup_section,) = [
        section
        for section in tree.of_type("/Sect")
        if next(tree.descendants(section, "/Sect"), None) is not None  # the areas' section
    ]
    assert len(tree.pages_of(followup_section)) >= 3


def test_tables_have_row_and_column_header_cells_with_scope(rendered):
    with pikepdf.open(io.BytesIO(rendered.data)) as document:
        tree = checks.Tree.read(document)
        checks.check_tables(document, tree)
        _letterhead, *areas = tree.of_type("/Table")
        scopes = [str(checks.table_attributes(th).Scope) for th in tree.of_type("/TH")]
        assert scopes.count("/Column") == 3  # Datum, Vår beteckning, Er beteckning
        for table in areas:
            for row in tree.descendants(table, "/TR"):
                label, text = [kid for kid in checks.kids_of(row) if checks.is_element(kid)]
                assert label.S == "/TH" and text.S == "/TD"
                assert checks.table_attributes(label).Scope == "/Row"
        assert "/IDTree" in document.Root.StructTreeRoot or not any(
            "/ID" in element for element in tree.elements
        )


def test_the_logo_is_a_figure_with_alt_text_in_the_letterhead(rendered):
    with pikepdf.open(io.BytesIO(rendered.data)) as document:
        tree = checks.Tree.read(document)
        (figure,) = tree.of_type("/Figure")
        assert str(figure.Alt) == LOGO_ALT
        assert tree.pages_of(figure) == {0}
        letterhead = checks.kids_of(document.Root.StructTreeRoot.K[0])[0]
        assert figure.objgen in {kid.objgen for kid in tree.descendants(letterhead)}


def test_headings_nest_from_one_h1(rendered):
    with pikepdf.open(io.BytesIO(rendered.data)) as document:
        levels = checks.check_headings(checks.Tree.read(document))
    areas = len(rendered.snapshot["focus_areas"])
    assert levels.count(3) == areas
    assert levels[:2] == [1, 2]


def test_the_running_header_and_page_numbers_are_artifacts_but_the_letterhead(rendered, tmp_path):
    with pikepdf.open(io.BytesIO(rendered.data)) as document:
        pages = len(document.pages)
    assert pages >= 4
    for number in range(1, pages + 1):
        tagged = checks.text_of(rendered.data, tmp_path, artifacts=False, page=number)
        artifacts = checks.text_of(rendered.data, tmp_path, artifacts=True, page=number)
        assert f"{number} ({pages})" in artifacts and f"({pages})" not in tagged
        header = ("KNIVSTA KOMMUN", "Vår beteckning", "KS-2025/301", "TJÄNSTEUTLÅTANDE")
        for text in header:
            if number == 1:  # the letterhead: the document's first element, read once
                assert text in tagged and text not in artifacts, text
            else:
                assert text in artifacts and text not in tagged, (number, text)
        if number > 1:
            assert tagged.strip(), f"page {number} has no tagged content"


def test_each_row_stays_on_one_page_with_its_label(rendered, tmp_path):
    """A row never breaks across a page; long follow-up text continues under a repeated label."""
    with pikepdf.open(io.BytesIO(rendered.data)) as document:
        tree = checks.Tree.read(document)
        rows = [
            row for table in tree.of_type("/Table")[1:] for row in tree.descendants(table, "/TR")
        ]
        for row in rows:
            assert len(tree.pages_of(row)) == 1
        pages = len(document.pages)
    label = re.compile(r"^\s*(Insats \d+:\d+( \(forts\.\))?|Uppföljning( \(forts\.\))?)\s{2,}\S")
    continued, follow_up_pages = 0, 0
    for number in range(1, pages + 1):
        lines = pdftotext(rendered.data, tmp_path, page=number, layout=True).splitlines()
        if any("Händelse" in line for line in lines):
            follow_up_pages += 1
            labels = [line for line in lines if label.match(line)]
            assert any("Uppföljning" in line for line in labels), f"page {number}: no label"
            # the first line of text on the page is a row's first line, beside its label
            first = next(line for line in lines if "Händelse" in line or label.match(line))
            assert label.match(first), (number, first)
        # "Uppföljning (forts.)", its second word on a line of its own in the narrow column
        continued += sum(line.split()[:1] == ["(forts.)"] for line in lines)
    assert follow_up_pages >= 3
    assert continued >= 3  # 1:2's one long paragraph and 1:3's five


def test_the_xmp_declares_pdf_a_2b_and_pdf_ua_1_with_its_extension_schema(rendered):
    with pikepdf.open(io.BytesIO(rendered.data)) as document:
        root = checks.xmp(document)
        meta = document.open_metadata()
        assert meta["pdfuaid:part"] == "1"
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
    assert checks.pdfua_extension_declared(root)
    assert checks.xmp_values(root, "pdfuaid:part") == ["1"]
    assert checks.xmp_values(root, "dc:title") == [TITLE]
    assert checks.xmp_values(root, "dc:language") == ["sv"]
    assert checks.xmp_values(root, "dc:creator") == ["Knivsta kommun"]
    assert checks.xmp_values(root, "dc:identifier") == ["KS-2025/301"]


def test_the_files_dates_are_the_issuing_time(rendered):
    check_dates(rendered.data, ISSUED_AT)


def test_an_issued_reports_dates_are_its_issuing_time_and_its_date_stays_in_the_text(
    issued, tmp_path
):
    check_dates(issued.data, issued.issued_at)
    assert timezone.localdate(issued.issued_at).isoformat() != issued.snapshot["date"]
    assert issued.snapshot["date"] in pdftotext(issued.data, tmp_path, page=1)
    checks.check_all(issued.data, title=TITLE, html=pdf.render_html(issued.snapshot))


def check_dates(data: bytes, issued_at: datetime) -> None:
    expected = issued_at.replace(microsecond=0)
    with pikepdf.open(io.BytesIO(data)) as document:
        info = document.docinfo
        for key in ("/CreationDate", "/ModDate"):
            assert _pdf_date(str(info[key])) == expected, key
        root = checks.xmp(document)
    for name in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
        (value,) = checks.xmp_values(root, name)
        assert datetime.fromisoformat(value) == expected, name


def _pdf_date(value: str) -> datetime:
    match = re.fullmatch(r"D:(\d{14})([+-])(\d\d)'(\d\d)'", value)
    assert match, value
    return datetime.strptime(match[1] + match[2] + match[3] + match[4], "%Y%m%d%H%M%S%z")


def test_a_table_over_pages_is_one_table_with_one_header_and_whole_rows_and_cells(tmp_path):
    """Any table (a thead, a row too long for a page): one Table, one THead, one TR, TH and TD
    per HTML element even where the row breaks; the header WeasyPrint repeats on later pages is
    drawn, as an artifact."""
    long_cell = "<p>Ett mycket långt stycke i en cell. </p>" * 6 + "Mycket lång text. " * 600
    rows = "".join(
        f"<tr><th scope='row'>Rad {n}</th>"
        f"<td>{long_cell if n == 30 else 'Lång text i cellen. ' * 12}</td></tr>"
        for n in range(60)
    )
    html = (
        "<!DOCTYPE html><html lang='sv'><head><title>T</title></head><body><h1>T</h1>"
        "<table><thead><tr><th scope='col'>Etikett</th><th scope='col'>Kolumnrubrik</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></body></html>"
    )
    document, origins = pdf.tagged_pdf(html)
    pdf_ua.fix_part(document, origins)
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    with pikepdf.open(io.BytesIO(data)) as reopened:
        tree = checks.Tree.read(reopened)
        checks.check_marked_content(reopened, tree, running_header=False)
        checks.check_tables(reopened, tree)
        pages = len(reopened.pages)
        assert pages >= 4
        (table,) = tree.of_type("/Table")
        assert len(tree.pages_of(table)) == pages
        assert len(list(tree.descendants(table, "/THead"))) == 1
        counts = tree.counts()
        assert (counts["/TR"], counts["/TH"], counts["/TD"], counts["/P"]) == (61, 62, 60, 6)
        rows = tree.of_type("/TR")  # the header row, then rows 0 to 59 in order
        assert len(tree.pages_of(rows[1 + 30])) >= 2  # the long row, one element over pages
    for number in range(2, pages + 1):
        assert "Kolumnrubrik" in checks.text_of(data, tmp_path, artifacts=True, page=number)
        assert "Kolumnrubrik" not in checks.text_of(data, tmp_path, artifacts=False, page=number)
    assert "Kolumnrubrik" in checks.text_of(data, tmp_path, artifacts=False, page=1)
