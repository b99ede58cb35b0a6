"""The snapshot: everything a report's document shows, as one plain JSON-serialisable dict.

A draft's preview is built from a fresh snapshot; issuing freezes one on the report and renders the
PDF from it. Because both go through the same dict and the same template, the preview says exactly
what the PDF will say, and an issued report never depends on the chain again.

Internal status updates never enter the document's text by themselves. Where the coordinator chose
to include an activity's internal material (it then counts toward the figures), the snapshot lists
which updates that was under ``internal_material``: by id, date and occurrences, never their text.
Schema 1 (before that list) is read as "no internal material". Schema 3 adds the recipient body,
the kommun's document profile (``profile``: font, logo, footer; ``outline``: the sections in its
order, ``followup.outline``), formatted Beslutsunderlag lines and the optional appendix of updates;
the templates read an older snapshot's missing keys as the defaults. Schema 4 adds ``effect``: the
problems the promise answers in the kommun's newest adopted lägesbild, their measures and their
indicators' figures, copied in (``situation.charts.as_dict``) so that a later value fetched from
Kolada never changes an issued report; an older snapshot has none.
"""

import base64
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from situation.charts import as_dict as series_as_dict
from situation.effect import Effect, report_effect

from . import outline as outlines
from .models import CHECKLIST_CHOICE, CHILD_CHECKLIST, DocumentProfile, Report
from .selectors import ActivityRow, AreaRows, report_material

SCHEMA_VERSION = 4


def build_snapshot(report: Report, *, material: list[AreaRows] | None = None) -> dict[str, Any]:
    """The document of ``report`` as it reads now. ``report`` should carry its promise, signatories
    and decision documents (see ``selectors.report_with_parts``)."""
    promise = report.promise
    municipality = promise.agreement.municipality
    material = material if material is not None else report_material(report)
    document_type = report.get_document_type_display()
    profile = _profile_of(municipality)
    return {
        "schema": SCHEMA_VERSION,
        "language": "sv",
        "municipality": {"name": municipality.name, "slug": municipality.slug},
        "document_type": str(document_type),
        "office": report.office,
        "handler": {"name": report.handler_name, "email": report.handler_email},
        "date": _iso(report.date),
        "our_reference": report.our_reference,
        "your_reference": report.your_reference,
        "recipient_body": report.recipient_body,
        "profile": _profile(profile, municipality),
        "outline": outlines.outline(profile.sections if profile else None),
        "title": report.title,
        "kind": report.kind,
        "kind_label": str(report.get_kind_display()),
        "is_closing": report.is_closing,
        "version": report.version,
        "replaces": _replaced(report),
        "period": {"start": _iso(report.period_start), "end": _iso(report.period_end)},
        "promise": {
            "title": promise.title,
            "kind": promise.kind,
            "kind_label": str(promise.get_kind_display()),
            "reference_number": promise.reference_number,
            "period_start": _iso(promise.period_start),
            "period_end": _iso(promise.period_end),
            "adopted_by": promise.adopted_by,
            "adopted_on": _iso(promise.adopted_on),
            "adoption_paragraph": promise.adoption_paragraph,
        },
        "proposals": report.proposal_list,
        "summary": report.summary.strip(),
        "case_text": report.case_text.strip(),
        "sections": _optional_sections(report),
        "texts": {key: _section_text(report, key) for key in outlines.OPTIONAL_SECTIONS},
        "focus_areas": [_focus_area(group, report) for group in material],
        "internal_material": internal_material(material),
        "decision_documents": _decision_documents(report, document_type),
        "recipients": report.recipient_list,
        "signatories": [
            {"name": signatory.name, "title": signatory.title}
            for signatory in report.signatories.all()
        ],
        "attachments": report.attachment_list,
        "child_checklist": _child_checklist(report),
        "appendix": _appendix(material) if report.include_update_appendix else None,
        "effect": _effect(report_effect(promise)),
    }


def _effect(effect: Effect | None) -> dict[str, Any] | None:
    """The lägesbild's problems that the promise answers, with the figures as they read now."""
    if effect is None:
        return None
    assessment = effect.assessment
    return {
        "assessment": {
            "title": assessment.title,
            "version": assessment.version,
            "adopted_by": assessment.adopted_by,
            "adopted_on": _iso(assessment.adopted_on),
            "adopted_paragraph": assessment.adopted_paragraph,
            "diary_number": assessment.diary_number,
        },
        "problems": [
            {
                "number": item.problem.number,
                "title": item.problem.title,
                "level": str(item.problem.get_level_display()) if item.problem.level else "",
                "measures": [
                    {
                        "code": measure.activity.code,
                        "label": _("Insats %(code)s") % {"code": measure.activity.code},
                        "promise": measure.promise.title,
                        "causes": measure.causes,
                        "status": measure.status_label,
                        "colour": measure.colour_label,
                    }
                    for measure in item.measures
                ],
                "indicators": [
                    {
                        "code": _("Indikator %(code)s") % {"code": indicator.code},
                        "chart_id": indicator.chart_id,
                        "series": series_as_dict(indicator.series),
                    }
                    for indicator in item.indicators
                ],
            }
            for item in effect.problems
        ],
    }


def _profile_of(municipality) -> DocumentProfile | None:
    """The kommun's profile, if it has one; selected with the report where the caller could
    (``selectors.report_with_parts``), so this costs no query."""
    try:
        return municipality.document_profile
    except DocumentProfile.DoesNotExist:
        return None


def _profile(profile: DocumentProfile | None, municipality) -> dict[str, Any]:
    if profile is None:
        return {"font": "", "logo": None, "footer": []}
    logo = None
    if profile.has_logo:
        encoded = base64.b64encode(bytes(profile.logo)).decode("ascii")
        logo = {
            "data_uri": f"data:{profile.logo_type};base64,{encoded}",
            "media_type": profile.logo_type,
            "sha256": profile.logo_sha256,
            "alt": profile.logo_alt
            or _("%(municipality)s logotyp") % {"municipality": municipality.name},
        }
    return {"font": profile.font, "logo": logo, "footer": profile.footer_lines}


def _appendix(material: list[AreaRows]) -> list[dict[str, Any]]:
    """The period's public updates per activity, dated, for the appendix the coordinator chose."""
    return [
        {
            "code": row.activity.code,
            "label": _("Insats %(code)s") % {"code": row.activity.code},
            "updates": [
                {
                    "date": _iso(update.date),
                    "status": str(update.get_status_display()),
                    "text": update.description.strip(),
                }
                for update in row.updates
            ],
        }
        for group in material
        for row in group.rows
        if row.updates
    ]


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _replaced(report: Report) -> dict | None:
    previous = report.replaces
    if previous is None:
        return None
    return {
        "version": previous.version,
        "date": _iso(previous.date),
        "issued_at": previous.issued_at.date().isoformat() if previous.issued_at else "",
    }


def _section_text(report: Report, key: str) -> str:
    """An optional section's text; a kommun that answers the barnchecklista writes no
    Barnperspektiv section (the checklist is its barnperspektiv)."""
    if key == "child_perspective" and report.uses_child_checklist:
        return ""
    return getattr(report, key).strip()


def _optional_sections(report: Report) -> list[dict[str, str]]:
    sections = [
        (str(outlines.SECTIONS[key][0]), _section_text(report, key))
        for key in outlines.OPTIONAL_SECTIONS
    ]
    return [
        {"heading": heading, "text": text.strip()} for heading, text in sections if text.strip()
    ]


def _focus_area(group: AreaRows, report: Report) -> dict[str, Any]:
    area = group.area
    return {
        "number": area.number,
        "title": area.title,
        "definition": area.definition.strip(),
        "activities": [_activity(row, report) for row in group.rows],
    }


def _activity(row: ActivityRow, report: Report) -> dict[str, Any]:
    activity, entry = row.activity, row.entry
    verdict = entry.verdict if entry is not None and report.is_closing else ""
    return {
        "code": activity.code,
        "label": _("Insats %(code)s") % {"code": activity.code},
        "description": activity.description.strip(),
        "responsible": str(activity.get_responsible_display()),
        "partners": activity.partners,
        "follow_up": row.follow_up.strip(),
        "progress": [_progress(progress, report) for progress in row.progress],
        "verdict": verdict,
        "verdict_label": str(entry.get_verdict_display()) if verdict else "",
        "verdict_justification": entry.verdict_justification.strip() if verdict else "",
        "includes_internal": bool(row.included_internal_updates),
        "unchosen_internal_text": bool(row.unchosen_internal_text),
    }


def internal_material(material: list[AreaRows]) -> list[dict[str, Any]]:
    """The activities whose internal updates the report includes by the coordinator's choice, in
    document order, each with those updates (id, date, occurrences; not their text)."""
    return [
        {
            "code": row.activity.code,
            "updates": [
                {"id": update.pk, "date": _iso(update.date), "occurrences": update.occurrences}
                for update in row.included_internal_updates
            ],
        }
        for group in material
        for row in group.rows
        if row.included_internal_updates
    ]


def internal_codes(snapshot: dict[str, Any] | None) -> list[str]:
    """The codes of the activities with internal material in ``snapshot``, e.g. ["2:3", "3:1"]."""
    return [item["code"] for item in (snapshot or {}).get("internal_material", [])]


def _progress(progress, report: Report) -> dict[str, Any]:
    window = progress.window
    start = max(window.start, report.period_start)
    end = min(window.end, report.period_end)
    text = progress.text
    if (start, end) != (window.start, window.end):
        text = _("%(progress)s (räknat %(start)s–%(end)s)") % {
            "progress": text,
            "start": start.isoformat(),
            "end": end.isoformat(),
        }
    return {
        "achieved": progress.achieved,
        "target": progress.target,
        "unit": progress.unit,
        "period": str(window.label),
        "text": text,
    }


def _decision_documents(report: Report, document_type) -> list[dict[str, str]]:
    """The Beslutsunderlag: the report itself, the promise as adopted, then the documents the
    coordinator named, each as one line ("Tjänsteutlåtande, 2025-11-10")."""
    own = _document_line(str(document_type), report.date)
    promise = report.promise
    adopted = _adopted(promise)
    listed = [own]
    if adopted:
        listed.append(
            {
                "title": promise.title,
                "date": _iso(promise.adopted_on),
                "text": _("%(title)s, %(adopted)s") % {"title": promise.title, "adopted": adopted},
            }
        )
    listed += [
        _document_line(document.title, document.date)
        for document in report.decision_documents.all()
    ]
    return listed


def _document_line(title: str, day: date | None) -> dict[str, str]:
    text = _("%(title)s, %(date)s") % {"title": title, "date": _iso(day)} if day else title
    return {"title": title, "date": _iso(day), "text": text}


def _adopted(promise) -> str:
    """E.g. "antaget av Kommunstyrelsen 2024-01-29 § 6"; empty for a promise not yet adopted."""
    if not (promise.adopted_by and promise.adopted_on):
        return ""
    text = _("antaget av %(body)s %(date)s") % {
        "body": promise.adopted_by,
        "date": _iso(promise.adopted_on),
    }
    paragraph = promise.adoption_paragraph.strip().lstrip("§").strip()
    if paragraph:
        text += " " + _("§ %(paragraph)s") % {"paragraph": paragraph}
    return text


def _child_checklist(report: Report) -> dict[str, Any] | None:
    if not report.uses_child_checklist:
        return None
    choices = Report.ChildAnswer
    questions = []
    for number, (prefix, question, kind) in enumerate(CHILD_CHECKLIST, start=1):
        if kind != CHECKLIST_CHOICE:  # answered in words, no boxes to tick
            questions.append(
                {
                    "number": number,
                    "question": str(question),
                    "kind": kind,
                    "answer": "",
                    "answer_label": "",
                    "options": [],
                    "comment": getattr(report, f"{prefix}_comment").strip(),
                }
            )
            continue
        answer = getattr(report, f"{prefix}_answer")
        questions.append(
            {
                "number": number,
                "question": str(question),
                "kind": kind,
                "answer": answer,
                "answer_label": str(choices(answer).label) if answer else "",
                "options": [
                    {"value": value, "label": str(label), "checked": value == answer}
                    for value, label in choices.choices
                ],
                "comment": getattr(report, f"{prefix}_comment").strip(),
            }
        )
    return {
        "intro": _("Alla under 18 år är att betrakta som barn."),
        "questions": questions,
    }
