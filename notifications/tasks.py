"""Background tasks of notifications (django-tasks; settings.TASKS chooses the backend).

``send_notification_task`` is only the entry point: ``sending.send_batch`` says what it does and
what holds if it fails or runs twice. ``send_news_task`` tells what others did (``news``).
"""

from django.utils import timezone
from django_tasks import task

from promises.models import StatusUpdate

from .followed_updates import messages_for_updates
from .news import news_window
from .police_assignments import history, messages_for_assignments
from .sending import send_batch
from .services import Delivery, deliver


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


@task()
def send_news_task(*, status_update_ids: list[int], activity_ids: list[int]) -> int:
    """Tell what one committed transaction did that others hear of (``news``): the messages
    about these changes, through ``deliver``, which sends each item once whoever else is sending
    it. Returns how many e-mails were queued."""
    today = timezone.localdate()
    start, end = news_window(today)
    messages = []
    if status_update_ids:
        messages += messages_for_updates(
            StatusUpdate.objects.filter(
                pk__in=status_update_ids, created_at__gte=start, created_at__lt=end
            )
        )
    if activity_ids:
        messages += messages_for_assignments(
            history().filter(id__in=activity_ids, history_date__gte=start, history_date__lt=end)
        )
    outcomes = deliver(messages, today=today)
    return sum(1 for outcome in outcomes if outcome.delivery == Delivery.EMAIL)
