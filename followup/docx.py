"""The report's Word copy: the same snapshot as the PDF, as a .docx a secretary files in the
kommun's ärendehanteringssystem. The PDF/A stays the record; this is a copy for filing and reuse.

It says what the PDF says, in the same order (``followup.outline.arrange``, as
templates/followup/document/body.html and section.html): the running header (kommun, office,
the header word, Datum | Vår beteckning | Er beteckning, Till, "sida X (Y)") is a Word header
repeated on every page; the kommun's address footer stands at the foot of the first page only, as
in the originals. Headings use Word's built-in "Heading 1–3" styles, so the case-management system
and screen readers see the structure. Each focus area's activities are a two-column table as in
the originals: "Insats 1:1 | what was promised", "Uppföljning | what happened", rows that do not
break across pages.

A PNG logo is embedded with its alternative text. python-docx cannot embed SVG, and the kommun's
name stands in the header in words anyway, so an SVG logo is left out of the Word copy (the PDF
has it).
"""

import base64
import binascii
import re
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Cm, Emu, Pt

from .docx_ooxml import (
    LANGUAGE,
    Numbering,
    add_field,
    apply_font_and_language,
    describe_picture,
    keep_row_whole,
    mark_first_column,
    remove_borders,
    set_widths,
)
from .fonts import font
from .outline import HEADING, arrange

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(21), Cm(29.7), Cm(2.5)
TEXT_WIDTH = Emu(PAGE_WIDTH - 2 * MARGIN)
LABEL_WIDTH = Cm(3)  # the table's narrow label column ("Insats 1:1", "Uppföljning")
PNG_PREFIX = "data:image/png;base64,"


def render_docx(doc: dict[str, Any], *, created: datetime | None = None, status: str = "") -> bytes:
    """The .docx of snapshot ``doc`` (``followup.snapshot``, any schema). ``created`` is the
    document's creation time in its properties (the issuing time of an issued report), ``status``
    its "content status" there (e.g. "Utkast")."""
    document = Document()
    _Writer(document, doc).write()
    _properties(document, doc, created=created, status=status)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _Writer:
    def __init__(self, document, doc: dict[str, Any]):
        self.document = document
        self.doc = doc
        self.numbering = Numbering(document)

    def write(self) -> None:
        self._page_setup()
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        for header in (section.first_page_header, section.header):
            self._header(header)
        self._footer(section.first_page_footer)
        self._body()

    # The page, the header and the footer ------------------------------------------------------

    def _page_setup(self) -> None:
        section = self.document.sections[0]
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.left_margin = section.right_margin = MARGIN
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2)
        section.header_distance, section.footer_distance = Cm(1), Cm(1)
        styles = self.document.styles
        apply_font_and_language(self.document, font(self._profile().get("font")).family)
        styles["Normal"].font.size = Pt(11)
        for name, size in (("Header", 9), ("Footer", 8)):
            styles[name].font.size = Pt(size)
            styles[name].paragraph_format.tab_stops.clear_all()
            styles[name].paragraph_format.space_after = Pt(0)

    def _profile(self) -> dict[str, Any]:
        return self.doc.get("profile") or {}

    def _header(self, header) -> None:
        doc = self.doc
        first = header.paragraphs[0]
        logo = self._profile().get("logo") or {}
        data_uri = logo.get("data_uri") or ""
        if data_uri.startswith(PNG_PREFIX):
            try:
                image = base64.b64decode(data_uri[len(PNG_PREFIX) :], validate=True)
            except (binascii.Error, ValueError):
                image = b""
            if image:
                run = first.add_run()
                run.add_picture(BytesIO(image), height=Cm(1.4))
                describe_picture(run, logo.get("alt") or doc["municipality"]["name"])
                first = header.add_paragraph()
        self._tabbed(first, doc["municipality"]["name"].upper(), doc["document_type"].upper())
        second = header.add_paragraph()
        second.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        second.add_run(doc.get("office") or "")
        second.add_run("\t")
        self._page_numbers(second)
        refs = header.add_table(rows=2, cols=3, width=TEXT_WIDTH)
        remove_borders(refs)
        labels = (_("Datum"), _("Vår beteckning"), _("Er beteckning"))
        values = (doc.get("date"), doc.get("our_reference"), doc.get("your_reference"))
        for column, (label, value) in enumerate(zip(labels, values, strict=True)):
            label_run = refs.cell(0, column).paragraphs[0].add_run(label)
            label_run.font.size = Pt(7)
            refs.cell(1, column).paragraphs[0].add_run(value or "–")
        set_widths(refs, [Emu(TEXT_WIDTH // 3)] * 3)
        if doc.get("recipient_body"):
            header.add_paragraph(
                _("Till: %(recipient)s") % {"recipient": doc["recipient_body"]}
            ).paragraph_format.space_before = Pt(6)

    @staticmethod
    def _tabbed(paragraph, left: str, right: str) -> None:
        paragraph.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        paragraph.add_run(left).bold = True
        paragraph.add_run("\t")
        paragraph.add_run(right).bold = True

    @staticmethod
    def _page_numbers(paragraph) -> None:
        """ "sida 2 (5)", with the numbers as Word's PAGE and NUMPAGES fields."""
        fields = {"%(page)s": "PAGE", "%(pages)s": "NUMPAGES"}
        for part in re.split(r"(%\(pages?\)s)", _("sida %(page)s (%(pages)s)")):
            if part in fields:
                add_field(paragraph, fields[part])
            elif part:
                paragraph.add_run(part)

    def _footer(self, footer) -> None:
        lines = self._profile().get("footer") or []
        for index, line in enumerate(lines):
            paragraph = footer.paragraphs[0] if index == 0 else footer.add_paragraph()
            paragraph.add_run(line)

    # The body ---------------------------------------------------------------------------------

    def _body(self) -> None:
        doc, document = self.doc, self.document
        # The template's empty first paragraph becomes the handler's line (or goes).
        first = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
        handler = doc.get("handler") or {}
        if handler.get("name"):
            line = _("Handläggare:") + " " + handler["name"]
            if handler.get("email"):
                line += ", " + handler["email"]
            first.add_run(line)
        else:
            first._p.getparent().remove(first._p)
        document.add_heading(doc["title"], level=1)
        if doc.get("replaces"):
            document.add_paragraph(
                _("Version %(version)s. Ersätter version %(previous)s, daterad %(date)s.")
                % {
                    "version": doc["version"],
                    "previous": doc["replaces"]["version"],
                    "date": doc["replaces"]["date"],
                }
            )
        period = doc["period"]
        document.add_paragraph(
            _("%(kind)s av %(promise)s, perioden %(start)s–%(end)s.")
            % {
                "kind": doc["kind_label"],
                "promise": doc["promise"]["title"],
                "start": period["start"],
                "end": period["end"],
            }
        )
        outline = arrange(doc)
        for section in outline["before"]:
            self._section(section)
        if doc.get("focus_areas") and outline["followup"]:
            self._followup(outline["followup"])
        for section in outline["after"]:
            self._section(section)
        if doc.get("child_checklist"):
            self._checklist(doc["child_checklist"])
        if doc.get("appendix"):
            self._appendix(doc["appendix"])

    def _heading(self, text: str, level: int, *, new_page: bool = False):
        heading = self.document.add_heading(text, level=level)
        heading.paragraph_format.page_break_before = new_page
        return heading

    def _text(self, text: str, *, container=None, first=None) -> None:
        """``text`` as paragraphs, as Django's ``linebreaks`` does: a blank line starts a new
        paragraph, a single line break stays a line break."""
        container = container or self.document
        paragraphs = [part for part in re.split(r"\n{2,}", text.replace("\r\n", "\n")) if part]
        for index, part in enumerate(paragraphs):
            paragraph = first if (index == 0 and first is not None) else container.add_paragraph()
            paragraph.add_run(part)  # python-docx makes each "\n" a line break

    def _list(self, items: list[str], *, numbered: bool, container=None) -> list:
        container = container or self.document
        if not numbered:
            return [container.add_paragraph(item, style="List Bullet") for item in items]
        num_id = self.numbering.new_list()
        paragraphs = []
        for item in items:
            paragraph = container.add_paragraph(item, style=Numbering.STYLE)
            Numbering.number(paragraph, num_id)
            paragraphs.append(paragraph)
        return paragraphs

    def _section(self, section: dict[str, Any]) -> None:
        doc, key = self.doc, section["key"]
        if key == HEADING:
            self._heading(section["heading"], 2)
            return
        if key == "signatures":
            for signatory in doc.get("signatories", []):
                name = self.document.add_paragraph()
                name.paragraph_format.space_before = Pt(24)
                name.paragraph_format.space_after = Pt(0)
                name.paragraph_format.keep_with_next = True
                name.add_run(signatory["name"]).bold = True
                self.document.add_paragraph(signatory.get("title", ""))
            return
        self._heading(section["heading"], section.get("level", 2))
        if key == "proposals":
            if doc.get("proposals"):
                self._list(doc["proposals"], numbered=True)
            else:
                self.document.add_paragraph(_("Inget förslag till beslut har skrivits ännu."))
        elif key == "decision_basis":
            self._list(
                [_document_line(item) for item in doc.get("decision_documents", [])],
                numbered=False,
            )
        elif key == "recipients":
            self._list(doc.get("recipients", []), numbered=False)
        elif key == "attachments":
            self._list(doc.get("attachments", []), numbered=True)
        else:
            self._text(section.get("text", ""))

    # The follow-up per area -------------------------------------------------------------------

    def _followup(self, section: dict[str, Any]) -> None:
        self._heading(section["heading"], 2)
        for area in self.doc["focus_areas"]:
            self._heading(
                _("%(number)s. %(title)s") % {"number": area["number"], "title": area["title"]}, 3
            )
            if area.get("definition"):
                self._text(area["definition"])
            if area.get("activities"):
                self._activity_table(area["activities"])

    def _activity_table(self, activities: list[dict[str, Any]]) -> None:
        """Two rows per activity, as in the originals: "Insats 1:1 | what was promised" and
        "Uppföljning | what happened" (its targets and, in a closing report, the verdict)."""
        table = self.document.add_table(rows=0, cols=2)
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        mark_first_column(table)
        for activity in activities:
            promised = self._row(table, activity["label"], activity.get("description", ""))
            for paragraph in (cell for cell in promised.cells for cell in cell.paragraphs):
                paragraph.paragraph_format.keep_with_next = True  # with its follow-up row
            followed = self._row(table, _("Uppföljning"), activity.get("follow_up", ""))
            cell = followed.cells[1]
            if not activity.get("follow_up"):
                cell.paragraphs[0].add_run(_("Ingen uppföljning under perioden.")).italic = True
            for progress in activity.get("progress", []):
                cell.add_paragraph(_("Mål:") + " " + progress["text"])
            if activity.get("verdict"):
                verdict = cell.add_paragraph()
                label = _("Bedömning:") + " " + activity["verdict_label"] + "."
                verdict.add_run(label).bold = True
                if activity.get("verdict_justification"):
                    verdict.add_run(" " + activity["verdict_justification"])
        set_widths(table, [LABEL_WIDTH, Emu(TEXT_WIDTH - LABEL_WIDTH)])
        self.document.add_paragraph()  # the next heading does not touch the table

    def _row(self, table, label: str, text: str):
        row = table.add_row()
        keep_row_whole(row)
        row.cells[0].paragraphs[0].add_run(label).bold = True
        self._text(text, container=row.cells[1], first=row.cells[1].paragraphs[0])
        return row

    # The barnchecklista and the appendix ------------------------------------------------------

    def _checklist(self, checklist: dict[str, Any]) -> None:
        self._heading(_("Barnchecklista inför beslut"), 2, new_page=True)
        self.document.add_paragraph(checklist.get("intro", ""))
        num_id = self.numbering.new_list()
        for question in checklist.get("questions", []):
            asked = self.document.add_paragraph(question["question"], style=Numbering.STYLE)
            Numbering.number(asked, num_id)
            asked.runs[0].bold = True
            if question.get("options"):
                boxes = "   ".join(
                    ("☒ " if option["checked"] else "☐ ") + option["label"]
                    for option in question["options"]
                )
                self._indented(self.document.add_paragraph(boxes))
            if question.get("comment"):
                start = len(self.document.paragraphs)
                self._text(question["comment"])
                for paragraph in self.document.paragraphs[start:]:
                    self._indented(paragraph)
            elif not question.get("options"):
                self._indented(self.document.add_paragraph(_("Inget svar.")))

    @staticmethod
    def _indented(paragraph) -> None:
        paragraph.paragraph_format.left_indent = Cm(0.64)

    def _appendix(self, appendix: list[dict[str, Any]]) -> None:
        period = self.doc["period"]
        self._heading(_("Bilaga: statusuppdateringar under perioden"), 2, new_page=True)
        self.document.add_paragraph(
            _(
                "De offentliga statusuppdateringarna %(start)s–%(end)s, per insats och i datumordning."
            )
            % {"start": period["start"], "end": period["end"]}
        )
        for item in appendix:
            self._heading(item["label"], 3)
            for update in item.get("updates", []):
                paragraph = self.document.add_paragraph(style="List Bullet")
                paragraph.add_run(f"{update['date']}, {update['status'].lower()}.").bold = True
                if update.get("text"):
                    paragraph.add_run(" " + update["text"])


def _document_line(item: dict[str, Any]) -> str:
    if item.get("text"):
        return item["text"]
    return f"{item['title']}, {item['date']}" if item.get("date") else item["title"]


def _properties(document, doc: dict[str, Any], *, created: datetime | None, status: str) -> None:
    """Title, author (the kommun), subject, the diarienummer as identifier and keyword, Swedish."""
    properties = document.core_properties
    municipality = doc["municipality"]["name"]
    properties.title = _short(doc["title"])
    properties.author = municipality
    properties.last_modified_by = municipality
    properties.subject = _short(
        _("%(kind)s av %(promise)s")
        % {"kind": doc["kind_label"], "promise": doc["promise"]["title"]}
    )
    properties.identifier = doc.get("our_reference") or ""
    properties.keywords = doc.get("our_reference") or ""
    properties.category = doc.get("document_type") or ""
    properties.language = LANGUAGE
    properties.comments = ""
    properties.content_status = status
    properties.revision = int(doc.get("version") or 1)
    if created is not None:
        if created.tzinfo is not None:  # the properties hold UTC
            created = created.astimezone(UTC).replace(tzinfo=None)
        properties.created = properties.modified = created


def _short(text: str) -> str:
    """A core property holds at most 255 characters."""
    return text if len(text) <= 255 else text[:254] + "…"
