"""The lägesbild as a tjänsteskrivelse to Kommunstyrelsen, with the reports' document machinery.

The same kommun document profile (logo, font, footer), letterhead (``document/header.html``), PDF
rendering (``followup.pdf``: WeasyPrint, PDF/A-2b, tagged for PDF/UA) and effect section
(``document/effect.html``) as the follow-up reports. Like them:

1. ``request_pdf`` (the request, quick): the document is taken as a snapshot now, stored with its
   digest on the lägesbild's ``AssessmentDocument`` and the task enqueued when that commits;
2. ``complete_pdf`` (the task, ``followup.tasks.render_assessment_pdf_task``): the snapshot is
   rendered and the PDF stored in the same row, in one transaction. A failure is kept as the
   row's error, in Swedish, for the page to show; asking again starts over.

The page shows the document as it reads now (``build_snapshot``, rendered in the browser like a
report's preview), and offers the PDF while its snapshot still reads the same.
"""

import io
import logging
from typing import Any

import pikepdf
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from situation.effect import Effect, problem_effects
from situation.models import Assessment, Problem

from . import fonts, pdf, pdf_metadata, pdf_ua
from .models import AssessmentDocument
from .page_count import snapshot_digest
from .snapshot import _effect, _iso, _profile, _profile_of

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
BODY_TEMPLATE = "followup/document/assessment_body.html"
RECIPIENT = "Kommunstyrelsen"


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def build_snapshot(assessment: Assessment, *, user=None) -> dict[str, Any]:
    """The tjänsteskrivelse of ``assessment`` as it reads now (about ten queries, whatever its
    size). ``user`` is its handler (the one who asks for it)."""
    municipality = assessment.municipality
    problems = list(
        Problem.objects.filter(assessment=assessment)
        .order_by("number")
        .select_related("assessment")
    )
    effects = problem_effects(problems)
    profile = _profile_of(municipality)
    title = assessment.title
    version = _("version %(version)s") % {"version": assessment.version}
    body = assessment.adopted_by or RECIPIENT
    return {
        "schema": SCHEMA_VERSION,
        "kind": "assessment",
        "language": "sv",
        "municipality": {"name": municipality.name, "slug": municipality.slug},
        "document_type": _("Tjänsteskrivelse"),
        "office": municipality.office,
        "handler": {"name": _person(user), "email": getattr(user, "email", "") or ""},
        "date": _iso(timezone.localdate()),
        "our_reference": assessment.diary_number,
        "your_reference": "",
        "recipient_body": body,
        "profile": _profile(profile, municipality),
        "title": title,
        "assessment": {
            "version": assessment.version,
            "period_start": _iso(assessment.period_start),
            "period_end": _iso(assessment.period_end),
            "police_area": assessment.police_area.name if assessment.police_area else "",
            "adopted_by": assessment.adopted_by,
            "adopted_on": _iso(assessment.adopted_on),
            "adopted_paragraph": assessment.adopted_paragraph,
        },
        "proposals": [
            _("%(body)s fastställer lägesbilden %(title)s, %(version)s.")
            % {"body": body, "title": title, "version": version},
            _(
                "%(body)s ger kommundirektören i uppdrag att följa upp åtgärderna mot lägesbildens orsaker."
            )
            % {"body": body},
        ],
        "summary": assessment.summary.strip(),
        "analysis": assessment.analysis.strip(),
        "problems": [_problem(item) for item in effects],
        "effect": _effect(Effect(assessment=assessment, problems=effects)) if effects else None,
        "signatories": [{"name": _person(user), "title": _("Handläggare")}] if user else [],
    }


def _problem(item) -> dict[str, Any]:
    problem = item.problem
    measures_by_cause: dict[str, list[str]] = {}
    for measure in item.measures:
        label = _("Insats %(code)s (%(promise)s)") % {
            "code": measure.activity.code,
            "promise": measure.promise.title,
        }
        for code in measure.causes:
            measures_by_cause.setdefault(code, []).append(label)
    return {
        "number": problem.number,
        "title": problem.title,
        "place": problem.place.strip(),
        "time": problem.time.strip(),
        "affected": problem.affected.strip(),
        "description": problem.description.strip(),
        "sources": problem.sources.strip(),
        "source_limitations": problem.source_limitations.strip(),
        "level": str(problem.get_level_display()) if problem.level else "",
        "level_justification": problem.level_justification.strip(),
        "causes": [
            {
                "code": cause.code,
                "text": cause.text.strip(),
                "reasoning": cause.reasoning.strip(),
                "measures": measures_by_cause.get(cause.code, []),
            }
            for cause in item.causes
        ],
    }


def render_html(snapshot: dict[str, Any]) -> str:
    """The document's HTML for WeasyPrint: the reports' page, with the lägesbild's body."""
    key = (snapshot.get("profile") or {}).get("font")
    context = {
        "doc": snapshot,
        "fonts": pdf.font_urls(key),
        "font_family": fonts.font(key).family,
        "body_template": BODY_TEMPLATE,
    }
    return render_to_string(pdf.TEMPLATE, context)


def metadata(snapshot: dict[str, Any], issued_at=None) -> pdf_metadata.Metadata:
    keywords = [snapshot["document_type"], _("Lägesbild"), snapshot["our_reference"]]
    return pdf_metadata.Metadata(
        title=snapshot["title"],
        creator=snapshot["municipality"]["name"],
        identifier=snapshot["our_reference"],
        language=snapshot.get("language") or "sv",
        issued_at=issued_at or timezone.now(),
        subject=_("Lägesbild till %(body)s") % {"body": snapshot["recipient_body"]},
        keywords=", ".join(keyword for keyword in keywords if keyword),
        producer=f"WeasyPrint {pdf.weasyprint_version}, pikepdf {pikepdf.__version__}",
    )


def render_pdf(snapshot: dict[str, Any], *, issued_at=None) -> bytes:
    """The PDF of the snapshot: one part (a lägesbild is far below a report's part size)."""
    whole, origins = pdf.tagged_pdf(render_html(snapshot))
    pdf_ua.fix_part(whole, origins)
    pdf_metadata.finish(whole, metadata(snapshot, issued_at))
    out = io.BytesIO()
    whole.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


# Asked for in the request, made by the task ----------------------------------------------------


def request_pdf(*, assessment: Assessment, user) -> AssessmentDocument:
    """Take the document as it reads now and enqueue its rendering (after the commit)."""
    from .tasks import render_assessment_pdf_task  # the task module imports this one

    snapshot = build_snapshot(assessment, user=user)
    with transaction.atomic():
        document, _created = AssessmentDocument.objects.update_or_create(
            assessment=assessment,
            defaults={
                "requested_by": user,
                "requested_at": timezone.now(),
                "snapshot": snapshot,
                "digest": snapshot_digest(snapshot),
                "pdf": None,
                "pdf_sha256": "",
                "rendered_at": None,
                "error": "",
            },
        )
        pk, digest = document.pk, document.digest
        transaction.on_commit(lambda: render_assessment_pdf_task.enqueue(pk, digest))
    return document


def complete_pdf(*, document_pk: int, digest: str) -> AssessmentDocument | None:
    """Render the snapshot asked for and store the PDF. Does nothing if the row is gone or was
    asked for again since (another digest: that request's task renders it)."""
    document = AssessmentDocument.objects.filter(pk=document_pk, digest=digest).first()
    if document is None or document.is_ready:
        return None
    try:
        data = render_pdf(document.snapshot)
    except Exception:
        logger.exception("Could not render the PDF of assessment %s", document.assessment_id)
        AssessmentDocument.objects.filter(pk=document_pk, digest=digest).update(
            error=_("PDF:en kunde inte skapas. Försök igen om en stund.")
        )
        raise
    with transaction.atomic():
        locked = (
            AssessmentDocument.objects.select_for_update()
            .filter(pk=document_pk, digest=digest)
            .first()
        )
        if locked is None:
            return None
        locked.pdf = data
        locked.pdf_sha256 = pdf.sha256_hex(data)
        locked.rendered_at = timezone.now()
        locked.error = ""
        locked.save(update_fields=["pdf", "pdf_sha256", "rendered_at", "error"])
    return locked


# Who asked for the document and on which day do not make its content differ.
PERSONAL_KEYS = ("handler", "date", "signatories")


def _content(snapshot: dict[str, Any]) -> str:
    return snapshot_digest({k: v for k, v in snapshot.items() if k not in PERSONAL_KEYS})


def document_state(assessment: Assessment, snapshot: dict[str, Any]) -> dict[str, Any]:
    """What the page says of the PDF: ``document`` (or None), ``current`` (it says what the
    lägesbild says now), ``ready``, ``pending``, ``error``. One query."""
    document = AssessmentDocument.objects.filter(assessment=assessment).defer("pdf").first()
    if document is None:
        return {"document": None, "current": False, "ready": False, "pending": False, "error": ""}
    ready = document.rendered_at is not None
    return {
        "document": document,
        "current": _content(document.snapshot) == _content(snapshot),
        "ready": ready,
        "pending": not ready and not document.error,
        "error": document.error,
    }
