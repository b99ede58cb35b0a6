"""Reads for the public pages, feeds and open data: "Följ med i hur det går!".

Everything here is for a visitor who is not logged in. The only ways in are the public QuerySet
methods (``Promise.objects.public()``, ``StatusUpdate.objects.public()``): drafts and internal updates
never reach a public page, feed or data file. Contact persons and authors are never read out.

Progress toward a target counts public updates only, so that nothing a citizen sees is derived from
an internal record; the page says so in plain words.

Each selector runs a fixed number of queries however much data there is.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, TextField, Value, When, Window
from django.db.models.functions import Cast, Greatest, JSONObject, Lag
from django.shortcuts import get_object_or_404
from django.utils import timezone

from promises.models import Activity, Agreement, FocusArea, Organisation, Promise, StatusUpdate
from promises.querysets import PUBLIC_UPDATE, public_promise
from promises.selectors import promise_tree

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


@dataclass
class PublicPromise:
    """What the public page, the CSV and the JSON of one promise show: one source for all three."""

    promise: Promise
    focus_areas: list[FocusArea]
    updates: list[StatusUpdate] = field(default_factory=list)

    @property
    def municipality(self) -> Organisation:
        return self.promise.agreement.municipality

    @property
    def activities(self) -> list[Activity]:
        return [activity for area in self.focus_areas for activity in area.loaded_activities]

    @property
    def has_targets(self) -> bool:
        return any(activity.has_target for activity in self.activities)

    @cached_property
    def summary(self) -> "PublicSummary":
        return PublicSummary.of(self)

    def timeline_page(self, number) -> Page:
        """One page of the public updates, newest first (``number`` as given in the address; an
        invalid one gives the first page, one past the end the last). No query: the updates are
        already loaded for the progress figures."""
        return Paginator(self.updates, TIMELINE_PAGE_SIZE).get_page(number)


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
            latest_update_on=content.updates[0].date if content.updates else None,
        )


def public_promise_content(promise: Promise, *, day: date | None = None) -> PublicPromise:
    """The promise's focus areas, activities (latest public status, progress counted from public
    updates only) and its public updates, newest first. Three queries."""
    areas = promise_tree(promise, updates=StatusUpdate.objects.public(), day=day)
    activities = {}
    for area in areas:
        for activity in area.loaded_activities:
            activity.loaded_updates = []
            activities[activity.pk] = activity
    updates = list(
        StatusUpdate.objects.public()
        .filter(activity__focus_area__promise=promise)
        .select_related("author")
        .order_by("-date", "-pk")
    )
    for update in updates:
        update.activity = activities[update.activity_id]
        update.activity.loaded_updates.append(update)
    return PublicPromise(promise=promise, focus_areas=areas, updates=updates)


# Feeds -----------------------------------------------------------------------------------------


def _last_change_of_update():
    return _last_public_change(StatusUpdate, id=OuterRef("pk"))


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
        .annotate(last_changed=_last_change_of_update())
        .order_by("-date", "-pk")[:FEED_LIMIT]
    )


# Conditional requests --------------------------------------------------------------------------
#
# A public page changes when something it shows changes, and only then: its version (ETag and
# Last-Modified) must never move when only internal data changes (an internal update, an
# activity's contact persons, an agreement's goals, a promise's follow-up cadence), or the headers
# would tell that something happened.
#
# Every change leaves a row in the history tables (django-simple-history), deletions included. Each
# history row gets its *public snapshot*: the fields a visitor sees (PUBLIC_FIELDS), or nothing
# when the record is not public in that row (a draft promise, an update not marked public, a
# deletion). A row is a public change when its snapshot differs from the previous row's of the same
# record; the newest public change behind a page is its version. What a page shows also depends on
# today (the current target period), so the version is never older than today's midnight.

# What the public pages, feeds and open data show of each model (ids that link records included).
PUBLIC_FIELDS = {
    Organisation: ("kind", "name", "slug", "municipality_code", "contact_email"),
    Agreement: ("municipality_id", "police_area_id"),
    Promise: (
        "kind",
        "agreement_id",
        "title",
        "period_start",
        "period_end",
        "status",
        "adopted_by",
        "adopted_on",
        "adoption_paragraph",
        "reference_number",
        "supersedes_id",
        "purpose",
        "situation",
        "background",
        "joint_commitment",
        "expected_effect",
        "follow_along",
    ),
    FocusArea: ("promise_id", "number", "title", "definition"),
    Activity: (
        "focus_area_id",
        "number",
        "description",
        "responsible",
        "partners",
        "planned_start",
        "planned_end",
        "target_count",
        "target_unit",
        "target_period",
    ),
    StatusUpdate: ("activity_id", "date", "status", "description", "occurrences", "created_at"),
}

# When a history row is public at all (beside not being a deletion).
PUBLIC_ROW = {
    Promise: public_promise(),
    StatusUpdate: PUBLIC_UPDATE,
}


def _history(model):
    return model.history.model.objects


def _snapshot(model):
    """The public snapshot of a history row of ``model`` as text, or "" when it shows nothing."""
    fields = JSONObject(**{name: F(name) for name in PUBLIC_FIELDS[model]})
    shown = ~Q(history_type="-") & PUBLIC_ROW.get(model, Q())
    return Case(
        When(shown, then=Cast(fields, TextField())),
        default=Value(""),
        output_field=TextField(),
    )


def _last_public_change(model, **filters) -> Subquery:
    """When the public snapshot of one of the ``model`` records chosen by ``filters`` (on its
    history, e.g. ``id__in=…``: whole records, so that each row is compared with its own previous
    row) last changed. One subquery."""
    snapshot = _snapshot(model)
    previous = Window(
        Lag(snapshot, default=Value(""), output_field=TextField()),
        partition_by=[F("id")],
        order_by=[F("history_date").asc(), F("history_id").asc()],
    )
    changes = (
        _history(model)
        .filter(**filters)
        .annotate(snapshot=snapshot, previous=previous)
        .exclude(previous=F("snapshot"))
        .order_by("-history_date")
        .values("history_date")[:1]
    )
    return Subquery(changes)


def _chain_versions(promise_ids) -> list[Subquery]:
    """The last public changes of the promises ``promise_ids`` and everything below them."""
    area_ids = _history(FocusArea).filter(promise_id__in=promise_ids).values("id")
    activity_ids = _history(Activity).filter(focus_area_id__in=area_ids).values("id")
    update_ids = _history(StatusUpdate).filter(activity_id__in=activity_ids).values("id")
    return [
        _last_public_change(Promise, id__in=promise_ids),
        _last_public_change(FocusArea, id__in=area_ids),
        _last_public_change(Activity, id__in=activity_ids),
        _last_public_change(StatusUpdate, id__in=update_ids),
    ]


def day_floor(version: datetime | None) -> datetime:
    """``version``, but never older than today's midnight (local time)."""
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    return max(version, midnight) if version else midnight


def _version_row(queryset, *versions):
    """Annotate the one row of ``queryset`` with the newest of ``versions`` (one query)."""
    return queryset.order_by().annotate(version=Greatest(*versions)).values_list("pk", "version")


def home_version() -> datetime | None:
    """When the list of kommuner last changed: a promise adopted, closed or superseded, or a
    kommun renamed. One query."""
    municipality_ids = _history(Organisation).filter(kind=Organisation.Kind.MUNICIPALITY)
    row = _version_row(
        Organisation.objects.all(),
        _last_public_change(Promise, id__in=_ever_public_promises()),
        _last_public_change(Organisation, id__in=municipality_ids.values("id")),
    ).first()
    return day_floor(row[1] if row else None)


def _municipality_ids(slug: str):
    return Organisation.objects.municipalities().filter(slug=slug).values("pk")


def _ever_public_promises(**filters):
    """Ids of the promises chosen by ``filters`` that have ever been public. Before a promise is
    adopted, nothing below it is public; its adoption is newer than any change made before it."""
    return _history(Promise).filter(public_promise(), **filters).values("id")


def municipality_version(slug: str) -> datetime | None:
    """The version of a kommun's public page and feed; None for an unknown kommun. One query."""
    promise_ids = _ever_public_promises(agreement__municipality__slug=slug)
    agreement_ids = _history(Promise).filter(id__in=promise_ids).values("agreement_id")
    police_area_ids = _history(Agreement).filter(id__in=agreement_ids).values("police_area_id")
    row = _version_row(
        Organisation.objects.municipalities().filter(slug=slug),
        *_chain_versions(promise_ids),
        _last_public_change(Agreement, id__in=agreement_ids),
        _last_public_change(Organisation, id__in=_municipality_ids(slug)),
        _last_public_change(Organisation, id__in=police_area_ids),
    ).first()
    return day_floor(row[1]) if row else None


def promise_version(slug: str, pk: int) -> datetime | None:
    """The version of an adopted promise's page, feed and data; None for a draft or an unknown
    promise, so that a conditional request never reveals that a draft exists. One query."""
    agreement_ids = Promise.objects.filter(pk=pk).values("agreement_id")
    police_area_ids = _history(Agreement).filter(id__in=agreement_ids).values("police_area_id")
    # The predecessor and the successor that the page links to (when they are public).
    predecessor_ids = _history(Promise).filter(id=pk).values("supersedes_id")
    successor_ids = _history(Promise).filter(supersedes_id=pk).values("id")
    row = _version_row(
        Promise.objects.public().filter(pk=pk, agreement__municipality__slug=slug),
        *_chain_versions([pk]),
        _last_public_change(Agreement, id__in=agreement_ids),
        _last_public_change(Organisation, id__in=_municipality_ids(slug)),
        _last_public_change(Organisation, id__in=police_area_ids),
        _last_public_change(Promise, id__in=predecessor_ids),
        _last_public_change(Promise, id__in=successor_ids),
    ).first()
    return day_floor(row[1]) if row else None
