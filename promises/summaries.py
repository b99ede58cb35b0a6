"""Keeps ``ActivitySummary`` (each activity's newest update) true, in the transaction of the change.

Every save and delete of a status update rewrites its activity's row (signals, so that services, the
admin and restores from the deletion log are all covered). Writes that bypass signals (bulk inserts
of demo or benchmark data, SQL) call ``refresh_activity_summaries`` themselves; ``manage.py
refresh_summaries`` rewrites every row and reports how many were wrong.

Two updates to one activity written at the same time: each refresh first locks the activity's row
(``FOR NO KEY UPDATE``, which does not wait for the key-share locks that inserting an update takes),
so the second one reads the first one's update once it is committed, and the row ends with the
newest of both.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Activity, ActivitySummary, StatusUpdate
from .progress import NEWEST_FIRST

CHUNK = 2000


def _newest(field: str) -> Subquery:
    newest = StatusUpdate.objects.filter(activity=OuterRef("pk")).order_by(*NEWEST_FIRST)
    return Subquery(newest.values(field)[:1])


def refresh_activity_summaries(activity_ids: Iterable[int]) -> None:
    """Rewrite the summary rows of ``activity_ids`` from their updates (four queries per 2,000)."""
    ids = sorted(set(activity_ids))
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            _refresh(ids[start : start + CHUNK])


def _refresh(ids: list[int]) -> None:
    # Locked in id order, so that two refreshes of overlapping activities never deadlock.
    list(
        Activity.objects.select_for_update(no_key=True)
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rows = (
        Activity.objects.filter(pk__in=ids)
        .annotate(
            newest_pk=_newest("pk"), newest_date=_newest("date"), newest_status=_newest("status")
        )
        .filter(newest_pk__isnull=False)
        .values_list("pk", "newest_pk", "newest_date", "newest_status")
    )
    summaries = [
        ActivitySummary(
            activity_id=pk, latest_update_id=update_id, latest_date=day, latest_status=status
        )
        for pk, update_id, day, status in rows
    ]
    kept = {summary.activity_id for summary in summaries}
    ActivitySummary.objects.filter(activity_id__in=[pk for pk in ids if pk not in kept]).delete()
    ActivitySummary.objects.bulk_create(
        summaries,
        update_conflicts=True,
        unique_fields=["activity"],
        update_fields=["latest_update_id", "latest_date", "latest_status"],
    )


def refresh_all_summaries() -> int:
    """Rewrite every summary row; the number of activities whose row was wrong or missing."""
    before = set(
        ActivitySummary.objects.values_list(
            "activity_id", "latest_update_id", "latest_date", "latest_status"
        )
    )
    ActivitySummary.objects.exclude(
        activity_id__in=StatusUpdate.objects.values("activity_id")
    ).delete()
    refresh_activity_summaries(
        StatusUpdate.objects.order_by().values_list("activity_id", flat=True).distinct()
    )
    after = set(
        ActivitySummary.objects.values_list(
            "activity_id", "latest_update_id", "latest_date", "latest_status"
        )
    )
    return len({row[0] for row in before ^ after})


@receiver(post_save, sender=StatusUpdate)
def status_update_saved(sender, instance, **kwargs):
    refresh_activity_summaries([instance.activity_id])


@receiver(post_delete, sender=StatusUpdate)
def status_update_deleted(sender, instance, origin=None, **kwargs):
    # An update that goes with its activity (a cascade from the activity, focus area or promise)
    # takes the summary row with it; only a deletion of updates themselves changes the newest.
    if isinstance(origin, StatusUpdate) or getattr(origin, "model", None) is StatusUpdate:
        refresh_activity_summaries([instance.activity_id])
