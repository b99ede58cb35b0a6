"""Word (OOXML) below python-docx's API, used by ``followup.docx``: the body as text fragments
parsed once (``Fragments``), fields (page numbers), numbered lists that each start at 1, the
document's font and language on its styles, cell widths, a picture's alternative text and the
blank template's leftovers.

Why fragments: python-docx builds a document element by element in Python, which took a second for
the Word copy of the largest report (231 activities); the same body written as WordprocessingML
text and parsed by lxml in one go takes a fraction of that, and the download stays in the request.
"""

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import RGBColor

LANGUAGE = "sv-SE"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _child(parent, tag: str, *, first: bool = False):
    """``parent``'s ``tag`` child, added if missing (at the start when ``first``)."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found


def _set_fonts(rpr, family: str) -> None:
    fonts = _child(rpr, "w:rFonts", first=True)
    for attribute in _THEME_FONTS:  # a theme font would win over the family named here
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), family)


def apply_font_and_language(document, family: str) -> None:
    """Every style's text in ``family`` and in Swedish (spelling, hyphenation, screen readers);
    headings in black rather than the template's theme colour."""
    styles = document.styles.element
    defaults = _child(_child(_child(styles, "w:docDefaults", first=True), "w:rPrDefault"), "w:rPr")
    _set_fonts(defaults, family)
    language = _child(defaults, "w:lang")
    language.set(qn("w:val"), LANGUAGE)
    language.set(qn("w:eastAsia"), LANGUAGE)
    for style in document.styles:
        rpr = style.element.rPr
        if rpr is None:
            continue
        if rpr.find(qn("w:rFonts")) is not None:
            _set_fonts(rpr, family)
        if rpr.find(qn("w:lang")) is not None:
            rpr.find(qn("w:lang")).set(qn("w:val"), LANGUAGE)
    for level in range(1, 4):
        heading = document.styles[f"Heading {level}"]
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading.font.italic = False


def add_field(paragraph, instruction: str, placeholder: str = "1") -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) in ``paragraph``: Word computes it on every page;
    ``placeholder`` is what a reader that does not update fields shows."""

    def run_with(element):
        run = paragraph.add_run()
        run._r.append(element)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run_with(begin)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run_with(text)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


class Numbering:
    """Numbered lists in the "List Number" style, each restarting at 1 (the template's one list
    would otherwise count on from the proposals into the attachments)."""

    STYLE = "List Number"

    def __init__(self, document):
        self.numbering = document.part.numbering_part.element
        style_num = document.styles[self.STYLE].element.pPr.find(qn("w:numPr"))
        num_id = style_num.find(qn("w:numId")).get(qn("w:val"))
        template = next(
            num for num in self.numbering.findall(qn("w:num")) if num.get(qn("w:numId")) == num_id
        )
        self.abstract = template.find(qn("w:abstractNumId")).get(qn("w:val"))
        self.next_id = 1 + max(
            int(num.get(qn("w:numId"))) for num in self.numbering.findall(qn("w:num"))
        )

    def new_list(self) -> str:
        """The id of a new list that counts from 1."""
        num_id = str(self.next_id)
        self.next_id += 1
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), num_id)
        abstract = OxmlElement("w:abstractNumId")
        abstract.set(qn("w:val"), self.abstract)
        num.append(abstract)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        num.append(override)
        self.numbering.append(num)
        return num_id


def set_widths(table, widths) -> None:
    """Fixed column widths (``widths`` as python-docx Lengths), for Word and LibreOffice alike."""
    table.autofit = False
    layout = _child(table._tbl.tblPr, "w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def remove_borders(table) -> None:
    properties = table._tbl.tblPr
    borders = properties.find(qn("w:tblBorders"))
    if borders is None:  # in the schema's order, which Word insists on
        borders = OxmlElement("w:tblBorders")
        properties.insert_element_before(
            borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
        )
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = _child(borders, f"w:{side}")
        edge.set(qn("w:val"), "nil")


def drop_template_parts(document) -> None:
    """python-docx's blank template brings a thumbnail of an empty page, extended properties that
    name another application, one page and no words, and Word 2010's copy of its styles in
    another language and font: none of them describes this document."""
    for owner, types in (
        (document.part.package, (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES)),
        (document.part, (STYLES_WITH_EFFECTS,)),
    ):
        for key, relationship in list(owner.rels.items()):
            if relationship.reltype in types:
                del owner.rels[key]
    theme_language = document.settings.element.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:val"), LANGUAGE)


def describe_picture(run, description: str) -> None:
    """The alternative text of the picture in ``run`` (what a screen reader says)."""
    for properties in run._r.iter(qn("wp:docPr")):
        properties.set("descr", description)
        properties.set("title", description)


# The body as fragments --------------------------------------------------------------------------

# Characters XML 1.0 does not allow (control characters a pasted text may carry): dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
TWIPS_PER_EMU = 1 / 635


def xml_safe(text: str) -> str:
    """``text`` without the characters XML cannot hold (control characters a pasted text may
    carry); python-docx and lxml refuse them."""
    return _NOT_XML.sub("", text)


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False

    def xml(self) -> str:
        properties = ("<w:b/>" if self.bold else "") + ("<w:i/>" if self.italic else "")
        # A line break within a paragraph stays one, as in the document's HTML.
        text = '</w:t><w:br/><w:t xml:space="preserve">'.join(
            escape(line) for line in xml_safe(self.text).split("\n")
        )
        rpr = f"<w:rPr>{properties}</w:rPr>" if properties else ""
        return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _runs(runs) -> str:
    return "".join((Run(run) if isinstance(run, str) else run).xml() for run in runs)


def paragraph_xml(
    runs,
    *,
    style: str = "",
    keep_next: bool = False,
    page_break: bool = False,
    num_id: str = "",
    space_before: int | None = None,
    space_after: int | None = None,
    indent: int | None = None,
) -> str:
    """A ``w:p`` of ``runs`` (strings or Runs); ``style`` is a style id ("Heading2"), spacing and
    indent in twips, ``num_id`` a list of ``Numbering``."""
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    ppr += "<w:keepNext/>" if keep_next else ""
    ppr += "<w:pageBreakBefore/>" if page_break else ""
    if num_id:
        ppr += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
    if space_before is not None or space_after is not None:
        spacing = "" if space_before is None else f' w:before="{space_before}"'
        spacing += "" if space_after is None else f' w:after="{space_after}"'
        ppr += f"<w:spacing{spacing}/>"
    ppr += f'<w:ind w:left="{indent}"/>' if indent is not None else ""
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{_runs(runs)}</w:p>"


def table_xml(rows, *, style: str, widths: tuple[int, ...]) -> str:
    """A bordered table (``style``: its id) of fixed column ``widths`` (twips) whose rows never
    break across a page; ``rows`` is a list of rows, each a list of cells, each a list of
    paragraphs (``paragraph_xml``). The first column is the rows' labels (the style's
    first-column look)."""
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    body = []
    for row in rows:
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            f"{''.join(paragraphs) or '<w:p/>'}</w:tc>"
            for width, paragraphs in zip(widths, row, strict=True)
        )
        body.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="0080" w:firstRow="0" w:lastRow="0" '
        'w:firstColumn="1" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(body)}</w:tbl>"
    )


class Fragments:
    """The body's paragraphs and tables as text, parsed and put into the document at once."""

    def __init__(self):
        self.parts: list[str] = []

    def add(self, xml: str) -> None:
        self.parts.append(xml)

    def insert_into(self, document) -> None:
        body = document.element.body
        parsed = parse_xml(f"<w:body {nsdecls('w')}>{''.join(self.parts)}</w:body>")
        end = body.sectPr  # the section's properties close the body
        for element in list(parsed):
            if end is not None:
                end.addprevious(element)
            else:
                body.append(element)
