"""The page count on the confirmation page of issuing, counted by a task and never in a request.

Laying a report out takes a second for a short one and minutes for the longest, so the page asks
for a count (``requested_pages``) and a task (``followup.tasks.count_pages_task``) lays out the
snapshot issuing would freeze (``count_pages``) and stores the count as a ``DraftLayout`` under the
snapshot's digest. A count is shown only for the digest of the snapshot the page shows: once the
draft changes, it is counted again. A page reloaded while the task runs does not ask again, unless
the earlier request has waited longer than ``COUNT_STALLED_AFTER`` (its worker was stopped).

The digest also names, on the confirmation form, the snapshot the coordinator confirmed:
``issuing.request_issue`` refuses to issue a draft whose snapshot no longer has it.
"""

import hashlib
import json
from datetime import timedelta
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from . import selectors
from .models import DraftLayout, Report
from .pdf import page_count
from .snapshot import build_snapshot

COUNT_STALLED_AFTER = timedelta(minutes=10)


def snapshot_digest(snapshot: dict[str, Any] | None) -> str:
    """SHA-256 of the snapshot's canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(
        snapshot, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(text.encode()).hexdigest()


def issuing_snapshot(report: Report) -> dict[str, Any]:
    """What issuing ``report`` would freeze now: the draft as it reads, or, once issuing was asked
    for, the snapshot frozen then."""
    if report.is_issuing:
        return report.snapshot
    return build_snapshot(selectors.report_with_parts(report.pk))


def requested_pages(*, report: Report, digest: str) -> int | None:
    """The page count of the snapshot with ``digest``, or None while a task counts it (asked for
    here unless it already is)."""
    now = timezone.now()
    with transaction.atomic():
        layout = DraftLayout.objects.select_for_update().filter(report=report).first()
        if layout is not None and layout.digest == digest:
            if layout.pages is not None:
                return layout.pages
            if now - layout.requested_at < COUNT_STALLED_AFTER:
                return None
        DraftLayout.objects.update_or_create(
            report=report,
            defaults={"digest": digest, "pages": None, "requested_at": now, "counted_at": None},
        )
        transaction.on_commit(lambda: _enqueue(report.pk))
    # The immediate backend (make run) has counted already, on the commit.
    return (
        DraftLayout.objects.filter(report=report, digest=digest)
        .values_list("pages", flat=True)
        .first()
    )


def _enqueue(report_pk: int) -> None:
    from .tasks import count_pages_task  # the task module imports this one

    count_pages_task.enqueue(report_pk)


def count_pages(*, report_pk: int) -> int | None:
    """Lay out the snapshot issuing ``report_pk`` would freeze now and store its page count under
    its digest. None for a report that is gone or issued; a count already stored is kept."""
    report = Report.objects.filter(pk=report_pk).first()
    if report is None or not report.is_draft:
        return None
    snapshot = issuing_snapshot(report)
    digest = snapshot_digest(snapshot)
    counted = (
        DraftLayout.objects.filter(report=report, digest=digest, pages__isnull=False)
        .values_list("pages", flat=True)
        .first()
    )
    if counted is not None:
        return counted
    pages = page_count(snapshot)
    with transaction.atomic():
        # The report may have been deleted meanwhile: lock it, so that it stays while we write.
        if not Report.objects.select_for_update().filter(pk=report_pk).exists():
            return None
        now = timezone.now()
        DraftLayout.objects.update_or_create(
            report_id=report_pk,
            defaults={"digest": digest, "pages": pages, "counted_at": now},
            create_defaults={
                "digest": digest,
                "pages": pages,
                "counted_at": now,
                "requested_at": now,
            },
        )
    return pages
