"""What others did: the police record an update in a followed promise
(``followed_updates``), an activity becomes the police's (``police_assignments``).

Nothing is kept besides what already records the event: the status update itself, and the
activity's history row that made it the police's. Both are written in the transaction of the
change, so a change that is rolled back leaves no event behind, and a committed one cannot be lost.
Two paths turn events into e-mails, both through ``services.deliver`` (each item claimed once per
user: ``SentNotification``'s unique key), so whichever comes first sends and the other finds it
sent:

- at once: a change that may be news (a status update with an author, an activity saved as the
  police's) registers a callback on commit; the first of a transaction's callbacks enqueues
  ``tasks.send_news_task`` with the ids of all its changes, and the worker sends one e-mail per
  recipient for the whole transaction ("Rapportera perioden" with ten rows: one e-mail);
- the safety net: each planner (run by ``send_reminders``) looks at the events of the last
  ``NEWS_DAYS`` days and sends what has not been sent (the worker was down, the task failed, the
  process died between commit and enqueue). An event older than that is no longer news and is
  dropped.

Nothing is sent inside a request: the request only enqueues, after it has committed.
"""

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from promises.models import Activity, StatusUpdate

from .models import SentNotification
from .services import Message

NEWS_DAYS = 7


def news_window(day: date) -> tuple[datetime, datetime]:
    """From the start of ``NEWS_DAYS`` days before ``day`` to the end of ``day`` (local time): a
    planner run for a past day (``--today``) sees what was news then, not what came later."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(day - timedelta(days=NEWS_DAYS), time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def without_sent(messages: list[Message]) -> list[Message]:
    """``messages`` without the items already recorded for their user (one query), and without
    the messages left empty: a planner run every few minutes then shows (``--dry-run``) only what
    is new."""
    keys = {item.key for message in messages for item in message.items}
    if not keys:
        return []
    taken = set(
        SentNotification.objects.filter(
            kind__in={message.kind for message in messages}, key__in=keys
        ).values_list("user_id", "kind", "key")
    )
    fresh = []
    for message in messages:
        items = tuple(
            item for item in message.items if (message.user.pk, message.kind, item.key) not in taken
        )
        if items:
            fresh.append(_with_items(message, items))
    return fresh


def _with_items(message: Message, items: tuple) -> Message:
    return message if items == message.items else replace(message, items=items)


# At once: enqueue after commit -------------------------------------------------------------------


class _News:
    """The callback on commit of one change that may be news.

    Every callback is also listed on the connection, in the order registered. The first of a
    transaction's callbacks to run takes the changes of the callbacks listed after it, so the
    transaction's task carries all of them, and empties the list: what was listed before it had
    run already or was rolled back (a rolled-back change found in a batch is harmless: the task
    reads what was committed)."""

    def __init__(self, *, status_update_id: int | None = None, activity_id: int | None = None):
        self.status_update_id = status_update_id
        self.activity_id = activity_id
        self.taken = False

    @classmethod
    def register(cls, **change) -> None:
        news = cls(**change)
        connection = transaction.get_connection()
        if connection.in_atomic_block:
            connection.__dict__.setdefault("_news_callbacks", []).append(news)
        transaction.on_commit(news)

    def __call__(self) -> None:
        from .tasks import send_news_task  # the task module imports the planners

        if self.taken:
            return
        listed = transaction.get_connection().__dict__.pop("_news_callbacks", [])
        later = listed[listed.index(self) + 1 :] if self in listed else []
        batch = [self, *(news for news in later if not news.taken)]
        for news in batch:
            news.taken = True
        send_news_task.enqueue(
            status_update_ids=sorted({n.status_update_id for n in batch} - {None}),
            activity_ids=sorted({n.activity_id for n in batch} - {None}),
        )


@receiver(post_save, sender=StatusUpdate, dispatch_uid="news_status_update_recorded")
def status_update_recorded(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.author_id:
        _News.register(status_update_id=instance.pk)


@receiver(post_save, sender=Activity, dispatch_uid="news_activity_saved")
def activity_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """An activity saved as the police's may have just become theirs: the task reads its
    history to know (no query here)."""
    if raw or not instance.police_responsible:
        return
    if update_fields is not None and "responsible" not in update_fields:
        return  # a renumbering, say: the responsibility did not change
    _News.register(activity_id=instance.pk)
