"""Issuing a report: asked for in the web request, completed by a background task.

1. ``request_issue`` (the request, quick): the draft's row is locked, checked ready, and its
   snapshot is taken now, so that the report says what the coordinator saw when they pressed
   "Utfärda" (and, from the confirmation page, only if it still reads as the page showed it: the
   form sends the digest of the snapshot it showed). The draft is then frozen as *being issued* (``issue_requested_at``) and the task is
   enqueued when that commits. A second request finds it being issued and is refused: one task, one
   PDF, however many clicks or servers.
2. ``complete_issue`` (the task, ``followup.tasks``): under the row's lock, the frozen snapshot is
   rendered, the PDF stored and the report marked issued (and the due date it meets marked met),
   in one transaction. All or nothing, by
   ``followup.storage``'s rules: the file is complete before the row that names it commits, and
   removed again if anything fails before that commit. On failure the report returns to an
   ordinary draft (snapshot dropped) with the reason, which its page shows in Swedish; nothing is
   ever half issued. A task that runs twice, or for a report no longer being issued, does nothing.
3. A worker killed mid-task (a deploy, the OOM killer) leaves the report being issued and at most
   an orphan file (``pdf_orphans``); after ``ISSUE_STALLED_AFTER`` the coordinator may ask again.

``issue_report`` does both steps in the calling process (the demo data, benchmarks, the shell).
"""

import logging
import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from promises.services import mark_due_date_met
from promises.services.writes import save as _save

from . import selectors, storage
from .models import Report
from .page_count import snapshot_digest
from .pdf import render_pdf, sha256_hex
from .snapshot import build_snapshot

logger = logging.getLogger(__name__)


class DraftChanged(ValidationError):
    """The draft no longer reads as the confirmation page showed it: nothing was issued."""

    def __init__(self):
        super().__init__(
            _(
                "Utkastet har ändrats sedan sidan visades, så ingenting har utfärdats. Kontrollera "
                "uppgifterna nedan och utfärda igen."
            ),
            code="draft_changed",
        )


def locked_draft(report: Report) -> Report:
    """The report's row, locked for this transaction; refused unless it is still a draft that is
    not being issued."""
    return _refuse_unless_editable(Report.objects.select_for_update().get(pk=report.pk))


def _refuse_unless_editable(locked: Report) -> Report:
    if not locked.is_draft:
        raise ValidationError(
            _("Rapporten är utfärdad och kan inte ändras. Skapa en rättelse i stället.")
        )
    if locked.is_issuing:
        raise ValidationError(
            _("Rapporten håller på att utfärdas och kan inte ändras. Vänta tills den är klar.")
        )
    return locked


def readiness_errors(report: Report, snapshot: dict[str, Any]) -> list[str]:
    """What is missing before the draft can be issued, in Swedish, for the coordinator."""
    errors = []
    if not report.our_reference:
        errors.append(_("Ange vår beteckning (diarienumret)."))
    if not report.recipient_body:
        errors.append(_("Ange vem rapporten går till (nämnden eller utskottet)."))
    if not report.proposal_list:
        errors.append(_("Skriv minst ett förslag till beslut."))
    if not snapshot["signatories"]:
        errors.append(_("Ange minst en undertecknare."))
    unchosen = [
        activity["code"]
        for area in snapshot["focus_areas"]
        for activity in area["activities"]
        if activity.get("unchosen_internal_text")
    ]
    if unchosen:
        errors.append(
            _(
                "Uppföljningen av insats %(codes)s innehåller text från interna "
                "statusuppdateringar. Ta bort texten, eller välj att ta med internt material för "
                "insatsen."
            )
            % {"codes": ", ".join(unchosen)}
        )
    if report.is_closing:
        missing = [
            activity["code"]
            for area in snapshot["focus_areas"]
            for activity in area["activities"]
            if not activity["verdict"]
        ]
        if missing:
            errors.append(
                _("En slutuppföljning bedömer varje insats. Bedömning saknas för: %(codes)s.")
                % {"codes": ", ".join(missing)}
            )
    return errors


FILENAME_REFERENCE_LENGTH = 30  # the stored name (folder, token) must fit Report.pdf's 100


def pdf_filename(report: Report) -> str:
    """E.g. KS-2025-412-slutuppfoljning-medborgarlofte-2025-11-10.pdf: the diarienummer (or, when
    there is none yet, the kommun), the kind of report and of promise, the date; a correction
    adds its version. ASCII letters, digits and hyphens only."""
    promise = report.promise
    first = _file_safe(report.our_reference, FILENAME_REFERENCE_LENGTH)
    first = first or promise.agreement.municipality.slug
    name = f"{first}-{report.kind}-{_file_safe(promise.kind)}-{report.date.isoformat()}"
    if report.version > 1:
        name += f"-version-{report.version}"
    return f"{name}.pdf"


def _file_safe(text: str, length: int = 100) -> str:
    """``text`` in ASCII letters and digits (å → a), each run of anything else one hyphen, cut
    after at most ``length`` characters between two words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    safe = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")
    if len(safe) > length:
        cut = safe[: length + 1]
        safe = cut.rsplit("-", 1)[0] if "-" in cut else safe[:length]
    return safe


# 1. The request ---------------------------------------------------------------------------------


def request_issue(*, report: Report, user, expected_digest: str | None = None) -> Report:
    """Freeze the draft as being issued and enqueue the task that issues it (after the commit).

    With ``expected_digest`` (the confirmation page's), only if the snapshot to be frozen still has
    that digest (``page_count.snapshot_digest``); else ``DraftChanged`` is raised."""
    from .tasks import issue_report_task  # the task module imports this one

    with transaction.atomic():
        report = _freeze(report=report, user=user, expected_digest=expected_digest)
        pk = report.pk
        transaction.on_commit(lambda: issue_report_task.enqueue(pk))
    return report


def _freeze(*, report: Report, user, expected_digest: str | None = None) -> Report:
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.issue_stalled:
        if expected_digest is not None and snapshot_digest(locked.snapshot) != expected_digest:
            raise DraftChanged()
        # Its worker stopped mid-task: issue the snapshot taken then, as asked.
        logger.warning("Issuing report %s again: the earlier attempt stalled", locked.pk)
        locked.issue_requested_at = timezone.now()
        _save(locked, user=user, reason=_("Utfärdandet begärdes på nytt."))
        return locked
    _refuse_unless_editable(locked)
    report = selectors.report_with_parts(locked.pk)
    snapshot = build_snapshot(report, material=selectors.report_material(report))
    if expected_digest is not None and snapshot_digest(snapshot) != expected_digest:
        raise DraftChanged()
    errors = readiness_errors(report, snapshot)
    if errors:
        raise ValidationError(errors)
    report.snapshot = snapshot
    report.issue_requested_at = timezone.now()
    report.issue_requested_by = user if getattr(user, "is_authenticated", False) else None
    report.issue_failure = ""
    _save(report, user=user, reason=_("Utfärdandet begärdes."))
    return report


# 2. The task ------------------------------------------------------------------------------------


def complete_issue(*, report_pk: int) -> Report | None:
    """Render the frozen snapshot, store the PDF and mark the report issued, all or nothing.

    Returns the issued report, or None when there was nothing to do. On failure the report is a
    draft again, with ``issue_failure`` set, and the error is raised on (the task is failed).
    """
    stored: list[str] = []
    try:
        with transaction.atomic():
            report = _complete(report_pk=report_pk, stored=stored)
    except BaseException as error:
        for name in stored:
            storage.discard(
                Report.pdf.field.storage,
                name,
                referenced=lambda n: Report.objects.filter(pdf=n).exists(),
            )
        _return_to_draft(report_pk, error)
        raise
    if report is not None:
        transaction.on_commit(
            lambda: logger.info(
                "Issued report %s as %s (sha256 %s)", report.pk, report.pdf.name, report.pdf_sha256
            )
        )
    return report


def _complete(*, report_pk: int, stored: list[str]) -> Report | None:
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("promise__agreement__municipality", "issue_requested_by")
        .filter(pk=report_pk)
        .first()
    )
    if report is None or not report.is_issuing:
        logger.info("Report %s is not being issued; nothing to do", report_pk)
        return None
    issued_at = timezone.now()  # the PDF's dates; the document's own date is in its text
    try:
        # WeasyPrint writes the fonts to temporary files
        data = render_pdf(report.snapshot, issued_at=issued_at)
    except OSError as error:
        raise storage.PdfStorageError(str(error)) from error
    user = report.issue_requested_by
    report.pdf_sha256 = sha256_hex(data)
    report.status = Report.Status.ISSUED
    report.issued_at = issued_at
    report.issued_by = user
    field = Report.pdf.field
    name = storage.store(
        field.storage,
        field.generate_filename(report, pdf_filename(report)),
        data,
        max_length=field.max_length,
    )
    del data
    stored.append(name)
    report.pdf.name = name
    _save(report, user=user, reason=_("Rapporten utfärdades."))
    if report.due_date_id is not None:
        mark_due_date_met(
            due_date_id=report.due_date_id,
            user=user,
            # The day of the document, unless it is dated ahead: a due date is met when issued.
            on=min(report.date, timezone.localdate(report.issued_at)),
            reason=_("%(report)s utfärdades.") % {"report": report},
        )
    if report.replaces_id is not None:
        previous = Report.objects.select_for_update().get(pk=report.replaces_id)
        previous.status = Report.Status.SUPERSEDED
        _save(
            previous,
            user=user,
            reason=_("Ersatt av version %(version)s.") % {"version": report.version},
        )
    return report


def _failure(error: BaseException) -> str:
    if isinstance(error, storage.PdfStorageError):
        return Report.IssueFailure.STORAGE
    if isinstance(error, DatabaseError):
        return Report.IssueFailure.DATABASE
    return Report.IssueFailure.RENDERING


def _return_to_draft(report_pk: int, error: BaseException) -> None:
    """After a failed attempt: an ordinary draft again, saying why. If even that cannot be saved
    (the database is gone), the report stays being issued until it is asked for again."""
    logger.error("Issuing report %s failed: %r; it is a draft again", report_pk, error)
    try:
        with transaction.atomic():
            report = Report.objects.select_for_update().filter(pk=report_pk).first()
            if report is None or not report.is_issuing:
                return
            user = report.issue_requested_by
            report.snapshot = None
            report.issue_requested_at = None
            report.issue_requested_by = None
            report.issue_failure = _failure(error)
            _save(report, user=user, reason=_("Utfärdandet misslyckades."))
    except DatabaseError:
        logger.exception("Could not return report %s to a draft", report_pk)


# Both steps here ----------------------------------------------------------------------------------


def issue_report(*, report: Report, user) -> Report:
    """Issue the draft in this process: the request's step, then the task's."""
    with transaction.atomic():
        report = _freeze(report=report, user=user)
    issued = complete_issue(report_pk=report.pk)
    if issued is None:  # cannot happen under the row lock; say so rather than return None
        raise ValidationError(_("Rapporten kunde inte utfärdas."))
    return issued
