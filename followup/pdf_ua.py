"""The report's PDF as PDF/UA-1 on top of PDF/A-2b: what WeasyPrint's tags leave to be done.

WeasyPrint (``pdf_tags=True``) tags every piece of content, but

1. the margin boxes (the running header, the page numbers) get a structure tree of their own that
   the document's tree never reaches: assistive technology can neither read them nor know to skip
   them. Here they become artifacts (``/Artifact <</Type /Pagination>>``), all but the running
   header of the document's first page, the letterhead (kommun, logo, date, diarienummer), which
   becomes the first element of the document's tree;
2. the tree is built page by page, so a section, a table or a paragraph that runs over a page
   break is one element per page, and a table's repeated header is tagged again on every page.
   Here the fragments of one HTML element are merged back into one element, and a table keeps its
   first header group (the repetitions become artifacts);
3. header cells get IDs and data cells ``Headers``, with no IDTree for them to resolve in. Here
   every TH gets ``Scope`` (Row or Column, from its HTML ``scope``) and the IDs are dropped;
4. the metadata say neither PDF/UA nor the diarienummer: see ``followup.pdf_metadata``.

Which elements are fragments of one HTML element is known only while WeasyPrint builds its tags,
so its tag builder (``weasyprint.pdf.tags._build_box_tree``, a private function) is wrapped: while
``recording()`` is active it notes, for each structure element's object number, the HTML element
it comes from, a header cell's ``scope`` and whether it belongs to a margin box. The wrapper only
observes. If a WeasyPrint upgrade changes that function, tests/followup/test_pdf_ua.py fails.
"""

import contextvars
import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name
from weasyprint.css import AnonymousStyle
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import tags as weasyprint_tags

# Recording where WeasyPrint's structure elements come from ----------------------------------------


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a structure element comes from: ``key`` is shared by the fragments of one HTML
    element (None for anonymous boxes), ``scope`` is a th's scope attribute, ``margin`` is true
    in a margin box."""

    key: tuple[int, str] | None
    scope: str
    margin: bool


class Recorder:
    def __init__(self):
        self.origins: dict[int, Origin] = {}
        self._serials: dict[int, tuple[Any, int]] = {}
        self.margin_depth = 0

    def note(self, number: int, box) -> None:
        if number in self.origins:
            return  # the innermost call, which made the element, noted it first
        element = box.element
        key = None
        # An anonymous box (one that CSS makes, e.g. around a cell's text) shares its parent's
        # element but is not it; a table's wrapper box is how WeasyPrint tags the table itself.
        anonymous = isinstance(box.style, AnonymousStyle) and not box.is_table_wrapper
        if element is not None and not anonymous:
            # Keep the element so that its id is not reused while the document is written.
            _kept, serial = self._serials.setdefault(id(element), (element, len(self._serials)))
            key = (serial, box.element_tag)
        scope = element.get("scope", "") if box.element_tag == "th" else ""
        self.origins[number] = Origin(key=key, scope=scope, margin=self.margin_depth > 0)


_recorder: contextvars.ContextVar[Recorder | None] = contextvars.ContextVar(
    "pdf_ua_recorder", default=None
)


@contextmanager
def recording():
    """Note the origins of the structure elements WeasyPrint writes meanwhile (in this context)."""
    recorder = Recorder()
    token = _recorder.set(recorder)
    try:
        yield recorder
    finally:
        _recorder.reset(token)
        recorder._serials.clear()


def _wrap(build_box_tree):
    def recording_build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
        recorder = _recorder.get()
        if recorder is None:
            yield from build_box_tree(box, parent, pdf, page_number, nums, annotations, tags)
            return
        margin = isinstance(box, boxes.MarginBox)
        # A margin box yields nothing: its children are built (and noted) within one step.
        recorder.margin_depth += margin
        try:
            for element in build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
                recorder.note(element.number, getattr(box, "_box", box))
                yield element
        finally:
            recorder.margin_depth -= margin

    recording_build_box_tree.wrapped = build_box_tree
    return recording_build_box_tree


if not hasattr(weasyprint_tags._build_box_tree, "wrapped"):
    weasyprint_tags._build_box_tree = _wrap(weasyprint_tags._build_box_tree)


# Fixing one rendered PDF's structure ---------------------------------------------------------------

_GROUPS_KEPT_ONCE = ("/THead", "/TFoot")  # HTML allows one per table; more are repetitions
_SCOPES = {"row": Name.Row, "rowgroup": Name.Row, "col": Name.Column, "colgroup": Name.Column}


def is_element(kid) -> bool:
    return isinstance(kid, Dictionary) and "/S" in kid


def _page(element) -> tuple[int, int] | None:
    page = element.get("/Pg")
    return None if page is None else page.objgen


def kids_of(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


class Structure:
    """One PDF's structure tree while it is fixed: what was merged into what (``aliases``)."""

    def __init__(self, pdf: pikepdf.Pdf, origins: dict[int, Origin]):
        self.pdf = pdf
        self.origins = origins
        self.root = pdf.Root.StructTreeRoot
        self.document = self.root.K[0] if isinstance(self.root.K, Array) else self.root.K
        self.aliases: dict[tuple[int, int], Any] = {}

    def origin(self, element) -> Origin | None:
        return self.origins.get(element.objgen[0])

    def absorb(self, into, fragments: list) -> None:
        """Move the kids of ``fragments`` into ``into``: the same HTML element, continued."""
        table = into.S == "/Table"
        kept = {str(kid.S) for kid in kids_of(into) if is_element(kid)} if table else set()
        moved = []
        for fragment in fragments:
            for kid in kids_of(fragment):
                if is_element(kid):
                    if table and str(kid.S) in _GROUPS_KEPT_ONCE:
                        if str(kid.S) in kept:
                            continue  # a repeated header: its content becomes an artifact
                        kept.add(str(kid.S))
                    kid.P = into
                elif isinstance(kid, int) and _page(into) != _page(fragment):
                    kid = Dictionary(Type=Name.MCR, Pg=fragment.Pg, MCID=kid)
                moved.append(kid)
            self.aliases[fragment.objgen] = into
        into.K = Array([*kids_of(into), *moved])

    def fragment_key(self, element):
        """What the fragments of one HTML element share, or None (never merged)."""
        if not is_element(element):
            return None
        origin = self.origin(element)
        if origin is None or origin.key is None:
            return None
        return (origin.key, str(element.S))

    def merge(self, element, reachable: set) -> None:
        """Merge the fragments among ``element``'s kids into the first of each (adjacent ones,
        as a paragraph over a page break, or not, as the cells of a row over a page break),
        then within them; note every element still in the tree in ``reachable``; give each
        TH its scope."""
        reachable.add(element.objgen)
        kids, fragments = [], {}
        for kid in kids_of(element):
            key = self.fragment_key(kid)
            if key is None or key not in fragments:
                kids.append(kid)
                if key is not None:
                    fragments[key] = [kid]
            else:
                fragments[key].append(kid)
        if len(kids) < len(kids_of(element)):
            for first, *rest in fragments.values():
                if rest:
                    self.absorb(first, rest)
            element.K = Array(kids)
        if element.S in ("/TH", "/TD"):
            self.label_cell(element)
        for kid in kids:
            if is_element(kid):
                self.merge(kid, reachable)

    def drop_repeated_groups(self, continues, reachable: set) -> None:
        """Along the first elements of the continued kinds, a continued table's header and
        footer groups: the previous part has them already."""
        element = self.document
        for kind in continues:
            element = next((kid for kid in kids_of(element) if is_element(kid)), None)
            if element is None or kind != element.S:
                raise RuntimeError(f"A report part does not continue the previous one with {kind}.")
            if kind == "/Table":
                kept = [kid for kid in kids_of(element) if not _repeated_group(kid)]
                for dropped in (kid for kid in kids_of(element) if _repeated_group(kid)):
                    reachable.difference_update(_subtree(dropped))
                element.K = Array(kept)

    def label_cell(self, cell) -> None:
        if "/A" not in cell:
            cell.A = Dictionary(O=Name.Table)
        attributes = cell.A
        if "/Headers" in attributes:
            del attributes.Headers
        if "/ID" in cell:
            del cell.ID
        if cell.S == "/TH":
            origin = self.origin(cell)
            scope = _SCOPES.get(origin.scope.lower() if origin else "")
            attributes.Scope = scope or self._implied_scope(cell)

    @staticmethod
    def _implied_scope(cell):
        """Column in a header group or a row of header cells only, else Row (the first cell)."""
        row = cell.P
        if row.P.get("/S") == "/THead":
            return Name.Column
        cells = [kid for kid in kids_of(row) if is_element(kid)]
        return Name.Column if all(kid.S == "/TH" for kid in cells) else Name.Row

    def adopt_letterhead(self) -> None:
        """The first page's running header, the letterhead, as the document's first element:
        the margin boxes' top elements made for an HTML element (a running one; the page number
        is generated content), of the first page (whose elements WeasyPrint makes first)."""
        first_page, document = self.pdf.pages[0].obj.objgen, self.document.objgen
        letterhead = []
        for number, origin in sorted(self.origins.items()):
            if not origin.margin:
                continue
            element = self.pdf.get_object(number, 0)
            if _page(element) != first_page:
                break
            if origin.key is not None and element.P.objgen == document:
                letterhead.append(element)
        self.document.K = Array([*letterhead, *kids_of(self.document)])

    def mark_artifacts(self, reachable: set) -> None:
        """Each page's marked content that no element in the tree owns becomes an artifact; the
        rest is numbered 0, 1, 2… again and the ParentTree rebuilt to match.

        WeasyPrint writes each marked-content sequence's start on lines of its own
        (``/P\\n<</MCID 3>>\\nBDC``) and text as hexadecimal strings, so the starts are found
        in the content stream's bytes, about ten times faster than by parsing every operator.
        Should a page's starts not be all its MCIDs, the PDF is refused rather than half fixed.
        """
        nums = self.root.ParentTree.Nums
        owners_by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        renumbered: dict[tuple[int, int], tuple[Any, dict]] = {}
        for number, page in enumerate(self.pdf.pages, start=1):
            key = int(page.obj.StructParents)
            owners = owners_by_key.get(key, Array())
            kept: list = []

            def mark(match, page=page.obj.objgen, owners=owners, kept=kept) -> bytes:
                mcid = int(match[2])
                owner = owners[mcid] if mcid < len(owners) else None
                if owner is not None:
                    owner = self.aliases.get(owner.objgen, owner)
                if owner is None or owner.objgen not in reachable:
                    return ARTIFACT
                renumbered.setdefault(owner.objgen, (owner, {}))[1][(page, mcid)] = len(kept)
                kept.append(owner)
                return b"/%s\n<</MCID %d>>\nBDC" % (match[1], len(kept) - 1)

            content, found = _MARKED_CONTENT.subn(mark, _content(page))
            if found != len(owners):
                raise RuntimeError(f"Page {number} marks {found} contents for {len(owners)} MCIDs.")
            page.Contents = self.pdf.make_stream(content)
            owners_by_key[key] = Array(kept)
        for owner, renames in renumbered.values():
            owner.K = Array([_renumber(kid, owner, renames) for kid in kids_of(owner)])
        self.root.ParentTree = self.pdf.make_indirect(
            Dictionary(
                Nums=Array([item for pair in sorted(owners_by_key.items()) for item in pair])
            )
        )


_MARKED_CONTENT = re.compile(rb"(?m)^/([A-Za-z]+)\n<</MCID (\d+)>>\nBDC$")
ARTIFACT = b"/Artifact\n<</Type /Pagination>>\nBDC"


def _content(page) -> bytes:
    contents = page.obj.Contents
    if isinstance(contents, Array):
        return b"\n".join(stream.read_bytes() for stream in contents)
    return contents.read_bytes()


def _repeated_group(kid) -> bool:
    return is_element(kid) and str(kid.S) in _GROUPS_KEPT_ONCE


def _subtree(element) -> set:
    found = {element.objgen}
    for kid in kids_of(element):
        if is_element(kid):
            found |= _subtree(kid)
    return found


def _renumber(kid, owner, renames: dict):
    if isinstance(kid, int):
        return renames.get((owner.Pg.objgen, int(kid)), kid)
    if isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
        kid.MCID = renames.get((kid.Pg.objgen, int(kid.MCID)), kid.MCID)
    return kid


def fix_part(
    pdf: pikepdf.Pdf, origins: dict[int, Origin], *, first: bool = True, continues=()
) -> Structure:
    """Fix ``pdf``'s structure in place (see the module's docstring, points 1 to 3).

    ``first``: this PDF starts the document (its first page's running header is the letterhead).
    ``continues``: the kinds of the elements, outermost first, that this PDF continues from the
    previous one (``pdf_parts``); a table among them repeats header rows that are artifacts here.
    """
    structure = Structure(pdf, origins)
    if first:
        structure.adopt_letterhead()
    reachable: set = set()
    structure.merge(structure.document, reachable)
    structure.drop_repeated_groups(continues, reachable)
    structure.mark_artifacts(reachable)
    return structure
