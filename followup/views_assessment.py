"""The lägesbild's tjänsteskrivelse to Kommunstyrelsen: its page (the document as it reads now,
and its PDF), asking for the PDF (made by a task) and downloading it.

Anyone who reads the lägesbild reads its document; those who write it ask for the PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from situation.access import get_assessment_for_user, may_write_municipality

from . import assessment_document
from .issuing import _file_safe
from .models import AssessmentDocument


@require_http_methods(["GET", "POST"])
@login_required
def assessment_document_page(request, pk):
    if request.method == "POST":
        assessment = get_assessment_for_user(request.user, pk, write=True)
        assessment_document.request_pdf(assessment=assessment, user=request.user)
        messages.success(request, _("PDF:en skapas. Ladda om sidan om en stund."))
        return redirect("followup:assessment_document", pk=assessment.pk)
    assessment = get_assessment_for_user(request.user, pk)
    snapshot = assessment_document.build_snapshot(assessment, user=request.user)
    return render(
        request,
        "followup/assessment_document.html",
        {
            "assessment": assessment,
            "doc": snapshot,
            "state": assessment_document.document_state(assessment, snapshot),
            "can_request": may_write_municipality(request.user, assessment.municipality_id),
        },
    )


def pdf_filename(assessment) -> str:
    """E.g. KS-2025-0123-lagesbild-version-2.pdf: the diarienummer (or, when there is none yet,
    the kommun), as the reports' files are named (``issuing.pdf_filename``)."""
    reference = _file_safe(assessment.diary_number, 30)
    name = f"lagesbild-version-{assessment.version}"
    return f"{reference}-{name}.pdf" if reference else f"{assessment.municipality.slug}-{name}.pdf"


@require_GET
@login_required
def assessment_pdf(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    document = AssessmentDocument.objects.filter(
        assessment=assessment, rendered_at__isnull=False
    ).first()
    if document is None:
        raise Http404
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=pdf_filename(assessment)
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Checksum-SHA256"] = document.pdf_sha256
    return response
