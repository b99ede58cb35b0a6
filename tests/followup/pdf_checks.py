"""PDF/UA-1 rules checked on a PDF by walking its structure tree and its pages' content with
pikepdf: no validator for PDF/UA installs here, so these functions are the validator.

Each ``check_…`` raises AssertionError naming the first thing it finds wrong.
"""

import io
import itertools
import re
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pikepdf

XMP_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}
TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}
# The HTML elements that become structure elements of their own, and what they become.
HTML_TO_PDF = {
    "section": "/Sect",
    "table": "/Table",
    "tr": "/TR",
    "th": "/TH",
    "td": "/TD",
    "h1": "/H1",
    "h2": "/H2",
    "h3": "/H3",
    "p": "/P",
    "li": "/LI",
    "img": "/Figure",
}


def is_element(kid) -> bool:
    return isinstance(kid, pikepdf.Dictionary) and "/S" in kid


def kids_of(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


@dataclass
class Tree:
    """The structure tree in document order, each element with its parent checked."""

    pdf: pikepdf.Pdf
    elements: list = field(default_factory=list)
    seen: set = field(default_factory=set)
    # (page objgen, MCID) → the objgen of the element whose K holds it
    owners: dict = field(default_factory=dict)

    @classmethod
    def read(cls, pdf: pikepdf.Pdf) -> "Tree":
        tree = cls(pdf)
        root = pdf.Root.StructTreeRoot
        pages = {page.objgen for page in pdf.pages}
        for element in kids_of(root):
            assert element.P.objgen == root.objgen
            tree._walk(element, pages)
        return tree

    def _walk(self, element, pages) -> None:
        assert element.objgen not in self.seen, f"{element.S} is in the tree twice"
        self.seen.add(element.objgen)
        self.elements.append(element)
        page = element.get("/Pg")
        if page is not None:
            assert page.objgen in pages, "a /Pg that is not one of the document's pages"
        for kid in kids_of(element):
            if is_element(kid):
                assert kid.P.objgen == element.objgen, f"{kid.S}'s /P is not its parent"
                self._walk(kid, pages)
            elif isinstance(kid, int):
                assert page is not None, f"{element.S} holds an MCID without a /Pg"
                self._own(page.objgen, int(kid), element)
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                kid_page = kid.get("/Pg", page)
                self._own(kid_page.objgen, int(kid.MCID), element)

    def _own(self, page, mcid, element) -> None:
        assert (page, mcid) not in self.owners, f"MCID {mcid} owned twice"
        self.owners[(page, mcid)] = element.objgen

    def of_type(self, kind: str) -> list:
        return [element for element in self.elements if kind == element.S]

    def counts(self) -> Counter:
        return Counter(str(element.S) for element in self.elements)

    def descendants(self, element, kind: str | None = None):
        for kid in kids_of(element):
            if is_element(kid):
                if kind is None or kind == kid.S:
                    yield kid
                yield from self.descendants(kid, kind)

    def pages_of(self, element) -> set[int]:
        """The page numbers (0-based) of every piece of content within ``element``."""
        index = {page.objgen: number for number, page in enumerate(self.pdf.pages)}
        inside = {element.objgen} | {kid.objgen for kid in self.descendants(element)}
        return {index[page] for (page, _mcid), owner in self.owners.items() if owner in inside}


def parent_tree(pdf: pikepdf.Pdf) -> dict[int, object]:
    """The ParentTree number tree, flattened (``Kids`` followed)."""
    entries: dict[int, object] = {}

    def read(node):
        nums = node.get("/Nums", [])
        for index in range(0, len(nums), 2):
            entries[int(nums[index])] = nums[index + 1]
        for kid in node.get("/Kids", []):
            read(kid)

    read(pdf.Root.StructTreeRoot.ParentTree)
    return entries


@dataclass
class Marked:
    tag: str
    mcid: int | None
    in_artifact: bool
    shows_text: bool = False


def marked_content(page) -> list[Marked]:
    """The page's marked-content sequences, outermost first within each nesting."""
    found, stack = [], []
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name in ("BMC", "BDC"):
            properties = operands[1] if name == "BDC" else None
            mcid = None
            if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
                mcid = int(properties.MCID)
            in_artifact = any(item.tag == "/Artifact" for item in stack)
            stack.append(Marked(str(operands[0]), mcid, in_artifact))
            found.append(stack[-1])
        elif name == "EMC":
            assert stack, "EMC without BMC/BDC"
            stack.pop()
        elif name in TEXT_OPERATORS:
            assert stack, "text outside any marked content: neither tagged nor an artifact"
            stack[-1].shows_text = True
    assert not stack, "a marked-content sequence is not closed"
    return found


def check_marked_content(
    pdf: pikepdf.Pdf, tree: Tree, *, running_header: bool = True
) -> dict[str, int]:
    """Every marked-content sequence on every page is an artifact or tagged content whose MCID
    the ParentTree maps to the element (in the tree) that holds it; and every MCID the tree holds
    is on its page. ``running_header``: every page shows text as an artifact (the page number,
    the header). Returns counts."""
    parents = parent_tree(pdf)
    in_tree = {element.objgen for element in tree.elements}
    seen = set()
    counts = Counter()
    for number, page in enumerate(pdf.pages, start=1):
        owners = parents.get(int(page.obj.StructParents))
        artifacts_with_text = 0
        for marked in marked_content(page):
            if marked.tag == "/Artifact":
                assert marked.mcid is None, f"page {number}: an artifact with an MCID"
                counts["artifacts"] += 1
                artifacts_with_text += marked.shows_text
                continue
            assert not marked.in_artifact, f"page {number}: tagged content inside an artifact"
            assert marked.mcid is not None, f"page {number}: {marked.tag} without an MCID"
            assert owners is not None, f"page {number}: no ParentTree entry for its StructParents"
            owner = owners[marked.mcid]
            assert isinstance(owner, pikepdf.Dictionary), f"page {number}: MCID {marked.mcid}"
            assert owner.objgen in in_tree, (
                f"page {number}: MCID {marked.mcid} belongs to a {owner.S} outside the tree"
            )
            assert tree.owners.get((page.obj.objgen, marked.mcid)) == owner.objgen, (
                f"page {number}: MCID {marked.mcid}: ParentTree and structure tree disagree"
            )
            assert (page.obj.objgen, marked.mcid) not in seen, f"MCID {marked.mcid} used twice"
            seen.add((page.obj.objgen, marked.mcid))
            counts["tagged"] += 1
        # The running header and the page number: on every page, as artifacts (the first
        # page's header is the letterhead, content; its page number is still an artifact).
        if running_header:
            assert artifacts_with_text, f"page {number}: no text artifact (page number, header)"
    assert set(tree.owners) == seen, "the tree holds MCIDs that no page shows"
    return dict(counts)


def check_tables(pdf: pikepdf.Pdf, tree: Tree) -> None:
    """Every Table has header cells, each with a Scope, or Headers IDs that resolve."""
    ids = id_tree(pdf)
    for element in tree.elements:
        if "/ID" in element:
            assert str(element.ID) in ids, f"ID {element.ID} is not in the IDTree"
    for table in tree.of_type("/Table"):
        headers = list(tree.descendants(table, "/TH"))
        assert headers, "a Table without TH"
        for cell in headers:
            attributes = table_attributes(cell)
            assert attributes is not None, "a TH without /A /O /Table"
            assert attributes.get("/Scope") in ("/Row", "/Column", "/Both") or "/ID" in cell, (
                "a TH with neither Scope nor ID"
            )
        for cell in tree.descendants(table, "/TD"):
            attributes = table_attributes(cell) or {}
            for header in attributes.get("/Headers", []):
                target = ids.get(str(header))
                assert target is not None and target.S == "/TH", f"Headers {header} unresolved"


def table_attributes(cell):
    attributes = cell.get("/A")
    for item in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
        if isinstance(item, pikepdf.Dictionary) and item.get("/O") == "/Table":
            return item
    return None


def id_tree(pdf: pikepdf.Pdf) -> dict:
    root = pdf.Root.StructTreeRoot
    if "/IDTree" not in root:
        return {}
    return {str(key): value for key, value in pikepdf.NameTree(root.IDTree).items()}


def check_figures(tree: Tree) -> None:
    for figure in tree.of_type("/Figure"):
        assert str(figure.get("/Alt", "")).strip(), "a Figure without Alt"


def check_headings(tree: Tree) -> list[int]:
    """One H1, first; no heading more than one level below the one before it."""
    levels = [int(str(e.S)[2:]) for e in tree.elements if re.fullmatch(r"/H[1-6]", str(e.S))]
    assert levels and levels[0] == 1, levels
    assert levels.count(1) == 1, levels
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"H{before} followed by H{after}"
    return levels


def check_catalog(pdf: pikepdf.Pdf, *, title: str, language: str = "sv") -> None:
    assert str(pdf.Root.Lang) == language
    assert str(pdf.docinfo.Title) == title
    assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
    assert bool(pdf.Root.MarkInfo.Marked) is True
    assert pdf.Root.StructTreeRoot.K


def xmp(pdf: pikepdf.Pdf) -> ElementTree.Element:
    stream = pdf.Root.Metadata
    assert "/Filter" not in stream, "the XMP stream is compressed"
    return ElementTree.fromstring(stream.read_bytes().split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0])


def xmp_values(root: ElementTree.Element, name: str) -> list[str]:
    """A property's values, written as an attribute or as an element (with rdf:li items)."""
    prefix, local = name.split(":")
    qualified = f"{{{XMP_NS[prefix]}}}{local}"
    values = []
    for description in root.iter(f"{{{XMP_NS['rdf']}}}Description"):
        if qualified in description.attrib:
            values.append(description.attrib[qualified])
        for element in description.findall(qualified):
            items = element.findall(".//rdf:li", XMP_NS)
            values += [item.text for item in items] if items else [element.text]
    return values


def pdfua_extension_declared(root: ElementTree.Element) -> bool:
    for schema in root.iterfind(".//pdfaExtension:schemas/rdf:Bag/rdf:li", XMP_NS):
        if schema.findtext("pdfaSchema:namespaceURI", namespaces=XMP_NS) != XMP_NS["pdfuaid"]:
            continue
        if schema.findtext("pdfaSchema:prefix", namespaces=XMP_NS) != "pdfuaid":
            continue
        for prop in schema.iterfind("pdfaSchema:property/rdf:Seq/rdf:li", XMP_NS):
            if (
                prop.findtext("pdfaProperty:name", namespaces=XMP_NS) == "part"
                and prop.findtext("pdfaProperty:valueType", namespaces=XMP_NS) == "Integer"
                and prop.findtext("pdfaProperty:category", namespaces=XMP_NS) == "internal"
            ):
                return True
    return False


class _Counter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.counts = Counter()

    def handle_starttag(self, tag, attrs):
        if tag in HTML_TO_PDF:
            self.counts[HTML_TO_PDF[tag]] += 1


def html_counts(html: str) -> Counter:
    """How many structure elements of each kind the HTML should give: one per HTML element."""
    parser = _Counter()
    parser.feed(html)
    return parser.counts


def check_all(data: bytes, *, title: str, html: str) -> tuple[pikepdf.Pdf, Tree]:
    """Every rule above, and one structure element per HTML element (none cut at page breaks)."""
    pdf = pikepdf.open(io.BytesIO(data))
    tree = Tree.read(pdf)
    check_catalog(pdf, title=title)
    check_marked_content(pdf, tree)
    check_tables(pdf, tree)
    check_figures(tree)
    check_headings(tree)
    expected = html_counts(html)
    found = tree.counts()
    found = {kind: found[kind] for kind in expected}
    assert found == dict(expected), f"structure {found} for HTML {dict(expected)}"
    return pdf, tree


def text_of(data: bytes, tmp_path: Path, *, artifacts: bool, page: int) -> str:
    """pdftotext of one page with only the artifacts' text (or only the tagged text) kept."""
    pdf = pikepdf.open(io.BytesIO(data))
    for each in pdf.pages:
        kept, stack = [], []
        for operands, operator in pikepdf.parse_content_stream(each):
            name = str(operator)
            if name in ("BMC", "BDC"):
                stack.append(str(operands[0]) == "/Artifact" or bool(stack and stack[-1]))
            elif name == "EMC":
                stack.pop()
            elif name in TEXT_OPERATORS and bool(stack and stack[-1]) != artifacts:
                continue
            kept.append(pikepdf.ContentStreamInstruction(operands, operator))
        each.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
    path = tmp_path / f"only-{'artifacts' if artifacts else 'tagged'}.pdf"
    pdf.save(path)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
