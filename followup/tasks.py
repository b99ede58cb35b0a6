"""Background tasks of follow-up reports (django-tasks; settings.TASKS chooses the backend).

The task is only the entry point: what it does, and what holds if it fails or runs twice, is
``followup.issuing``.
"""

from django_tasks import task

from .issuing import complete_issue


@task()
def issue_report_task(report_pk: int) -> str:
    """Issue the report that ``issuing.request_issue`` froze: render, store, mark it issued."""
    report = complete_issue(report_pk=report_pk)
    return report.pdf_sha256 if report is not None else ""
