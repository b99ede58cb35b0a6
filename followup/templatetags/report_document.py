"""What the report's document template reads from its snapshot: the sections in the kommun's
order (``followup.outline``), split around the follow-up per area, each with what it holds."""

from typing import Any

from django import template

from .. import outline as outlines

register = template.Library()

# Sections whose content is a text of the report's own (the snapshot's key, when it differs).
_TEXTS = {"summary": "summary", "case_text": "case_text"}
_OPTIONAL = ("legal_review", "economic_consequences", "gender_equality", "child_perspective")


@register.filter
def document_outline(doc: dict[str, Any]) -> dict[str, Any]:
    """``{"before": [...], "followup": section or None, "after": [...]}``: the sections before the
    follow-up per area, that section, and those after it. A section holds ``key``, ``heading``,
    ``tag`` (h2/h3), ``id`` and, for a text section, ``text``; a text section with no text, and a
    heading with nothing under it, are left out, as a document would."""
    sections = outlines.outline(doc.get("outline"))
    optional = _optional_texts(doc)
    before: list[dict] = []
    after: list[dict] = []
    followup = None
    target = before
    for position, section in enumerate(sections, start=1):
        section = {**section, "id": f"doc-{section['key'].replace('_', '-')}-{position}"}
        key = section["key"]
        if key == "followup":
            followup, target = section, after
            continue
        if key in _TEXTS:
            section["text"] = doc.get(_TEXTS[key], "")
            if not section["text"]:
                continue
        elif key in _OPTIONAL:
            section["text"] = optional.get(key, "")
            if not section["text"]:
                continue
        elif key in ("recipients", "attachments", "signatures") and not doc.get(key):
            continue
        target.append(section)
    return {
        "before": _drop_empty_headings(before),
        "followup": followup,
        "after": _drop_empty_headings(after),
    }


def _optional_texts(doc: dict[str, Any]) -> dict[str, str]:
    if "texts" in doc:
        return doc["texts"]
    # Schema 2 and before: the optional sections as (heading, text), in the default headings.
    by_heading = {str(outlines.SECTIONS[key][0]): key for key in _OPTIONAL}
    return {
        by_heading[section["heading"]]: section["text"]
        for section in doc.get("sections", [])
        if section.get("heading") in by_heading
    }


def _drop_empty_headings(sections: list[dict]) -> list[dict]:
    """A heading of its own stays only if a level-3 section follows it."""
    kept = []
    for index, section in enumerate(sections):
        if section["key"] == outlines.HEADING:
            following = sections[index + 1] if index + 1 < len(sections) else None
            if following is None or following["level"] != 3:
                continue
        kept.append(section)
    return kept
