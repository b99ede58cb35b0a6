"""The few Word (OOXML) features python-docx has no API for, used by ``followup.docx``: fields
(page numbers), numbered lists that each start at 1, the document's font and language on its
styles, table rows that do not split across pages, cell widths and a picture's alternative text.
"""

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

LANGUAGE = "sv-SE"
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

    @staticmethod
    def number(paragraph, num_id: str) -> None:
        """Make ``paragraph`` (in the "List Number" style) an item of list ``num_id``."""
        num_pr = _child(paragraph._p.get_or_add_pPr(), "w:numPr")
        level = _child(num_pr, "w:ilvl")
        level.set(qn("w:val"), "0")
        num = _child(num_pr, "w:numId")
        num.set(qn("w:val"), num_id)


def keep_row_whole(row, *, header: bool = False) -> None:
    """The row never breaks across a page (unless it is longer than a page); a header row repeats
    at the top of every page the table runs over."""
    tr_pr = row._tr.get_or_add_trPr()
    _child(tr_pr, "w:cantSplit")
    if header:
        _child(tr_pr, "w:tblHeader")


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
    borders = _child(table._tbl.tblPr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = _child(borders, f"w:{side}")
        edge.set(qn("w:val"), "nil")


def describe_picture(run, description: str) -> None:
    """The alternative text of the picture in ``run`` (what a screen reader says)."""
    for properties in run._r.iter(qn("wp:docPr")):
        properties.set("descr", description)
        properties.set("title", description)


def mark_first_column(table) -> None:
    """The table style's first-column look: the labels' column is the rows' header."""
    look = _child(table._tbl.tblPr, "w:tblLook")
    look.set(qn("w:firstColumn"), "1")
    look.set(qn("w:firstRow"), "0")
    look.set(qn("w:noHBand"), "1")
    look.set(qn("w:noVBand"), "1")
