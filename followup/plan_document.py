"""The åtgärdsplan as a PDF in Brå's table layout (landscape A4), set in the kommun's document
profile (font, logo, address) like the follow-up reports.

The table is ``situation.plan.plan_table``'s: Orsak | Åtgärd | Operativa mål | När | Vem |
Uppföljning, one row per activity under the cause it addresses, the activities linked to no cause
last under "Utan kopplad orsak". Each follow-up colour is written out with its shape and word
("▲ Gul – …"), never as a colour alone.

Rendering takes seconds, so it never happens in a request: the page asks for the PDF of the plan as
it reads now (its snapshot, named by the snapshot's SHA-256 digest), a task renders it
(``followup.tasks.render_plan_pdf_task``) into the reports storage under
``atgardsplaner/<kommun>/<plan>-<digest>.pdf``, and the page serves that file once it is there. A
plan that has not changed is rendered once; a change gives a new digest and a new file. The file is
a working copy, not an archived document: nothing refers to it, and a newer one replaces it.
"""

import io
import posixpath
from typing import Any

import pikepdf
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from promises.models import Promise
from situation.models.ratings import MEANINGS, SHAPES, Colour
from situation.plan import PlanTable, plan_table

from . import fonts, pdf, pdf_metadata, pdf_ua
from .page_count import snapshot_digest
from .snapshot import _profile, _profile_of
from .storage import reports_storage

TEMPLATE = "followup/document/plan_table.html"
FOLDER = "atgardsplaner"
# How long a request for a rendering counts as under way (a stopped worker is asked again after).
PENDING_SECONDS = 600


def _when(activity) -> str:
    if activity.planned_start or activity.planned_end:
        start = activity.planned_start.isoformat() if activity.planned_start else "–"
        end = activity.planned_end.isoformat() if activity.planned_end else "–"
        return f"{start} – {end}"
    return _("Hela planens period")


def _goal(activity) -> list[str]:
    lines = []
    if activity.has_target:
        lines.append(
            _("minst %(count)s %(unit)s per %(period)s")
            % {
                "count": activity.target_count,
                "unit": activity.target_unit,
                "period": activity.get_target_period_display(),
            }
        )
    if activity.goal_text:
        lines.append(activity.goal_text)
    return lines or [_("Inget operativt mål angivet")]


def _who(activity) -> list[str]:
    lines = [str(activity.get_responsible_display())]
    if activity.partners:
        lines.append(activity.partners)
    if activity.contact_persons:
        lines.append(_("Kontakt: %(contact)s") % {"contact": activity.contact_persons})
    return lines


def _row(row) -> dict[str, Any]:
    activity = row.activity
    return {
        "code": activity.code,
        "description": activity.description,
        "also": [_("Orsak %(code)s") % {"code": cause.code} for cause in row.other_causes],
        "goal": _goal(activity),
        "when": _when(activity),
        "who": _who(activity),
        "ratings": [
            {
                "period": str(period.window.label),
                "colour": period.rating.colour if period.rating else "",
                "shape": period.rating.shape if period.rating else "",
                "word": str(period.rating.get_colour_display()).capitalize()
                if period.rating
                else _("ej bedömd"),
                "reason": period.rating.reason if period.rating else "",
            }
            for period in row.ratings
        ],
    }


def _group(group) -> dict[str, Any]:
    cause = group.cause
    if cause is None:
        heading, text, problem = _("Utan kopplad orsak"), "", ""
    else:
        heading = _("Orsak %(code)s") % {"code": cause.code}
        text = cause.text
        problem = _("Problem %(number)s: %(title)s") % {
            "number": cause.problem.number,
            "title": cause.problem.title,
        }
    return {
        "heading": heading,
        "text": text,
        "problem": problem,
        "unlinked": cause is None,
        "rows": [_row(row) for row in group.rows],
    }


def build_plan_snapshot(table: PlanTable, *, today=None) -> dict[str, Any]:
    """Everything the PDF shows, as JSON: its digest names the file."""
    promise = table.promise
    municipality = promise.agreement.municipality
    today = today or timezone.localdate()
    return {
        "title": _("%(title)s – åtgärdsplan") % {"title": promise.title},
        "language": "sv",
        "document_type": str(_("Åtgärdsplan")),
        "date": today.isoformat(),
        "our_reference": promise.reference_number,
        "your_reference": "",
        "recipient_body": "",
        "office": "",
        "municipality": {"name": municipality.name, "slug": municipality.slug},
        "profile": _profile(_profile_of(municipality), municipality),
        "promise": {
            "pk": promise.pk,
            "title": promise.title,
            "period": f"{promise.period_start.isoformat()} – {promise.period_end.isoformat()}",
            "adopted": (
                f"{promise.adopted_by} {promise.adopted_on.isoformat()} "
                f"{promise.adoption_paragraph}".strip()
                if promise.adopted_on
                else str(_("Utkast, inte antagen"))
            ),
        },
        "legend": [
            {
                "colour": colour.value,
                "shape": SHAPES[colour],
                "word": str(colour.label).capitalize(),
                "meaning": str(MEANINGS[colour]),
            }
            for colour in Colour
        ],
        "groups": [_group(group) for group in table.all_groups],
    }


def render_plan_html(snapshot: dict[str, Any]) -> str:
    key = (snapshot.get("profile") or {}).get("font")
    context = {
        "doc": snapshot,
        "fonts": pdf.font_urls(key),
        "font_family": fonts.font(key).family,
    }
    return render_to_string(TEMPLATE, context)


def render_plan_pdf(snapshot: dict[str, Any]) -> bytes:
    """The plan's PDF (PDF/A-2b, tagged as the reports are)."""
    whole, origins = pdf.tagged_pdf(render_plan_html(snapshot))
    pdf_ua.fix_part(whole, origins)
    pdf_metadata.finish(
        whole,
        pdf_metadata.Metadata(
            title=snapshot["title"],
            creator=snapshot["municipality"]["name"],
            identifier=snapshot["our_reference"],
            language="sv",
            issued_at=timezone.now(),
            subject=snapshot["promise"]["title"],
            keywords=snapshot["document_type"],
            producer=f"WeasyPrint {pdf.weasyprint_version}, pikepdf {pikepdf.__version__}",
        ),
    )
    out = io.BytesIO()
    whole.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def current_snapshot(promise: Promise) -> dict[str, Any]:
    return build_plan_snapshot(plan_table(promise))


def file_name(snapshot: dict[str, Any], digest: str) -> str:
    slug = snapshot["municipality"]["slug"] or "kommun"
    return posixpath.join(FOLDER, slug, f"{snapshot['promise']['pk']}-{digest[:32]}.pdf")


def download_name(snapshot: dict[str, Any]) -> str:
    return f"atgardsplan-{snapshot['municipality']['slug']}-{snapshot['date']}.pdf"


def stored_pdf(snapshot: dict[str, Any]) -> bytes | None:
    """The rendered PDF of ``snapshot``, if a task has stored it."""
    storage = reports_storage()
    name = file_name(snapshot, snapshot_digest(snapshot))
    if not storage.exists(name):
        return None
    with storage.open(name, "rb") as file:
        return file.read()


def request_rendering(promise: Promise, snapshot: dict[str, Any]) -> None:
    """Ask a task to render the plan, unless a request for this snapshot is under way."""
    from .tasks import render_plan_pdf_task  # the task module imports this one

    if cache.add(f"plan-pdf:{snapshot_digest(snapshot)}", True, PENDING_SECONDS):
        render_plan_pdf_task.enqueue(promise.pk)


def render_and_store(promise_pk: int) -> str:
    """Render the plan as it reads now and store it under its digest; "" for a plan that is gone
    or no longer an åtgärdsplan. A file already stored is kept."""
    promise = (
        Promise.objects.select_related("agreement__municipality")
        .filter(pk=promise_pk, kind=Promise.Kind.ACTION_PLAN)
        .first()
    )
    if promise is None:
        return ""
    snapshot = current_snapshot(promise)
    storage = reports_storage()
    name = file_name(snapshot, snapshot_digest(snapshot))
    if not storage.exists(name):
        data = render_plan_pdf(snapshot)
        if not storage.exists(name):
            name = storage.save(name, ContentFile(data))
    return name
