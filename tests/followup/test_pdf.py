"""The issued PDF itself, read back as a committee secretary's reader would: text, pages, metadata,
fonts and pixels. One report is issued for the whole module (rendering takes a second or two)."""

import base64
import copy
import io
import subprocess
from types import SimpleNamespace

import pikepdf
import pytest
from django.db import transaction
from django.test import override_settings
from pypdf import PdfReader

from followup import pdf, services
from followup.selectors import verified_pdf

from .report_factory import INTERNAL_TEXT, activity_codes, complete_draft, create_world

# The module's report is built once, in a transaction rolled back at the end; the mark makes
# pytest-django create the test database even when this module runs alone.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def issued(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        world = create_world()
        report = complete_draft(owner=world.owner, promise=world.promise)
        report = services.issue_report(report=report, user=world.owner)
        data = verified_pdf(report)
        snapshot = report.snapshot
        transaction.set_rollback(True)
    path = media / "issued.pdf"
    path.write_bytes(data)
    return SimpleNamespace(data=data, path=path, snapshot=snapshot)


def pdftotext(path, *, page: int | None = None, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        args.append("-layout")
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run(
        [*args, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def test_it_holds_the_sections_in_the_order_of_a_tjansteutlatande(issued):
    text = pdftotext(issued.path)
    headings = [
        "Uppföljning av medborgarlöfte 2024–2025",
        "Förslag till beslut",
        "Sammanfattning",
        "Ärendet",
        "Rättslig utredning",
        "Ekonomiska konsekvenser",
        "Jämställdhet",
        "Våld i nära relation drabbar främst kvinnor och barn.",
        "Uppföljning per område",
        "1. Insatser i samverkan mot narkotika",
        "2. Arbete mot våld i nära relation",
        "Beslutsunderlag",
        "Beslutet skickas till",
        "Maja Provsson",
        "Bilagor",
        "Barnchecklista inför beslut",
    ]
    positions = [text.find(heading) for heading in headings]
    assert -1 not in positions, [h for h, p in zip(headings, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    # The kommun answers the barnchecklista, so its Barnperspektiv text is not a section too.
    assert "Flera insatser riktar sig till barn och unga." not in text


def test_it_holds_the_reference_fields_and_the_content(issued):
    text = pdftotext(issued.path)
    for expected in [
        "KNIVSTA KOMMUN",
        "Kommunledningskontoret",
        "TJÄNSTEUTLÅTANDE",
        "Datum",
        "2025-11-10",
        "Vår beteckning",
        "KS-2025/301",
        "Er beteckning",
        "Kommunstyrelsen",
        "Alex Testsson, alex.testsson@knivsta.example",
        "1. Uppföljningen anmäls till Kommunstyrelsen.",
        "2. Kommunstyrelsen lägger uppföljningen till handlingarna.",
        "Chef kommunledningskontoret",
        "Polismyndigheten",
        "Bedömning: Hållet.",
        "Alla under 18 år är att betrakta som barn.",
    ]:
        assert expected in text, expected


def test_it_shows_every_activity_with_its_code_and_follow_up(issued):
    text = " ".join(pdftotext(issued.path).split())
    for code in activity_codes():
        assert f"Insats {code}" in text
    assert "Status 2025-04-02: Pågår." in text and "En insats under Valborg." in text
    assert "Informationsträff på biblioteket med kvinnojouren." in text


def test_it_never_prints_an_internal_update(issued):
    """The PDF is an allmän handling: an internal update's text and occurrences stay out of it."""
    text = " ".join(pdftotext(issued.path).split())
    assert "Status 2025-04-02: Pågår." in text and "En insats under Valborg." in text
    for fragment in (INTERNAL_TEXT, INTERNAL_TEXT[:40], "langning vid busstationen"):
        assert fragment not in text
    assert "7 av 4" not in text
    assert issued.snapshot["internal_material"] == []


def test_it_shows_achieved_against_target_for_each_target_period(issued):
    text = " ".join(pdftotext(issued.path).split())
    assert "Mål: 4 av 4 narkotikainsatser, 2024" in text
    assert "Mål: 1 av 4 narkotikainsatser, 2025" in text
    assert "Mål: 1 av 1 informationsträffar, vårterminen 2025" in text
    assert "Mål: 0 av 1 informationsträffar, höstterminen 2025" in text


def test_it_numbers_every_page_and_repeats_the_header(issued):
    pages = page_count(issued.data)
    assert pages >= 2
    for number in range(1, pages + 1):
        text = pdftotext(issued.path, page=number)
        assert f"{number} ({pages})" in text
        for header in ("KNIVSTA KOMMUN", "Kommunledningskontoret", "Datum", "Vår beteckning"):
            assert header in text, (number, header)
        assert "KS-2025/301" in text


def test_it_puts_the_barnchecklista_on_a_page_of_its_own(issued):
    pages = page_count(issued.data)
    last = pdftotext(issued.path, page=pages)
    assert "Barnchecklista inför beslut" in last
    assert "Bilagor" not in last
    assert "Bilagor" in pdftotext(issued.path, page=pages - 1)
    assert "☒ Nej" in last
    assert "☒ Inte aktuellt" in last


def test_it_is_pdf_a_2_with_language_and_title(issued):
    with pikepdf.open(io.BytesIO(issued.data)) as document:
        meta = document.open_metadata()
        assert meta["pdfaid:part"] == "2"
        assert meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"] == "Uppföljning av medborgarlöfte 2024–2025"
        assert str(document.Root.Lang) == "sv"
        assert str(document.docinfo.Title) == "Uppföljning av medborgarlöfte 2024–2025"
        assert "/OutputIntents" in document.Root


def test_it_is_tagged_for_assistive_technology(issued):
    with pikepdf.open(io.BytesIO(issued.data)) as document:
        assert bool(document.Root.MarkInfo.Marked)
        assert "/StructTreeRoot" in document.Root


def _fonts(document):
    for page in document.pages:
        resources = page.obj.get("/Resources", {})
        fonts = resources.get("/Font", {})
        yield from fonts.values()
        # Margin boxes and running headers may sit in form XObjects.
        for xobject in resources.get("/XObject", {}).values():
            yield from xobject.get("/Resources", {}).get("/Font", {}).values()


def test_it_embeds_every_font(issued):
    with pikepdf.open(io.BytesIO(issued.data)) as document:
        fonts = list(_fonts(document))
        assert fonts
        for font in fonts:
            descriptor_owner = font.DescendantFonts[0] if font.Subtype == "/Type0" else font
            descriptor = descriptor_owner.FontDescriptor
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), str(
                font.get("/BaseFont")
            )
            assert "DejaVu" in str(font.BaseFont)


def test_its_first_page_is_not_blank(issued, tmp_path):
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "50",
            "-gray",
            "-f",
            "1",
            "-l",
            "1",
            str(issued.path),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    (image,) = tmp_path.glob("p*.pgm")
    width, height, pixels = _read_pgm(image.read_bytes())
    assert abs(width - 413) <= 1 and abs(height - 585) <= 1  # A4 at 50 dpi
    dark = sum(1 for value in pixels if value < 128)
    assert 0.005 < dark / len(pixels) < 0.5


def _read_pgm(data: bytes) -> tuple[int, int, bytes]:
    """A binary PGM (P5) with maxval ≤ 255: header fields separated by whitespace."""
    fields, position = [], 0
    while len(fields) < 4:
        while data[position : position + 1].isspace():
            position += 1
        start = position
        while not data[position : position + 1].isspace():
            position += 1
        fields.append(data[start:position])
    magic, width, height, maxval = fields[0], int(fields[1]), int(fields[2]), int(fields[3])
    assert magic == b"P5" and maxval <= 255
    pixels = data[position + 1 : position + 1 + width * height]
    assert len(pixels) == width * height
    return width, height, pixels


def test_it_labels_every_row_on_every_page_when_a_table_breaks_across_pages(issued, tmp_path):
    """Insats/Uppföljning rows as in the committee's own documents: each row with its label,
    never broken across a page, so every page of the table reads "Insats …" and "Uppföljning"."""
    snapshot = copy.deepcopy(issued.snapshot)
    area = snapshot["focus_areas"][0]
    template = area["activities"][0]
    area["activities"] = [
        {**template, "code": f"1:{n}", "label": f"Insats 1:{n}", "follow_up": "Text. " * 120}
        for n in range(1, 13)
    ]
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf.render_pdf(snapshot))
    pages = page_count(path.read_bytes())
    table_pages = [
        number for number in range(1, pages + 1) if "Text. Text." in pdftotext(path, page=number)
    ]
    assert len(table_pages) >= 3
    for number in table_pages:
        lines = pdftotext(path, page=number, layout=True).splitlines()
        labels = [line.split()[:2] for line in lines if line.strip()]
        assert ["Uppföljning", "Text."] in labels, f"no Uppföljning label on page {number}"
        assert any(label[0] == "Insats" for label in labels), f"no Insats label on page {number}"
        first = next(line for line in lines if "Text. Text." in line or "Insats 1:" in line)
        assert first.split()[0] in ("Insats", "Uppföljning"), f"page {number} starts mid-row"


def test_it_fetches_nothing_but_its_own_font_files_and_inline_images():
    fetcher = pdf.LocalFontsOnly()
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.com/font.ttf")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n").decode()
    response = fetcher.fetch(f"data:image/png;base64,{png}")
    assert response.content_type == "image/png" and response.read() == b"\x89PNG\r\n\x1a\n"
    for refused in (
        f"data:text/css;base64,{png}",
        f"data:font/ttf;base64,{png}",
        "data:image/png,rawbytes",
        "data:image/svg+xml;charset=utf-8,<svg/>",
        "data:image/png;base64,not base64!",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(refused)
