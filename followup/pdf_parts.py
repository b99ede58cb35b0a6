"""A long report rendered in parts, so that a worker's memory stays bounded whatever its length.

WeasyPrint keeps the layout of every page of a document in memory until the PDF is written: about
0.6 MB a page, so the largest promise's closing report (231 activities, ~630 pages) needed ~500 MB.
A report whose text is longer than ``settings.REPORT_PART_CHARACTERS`` is therefore cut between
activities into parts of about that much text; each part is laid out and written on its own (its
memory freed before the next), and the parts' PDFs are joined into one.

What the reader sees is the same document, with two differences: each part after the first starts
on a new page, and an area that continues in the next part has its heading only where it starts
(its rows keep their labels, as on any page). Page numbers run through the whole document
("41 (629)"): every part is laid out once to count its pages, then again with its first page
number and the total. The join keeps the parts' tags as one structure tree, as if the document had
been laid out in one piece: the first part's Document element gets the others' children, each
page's ``StructParents`` key is moved past the earlier parts', and the elements that a part
continues (the follow-up section; the area, its table and the table's body when an area runs on)
are merged with the previous part's. A report below the limit (nearly all) is rendered in one
piece.
"""

from typing import Any

import pikepdf
from django.conf import settings

from .pdf_ua import Structure, is_element, kids_of

DEFAULT_PART_CHARACTERS = 150_000  # about 75 pages: ~50 MB of layout at a time

# The structure elements a later part continues, outermost first, as templates/followup/document
# nests them: the follow-up section (every later part), then, when the part starts within an
# area, the area's section, its table and the table's body (a part ends between two activities).
CONTINUED_FOLLOWUP = ("/Sect",)
CONTINUED_AREA = ("/Sect", "/Table", "/TBody")
# A later part of the appendix of updates continues the appendix's section.
CONTINUED_APPENDIX = ("/Sect",)


def part_characters() -> int:
    return getattr(settings, "REPORT_PART_CHARACTERS", DEFAULT_PART_CHARACTERS)


def _size(activity: dict[str, Any]) -> int:
    """Roughly how much an activity's row adds to the document, in characters."""
    return (
        200
        + len(activity.get("description", ""))
        + len(activity.get("follow_up", ""))
        + len(activity.get("verdict_justification", ""))
        + sum(len(progress.get("text", "")) for progress in activity.get("progress", []))
    )


def _appendix_size(item: dict[str, Any]) -> int:
    """Roughly how much an activity's entry in the appendix adds, in characters."""
    return 100 + sum(60 + len(update.get("text") or "") for update in item.get("updates", []))


def _appendix_parts(snapshot: dict[str, Any], budget: int) -> list[dict[str, Any]]:
    """The appendix of updates (``snapshot["appendix"]``) as parts of its own after the body's,
    cut between activities: each part has only its share of the appendix and nothing else. The
    first starts the appendix's section (on a page of its own, as in one piece); the others
    continue it."""
    chunks: list[list[dict]] = [[]]
    used = 0
    for item in snapshot.get("appendix") or []:
        size = _appendix_size(item)
        if used + size > budget and chunks[-1]:
            chunks.append([])
            used = 0
        chunks[-1].append(item)
        used += size
    parts, offset = [], 0
    for number, items in enumerate(chunk for chunk in chunks if chunk):
        parts.append(
            {
                **snapshot,
                "focus_areas": [],
                "appendix": items,
                "part": {
                    "first": False,
                    "last": False,
                    "followup_heading": False,
                    "appendix": {"continued": number > 0, "offset": offset},
                    "first_page": 1,
                    "total": 0,
                    "continues": list(CONTINUED_APPENDIX) if number > 0 else [],
                },
            }
        )
        offset += len(items)
    return parts


def split(snapshot: dict[str, Any], budget: int | None = None) -> list[dict[str, Any]]:
    """The snapshot as the snapshots of its parts, in order; ``[snapshot]`` when it fits in one.

    A part snapshot is the whole snapshot with only its own activities under ``focus_areas`` and
    a ``part`` entry that the template reads: ``first`` (the front matter is printed),
    ``last`` (the closing sections are), ``followup_heading`` (the follow-up section starts
    here); an area that began in an earlier part has ``continued`` set. ``continues`` lists the
    kinds of structure elements the part continues from the one before (see ``join``).
    """
    budget = budget or part_characters()
    front = sum(len(snapshot.get(key) or "") for key in ("summary", "case_text")) + sum(
        len(section["text"]) for section in snapshot.get("sections", [])
    )
    appendix = sum(_appendix_size(item) for item in snapshot.get("appendix") or [])
    if (
        front
        + appendix
        + sum(
            _size(activity)
            for area in snapshot.get("focus_areas", [])
            for activity in area["activities"]
        )
        <= budget
    ):
        return [snapshot]
    appendix_parts = _appendix_parts(snapshot, budget) if appendix else []
    body = {**snapshot, "appendix": None} if appendix else snapshot
    chunks: list[list[tuple[dict, list]]] = [[]]
    used = front
    for area in snapshot.get("focus_areas", []):
        rows: list = []
        chunks[-1].append((area, rows))
        for activity in area["activities"]:
            size = _size(activity)
            if used + size > budget and used > 0 and any(r for _a, r in chunks[-1]):
                rows = []
                chunks.append([(area, rows)])
                used = 0
            rows.append(activity)
            used += size
    if len(chunks) == 1:
        return [_whole_body(body) if appendix_parts else body, *appendix_parts]
    parts = []
    seen_areas: set[int] = set()
    for number, chunk in enumerate(chunks):
        areas = []
        for area, rows in chunk:
            if not rows and area["activities"]:
                continue  # the area starts in the next part
            areas.append({**area, "activities": rows, "continued": area["number"] in seen_areas})
            seen_areas.add(area["number"])
        continues = [] if number == 0 else list(CONTINUED_FOLLOWUP)
        if areas and areas[0]["continued"]:
            continues += CONTINUED_AREA
        parts.append(
            {
                **body,
                "focus_areas": areas,
                "part": {
                    "first": number == 0,
                    "last": number == len(chunks) - 1,
                    "followup_heading": bool(areas)
                    and not areas[0]["continued"]
                    and areas[0]["number"] == snapshot["focus_areas"][0]["number"],
                    "first_page": 1,
                    "total": 0,
                    "continues": continues,
                },
            }
        )
    return parts + appendix_parts


def _whole_body(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The body in one part, before the appendix's parts."""
    return {
        **snapshot,
        "part": {
            "first": True,
            "last": True,
            "followup_heading": True,
            "first_page": 1,
            "total": 0,
            "continues": [],
        },
    }


def join(
    parts: list[pikepdf.Pdf], *, page_counts: list[int], continues: list[list[str]]
) -> pikepdf.Pdf:
    """One PDF of the parts' PDFs (each fixed by ``pdf_ua.fix_part``), pages and tags in order;
    ``continues[i]``: the elements part i continues (see ``split``). Returns the first part,
    with the others' pages and tags added, to be finished and saved while the others are open.

    Raises RuntimeError if a part's page count differs from the count its numbers were based on.
    """
    whole = parts[0]
    _check_pages(whole, page_counts[0])
    tree = whole.Root.StructTreeRoot
    document = tree.K[0]
    structure = Structure(whole, {})
    nums = list(tree.ParentTree.Nums)
    next_key = _next_key(nums)
    for part, count, continued in zip(parts[1:], page_counts[1:], continues[1:], strict=True):
        _check_pages(part, count)
        whole.pages.extend(part.pages)
        for page in whole.pages[-count:]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + next_key
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + next_key
        # The part's whole structure tree in one copy (its /Pg references land on the pages
        # copied above: pikepdf maps each object of a PDF to one copy).
        part_tree = whole.copy_foreign(part.Root.StructTreeRoot)
        kids = kids_of(part_tree.K[0])
        for kid in kids:
            kid.P = document
        boundary = len(kids_of(document))
        document.K = pikepdf.Array([*kids_of(document), *kids])
        _merge_continued(structure, document, boundary, continued)
        part_nums = part_tree.ParentTree.Nums
        for index in range(0, len(part_nums), 2):
            nums.append(int(part_nums[index]) + next_key)
            nums.append(part_nums[index + 1])  # a continued element owns no content itself
        next_key = _next_key(nums)
    tree.ParentTree = pikepdf.Dictionary(Nums=pikepdf.Array(nums))
    tree.ParentTreeNextKey = next_key
    return whole


def _merge_continued(structure: Structure, parent, boundary: int, continued: list[str]) -> None:
    """Merge the first element a part adds (at ``boundary`` among ``parent``'s kids) into the
    element before it, then the same one level down, for as many levels as the part continues."""
    for kind in continued:
        kids = kids_of(parent)
        before, after = kids[boundary - 1], kids[boundary]
        if not (is_element(before) and is_element(after) and before.S == after.S == kind):
            raise RuntimeError(f"A report part does not continue the previous one with {kind}.")
        inner = len(kids_of(before))
        structure.absorb(before, [after])
        parent.K = pikepdf.Array([*kids[:boundary], *kids[boundary + 1 :]])
        parent, boundary = before, inner


def _next_key(nums: list) -> int:
    keys = [int(nums[index]) for index in range(0, len(nums), 2)]
    return max(keys, default=-1) + 1


def _check_pages(pdf: pikepdf.Pdf, expected: int) -> None:
    if len(pdf.pages) != expected:
        raise RuntimeError(
            f"A report part has {len(pdf.pages)} pages, not the {expected} it was numbered for."
        )
