"""The report's Word copy, read back with python-docx: its header, its sections in the kommun's
order, the Insats/Uppföljning table, the barnchecklista, the appendix and the properties; and its
download for a draft (as it reads now) and an issued report (as it was frozen)."""

import io
import zipfile
from datetime import UTC

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from followup import services
from followup.docx import CONTENT_TYPE, render_docx
from followup.models import DocumentProfile, Report, ReportActivityEntry
from followup.selectors import report_with_parts
from followup.snapshot import build_snapshot
from promises.models import Activity, FocusArea

from .test_query_counts import _grow

pytestmark = pytest.mark.django_db

# Upplands-Bro's order: Beslutsunderlag right after Sammanfattning, Barnperspektiv after the areas.
UPPLANDS_BRO_ORDER = [
    {"key": "proposals", "heading": "Förslag till beslut", "level": 2},
    {"key": "summary", "heading": "Sammanfattning", "level": 2},
    {"key": "decision_basis", "heading": "Beslutsunderlag", "level": 2},
    {"key": "case_text", "heading": "Ärendet", "level": 2},
    {"key": "followup", "heading": "Uppföljning", "level": 2},
    {"key": "child_perspective", "heading": "Barnperspektiv", "level": 2},
    {"key": "attachments", "heading": "Bilagor", "level": 2},
    {"key": "signatures", "heading": "", "level": 2},
]
# Knivsta's: its own headings, Underlag för beslut and the recipients under a heading of its own.
KNIVSTA_ORDER = [
    {"key": "proposals", "heading": "Förslag till beslut", "level": 2},
    {"key": "summary", "heading": "Sammanfattning av ärendet", "level": 2},
    {"key": "case_text", "heading": "Ärendets uppkomst och historik", "level": 2},
    {"key": "followup", "heading": "Uppföljning per område", "level": 2},
    {"key": "heading", "heading": "Underlag för beslut och beslutsexpediering", "level": 2},
    {"key": "decision_basis", "heading": "Underlag för beslut", "level": 3},
    {"key": "recipients", "heading": "Beslutet skickas till", "level": 3},
    {"key": "signatures", "heading": "", "level": 2},
]
FOOTER = "Knivsta kommun, 741 75 Knivsta\nBesök: Centralvägen 18\nknivsta.se"
CHECKLIST = "Barnchecklista inför beslut"
APPENDIX = "Bilaga: statusuppdateringar under perioden"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), "navy").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def profile(knivsta):
    return DocumentProfile.objects.create(
        municipality=knivsta,
        document_type=Report.DocumentType.STATEMENT,
        sections=UPPLANDS_BRO_ORDER,
        logo=_png(),
        logo_type=DocumentProfile.LogoType.PNG,
        logo_alt="Knivsta kommuns vapen",
        footer=FOOTER,
        font="liberation-serif",
    )


@pytest.fixture
def draft(profile, draft_report):
    """The complete draft, addressed to Kommunstyrelsen, with the appendix of updates chosen."""
    Report.objects.filter(pk=draft_report.pk).update(
        recipient_body="Kommunstyrelsen", include_update_appendix=True
    )
    return Report.objects.get(pk=draft_report.pk)


def _snapshot(report):
    return build_snapshot(report_with_parts(report.pk))


def _read(data: bytes):
    return Document(io.BytesIO(data))


@pytest.fixture
def word(draft):
    return _read(render_docx(_snapshot(draft)))


def _headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


# The header and footer ---------------------------------------------------------------------------


def test_the_header_carries_the_kommun_the_word_the_references_and_the_recipient(word, draft):
    section = word.sections[0]
    assert section.different_first_page_header_footer
    for header in (section.first_page_header, section.header):  # page 1 and every page after
        lines = [p.text for p in header.paragraphs]
        assert "KNIVSTA KOMMUN\t" + draft.get_document_type_display().upper() in lines
        assert "Kommunledningskontoret\tsida 1 (1)" in lines
        assert "Till Kommunstyrelsen" in lines
        (refs,) = header.tables
        assert [[cell.text for cell in row.cells] for row in refs.rows] == [
            ["Datum", "Vår beteckning", "Er beteckning"],
            ["2025-11-10", "KS-2025/301", "–"],
        ]
        instructions = [t.text.strip() for t in header._element.iter(qn("w:instrText"))]
        assert instructions == ["PAGE", "NUMPAGES"]
        (picture,) = header._element.iter(qn("wp:docPr"))
        assert picture.get("descr") == "Knivsta kommuns vapen"
    assert [p.text for p in section.first_page_footer.paragraphs] == FOOTER.splitlines()
    assert not "".join(p.text for p in section.footer.paragraphs)  # the address on page 1 only


def test_an_svg_logo_is_left_out_and_the_header_still_names_the_kommun(profile, draft):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    DocumentProfile.objects.filter(pk=profile.pk).update(
        logo=svg, logo_type=DocumentProfile.LogoType.SVG
    )
    snapshot = _snapshot(draft)
    assert snapshot["profile"]["logo"]["media_type"] == "image/svg+xml"
    header = _read(render_docx(snapshot)).sections[0].header
    assert not list(header._element.iter(qn("wp:docPr")))
    assert header.paragraphs[0].text.startswith("KNIVSTA KOMMUN")


def test_a_logo_that_is_no_image_is_left_out(profile, draft):
    DocumentProfile.objects.filter(pk=profile.pk).update(logo=b"\x89PNG but not really")
    header = _read(render_docx(_snapshot(draft))).sections[0].header
    assert not list(header._element.iter(qn("wp:docPr")))
    assert header.paragraphs[0].text.startswith("KNIVSTA KOMMUN")


def test_an_empty_recipient_body_and_your_reference_read_as_a_dash_and_no_till(draft):
    Report.objects.filter(pk=draft.pk).update(recipient_body="", your_reference="")
    header = _read(render_docx(_snapshot(draft))).sections[0].header
    assert not [p.text for p in header.paragraphs if p.text.startswith("Till ")]
    assert header.tables[0].rows[1].cells[2].text == "–"


# The body --------------------------------------------------------------------------------------


def test_the_title_is_heading_1_after_the_handler_and_before_the_period(word):
    texts = _texts(word)
    assert texts[0] == "Handläggare: Alex Testsson, alex.testsson@knivsta.example"
    assert _headings(word, 1) == ["Uppföljning av medborgarlöfte 2024–2025"]
    assert word.paragraphs[1].style.name == "Heading 1"
    assert texts[2].startswith("Slutuppföljning av ")
    assert texts[2].endswith(", perioden 2024-01-01–2025-12-31.")


def test_the_sections_follow_the_profiles_order(word):
    assert _headings(word, 2) == [
        "Förslag till beslut",
        "Sammanfattning",
        "Beslutsunderlag",
        "Ärendet",
        "Uppföljning",
        "Bilagor",
        CHECKLIST,
        APPENDIX,
    ]
    texts = _texts(word)
    # The contents under their headings; the profile leaves out the sections it does not name.
    after = texts[texts.index("Beslutsunderlag") + 1 :]
    assert after[:3] == [
        "Tjänsteutlåtande, 2025-11-10",
        "Medborgarlöfte Knivsta 2024–2025, antaget av Kommunstyrelsen 2024-01-29 § 6",
        "Uppföljning medborgarlöfte 2024–2025, 2025-11-10",
    ]
    # The draft answers the barnchecklista, so its Barnperspektiv text is no section of its own.
    assert "Flera insatser riktar sig till barn och unga." not in texts
    assert "Medborgarlöften regleras inte i någon lag." not in texts
    # The signatures close the document before the checklist, without a heading, names in bold.
    name = next(p for p in word.paragraphs if p.text == "Maja Provsson")
    assert all(run.bold for run in name.runs)
    assert texts.index("Maja Provsson") > texts.index("Bilagor")
    assert texts[texts.index("Maja Provsson") + 1] == "Chef kommunledningskontoret"
    assert texts.index("Maja Provsson") < texts.index(CHECKLIST)


def test_a_heading_of_its_own_groups_level_3_sections(profile, draft):
    DocumentProfile.objects.filter(pk=profile.pk).update(sections=KNIVSTA_ORDER)
    word = _read(render_docx(_snapshot(draft)))
    assert _headings(word, 2)[:5] == [
        "Förslag till beslut",
        "Sammanfattning av ärendet",
        "Ärendets uppkomst och historik",
        "Uppföljning per område",
        "Underlag för beslut och beslutsexpediering",
    ]
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name[:7] == "Heading"]
    group = headings.index(("Heading 2", "Underlag för beslut och beslutsexpediering"))
    assert headings[group + 1 : group + 3] == [
        ("Heading 3", "Underlag för beslut"),
        ("Heading 3", "Beslutet skickas till"),
    ]
    texts = _texts(word)
    assert texts[texts.index("Beslutet skickas till") + 1 :][:2] == ["Akten", "Polismyndigheten"]


def test_proposals_and_attachments_are_each_a_list_numbered_from_1(word):
    def list_of(text):
        paragraph = next(p for p in word.paragraphs if p.text == text)
        assert paragraph.style.name == "List Number"
        return paragraph._p.pPr.numPr.numId.val

    proposals = list_of("Uppföljningen anmäls till Kommunstyrelsen.")
    assert list_of("Kommunstyrelsen lägger uppföljningen till handlingarna.") == proposals
    assert list_of("Medborgarlöfte 2024–2025") != proposals  # the attachments count from 1 again


def test_each_area_has_a_heading_3_its_definition_and_two_rows_per_activity(word):
    assert _headings(word, 3)[:2] == [
        "1. Insatser i samverkan mot narkotika",
        "2. Arbete mot våld i nära relation",
    ]
    texts = _texts(word)
    assert "Kommunen och polisen arbetar tillsammans mot narkotika bland unga." in texts
    first, second = word.tables
    rows = [[cell.text for cell in row.cells] for row in first.rows]
    assert [row[0] for row in rows] == ["Insats 1:1", "Uppföljning", "Insats 1:2", "Uppföljning"]
    assert rows[0][1] == "Planerade narkotikainsatser med beroendemottagningen."
    assert rows[2][1] == "Kommunen skriver en ANDTS-handlingsplan."
    follow_up = rows[1][1].split("\n")
    assert follow_up[-2].startswith("Mål: ")
    assert " av 4 narkotikainsatser" in follow_up[-2]
    assert follow_up[-1] == "Bedömning: Hållet. Målet nåddes."
    assert rows[3][1].endswith("Bedömning: Hållet. Målet nåddes.")
    assert second.rows[0].cells[0].text == "Insats 2:1"
    for row in [*first.rows, *second.rows]:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None  # a row stays on one page
        assert row.cells[0].paragraphs[0].runs[0].bold
    assert first.style.name == "Table Grid"  # borders, as the originals
    assert first.columns[0].width < first.columns[1].width / 3  # the narrow label column


def test_follow_up_text_keeps_its_paragraphs_and_line_breaks(draft):
    entry = draft.entries.get(activity__description__startswith="Kommunen skriver")
    ReportActivityEntry.objects.filter(pk=entry.pk).update(
        follow_up="Rad ett\nRad två\n\nNytt stycke", verdict=""
    )
    other = draft.entries.get(activity__description__startswith="Gemensamma")
    ReportActivityEntry.objects.filter(pk=other.pk).update(follow_up="")
    first, second = _read(render_docx(_snapshot(draft))).tables
    paragraphs = [p.text for p in first.rows[3].cells[1].paragraphs]
    assert paragraphs == ["Rad ett\nRad två", "Nytt stycke"]
    assert second.rows[1].cells[1].paragraphs[0].text == "Ingen uppföljning under perioden."


def test_a_snapshot_frozen_with_control_characters_still_renders_without_them(draft):
    """Texts are cleaned on their way into the database (promises.text), but a snapshot frozen
    before that may hold characters XML cannot: the copy drops them rather than fail."""
    snapshot = _snapshot(draft)
    snapshot["title"] = "Uppföljning\x01 2025"
    snapshot["our_reference"] = "KS-2025/301\x08"
    snapshot["focus_areas"][0]["activities"][0]["follow_up"] = "Genomfört\x1b enligt plan."
    word = _read(render_docx(snapshot))
    assert _headings(word, 1) == ["Uppföljning 2025"]
    assert word.core_properties.title == "Uppföljning 2025"
    assert word.sections[0].header.tables[0].rows[1].cells[1].text == "KS-2025/301"
    assert word.tables[0].rows[1].cells[1].paragraphs[0].text == "Genomfört enligt plan."


def test_the_checklist_starts_a_page_and_shows_each_kind_of_question(word):
    heading = next(p for p in word.paragraphs if p.text == CHECKLIST)
    assert heading.paragraph_format.page_break_before
    texts = _texts(word)
    questions = texts[texts.index(CHECKLIST) + 2 : texts.index(APPENDIX)]
    assert questions == [
        "Påverkar beslutet barn?",
        "☐ Ja   ☒ Nej   ☐ Inte aktuellt",
        "Hur har barns bästa beaktats?",  # answered in words: no boxes
        "Inget svar.",
        "Beskriv eventuella intressekonflikter.",
        "Inget svar.",
        "Barn tillfrågas vid övergripande fleråriga planer/styrdokument. Har så skett?",
        "☐ Ja   ☐ Nej   ☒ Inte aktuellt",
        "Beslutet rör inte en flerårig plan.",
    ]
    numbered = [p for p in word.paragraphs if p.text.endswith("?") or p.text.startswith("Besk")]
    assert len(numbered) == 4
    assert {p.style.name for p in numbered} == {"List Number"}


def test_a_text_question_shows_its_answer(draft):
    Report.objects.filter(pk=draft.pk).update(
        child_best_interest_comment="Unga har fått tycka till genom elevråden."
    )
    texts = _texts(_read(render_docx(_snapshot(draft))))
    question = texts.index("Hur har barns bästa beaktats?")
    assert texts[question + 1] == "Unga har fått tycka till genom elevråden."


def test_the_appendix_lists_the_public_updates_per_activity_with_their_dates(word):
    heading = next(p for p in word.paragraphs if p.text == APPENDIX)
    assert heading.paragraph_format.page_break_before
    texts = _texts(word)
    appendix = texts[texts.index(APPENDIX) :]
    assert appendix[2:6] == [
        "Insats 1:1",
        "2024-03-10, pågår. Två insatser vid pendeltågsstationen under våren.",
        "2024-09-15, pågår. Två insatser i centrum under hösten.",
        "2025-04-02, pågår. En insats under Valborg.",
    ]
    assert "Insats 2:1" in _headings(word, 3)
    assert not [text for text in texts if "Internt:" in text]  # never the internal update


def test_without_checklist_or_appendix_there_is_neither(draft):
    Report.objects.filter(pk=draft.pk).update(
        uses_child_checklist=False, include_update_appendix=False
    )
    headings = _headings(_read(render_docx(_snapshot(draft))), 2)
    assert CHECKLIST not in headings
    assert APPENDIX not in headings


def test_a_correction_says_which_version_it_replaces(owner, issued_report, media_root):
    correction = services.create_correction(report=issued_report, user=owner)
    texts = _texts(_read(render_docx(_snapshot(correction))))
    assert texts[2] == "Version 2. Ersätter version 1, daterad 2025-11-10."


def test_the_document_is_in_the_profiles_font_and_swedish(word):
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = defaults.find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:ascii")) == "Liberation Serif"
    assert fonts.get(qn("w:asciiTheme")) is None  # no theme font overrides it
    assert rpr.find(qn("w:lang")).get(qn("w:val")) == "sv-SE"
    heading = word.styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
    assert heading.get(qn("w:ascii")) == "Liberation Serif"
    section = word.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_the_properties_name_the_report_the_kommun_and_the_diarienummer(word):
    properties = word.core_properties
    assert properties.title == "Uppföljning av medborgarlöfte 2024–2025"
    assert properties.author == "Knivsta kommun"
    assert properties.subject == "Slutuppföljning av Medborgarlöfte Knivsta 2024–2025"
    assert properties.identifier == "KS-2025/301"
    assert properties.keywords == "KS-2025/301"
    assert properties.language == "sv-SE"


def test_the_package_holds_no_template_leftovers(draft):
    """No thumbnail of python-docx's blank page, no properties naming another application, no
    styles in another language."""
    with zipfile.ZipFile(io.BytesIO(render_docx(_snapshot(draft)))) as package:
        names = package.namelist()
        assert "word/document.xml" in names
        assert not [name for name in names if "thumbnail" in name or name == "docProps/app.xml"]
        assert b"thumbnail" not in package.read("_rels/.rels")
        assert b"Macintosh" not in b"".join(package.read(name) for name in names)
        assert not [name for name in names if "stylesWithEffects" in name]
        assert b"en-US" not in b"".join(package.read(name) for name in names)


def test_an_older_snapshot_without_the_new_keys_renders_in_the_default_order(draft):
    snapshot = _snapshot(draft)
    for key in ("recipient_body", "profile", "outline", "texts", "appendix"):
        snapshot.pop(key)
    word = _read(render_docx(snapshot))
    assert _headings(word, 2)[:3] == ["Förslag till beslut", "Sammanfattning", "Ärendet"]
    assert "Rättslig utredning" in _headings(word, 2)


# The download ----------------------------------------------------------------------------------


def _url(report):
    return reverse("followup:report_docx", args=[report.pk])


def test_a_draft_downloads_as_it_reads_now(client, owner, draft):
    Report.objects.filter(pk=draft.pk).update(title="Ny rubrik i utkastet")
    client.force_login(owner)
    response = client.get(_url(draft))
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="KS-2025-301-slutuppfoljning-medborgarlofte-2025-11-10-utkast.docx"'
    )
    word = _read(response.content)
    assert _headings(word, 1) == ["Ny rubrik i utkastet"]
    assert word.core_properties.content_status == "Utkast"


def test_an_issued_report_downloads_from_its_frozen_snapshot(
    client, owner, secretary, draft, media_root, profile
):
    issued = services.issue_report(report=draft, user=owner)
    # The chain and the profile change after issuing; the issued report's copy does not.
    Activity.objects.filter(description__startswith="Planerade").update(description="Ändrad")
    FocusArea.objects.filter(number=1).update(title="Nytt namn")
    DocumentProfile.objects.filter(pk=profile.pk).update(sections=KNIVSTA_ORDER, footer="")
    client.force_login(secretary)
    response = client.get(_url(issued))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="KS-2025-301-slutuppfoljning-medborgarlofte-2025-11-10.docx"'
    )
    word = _read(response.content)
    assert word.tables[0].rows[0].cells[1].text == (
        "Planerade narkotikainsatser med beroendemottagningen."
    )
    assert "1. Insatser i samverkan mot narkotika" in _headings(word, 3)
    assert _headings(word, 2)[2] == "Beslutsunderlag"
    assert [p.text for p in word.sections[0].first_page_footer.paragraphs] == FOOTER.splitlines()
    properties = word.core_properties
    assert properties.created == issued.issued_at.astimezone(UTC).replace(microsecond=0)
    assert properties.content_status == "Utfärdad"


def test_a_report_being_issued_downloads_what_was_frozen(client, owner, draft):
    services.request_issue(report=draft, user=owner)  # its task has not run
    Report.objects.filter(pk=draft.pk).update(title="Ändrad efter frysningen")
    client.force_login(owner)
    response = client.get(_url(draft))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-2025-11-10.docx"')
    word = _read(response.content)
    assert _headings(word, 1) == ["Uppföljning av medborgarlöfte 2024–2025"]
    assert word.core_properties.content_status == "Utfärdas"


def test_an_issued_report_without_a_snapshot_has_no_word_copy(client, owner, promise):
    """Every issued report has its frozen snapshot; one without (made by hand) is a 404, not a 500."""
    bare = Report.objects.create(
        promise=promise,
        kind=Report.Kind.HALF_YEAR,
        status=Report.Status.ISSUED,
        title="Utan innehåll",
        period_start=promise.period_start,
        period_end=promise.period_end,
        date=promise.period_end,
    )
    client.force_login(owner)
    assert client.get(_url(bare)).status_code == 404


def test_outsiders_and_anonymous_visitors_get_no_word_copy(client, outsider, secretary, draft):
    assert client.get(_url(draft)).url.startswith(reverse("login"))
    client.force_login(outsider)
    assert client.get(_url(draft)).status_code == 404
    client.force_login(secretary)  # a draft exists only for the kommun's coordinators
    assert client.get(_url(draft)).status_code == 404
    assert client.post(_url(draft)).status_code in (403, 405)


def test_the_draft_page_preview_and_issued_page_offer_the_word_copy(
    client, owner, draft, media_root
):
    client.force_login(owner)
    link = f'href="{_url(draft)}"'
    for name in ("followup:report_detail", "followup:report_preview"):
        page = client.get(reverse(name, args=[draft.pk])).content.decode()
        assert link in page
        assert "Ladda ner som Word" in page
    services.issue_report(report=draft, user=owner)
    for name in ("followup:report_detail", "followup:report_preview"):
        page = client.get(reverse(name, args=[draft.pk])).content.decode()
        assert link in page


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("which", ["draft", "issued"])
def test_the_download_runs_a_fixed_number_of_queries(client, agreement, owner, which):
    client.force_login(owner)
    small = _grow(agreement, owner, scale=1)
    baseline = _count(client, _url(small[which]))
    large = _grow(agreement, owner, scale=10)
    assert _count(client, _url(large[which])) == baseline
