"""A long report rendered in parts, so that a worker's memory stays bounded whatever its length.

WeasyPrint keeps the layout of every page of a document in memory until the PDF is written: about
0.6 MB a page, so the largest promise's closing report (231 activities, ~630 pages) needed ~500 MB.
A report whose text is longer than ``settings.REPORT_PART_CHARACTERS`` is therefore cut between
activities into parts of about that much text; each part is laid out and written on its own (its
memory freed before the next), and the parts' PDFs are joined into one.

What the reader sees is the same document, with two differences: each part after the first starts
on a new page, and an area that continues in the next part has its heading only where it starts
(its table repeats the column headings, as on any page). Page numbers run through the whole
document ("41 (629)"): every part is laid out once to count its pages, then again with its first
page number and the total. The join keeps the parts' tags as one structure tree (the first part's
Document element gets the others' children, each page's ``StructParents`` key is moved past the
earlier parts'), and the first part's PDF/A metadata, language and title. A report below the limit
(nearly all) is rendered in one piece, exactly as before.
"""

import io
from typing import Any

import pikepdf
from django.conf import settings

DEFAULT_PART_CHARACTERS = 150_000  # about 75 pages: ~50 MB of layout at a time


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


def split(snapshot: dict[str, Any], budget: int | None = None) -> list[dict[str, Any]]:
    """The snapshot as the snapshots of its parts, in order; ``[snapshot]`` when it fits in one.

    A part snapshot is the whole snapshot with only its own activities under ``focus_areas`` and
    a ``part`` entry that the template reads: ``first`` (the front matter is printed),
    ``last`` (the closing sections are), ``followup_heading`` (the follow-up section starts
    here); an area that began in an earlier part has ``continued`` set.
    """
    budget = budget or part_characters()
    front = sum(len(snapshot.get(key) or "") for key in ("summary", "case_text")) + sum(
        len(section["text"]) for section in snapshot.get("sections", [])
    )
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
        return [snapshot]
    parts = []
    seen_areas: set[int] = set()
    for number, chunk in enumerate(chunks):
        areas = []
        for area, rows in chunk:
            if not rows and area["activities"]:
                continue  # the area starts in the next part
            areas.append({**area, "activities": rows, "continued": area["number"] in seen_areas})
            seen_areas.add(area["number"])
        parts.append(
            {
                **snapshot,
                "focus_areas": areas,
                "part": {
                    "first": number == 0,
                    "last": number == len(chunks) - 1,
                    "followup_heading": bool(areas)
                    and not areas[0]["continued"]
                    and areas[0]["number"] == snapshot["focus_areas"][0]["number"],
                    "first_page": 1,
                    "total": 0,
                },
            }
        )
    return parts


def join(parts: list[bytes], *, page_counts: list[int]) -> bytes:
    """One PDF of the parts' PDFs, pages and tags in order (see the module's docstring).

    Raises RuntimeError if a part's page count differs from the count its numbers were based on.
    """
    whole = pikepdf.open(io.BytesIO(parts[0]))
    _check_pages(whole, page_counts[0])
    tree = whole.Root.StructTreeRoot
    document = tree.K[0]
    nums = list(tree.ParentTree.Nums)
    next_key = _next_key(nums)
    for data, count in zip(parts[1:], page_counts[1:], strict=True):
        part = pikepdf.open(io.BytesIO(data))
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
        for kid in part_tree.K[0].K:
            kid.P = document
            document.K.append(kid)
        part_nums = part_tree.ParentTree.Nums
        for index in range(0, len(part_nums), 2):
            nums.append(int(part_nums[index]) + next_key)
            nums.append(part_nums[index + 1])
        next_key = _next_key(nums)
    tree.ParentTree = pikepdf.Dictionary(Nums=pikepdf.Array(nums))
    tree.ParentTreeNextKey = next_key
    out = io.BytesIO()
    whole.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _next_key(nums: list) -> int:
    keys = [int(nums[index]) for index in range(0, len(nums), 2)]
    return max(keys, default=-1) + 1


def _check_pages(pdf: pikepdf.Pdf, expected: int) -> None:
    if len(pdf.pages) != expected:
        raise RuntimeError(
            f"A report part has {len(pdf.pages)} pages, not the {expected} it was numbered for."
        )
