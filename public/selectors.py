"""Reads for the public pages, feeds and open data: "Följ med i hur det går!".

Everything here is for a visitor who is not logged in. The only ways in are the public QuerySet
methods (``Promise.objects.public()``, ``StatusUpdate.objects.public()``): drafts and internal updates
never reach a public page, feed or data file. Contact persons and authors are never read out.

Progress toward a target counts public updates only, so that nothing a citizen sees is derived from
an internal record; the page says so in plain words.

Each selector runs a fixed number of queries however much data there is.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cached_property
from itertools import groupby
from operator import attrgetter
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from promises.models import Activity, FocusArea, Organisation, Promise, PublicRevision, StatusUpdate
from promises.progress import NEWEST_FIRST
from promises.querysets import public_promise
from promises.selectors import promise_page, promise_tree
from promises.standing import FollowUpPeriods, PromiseStanding, monthly_updates, target_rows

FEED_LIMIT = 50
# How many updates a page of the public timeline shows ("Visa fler" shows the next ones).
TIMELINE_PAGE_SIZE = 20


# Pages -----------------------------------------------------------------------------------------


def public_municipalities():
    """Kommuner with at least one adopted (or earlier adopted) promise, never only drafts."""
    public = public_promise("agreements__promises__")
    current = Q(agreements__promises__status=Promise.Status.ADOPTED)
    return (
        Organisation.objects.municipalities()
        .annotate(
            public_count=Count("agreements__promises", filter=public, distinct=True),
            current_count=Count("agreements__promises", filter=current, distinct=True),
        )
        .filter(public_count__gt=0)
        .order_by("name")
    )


def get_public_municipality(slug: str) -> Organisation:
    """A kommun by its slug; 404 for an unknown slug or a police area."""
    return get_object_or_404(Organisation.objects.municipalities(), slug=slug)


def public_promises(municipality: Organisation) -> dict[str, list[Promise]]:
    """The kommun's adopted promises, split into current (antagen) and earlier (avslutad, ersatt)."""
    promises = list(
        Promise.objects.public()
        .in_municipality(municipality)
        .select_related("agreement__police_area")
        .defer(*Promise.LONG_TEXTS, "agreement__goals")
        .order_by("-period_start", "title")
    )
    return {
        "current": [p for p in promises if p.is_adopted],
        "earlier": [p for p in promises if not p.is_adopted],
    }


def get_public_promise(slug: str, pk: int) -> Promise:
    """An adopted promise of the kommun ``slug``; 404 for a draft, an unknown id or another kommun."""
    queryset = Promise.objects.public().select_related(
        "agreement__municipality", "agreement__police_area", "supersedes", "superseded_by"
    )
    promise = get_object_or_404(queryset, pk=pk, agreement__municipality__slug=slug)
    # Never link to a draft successor or predecessor.
    promise.public_supersedes = _public_or_none(promise.supersedes)
    promise.public_superseded_by = _public_or_none(getattr(promise, "superseded_by", None))
    return promise


def _public_or_none(promise: Promise | None) -> Promise | None:
    if promise is not None and promise.is_public:
        return promise
    return None


# What the timeline and the data files show of an update (never its author).
UPDATE_FIELDS = ("pk", "activity_id", "date", "status", "description", "occurrences", "created_at")
# What the timeline needs of an update's activity: its code ("2:3").
ACTIVITY_CODE_FIELDS = ("activity__number", "activity__focus_area__number")
# How many updates the data files read from the database at a time.
STREAM_CHUNK_SIZE = 2000


@dataclass
class PublicPromise:
    """What the public page, the CSV and the JSON of one promise show: one source for all three.

    The public updates themselves are never all loaded at once: the page reads one page of them,
    the data files stream them (``updates_by_activity``)."""

    promise: Promise
    focus_areas: list[FocusArea]
    # On the page, one page of the activities (``public_promise_page``); None in the data files,
    # which hold every activity.
    activity_page: Page | None = None

    @property
    def municipality(self) -> Organisation:
        return self.promise.agreement.municipality

    @cached_property
    def activities(self) -> list[Activity]:
        return [activity for area in self.focus_areas for activity in area.loaded_activities]

    @property
    def has_targets(self) -> bool:
        return any(activity.has_target for activity in self.activities)

    def public_updates(self):
        """The promise's public updates (a QuerySet, not yet run)."""
        return StatusUpdate.objects.public_on(self.promise)

    @cached_property
    def update_totals(self) -> dict:
        """How many public updates there are (``count``) and the date of the newest (``latest``).
        One query."""
        return self.public_updates().aggregate(count=Count("pk"), latest=Max("date"))

    @cached_property
    def summary(self) -> "PublicSummary":
        return PublicSummary.of(self)

    def _with_activities(self, updates) -> list[StatusUpdate]:
        """``updates`` with their activities (and focus areas) taken from the tree when it holds
        them; an update of an activity on another page of the activities keeps the activity it
        was read with."""
        by_pk = {activity.pk: activity for activity in self.activities}
        for update in updates:
            if update.activity_id in by_pk:
                update.activity = by_pk[update.activity_id]
        return list(updates)

    def timeline_page(self, number) -> Page:
        """One page of the public updates, newest first (``number`` as given in the address; an
        invalid one gives the first page, one past the end the last). One query for the page's
        updates, beside ``update_totals``: the page's ids are picked from the index of public
        updates alone (``update_public_activity_date``), and only their rows are read."""
        ids = self.public_updates().order_by(*NEWEST_FIRST).values("pk")
        paginator = Paginator(ids, TIMELINE_PAGE_SIZE)
        paginator.count = self.update_totals["count"]  # counted with the latest date
        page = paginator.get_page(number)
        rows = (
            StatusUpdate.objects.filter(pk__in=page.object_list)
            .select_related("activity__focus_area")
            .only(*UPDATE_FIELDS, *ACTIVITY_CODE_FIELDS)
        )
        page.object_list = self._with_activities(rows.order_by(*NEWEST_FIRST))
        return page

    def updates_by_activity(self) -> Iterator[tuple[Activity, list["PublicUpdateRow"]]]:
        """Every activity of the tree, in its order, with its public updates, newest first. One
        query, read in chunks (a server-side cursor on PostgreSQL) as plain rows, so that only one
        activity's updates are in memory at a time. Updates of an activity that is not in the tree
        (added or renumbered since the tree was read) are left out."""
        rows = (
            self.public_updates()
            .order_by("activity__focus_area__number", "activity__number", "-date", "-pk")
            .values_list(*PublicUpdateRow._fields)
            .iterator(chunk_size=STREAM_CHUNK_SIZE)
        )
        position = {activity.pk: n for n, activity in enumerate(self.activities)}
        groups = groupby(map(PublicUpdateRow._make, rows), key=attrgetter("activity_id"))
        pending = next(groups, None)
        for n, activity in enumerate(self.activities):
            while pending is not None and position.get(pending[0], -1) < n:
                pending = next(groups, None)
            if pending is not None and pending[0] == activity.pk:
                yield activity, list(pending[1])
                pending = next(groups, None)
            else:
                yield activity, []


class PublicUpdateRow(NamedTuple):
    """A public update as the data files show it: read as a plain row, not a model instance."""

    pk: int
    activity_id: int
    date: date
    status: str
    description: str
    occurrences: int

    def get_status_display(self) -> str:
        return StatusUpdate.Status(self.status).label


def _status_of(activity: Activity) -> str:
    """The activity's latest public status, "" when it has no public update yet."""
    return activity.latest_update.status if activity.latest_update else ""


@dataclass(frozen=True)
class AreaProgress:
    """How far a focus area has come: its activities done (by their latest public status)."""

    area: FocusArea
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass(frozen=True)
class PublicSummary:
    """What a citizen should grasp at once: how many activities are done, ongoing and delayed by
    their latest *public* status, each focus area's share done, and the latest public update."""

    total: int
    done: int
    ongoing: int
    delayed: int
    areas: list[AreaProgress]
    latest_update_on: date | None

    @property
    def other(self) -> int:
        """Not started, cancelled, or with no public update yet."""
        return self.total - self.done - self.ongoing - self.delayed

    @classmethod
    def of(cls, content: PublicPromise) -> "PublicSummary":
        if content.activity_page is not None:
            return cls.counted(content)
        statuses = [_status_of(activity) for activity in content.activities]
        done = StatusUpdate.Status.DONE
        return cls(
            total=len(statuses),
            done=statuses.count(done),
            ongoing=statuses.count(StatusUpdate.Status.IN_PROGRESS),
            delayed=statuses.count(StatusUpdate.Status.DELAYED),
            areas=[
                AreaProgress(
                    area=area,
                    done=sum(_status_of(a) == done for a in area.loaded_activities),
                    total=len(area.loaded_activities),
                )
                for area in content.focus_areas
            ],
            latest_update_on=content.update_totals["latest"],
        )

    @classmethod
    def counted(cls, content: PublicPromise) -> "PublicSummary":
        """The same figures for every activity of the promise when the page shows only some of
        them: counted by the database (one query), each activity's latest public status looked
        up in the index of public updates."""
        newest = (
            StatusUpdate.objects.public_on(content.promise)
            .filter(activity=OuterRef("pk"))
            .order_by(*NEWEST_FIRST)
            .values("status")[:1]
        )
        rows = (
            Activity.objects.filter(focus_area__promise=content.promise)
            .annotate(latest_status=Subquery(newest))
            .order_by()
            .values_list("focus_area_id", "latest_status")
            .annotate(count=Count("pk"))
        )
        per_area: dict[int, dict[str, int]] = {}
        for area_id, status, count in rows:
            per_area.setdefault(area_id, {})[status or ""] = count
        totals: dict[str, int] = {}
        for counts in per_area.values():
            for status, count in counts.items():
                totals[status] = totals.get(status, 0) + count
        done = StatusUpdate.Status.DONE
        return cls(
            total=sum(totals.values()),
            done=totals.get(done, 0),
            ongoing=totals.get(StatusUpdate.Status.IN_PROGRESS, 0),
            delayed=totals.get(StatusUpdate.Status.DELAYED, 0),
            areas=[
                AreaProgress(
                    area=area,
                    done=per_area.get(area.pk, {}).get(done, 0),
                    total=sum(per_area.get(area.pk, {}).values()),
                )
                for area in content.focus_areas
            ],
            latest_update_on=content.update_totals["latest"],
        )


def public_promise_page(promise: Promise, number, *, day: date | None = None) -> PublicPromise:
    """The public page's content: page ``number`` of the activities (in focus area order, every
    focus area named), each with its latest public status and progress counted from public
    updates only, and the figures of the whole promise (``PublicSummary.counted``)."""
    tree = promise_page(promise, number, updates=StatusUpdate.objects.public_on(promise), day=day)
    return PublicPromise(promise=promise, focus_areas=tree.focus_areas, activity_page=tree.page)


def public_promise_content(promise: Promise, *, day: date | None = None) -> PublicPromise:
    """The promise's focus areas and activities, each with its latest public status and progress
    counted from public updates only (``promise_tree``)."""
    areas = promise_tree(promise, updates=StatusUpdate.objects.public_on(promise), day=day)
    return PublicPromise(promise=promise, focus_areas=areas)


def public_charts(content: PublicPromise, *, day: date | None = None) -> PromiseStanding:
    """The charts of the public promise page, as on the Uppföljningsläge, counted from the
    promise's public updates only: the updates per month of the last twelve months (one query),
    and the progress toward the targets per period of the activities on the page in hand (their
    progress is already counted: no query). A promise of 231 activities shows its targets page by
    page, as it shows its activities, not in one chart of every activity."""
    day = day or timezone.localdate()
    promise = content.promise
    updates = StatusUpdate.objects.public_on(promise)
    return PromiseStanding(
        promise=promise,
        periods=FollowUpPeriods.of(promise, day),
        months=monthly_updates([promise], updates=updates, day=day)[promise.pk],
        targets=target_rows(content.activities),
    )


# Feeds -----------------------------------------------------------------------------------------


def public_feed_updates(*, municipality: Organisation, promise: Promise | None = None):
    """The newest public updates of a kommun (or of one of its promises), each with the time it
    last changed (``last_changed``) for the feed's ``updated`` element. One query."""
    updates = StatusUpdate.objects.public().filter(
        activity__focus_area__promise__agreement__municipality=municipality
    )
    if promise is not None:
        updates = updates.filter(activity__focus_area__promise=promise)
    return (
        updates.select_related("activity__focus_area")
        .annotate(last_changed=_revision(PublicRevision.Kind.UPDATE, OuterRef("pk")))
        .order_by(*NEWEST_FIRST)[:FEED_LIMIT]
    )


# Conditional requests --------------------------------------------------------------------------
#
# A public page's version (ETag and Last-Modified) is its kept public revision (see
# ``promises.public_revision``): stamped in the transaction of every change a visitor can see, and
# never by an internal one. What a page shows also depends on today (the current target period),
# so the version is never older than today's midnight.


def _revision(kind: str, object_id) -> Subquery:
    return Subquery(
        PublicRevision.objects.filter(kind=kind, object_id=object_id).values("changed_at")[:1]
    )


def day_floor(version: datetime | None) -> datetime:
    """``version``, but never older than today's midnight (local time)."""
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    return max(version, midnight) if version else midnight


def home_version() -> datetime:
    """When the list of kommuner last changed: a promise adopted, closed, superseded, edited or
    deleted, or a kommun renamed. One query."""
    row = PublicRevision.objects.filter(kind=PublicRevision.Kind.HOME).first()
    return day_floor(row.changed_at if row else None)


def municipality_version(slug: str) -> datetime | None:
    """The version of a kommun's public page and feed; None for an unknown kommun. One query."""
    row = (
        Organisation.objects.municipalities()
        .filter(slug=slug)
        .annotate(version=_revision(PublicRevision.Kind.MUNICIPALITY, OuterRef("pk")))
        .values_list("version")
        .first()
    )
    return day_floor(row[0]) if row else None


def promise_version(slug: str, pk: int) -> datetime | None:
    """The version of an adopted promise's page, feed and data; None for a draft or an unknown
    promise, so that a conditional request never reveals that a draft exists. One query.

    The page also shows the kommun's public lägesbild (the problems the promise answers and the
    measures against them, from other promises too), which stamps the kommun's revision
    (``situation.public_revision``): the newer of the two is the version."""
    row = (
        Promise.objects.public()
        .filter(pk=pk, agreement__municipality__slug=slug)
        .annotate(
            version=_revision(PublicRevision.Kind.PROMISE, OuterRef("pk")),
            kommun_version=_revision(
                PublicRevision.Kind.MUNICIPALITY, OuterRef("agreement__municipality_id")
            ),
        )
        .values_list("version", "kommun_version")
        .first()
    )
    if row is None:
        return None
    return day_floor(max((version for version in row if version is not None), default=None))
