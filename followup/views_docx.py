"""The report's Word copy (``followup.docx``) as a download: a draft's as it reads now, an issued
report's (or one being issued) from the snapshot frozen when issuing was asked for."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import selectors
from .access import get_report_for_user
from .docx import CONTENT_TYPE, render_docx
from .issuing import pdf_filename
from .snapshot import build_snapshot


@require_GET
@login_required
def report_docx(request, pk):
    report = get_report_for_user(request.user, pk)
    if report.is_draft and not report.is_issuing:
        snapshot = build_snapshot(selectors.report_with_parts(report.pk))
        created = timezone.now()
    else:
        snapshot = report.snapshot  # frozen when issuing was asked for
        created = report.issued_at or report.issue_requested_at
        if not snapshot:  # every issued report has one; nothing to copy if not
            raise Http404
    status = _("Utfärdas") if report.is_issuing else str(report.get_status_display())
    data = render_docx(snapshot, created=created, status=status)
    response = HttpResponse(data, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=docx_filename(report)
    )
    response["Cache-Control"] = "private, no-store"
    return response


def docx_filename(report) -> str:
    """The PDF's file name with .docx; a draft's says so ("-utkast")."""
    name = pdf_filename(report).removesuffix(".pdf")
    if report.is_draft and not report.is_issuing:
        name += "-utkast"
    return f"{name}.docx"
