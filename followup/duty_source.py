"""The checklist's "uppföljning gjord" (``situation.duty``): the newest issued follow-up report of
each kommun. ``situation`` may not import followup, so followup registers this source there when
it starts (``FollowupConfig.ready``). Two queries however many kommuner and reports."""

from django.db.models import OuterRef, Subquery

from promises.models import Organisation
from situation.duty import FollowUpDone

from .models import Report


def latest_issued_reports(municipality_ids: list[int]) -> dict[int, FollowUpDone]:
    newest = (
        Report.objects.issued()
        .filter(promise__agreement__municipality_id=OuterRef("pk"))
        .order_by("-date", "-issued_at", "-pk")
        .values("pk")[:1]
    )
    report_ids = dict(
        Organisation.objects.filter(pk__in=municipality_ids)
        .annotate(report_id=Subquery(newest))
        .filter(report_id__isnull=False)
        .values_list("report_id", "pk")
    )
    reports = Report.objects.filter(pk__in=report_ids).only("pk", "title", "date")
    return {
        report_ids[report.pk]: FollowUpDone(
            title=report.title, date=report.date, url=report.get_absolute_url()
        )
        for report in reports
    }
