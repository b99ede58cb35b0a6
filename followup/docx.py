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
import gc
import re
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.image.exceptions import UnrecognizedImageError
from docx.shared import Cm, Emu, Pt

from .docx_ooxml import (
    LANGUAGE,
    TWIPS_PER_EMU,
    Fragments,
    Numbering,
    Run,
    add_field,
    apply_font_and_language,
    describe_picture,
    drop_template_parts,
    paragraph_xml,
    remove_borders,
    set_widths,
    table_xml,
    xml_safe,
)
from .fonts import font
from .outline import HEADING, arrange

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(21), Cm(29.7), Cm(2.5)
TEXT_WIDTH = Emu(PAGE_WIDTH - 2 * MARGIN)
LABEL_WIDTH = Cm(3)  # the table's narrow label column ("Insats 1:1", "Uppföljning")
INDENT = 363  # twips (0.64 cm): the checklist's answers under their numbered question
PNG_PREFIX = "data:image/png;base64,"


def render_docx(doc: dict[str, Any], *, created: datetime | None = None, status: str = "") -> bytes:
    """The .docx of snapshot ``doc`` (``followup.snapshot``, any schema). ``created`` is the
    document's creation time in its properties (the issuing time of an issued report), ``status``
    its "content status" there (e.g. "Utkast")."""
    document = Document()
    _Writer(document, doc).write()
    _properties(document, doc, created=created, status=status)
    drop_template_parts(document)
    buffer = BytesIO()
    document.save(buffer)
    # python-docx's document and its parts refer to one another, and their lxml trees live outside
    # Python's allocation counts, so the garbage collector would leave each copy's tree (some
    # 25 MB for the largest report) to a later pass: a worker serving a few downloads in a row
    # grew by that much each time. One pass now (tens of ms) keeps it flat.
    del document
    gc.collect()
    return buffer.getvalue()


class _Writer:
    def __init__(self, document, doc: dict[str, Any]):
        self.document = document
        self.doc = doc
        self.numbering = Numbering(document)
        self.body = Fragments()
        self.style_ids: dict[str, str] = {}

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
                try:
                    run.add_picture(BytesIO(image), height=Cm(1.4))
                except UnrecognizedImageError:  # the upload is checked; an old one may not be
                    run._r.getparent().remove(run._r)
                else:
                    describe_picture(run, logo.get("alt") or doc["municipality"]["name"])
                    first = header.add_paragraph()
        self._tabbed(first, doc["municipality"]["name"].upper(), doc["document_type"].upper())
        second = header.add_paragraph()
        second.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        second.add_run(xml_safe(doc.get("office") or ""))
        second.add_run("\t")
        self._page_numbers(second)
        refs = header.add_table(rows=2, cols=3, width=TEXT_WIDTH)
        remove_borders(refs)
        labels = (_("Datum"), _("Vår beteckning"), _("Er beteckning"))
        values = (doc.get("date"), doc.get("our_reference"), doc.get("your_reference"))
        for column, (label, value) in enumerate(zip(labels, values, strict=True)):
            label_run = refs.cell(0, column).paragraphs[0].add_run(label)
            label_run.font.size = Pt(7)
            refs.cell(1, column).paragraphs[0].add_run(xml_safe(value or "–"))
        set_widths(refs, [Emu(TEXT_WIDTH // 3)] * 3)
        if doc.get("recipient_body"):
            header.add_paragraph(
                _("Till %(body)s") % {"body": xml_safe(doc["recipient_body"])}
            ).paragraph_format.space_before = Pt(6)

    @staticmethod
    def _tabbed(paragraph, left: str, right: str) -> None:
        paragraph.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        paragraph.add_run(xml_safe(left)).bold = True
        paragraph.add_run("\t")
        paragraph.add_run(xml_safe(right)).bold = True

    @staticmethod
    def _page_numbers(paragraph) -> None:
        """The page number, "sida 2 (5)", its numbers as Word's PAGE and NUMPAGES fields."""
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
            paragraph.add_run(xml_safe(line))

    # The body ---------------------------------------------------------------------------------

    def _style(self, name: str) -> str:
        if name not in self.style_ids:
            self.style_ids[name] = self.document.styles[name].style_id
        return self.style_ids[name]

    def _add(self, runs, **options) -> None:
        self.body.add(paragraph_xml(runs, **options))

    def _body(self) -> None:
        doc = self.doc
        handler = doc.get("handler") or {}
        if handler.get("name"):
            line = _("Handläggare:") + " " + handler["name"]
            if handler.get("email"):
                line += ", " + handler["email"]
            self._add([line])
        self._heading(doc["title"], 1)
        if doc.get("replaces"):
            self._add(
                [
                    _("Version %(version)s. Ersätter version %(previous)s, daterad %(date)s.")
                    % {
                        "version": doc["version"],
                        "previous": doc["replaces"]["version"],
                        "date": doc["replaces"]["date"],
                    }
                ]
            )
        period = doc["period"]
        self._add(
            [
                _("%(kind)s av %(promise)s, perioden %(start)s–%(end)s.")
                % {
                    "kind": doc["kind_label"],
                    "promise": doc["promise"]["title"],
                    "start": period["start"],
                    "end": period["end"],
                }
            ]
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
        self.body.insert_into(self.document)

    def _heading(self, text: str, level: int, *, new_page: bool = False) -> None:
        """Word's built-in "Heading 1–3", which the case-management system and screen readers
        read as the document's structure."""
        self._add([text], style=self._style(f"Heading {level}"), page_break=new_page)

    @staticmethod
    def _paragraphs(text: str, **options) -> list[str]:
        """``text`` as paragraphs, as Django's ``linebreaks`` does: a blank line starts a new
        paragraph, a single line break stays a line break."""
        parts = re.split(r"\n{2,}", text.replace("\r\n", "\n").strip("\n"))
        return [paragraph_xml([part], **options) for part in parts if part]

    def _text(self, text: str, **options) -> None:
        for paragraph in self._paragraphs(text, **options):
            self.body.add(paragraph)

    def _list(self, items: list[str], *, numbered: bool) -> None:
        if not numbered:
            for item in items:
                self._add([item], style=self._style("List Bullet"))
            return
        num_id, style = self.numbering.new_list(), self._style(Numbering.STYLE)
        for item in items:
            self._add([item], style=style, num_id=num_id)

    def _section(self, section: dict[str, Any]) -> None:
        doc, key = self.doc, section["key"]
        if key == HEADING:
            self._heading(section["heading"], 2)
            return
        if key == "signatures":
            for signatory in doc.get("signatories", []):
                name = Run(signatory["name"], bold=True)
                self._add([name], keep_next=True, space_before=480, space_after=0)
                self._add([signatory.get("title", "")])
            return
        self._heading(section["heading"], section.get("level", 2))
        if key == "proposals":
            if doc.get("proposals"):
                self._list(doc["proposals"], numbered=True)
            else:
                self._add([_("Inget förslag till beslut har skrivits ännu.")])
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
        "Uppföljning | what happened" (its targets and, in a closing report, the verdict). The
        first row keeps with the second, so an activity is not parted from its follow-up."""
        rows = []
        for activity in activities:
            promised = self._paragraphs(activity.get("description", ""), keep_next=True)
            rows.append(
                [[paragraph_xml([Run(activity["label"], bold=True)], keep_next=True)], promised]
            )
            followed = self._paragraphs(activity.get("follow_up", "")) or [
                paragraph_xml([Run(_("Ingen uppföljning under perioden."), italic=True)])
            ]
            for progress in activity.get("progress", []):
                followed.append(paragraph_xml([_("Mål:") + " " + progress["text"]]))
            if activity.get("verdict"):
                verdict = [Run(_("Bedömning:") + " " + activity["verdict_label"] + ".", bold=True)]
                if activity.get("verdict_justification"):
                    verdict.append(Run(" " + activity["verdict_justification"]))
                followed.append(paragraph_xml(verdict))
            rows.append([[paragraph_xml([Run(_("Uppföljning"), bold=True)])], followed])
        label = round(LABEL_WIDTH * TWIPS_PER_EMU)
        widths = (label, round(TEXT_WIDTH * TWIPS_PER_EMU) - label)
        self.body.add(table_xml(rows, style=self._style("Table Grid"), widths=widths))
        self._add([])  # the next heading does not touch the table

    # The barnchecklista and the appendix ------------------------------------------------------

    def _checklist(self, checklist: dict[str, Any]) -> None:
        self._heading(_("Barnchecklista inför beslut"), 2, new_page=True)
        self._add([checklist.get("intro", "")])
        num_id, style = self.numbering.new_list(), self._style(Numbering.STYLE)
        for question in checklist.get("questions", []):
            self._add([Run(question["question"], bold=True)], style=style, num_id=num_id)
            if question.get("options"):
                boxes = "   ".join(
                    ("☒ " if option["checked"] else "☐ ") + option["label"]
                    for option in question["options"]
                )
                self._add([boxes], indent=INDENT)
            if question.get("comment"):
                self._text(question["comment"], indent=INDENT)
            elif not question.get("options"):
                self._add([_("Inget svar.")], indent=INDENT)

    def _appendix(self, appendix: list[dict[str, Any]]) -> None:
        period = self.doc["period"]
        self._heading(_("Bilaga: statusuppdateringar under perioden"), 2, new_page=True)
        self._add(
            [
                _(
                    "De offentliga statusuppdateringarna %(start)s–%(end)s, per insats och i "
                    "datumordning."
                )
                % {"start": period["start"], "end": period["end"]}
            ]
        )
        bullet = self._style("List Bullet")
        for item in appendix:
            self._heading(item["label"], 3)
            for update in item.get("updates", []):
                runs = [Run(f"{update['date']}, {update['status'].lower()}.", bold=True)]
                if update.get("text"):
                    runs.append(Run(" " + update["text"]))
                self._add(runs, style=bullet)


def _document_line(item: dict[str, Any]) -> str:
    if item.get("text"):
        return item["text"]
    return f"{item['title']}, {item['date']}" if item.get("date") else item["title"]


def _properties(document, doc: dict[str, Any], *, created: datetime | None, status: str) -> None:
    """Title, author (the kommun), subject, the diarienummer as identifier and keyword, Swedish."""
    properties = document.core_properties
    municipality = doc["municipality"]["name"]
    properties.title = _short(doc["title"])
    properties.author = properties.last_modified_by = _short(municipality)
    properties.subject = _short(
        _("%(kind)s av %(promise)s")
        % {"kind": doc["kind_label"], "promise": doc["promise"]["title"]}
    )
    properties.identifier = properties.keywords = _short(doc.get("our_reference") or "")
    properties.category = _short(doc.get("document_type") or "")
    properties.language = LANGUAGE
    properties.comments = ""
    properties.content_status = status
    properties.revision = int(doc.get("version") or 1)
    if created is not None:
        if created.tzinfo is not None:  # the properties hold UTC
            created = created.astimezone(UTC).replace(tzinfo=None)
        properties.created = properties.modified = created


def _short(text: str) -> str:
    """A core property holds at most 255 characters, and only what XML can."""
    text = xml_safe(text)
    return text if len(text) <= 255 else text[:254] + "…"
