"""Background tasks of follow-up reports (django-tasks; settings.TASKS chooses the backend).

Each task is only the entry point: what it does, and what holds if it fails or runs twice, is
``followup.issuing`` (issuing a report), ``followup.page_count`` (counting a draft's pages) and
``followup.assessment_document`` (the lägesbild's tjänsteskrivelse).
"""

from django_tasks import task

from .assessment_document import complete_pdf
from .issuing import complete_issue
from .page_count import count_pages
from .plan_document import render_and_store


@task()
def issue_report_task(report_pk: int) -> str:
    """Issue the report that ``issuing.request_issue`` froze: render, store, mark it issued."""
    report = complete_issue(report_pk=report_pk)
    return report.pdf_sha256 if report is not None else ""


@task()
def count_pages_task(report_pk: int) -> int | None:
    """Count the pages of the draft about to be issued, for its confirmation page."""
    return count_pages(report_pk=report_pk)


@task()
def render_plan_pdf_task(promise_pk: int) -> str:
    """Render an åtgärdsplan's table as a PDF and store it (``plan_document.render_and_store``)."""
    return render_and_store(promise_pk)


@task()
def render_assessment_pdf_task(document_pk: int, digest: str) -> str:
    """Render the lägesbild's tjänsteskrivelse that ``assessment_document.request_pdf`` took."""
    document = complete_pdf(document_pk=document_pk, digest=digest)
    return document.pdf_sha256 if document is not None else ""
