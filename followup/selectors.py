"""Reads for follow-up reports. Each runs a fixed number of queries however much data there is."""

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.db.models.functions import ExtractYear

from promises.models import Activity, FocusArea, Promise, StatusUpdate
from promises.periods import target_windows
from promises.selectors import Progress, count_per_window
from promises.text import FOLLOW_UP_MAX_LENGTH, fit_to_length

from .models import Report, ReportActivityEntry

PAGE_SIZE = 50


# The promise's material for one period -------------------------------------------------------


def updates_in_period(updates, start: date, end: date) -> list[StatusUpdate]:
    """The updates dated within the period, oldest first: the order a follow-up tells them in."""
    chosen = [update for update in updates if start <= update.date <= end]
    return sorted(chosen, key=lambda update: (update.date, update.pk))


def period_progress(activity: Activity, updates, start: date, end: date) -> list[Progress]:
    """Achieved against target in each target period that overlaps ``start``–``end``.

    A closing report over 2024–2025 of "minst 4 per år" gets one line per year; a half-year
    report gets the year it falls in, counting only the updates within the report's period.
    """
    if not activity.has_target:
        return []
    promise = activity.focus_area.promise
    start = max(start, promise.period_start)
    end = min(end, promise.period_end)
    in_period = [update for update in updates if start <= update.date <= end]
    windows = target_windows(
        activity.target_period,
        start=start,
        end=end,
        whole_start=promise.period_start,
        whole_end=promise.period_end,
    )
    return count_per_window(activity, in_period, windows)


def prefill_text(updates: list[StatusUpdate]) -> str:
    """The draft's starting follow-up text: what each update in the period says, in order, cut to
    the length a follow-up may have (the updates themselves stay listed beside the editor)."""
    text = "\n\n".join(update.description.strip() for update in updates if update.description)
    return fit_to_length(text, FOLLOW_UP_MAX_LENGTH)


@dataclass
class ActivityRow:
    activity: Activity
    entry: ReportActivityEntry | None
    updates: list[StatusUpdate]
    progress: list[Progress]


@dataclass
class AreaRows:
    area: FocusArea
    rows: list[ActivityRow] = field(default_factory=list)


def report_material(report: Report) -> list[AreaRows]:
    """The promise's focus areas and activities, each with this report's entry, the updates dated
    within the report's period and the progress toward its target in that period.

    Four queries: focus areas, activities, their status updates, and the report's entries.
    """
    return promise_material(
        report.promise,
        start=report.period_start,
        end=report.period_end,
        entries=list(report.entries.all()),
    )


def promise_material(
    promise: Promise,
    *,
    start: date,
    end: date,
    entries: list[ReportActivityEntry] | None = None,
) -> list[AreaRows]:
    updates = StatusUpdate.objects.filter(date__gte=start, date__lte=end).order_by("date", "pk")
    activities = Activity.objects.order_by("number").prefetch_related(
        Prefetch("status_updates", queryset=updates, to_attr="period_updates")
    )
    areas = promise.focus_areas.order_by("number").prefetch_related(
        Prefetch("activities", queryset=activities, to_attr="loaded_activities")
    )
    by_activity = {entry.activity_id: entry for entry in entries or []}
    result = []
    for area in areas:
        area.promise = promise
        group = AreaRows(area=area)
        for activity in area.loaded_activities:
            activity.focus_area = area
            chosen = updates_in_period(activity.period_updates, start, end)
            group.rows.append(
                ActivityRow(
                    activity=activity,
                    entry=by_activity.get(activity.pk),
                    updates=chosen,
                    progress=period_progress(activity, chosen, start, end),
                )
            )
        result.append(group)
    return result


# Reports ---------------------------------------------------------------------------------------


def report_with_parts(pk: int) -> Report:
    """A report with everything the snapshot needs that is not the chain (three queries)."""
    return (
        Report.objects.select_related("promise__agreement__municipality", "replaces")
        .prefetch_related("signatories", "decision_documents")
        .get(pk=pk)
    )


def report_base_queryset() -> QuerySet[Report]:
    return Report.objects.select_related(
        "promise__agreement__municipality", "issued_by", "replaces"
    )


@dataclass
class ReportFilters:
    committee: str = ""
    year: int | None = None
    municipality_id: int | None = None


def issued_reports(user, filters: ReportFilters) -> QuerySet[Report]:
    """The issued reports the user may read, newest first, narrowed by committee and year."""
    reports = report_base_queryset().visible_to(user).issued()
    if filters.committee:
        reports = reports.filter(your_reference=filters.committee)
    if filters.year:
        reports = reports.filter(date__year=filters.year)
    if filters.municipality_id:
        reports = reports.filter(promise__agreement__municipality_id=filters.municipality_id)
    return reports.order_by("-date", "-issued_at", "-pk")


def issued_reports_page(user, filters: ReportFilters, page_number) -> Page:
    return Paginator(issued_reports(user, filters), PAGE_SIZE).get_page(page_number)


def draft_reports(user) -> list[Report]:
    """Drafts in progress, for the coordinators who write them."""
    return list(
        report_base_queryset().editable_by(user).drafts().order_by("-updated_at", "-pk")[:PAGE_SIZE]
    )


def filter_choices(user) -> dict:
    """Committees, years and kommuner that occur among the user's issued reports (two queries)."""
    reports = Report.objects.visible_to(user).issued()
    committees = (
        reports.exclude(your_reference="")
        .order_by("your_reference")
        .values_list("your_reference", flat=True)
        .distinct()
    )
    rows = (
        reports.annotate(year=ExtractYear("date"))
        .values_list(
            "year", "promise__agreement__municipality_id", "promise__agreement__municipality__name"
        )
        .distinct()
    )
    years, municipalities = set(), {}
    for year, municipality_id, name in rows:
        years.add(year)
        municipalities[municipality_id] = name
    return {
        "committees": list(committees),
        "years": sorted(years, reverse=True),
        "municipalities": sorted(municipalities.items(), key=lambda item: item[1]),
    }


def versions_of(report: Report) -> list[Report]:
    """Every version in the report's line of corrections, newest first.

    Corrections form a short chain (one replaces the next); it is walked by reading all reports of
    the same promise and kind in one query.
    """
    siblings = {
        other.pk: other
        for other in Report.objects.filter(promise_id=report.promise_id, kind=report.kind)
        .select_related("issued_by")
        .only("pk", "version", "status", "replaces_id", "date", "issued_at", "issued_by", "title")
    }
    siblings[report.pk] = report
    replaced_by = {r.replaces_id: r for r in siblings.values() if r.replaces_id}
    first = report
    while first.replaces_id and first.replaces_id in siblings:
        first = siblings[first.replaces_id]
    chain = [first]
    while chain[-1].pk in replaced_by:
        chain.append(replaced_by[chain[-1].pk])
    return list(reversed(chain))


def editable_promises(user) -> QuerySet[Promise]:
    """Promises the user may write reports for (their kommun's, as coordinator)."""
    return (
        Promise.objects.editable_by(user)
        .exclude(status=Promise.Status.DRAFT)
        .select_related("agreement__municipality")
        .order_by("agreement__municipality__name", "-period_start", "title")
    )


def latest_report_of_municipality(promise: Promise) -> Report | None:
    """The kommun's most recent report, whose header fields a new draft starts from."""
    return (
        Report.objects.filter(promise__agreement__municipality_id=promise.agreement.municipality_id)
        .prefetch_related("signatories")
        .order_by("-created_at", "-pk")
        .first()
    )


# Downloads ---------------------------------------------------------------------------------------


class ReportIntegrityError(Exception):
    """The stored PDF is missing or its bytes no longer match the checksum recorded at issue."""


def verified_pdf(report: Report) -> bytes:
    """The issued PDF's bytes, read from storage and checked against the recorded SHA-256."""
    if not report.pdf or not report.pdf_sha256:
        raise ReportIntegrityError(f"Report {report.pk} has no stored PDF or no checksum.")
    try:
        with report.pdf.storage.open(report.pdf.name, "rb") as stored:
            data = stored.read()
    except OSError as error:
        raise ReportIntegrityError(f"Report {report.pk}: cannot read {report.pdf.name}.") from error
    actual = hashlib.sha256(data).hexdigest()
    if not hmac.compare_digest(actual, report.pdf_sha256):
        raise ReportIntegrityError(
            f"Report {report.pk}: {report.pdf.name} has SHA-256 {actual}, "
            f"recorded {report.pdf_sha256}."
        )
    return data
