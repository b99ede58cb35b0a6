"""The sections of a report's document, and the order a kommun's document profile puts them in.

Stated once, here: the document (HTML preview, PDF), its Word copy and the profile's form all read
these keys. A kommun's profile (``DocumentProfile.sections``) is a list of
``{"key": ..., "heading": ..., "level": 2 | 3}`` in its order; ``heading`` entries are headings
of their own that group the level-3 sections after them (Knivsta's "Underlag för beslut och
beslutsexpediering" over "Underlag för beslut" and "Beslutet skickas till").

The barnchecklista is not a section: when used, it ends the document on a page of its own, and the
appendix of status updates (when chosen) comes after it.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# key: (the default heading, what the section holds, for the profile's form)
SECTIONS: dict[str, tuple[Any, Any]] = {
    "proposals": (_("Förslag till beslut"), _("beslutspunkterna, numrerade")),
    "summary": (_("Sammanfattning"), _("sammanfattningen")),
    "case_text": (_("Ärendet"), _("ärendets bakgrund och historik")),
    "legal_review": (_("Rättslig utredning"), _("rättslig utredning")),
    "economic_consequences": (_("Ekonomiska konsekvenser"), _("ekonomiska konsekvenser")),
    "gender_equality": (_("Jämställdhet"), _("jämställdhet")),
    "child_perspective": (_("Barnperspektiv"), _("barnperspektivet")),
    "followup": (_("Uppföljning per område"), _("områdena med insatser och uppföljning")),
    "decision_basis": (_("Beslutsunderlag"), _("handlingarna i beslutsunderlaget")),
    "recipients": (_("Beslutet skickas till"), _("mottagarna av beslutet")),
    "signatures": (_("Underskrifter"), _("undertecknarna")),
    "attachments": (_("Bilagor"), _("bilagorna, numrerade")),
}
HEADING = "heading"  # a heading of its own, over the level-3 sections that follow it
# Sections that must each appear once in every profile: a document without them is not one.
REQUIRED = ("proposals", "followup", "decision_basis", "signatures")
# Sections printed without a visible heading (the signatures close the document as in the
# originals); their heading is the region's accessible name.
UNTITLED = ("signatures",)

DEFAULT_SECTIONS: list[dict[str, Any]] = [
    {"key": key, "heading": str(heading), "level": 2} for key, (heading, _what) in SECTIONS.items()
]


def default_sections() -> list[dict[str, Any]]:
    """A new profile's sections: every section once, at level 2, in the order above."""
    return [dict(section) for section in DEFAULT_SECTIONS]


def section_choices() -> list[tuple[str, Any]]:
    return [(key, f"{heading} ({what})") for key, (heading, what) in SECTIONS.items()] + [
        (HEADING, _("Egen rubrik (över avsnitten på nivå 3 som följer)"))
    ]


def validate_sections(sections: list[dict[str, Any]]) -> None:
    """Refuse an outline a document cannot have, with a Swedish message for the form."""
    if not isinstance(sections, list) or not sections:
        raise ValidationError(_("Ange dokumentets avsnitt."), code="empty")
    seen: set[str] = set()
    previous_level = 1
    for position, section in enumerate(sections, start=1):
        key, level = section.get("key"), section.get("level")
        heading = (section.get("heading") or "").strip()
        if key != HEADING and key not in SECTIONS:
            raise ValidationError(
                _("Avsnitt %(n)s: okänt avsnitt."), code="unknown", params={"n": position}
            )
        if level not in (2, 3):
            raise ValidationError(
                _("Avsnitt %(n)s: nivån är 2 (rubrik) eller 3 (underrubrik)."),
                code="level",
                params={"n": position},
            )
        if key != HEADING and key in seen:
            raise ValidationError(
                _("Avsnittet ”%(heading)s” finns två gånger. Varje avsnitt får finnas en gång."),
                code="duplicate",
                params={"heading": SECTIONS[key][0]},
            )
        if not heading and (key == HEADING or key not in UNTITLED):
            raise ValidationError(
                _("Avsnitt %(n)s: skriv en rubrik."), code="heading", params={"n": position}
            )
        if key == HEADING and level != 2:
            raise ValidationError(
                _("Avsnitt %(n)s: en egen rubrik står på nivå 2."),
                code="heading_level",
                params={"n": position},
            )
        if key == "followup" and level != 2:
            raise ValidationError(
                _("Uppföljningen per område står på nivå 2: dess områden är underrubriker."),
                code="followup_level",
            )
        if level == 3 and previous_level < 2:
            raise ValidationError(
                _("Avsnitt %(n)s: en underrubrik måste komma efter en rubrik."),
                code="nesting",
                params={"n": position},
            )
        seen.add(key)
        previous_level = level
    missing = [SECTIONS[key][0] for key in REQUIRED if key not in seen]
    if missing:
        raise ValidationError(
            _("Dokumentet måste ha avsnitten: %(sections)s."),
            code="missing",
            params={"sections": ", ".join(str(heading) for heading in missing)},
        )


def outline(sections: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The profile's sections as the document reads them: each with ``key``, ``heading``,
    ``level`` and ``tag`` (h2 or h3); a profile of an older shape falls back to the default."""
    try:
        validate_sections(sections)  # type: ignore[arg-type]
    except ValidationError:
        sections = DEFAULT_SECTIONS
    return [
        {
            "key": section["key"],
            "heading": section["heading"].strip() or str(SECTIONS[section["key"]][0]),
            "level": section["level"],
            "tag": f"h{section['level']}",
        }
        for section in sections
    ]


# The document as its templates (and its Word copy) read it -----------------------------------

# Sections whose content is a text of the report's own (the snapshot's key, when it differs).
_TEXTS = {"summary": "summary", "case_text": "case_text"}
# Sections that list the snapshot's items, left out when there are none (the snapshot's key).
_LISTS = {"recipients": "recipients", "attachments": "attachments", "signatures": "signatories"}
# The optional text sections, in the order of the report's own field group (Report.FIELD_GROUPS
# ["optional"], which a test holds equal): the snapshot reads their texts by these keys.
OPTIONAL_SECTIONS = (
    "legal_review",
    "economic_consequences",
    "gender_equality",
    "child_perspective",
)


def arrange(doc: dict[str, Any]) -> dict[str, Any]:
    """``{"before": [...], "followup": section or None, "after": [...]}``: the sections before the
    follow-up per area, that section, and those after it. A section holds ``key``, ``heading``,
    ``tag`` (h2/h3), ``id`` and, for a text section, ``text``; a text section with no text, and a
    heading with nothing under it, are left out, as a document would."""
    sections = outline(doc.get("outline"))
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
        elif key in OPTIONAL_SECTIONS:
            section["text"] = optional.get(key, "")
            if not section["text"]:
                continue
        elif key in _LISTS and not doc.get(_LISTS[key]):
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
    by_heading = {str(SECTIONS[key][0]): key for key in OPTIONAL_SECTIONS}
    return {
        by_heading[section["heading"]]: section["text"]
        for section in doc.get("sections", [])
        if section.get("heading") in by_heading
    }


def _drop_empty_headings(sections: list[dict]) -> list[dict]:
    """A heading of its own stays only if a level-3 section follows it."""
    kept = []
    for index, section in enumerate(sections):
        if section["key"] == HEADING:
            following = sections[index + 1] if index + 1 < len(sections) else None
            if following is None or following["level"] != 3:
                continue
        kept.append(section)
    return kept
