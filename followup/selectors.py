"""Reads for follow-up reports. Each runs a fixed number of queries however much data there is."""

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from promises.models import Activity, DueDate, FocusArea, Organisation, Promise, StatusUpdate
from promises.periods import target_windows
from promises.progress import Progress, count_per_window
from promises.text import FOLLOW_UP_MAX_LENGTH, fit_to_length

from .models import DocumentProfile, Report, ReportActivityEntry

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
    """The draft's starting follow-up: a short summary, not a pile of every update. The latest
    status with its date, and what the last update says; the period's figures against the target
    are printed beside it by the document itself, and every dated update stays listed beside the
    editor as material to draw from (and, when chosen, in the appendix).

    Only ever given the public updates (``ActivityRow.updates``): an internal update's text never
    reaches a report unless the coordinator writes it there.
    """
    if not updates:
        return ""
    newest_first = sorted(updates, key=lambda update: (update.date, update.pk or 0), reverse=True)
    latest = newest_first[0]
    status = _("Status %(date)s: %(status)s.") % {
        "date": latest.date.isoformat(),
        "status": latest.get_status_display(),
    }
    said = next((u.description.strip() for u in newest_first if u.description.strip()), "")
    return fit_to_length(f"{status}\n\n{said}" if said else status, FOLLOW_UP_MAX_LENGTH)


def _paragraphs(text: str) -> list[str]:
    """The text's paragraphs (split at blank lines), each with its whitespace collapsed."""
    paragraphs = (" ".join(part.split()) for part in (text or "").replace("\r", "").split("\n\n"))
    return [paragraph for paragraph in paragraphs if paragraph]


def internal_text_in(follow_up: str, internal_updates: list[StatusUpdate]) -> list[StatusUpdate]:
    """The internal updates whose whole text stands, paragraph by paragraph, in ``follow_up``:
    what a pre-fill from before internal updates were kept out left there, or a paste."""
    held = set(_paragraphs(follow_up))
    return [
        update
        for update in internal_updates
        if _paragraphs(update.description) and set(_paragraphs(update.description)) <= held
    ]


@dataclass
class ActivityRow:
    """One activity's material for a report period.

    ``updates`` are the public updates in the period: the pre-fill and the figures come from them,
    so that the report says what the public page and the open data say. ``internal_updates`` are
    shown beside the editor only; they count toward the figures when the coordinator has chosen
    so for this activity (``ReportActivityEntry.include_internal``).
    """

    activity: Activity
    entry: ReportActivityEntry | None
    updates: list[StatusUpdate]
    progress: list[Progress]
    internal_updates: list[StatusUpdate] = field(default_factory=list)

    @property
    def include_internal(self) -> bool:
        return self.entry is not None and self.entry.include_internal

    @property
    def included_internal_updates(self) -> list[StatusUpdate]:
        """The internal updates that the report takes along (counted in its figures)."""
        return self.internal_updates if self.include_internal else []

    @property
    def follow_up(self) -> str:
        return self.entry.follow_up if self.entry is not None else prefill_text(self.updates)

    @property
    def unchosen_internal_text(self) -> list[StatusUpdate]:
        """Internal updates whose text is in the follow-up although internal material was not
        chosen for the activity: issuing is refused until the coordinator decides."""
        if self.include_internal:
            return []
        return internal_text_in(self.follow_up, self.internal_updates)


@dataclass
class AreaRows:
    area: FocusArea
    rows: list[ActivityRow] = field(default_factory=list)


def report_material(report: Report, *, activity_ids: list[int] | None = None) -> list[AreaRows]:
    """The promise's focus areas and activities, each with this report's entry, the updates dated
    within the report's period and the progress toward its target in that period.

    Four queries: focus areas, activities, their status updates, and the report's entries.
    ``activity_ids`` narrows it to those activities (one page of the editor).
    """
    entries = report.entries.all()
    if activity_ids is not None:
        entries = entries.filter(activity_id__in=activity_ids)
    return promise_material(
        report.promise,
        start=report.period_start,
        end=report.period_end,
        entries=list(entries),
        activity_ids=activity_ids,
    )


def promise_material(
    promise: Promise,
    *,
    start: date,
    end: date,
    entries: list[ReportActivityEntry] | None = None,
    activity_ids: list[int] | None = None,
) -> list[AreaRows]:
    # Public is what StatusUpdate.objects.public() says, the rule of the public pages and the open
    # data, marked on each update in the same query.
    published = StatusUpdate.objects.public().filter(pk=OuterRef("pk"))
    updates = (
        StatusUpdate.objects.filter(date__gte=start, date__lte=end)
        .annotate(published=Exists(published))
        .order_by("date", "pk")
    )
    activities = Activity.objects.order_by("number").prefetch_related(
        Prefetch("status_updates", queryset=updates, to_attr="period_updates")
    )
    areas = promise.focus_areas.order_by("number")
    if activity_ids is not None:
        activities = activities.filter(pk__in=activity_ids)
        areas = areas.filter(activities__pk__in=activity_ids).distinct()
    areas = areas.prefetch_related(
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
            row = ActivityRow(
                activity=activity,
                entry=by_activity.get(activity.pk),
                updates=[update for update in chosen if update.published],
                internal_updates=[update for update in chosen if not update.published],
                progress=[],
            )
            counted = row.updates + row.included_internal_updates
            row.progress = period_progress(activity, counted, start, end)
            group.rows.append(row)
        result.append(group)
    return result


# The editor's pages -----------------------------------------------------------------------------

# Activities per page of the report editor. A page's POST carries at most four fields per activity
# besides the report's own (about 120 with the signatory and document rows), so it stays well
# under Django's DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000) however many activities a promise has.
ENTRIES_PER_PAGE = 100


@dataclass
class EntryPage:
    """One page of a draft's activities in the editor, with every page's code range for the
    navigation (e.g. "1:1–1:100")."""

    number: int
    labels: list[str]
    material: list[AreaRows]

    @property
    def count(self) -> int:
        return len(self.labels)

    @property
    def pages(self) -> list[tuple[int, str]]:
        return list(enumerate(self.labels, start=1))

    def number_or_current(self, value) -> int:
        """A page number from the request, or this page's when it is not one."""
        return _page_number(value, self.count, default=self.number)


def _page_number(value, count: int, *, default: int = 1) -> int:
    """``value`` (ASCII digits only, e.g. from the query string) within 1–``count``."""
    text = str(value or "")
    if text.isascii() and text.isdigit():
        return min(max(int(text), 1), count)
    return default


def entry_page(report: Report, page) -> EntryPage:
    """The page ``page`` (1-based, from the query string) of the report's activities, in the order
    of the document; an invalid or too large number gives the first or the last page."""
    codes = list(
        Activity.objects.filter(focus_area__promise_id=report.promise_id)
        .order_by("focus_area__number", "number", "pk")
        .values_list("pk", "focus_area__number", "number")
    )
    chunks = [codes[i : i + ENTRIES_PER_PAGE] for i in range(0, len(codes), ENTRIES_PER_PAGE)]
    labels = [f"{c[0][1]}:{c[0][2]}–{c[-1][1]}:{c[-1][2]}" for c in chunks] or [""]
    number = _page_number(page, len(labels))
    if len(chunks) <= 1:
        # One page: every focus area, the empty ones included, as the document shows them.
        return EntryPage(number=1, labels=labels, material=report_material(report))
    ids = [pk for pk, _area, _number in chunks[number - 1]]
    return EntryPage(
        number=number, labels=labels, material=report_material(report, activity_ids=ids)
    )


# Reports ---------------------------------------------------------------------------------------


def report_with_parts(pk: int) -> Report:
    """A report with everything the snapshot needs that is not the chain (three queries)."""
    return (
        Report.objects.select_related(
            "promise__agreement__municipality__document_profile", "replaces"
        )
        .prefetch_related("signatories", "decision_documents")
        .get(pk=pk)
    )


# What a list of reports shows (the report list, the secretary's start page): never the texts or
# the frozen snapshot of a report, which may be long.
REPORT_LIST_FIELDS = (
    "title",
    "version",
    "status",
    "date",
    "issued_at",
    "period_start",
    "period_end",
    "updated_at",
    "issue_requested_at",
    "recipient_body",
    "our_reference",
    "promise__agreement__municipality__name",
)


def report_base_queryset() -> QuerySet[Report]:
    """Reports as lists show them: their list fields and the kommun's name (one query)."""
    return Report.objects.select_related("promise__agreement__municipality").only(
        *REPORT_LIST_FIELDS
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
        reports = reports.filter(recipient_body=filters.committee)
    if filters.year:
        reports = reports.filter(date__year=filters.year)
    if filters.municipality_id:
        reports = reports.filter(promise__agreement__municipality_id=filters.municipality_id)
    return reports.order_by("-date", "-issued_at", "-pk")


def issued_reports_page(user, filters: ReportFilters, page_number) -> Page:
    return Paginator(issued_reports(user, filters), PAGE_SIZE).get_page(page_number)


def written_follow_up_count(report: Report) -> int:
    """How many of the draft's activities have a follow-up text written (one query)."""
    return report.entries.exclude(follow_up="").count()


def draft_reports(user) -> list[Report]:
    """Drafts in progress, for the coordinators who write them."""
    return list(
        report_base_queryset().editable_by(user).drafts().order_by("-updated_at", "-pk")[:PAGE_SIZE]
    )


def filter_choices(user) -> dict:
    """Committees, years and kommuner that occur among the user's issued reports (two queries)."""
    reports = Report.objects.visible_to(user).issued()
    committees = (
        reports.exclude(recipient_body="")
        .order_by("recipient_body")
        .values_list("recipient_body", flat=True)
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


def unmet_due_dates(user, promise: Promise | None = None) -> QuerySet[DueDate]:
    """The planned follow-ups a new report may meet: the unmet ones of ``promise``, or of every
    promise the user may write reports for."""
    promises = editable_promises(user) if promise is None else Promise.objects.filter(pk=promise.pk)
    return (
        DueDate.objects.unmet()
        .filter(promise__in=promises.values("pk"))
        .select_related("promise")
        .order_by("due_on", "pk")
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


# Document profiles ------------------------------------------------------------------------------


def document_profile(municipality) -> DocumentProfile:
    """The kommun's document profile without its logo's bytes (``logo_type`` and ``logo_sha256``
    say whether it has one), or an unsaved profile with the defaults: a profile is created on its
    first save."""
    profile = DocumentProfile.objects.defer("logo").filter(municipality=municipality).first()
    if profile is None:
        profile = DocumentProfile(municipality=municipality)
    profile.municipality = municipality  # the caller's object: no query for its name
    return profile


def profile_logo(municipality) -> dict | None:
    """The logo of the kommun's profile as stored (``logo``, ``logo_type``, ``logo_sha256``), or
    None."""
    return (
        DocumentProfile.objects.filter(municipality=municipality)
        .exclude(logo_type="")
        .values("logo", "logo_type", "logo_sha256")
        .first()
    )


def profile_municipalities(user) -> list:
    """The kommuner whose document profiles ``user`` edits (their coordinator), by name."""
    return list(Organisation.objects.coordinated_by(user).municipalities().order_by("name"))
