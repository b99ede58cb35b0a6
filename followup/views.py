"""Follow-up reports in the browser: list, draft, edit, preview, issue, correct and download.

Thin views: access helper → form → service → redirect. Permission logic lives in ``access.py``
and ``promises.access``; the rules of a report in its services and models.
"""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from promises.access import get_promise_for_user
from promises.forms import apply_service_errors
from promises.history import (
    HISTORY_PAGE_PARAMETER,
    HISTORY_TEMPLATE,
    history_context,
    object_history,
)
from promises.models import Organisation
from promises.paging import page_number
from promises.selectors import earliest_unmet_due_date
from promises.submit import submitted

from . import archive, page_count, selectors, services
from .access import get_report_for_user, versions_visible_to
from .forms import (
    ActivityEntryForm,
    CorrectionForm,
    DocumentFormSet,
    IssueConfirmForm,
    ReportCreateForm,
    ReportFilterForm,
    ReportForm,
    SignatoryFormSet,
)
from .models import Report
from .snapshot import build_snapshot, internal_codes

logger = logging.getLogger(__name__)


@require_GET
@login_required
def report_list(request):
    choices = selectors.filter_choices(request.user)
    form = ReportFilterForm(request.GET or None, choices=choices)
    filters = selectors.ReportFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.ReportFilters(
            committee=form.cleaned_data.get("committee") or "",
            year=form.cleaned_data.get("year"),
            municipality_id=form.cleaned_data.get("municipality"),
        )
    page = selectors.issued_reports_page(request.user, filters, page_number(request))
    coordinated = selectors.profile_municipalities(request.user)
    return render(
        request,
        "followup/report_list.html",
        {
            "form": form,
            "page": page,
            "drafts": selectors.draft_reports(request.user),
            "can_draft": bool(coordinated),
            "profile_municipalities": coordinated,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def report_create(request):
    promise_pk = request.POST.get("promise") or request.GET.get("promise")
    promise = None
    if promise_pk:
        if not (str(promise_pk).isascii() and str(promise_pk).isdigit()):
            raise Http404
        promise = get_promise_for_user(request.user, promise_pk, write=True)
    elif not Organisation.objects.coordinated_by(request.user).exists():
        raise PermissionDenied
    if request.method == "POST":
        form = ReportCreateForm(request.POST, user=request.user, promise=promise)
        if response := submitted(
            request,
            form,
            lambda: services.create_draft(user=request.user, **form.cleaned_data),
            message=_("Utkastet är skapat och ifyllt från uppdateringarna."),
            success=lambda report: reverse("followup:report_edit", args=[report.pk]),
        ):
            return response
    else:
        initial = {}
        if promise is not None:
            initial = {
                "promise": promise.pk,
                "period_start": promise.period_start,
                "period_end": promise.period_end,
            }
            due = _chosen_due_date(request, promise) or earliest_unmet_due_date(promise)
            if due is not None:
                # The due one is offered pre-selected, and its kind when a report has it.
                initial["due_date"] = due.pk
                if due.kind in Report.Kind.values:
                    initial["kind"] = due.kind
        form = ReportCreateForm(initial=initial, user=request.user, promise=promise)
    return render(request, "followup/report_create.html", {"form": form, "promise": promise})


def _chosen_due_date(request, promise):
    """The unmet due date of ``promise`` that the link asked for (``?uppfoljning=<id>``, the
    due-date reminder's link), or None."""
    chosen = request.GET.get("uppfoljning", "")
    if not (chosen.isascii() and chosen.isdigit()):
        return None
    return selectors.unmet_due_dates(request.user, promise).filter(pk=chosen).first()


@require_GET
@login_required
def report_detail(request, pk):
    report = get_report_for_user(request.user, pk)
    can_edit = Report.objects.editable_by(request.user).filter(pk=report.pk).exists()
    readiness, snapshot = [], report.snapshot
    if report.is_draft and not report.is_issuing:
        full = selectors.report_with_parts(report.pk)
        snapshot = build_snapshot(full)
        readiness = services.readiness_errors(full, snapshot)
    return render(
        request,
        "followup/report_detail.html",
        {
            "report": report,
            "can_edit": can_edit,
            "readiness": readiness,
            "internal_codes": internal_codes(snapshot),
            "versions": versions_visible_to(request.user, report),
            "has_correction": hasattr(report, "replaced_by"),
            "filename": services.pdf_filename(report),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def report_edit(request, pk):
    report = get_report_for_user(request.user, pk, write=True)
    if not report.is_draft:
        messages.error(request, _("Rapporten är utfärdad och kan inte ändras."))
        return redirect(report)
    if report.is_issuing:
        messages.error(request, _("Rapporten håller på att utfärdas och kan inte ändras."))
        return redirect(report)
    page = selectors.entry_page(report, request.GET.get("sida"))
    data = request.POST if request.method == "POST" else None
    form = ReportForm(data, instance=report)
    groups = _entry_forms(data, page.material, closing=report.is_closing)
    signatories = SignatoryFormSet(
        data,
        prefix="undertecknare",
        initial=[{"name": s.name, "title": s.title} for s in report.signatories.all()],
    )
    documents = DocumentFormSet(
        data,
        prefix="underlag",
        initial=[{"title": d.title, "date": d.date} for d in report.decision_documents.all()],
    )
    # Only the rows the browser sent are saved: an activity that came onto this page since it was
    # opened (a new one, or pages shifted) keeps its saved follow-up.
    entry_forms = [entry.form for group in groups for entry in group["rows"] if entry.form.is_bound]
    if request.method == "POST":
        valid = all(
            [
                form.is_valid(),
                signatories.is_valid(),
                documents.is_valid(),
                *[entry_form.is_valid() for entry_form in entry_forms],
            ]
        )
        if valid:
            try:
                services.save_draft(
                    report=report,
                    user=request.user,
                    fields=form.content_fields(),
                    entries={
                        entry_form.activity.pk: services.EntryInput(**entry_form.entry_input())
                        for entry_form in entry_forms
                    },
                    signatories=[
                        (row["name"], row["title"])
                        for row in signatories.cleaned_data
                        if row.get("name")
                    ],
                    documents=[
                        (row["title"], row.get("date"))
                        for row in documents.cleaned_data
                        if row.get("title")
                    ],
                    expected_version=form.cleaned_data["version"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Utkastet är sparat."))
                if "preview" in request.POST:
                    return redirect("followup:report_preview", pk=report.pk)
                number = page.number_or_current(request.POST.get("till_sida"))
                edit_url = reverse("followup:report_edit", args=[report.pk])
                return redirect(f"{edit_url}?sida={number}" if page.count > 1 else edit_url)
    return render(
        request,
        "followup/report_edit.html",
        {
            "report": report,
            "form": form,
            "groups": groups,
            "page": page,
            "signatories": signatories,
            "documents": documents,
            "other_errors": request.method == "POST"
            and (
                any(entry_form.errors for entry_form in entry_forms)
                or signatories.total_error_count()
                or documents.total_error_count()
            ),
        },
    )


class _EntryRow:
    def __init__(self, row, form):
        self.activity = row.activity
        self.updates = row.updates
        self.internal_updates = row.internal_updates
        self.unchosen_internal_text = row.unchosen_internal_text
        self.progress = row.progress
        self.form = form


def _entry_forms(data, material, *, closing: bool) -> list[dict]:
    groups = []
    for group in material:
        rows = []
        for row in group.rows:
            entry = row.entry
            initial = {
                "follow_up": row.follow_up,
                "verdict": entry.verdict if entry else "",
                "verdict_justification": entry.verdict_justification if entry else "",
                "include_internal": row.include_internal,
            }
            form = ActivityEntryForm(
                ActivityEntryForm.posted(data, row.activity),
                initial=initial,
                activity=row.activity,
                closing=closing,
                internal=bool(row.internal_updates) or row.include_internal,
            )
            rows.append(_EntryRow(row, form))
        groups.append({"area": group.area, "rows": rows})
    return groups


@require_GET
@login_required
def report_preview(request, pk):
    report = get_report_for_user(request.user, pk)
    readiness, can_edit = [], False
    if report.is_draft and not report.is_issuing:
        full = selectors.report_with_parts(report.pk)
        snapshot = build_snapshot(full)
        readiness = services.readiness_errors(full, snapshot)
        can_edit = Report.objects.editable_by(request.user).filter(pk=report.pk).exists()
    else:
        snapshot = report.snapshot  # frozen when issuing was asked for
    return render(
        request,
        "followup/report_preview.html",
        {
            "report": report,
            "doc": snapshot,
            "internal_codes": internal_codes(snapshot),
            "readiness": readiness,
            "can_edit": can_edit,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def report_issue(request, pk):
    """The confirmation page of issuing: what will be frozen, asked once. The POST asks for the
    report to be issued; the PDF is made by a background task (followup.tasks)."""
    report = get_report_for_user(request.user, pk, write=True)
    if request.method == "GET":
        if not report.is_draft or (report.is_issuing and not report.issue_stalled):
            return redirect(report)  # its page says that it is issued, or being issued
        return _issue_confirmation(request, report)
    form = IssueConfirmForm(request.POST)
    digest = form.cleaned_data["digest"] if form.is_valid() else ""
    try:
        services.request_issue(report=report, user=request.user, expected_digest=digest)
    except services.DraftChanged as error:
        return _issue_confirmation(request, report, errors=error.messages, status=409)
    except ValidationError as error:
        report.refresh_from_db()
        if not report.is_draft or report.is_issuing:  # issued or asked for meanwhile
            for message in error.messages:
                messages.error(request, message)
            return redirect(report)
        return _issue_confirmation(request, report, errors=error.messages, status=422)
    report.refresh_from_db(fields=["status"])  # done already with the immediate backend
    if report.is_draft:
        messages.info(request, _("Rapporten utfärdas. PDF:en skapas och sparas nu."))
    else:
        messages.success(request, _("Rapporten är utfärdad. PDF:en är sparad och låst."))
    return redirect("followup:report_detail", pk=report.pk)


def _issue_confirmation(request, report, *, errors=(), status=200):
    if report.is_issuing:  # stalled: issuing it again issues what was frozen then
        snapshot, readiness = report.snapshot or {}, []
    else:
        full = selectors.report_with_parts(report.pk)
        snapshot = build_snapshot(full)
        readiness = services.readiness_errors(full, snapshot)
    digest = page_count.snapshot_digest(snapshot)
    return render(
        request,
        "followup/report_issue.html",
        {
            "report": report,
            "doc": snapshot,
            "errors": errors,
            "readiness": readiness,
            "internal_codes": internal_codes(snapshot),
            "pages": page_count.requested_pages(report=report, digest=digest),
            "form": IssueConfirmForm(initial={"digest": digest}),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def report_correct(request, pk):
    """A correction: its date asked for, and which version it replaces said, before it is made."""
    report = get_report_for_user(request.user, pk, write=True)
    if report.is_draft:
        return redirect(report)
    form = CorrectionForm(
        request.POST if request.method == "POST" else None,
        initial={"date": timezone.localdate()},
    )
    if response := submitted(
        request,
        form,
        lambda: services.create_correction(
            report=report, user=request.user, date=form.cleaned_data["date"]
        ),
        message=lambda correction: (
            _("En rättelse är skapad som utkast, version %(version)s.")
            % {"version": correction.version}
        ),
        success=lambda correction: reverse("followup:report_edit", args=[correction.pk]),
    ):
        return response
    return render(
        request,
        "followup/report_correct.html",
        {"report": report, "form": form, "has_correction": hasattr(report, "replaced_by")},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def report_delete(request, pk):
    report = get_report_for_user(request.user, pk, write=True)
    if not report.is_draft or report.is_issuing:
        return redirect(report)  # its page says why it cannot be deleted
    if request.method == "GET":
        return render(
            request,
            "followup/report_delete.html",
            {"report": report, "written": selectors.written_follow_up_count(report)},
        )
    try:
        services.delete_draft(report=report, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("followup:report_detail", pk=report.pk)
    messages.success(request, _("Utkastet är borttaget."))
    return redirect("followup:report_list")


@require_GET
@login_required
def report_download(request, pk):
    report = get_report_for_user(request.user, pk)
    if report.is_draft:
        raise Http404
    try:
        data = selectors.verified_pdf(report)
    except selectors.ReportIntegrityError:
        logger.exception("Refused to serve the PDF of report %s", report.pk)
        return render(request, "followup/integrity_error.html", {"report": report}, status=500)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=services.pdf_filename(report)
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Checksum-SHA256"] = report.pdf_sha256
    return response


@require_GET
@login_required
def report_archive(request, pk):
    """The issued report as an E-ARK SIP (followup.archive), built now from the stored PDFs."""
    report = get_report_for_user(request.user, pk)
    if report.is_draft:
        raise Http404
    try:
        package = archive.build_archive(report)
    except selectors.ReportIntegrityError:
        logger.exception("Refused to package the PDF of report %s", report.pk)
        return render(request, "followup/integrity_error.html", {"report": report}, status=500)
    response = HttpResponse(package.data, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=package.filename
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def report_history(request, pk):
    """Every change of the report, its issuing included (who, when, the checksum it got)."""
    report = get_report_for_user(request.user, pk)
    context = history_context(
        report,
        heading=_("Historik: %(report)s") % {"report": report},
        back_url=reverse("followup:report_detail", args=[report.pk]),
        entries=object_history(report),
        page_number=request.GET.get(HISTORY_PAGE_PARAMETER),
    )
    return render(request, HISTORY_TEMPLATE, context)
