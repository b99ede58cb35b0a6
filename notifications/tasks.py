"""Background tasks of notifications (django-tasks; settings.TASKS chooses the backend).

The task is only the entry point: ``sending.send_batch`` says what it does and what holds if it
fails or runs twice.
"""

from django_tasks import task

from .sending import send_batch


@task()
def send_notification_task(
    *, batch: str, kind: str, subject: str, template: str, context: dict, organisation_id=None
) -> int:
    """Send the e-mail that ``services.deliver`` queued as ``batch``."""
    return send_batch(
        batch=batch,
        kind=kind,
        subject=subject,
        template=template,
        context=context,
        organisation_id=organisation_id,
    )
