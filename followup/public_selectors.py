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

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Greatest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from promises.models import Activity, Agreement, FocusArea, Organisation, Promise, StatusUpdate
from promises.selectors import promise_tree

PUBLIC_STATUSES = (Promise.Status.ADOPTED, Promise.Status.CLOSED, Promise.Status.SUPERSEDED)
EARLIER_STATUSES = (Promise.Status.CLOSED, Promise.Status.SUPERSEDED)
FEED_LIMIT = 50


# Pages -----------------------------------------------------------------------------------------


def public_municipalities():
    """Kommuner with at least one adopted (or earlier adopted) promise, never only drafts."""
    public = Q(agreements__promises__status__in=PUBLIC_STATUSES)
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
        "current": [p for p in promises if p.status == Promise.Status.ADOPTED],
        "earlier": [p for p in promises if p.status in EARLIER_STATUSES],
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
    if promise is not None and promise.status in PUBLIC_STATUSES:
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


def public_promise_content(promise: Promise, *, day: date | None = None) -> PublicPromise:
    """The promise's focus areas, activities (latest public status, progress counted from public
    updates only) and its public updates, newest first. Three queries."""
    areas = promise_tree(promise, updates=StatusUpdate.objects.public(), day=day)
    updates = []
    for area in areas:
        for activity in area.loaded_activities:
            for update in activity.loaded_updates:
                update.activity = activity
                updates.append(update)
    updates.sort(key=lambda update: (update.date, update.pk), reverse=True)
    return PublicPromise(promise=promise, focus_areas=areas, updates=updates)


# Feeds -----------------------------------------------------------------------------------------


def _last_change_of_update():
    history = StatusUpdate.history.model.objects.filter(id=OuterRef("pk"))
    return Subquery(history.order_by("-history_date").values("history_date")[:1])


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
# A public page changes when a record it shows changes. Every change leaves a row in the history
# tables (django-simple-history), deletions included, so the newest history_date among the records
# behind a page is its version. Status updates count only if they are, or ever were, public: an
# internal note never moves a public page's Last-Modified, while an update taken back from the public
# still does (the page lost it). What a page shows also depends on today (the current target
# period), so the version is never older than today's midnight.


def _latest(queryset) -> Subquery:
    return Subquery(queryset.order_by("-history_date").values("history_date")[:1])


def _history(model):
    return model.history.model.objects


def _chain_versions(promise_ids) -> list[Subquery]:
    """The newest history rows of the promises ``promise_ids`` and everything below them."""
    area_ids = _history(FocusArea).filter(promise_id__in=promise_ids).values("id")
    activity_ids = _history(Activity).filter(focus_area_id__in=area_ids).values("id")
    ever_public = _history(StatusUpdate).filter(is_public=True).values("id")
    return [
        _latest(_history(Promise).filter(id__in=promise_ids)),
        _latest(_history(FocusArea).filter(promise_id__in=promise_ids)),
        _latest(_history(Activity).filter(focus_area_id__in=area_ids)),
        _latest(_history(StatusUpdate).filter(activity_id__in=activity_ids, id__in=ever_public)),
    ]


def day_floor(version: datetime | None) -> datetime:
    """``version``, but never older than today's midnight (local time)."""
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    return max(version, midnight) if version else midnight


def home_version() -> datetime | None:
    """When the list of kommuner last changed: a promise adopted, closed or superseded, or a
    kommun renamed. One query."""
    version = Greatest(
        _latest(_history(Promise).filter(status__in=PUBLIC_STATUSES)),
        _latest(_history(Organisation).filter(kind=Organisation.Kind.MUNICIPALITY)),
    )
    value = Organisation.objects.order_by().annotate(version=version).values("version").first()
    return day_floor(value["version"] if value else None)


def municipality_version(slug: str) -> datetime | None:
    """The version of a kommun's public page and feed; None for an unknown kommun. One query."""
    promise_ids = (
        _history(Promise)
        .filter(agreement__municipality__slug=slug, status__in=PUBLIC_STATUSES)
        .values("id")
    )
    organisations = _history(Organisation).filter(
        Q(id=OuterRef("pk")) | Q(id__in=_police_area_ids_of(slug))
    )
    version = Greatest(*_chain_versions(promise_ids), _latest(organisations))
    row = (
        Organisation.objects.municipalities()
        .filter(slug=slug)
        .annotate(version=version)
        .values_list("pk", "version")
        .first()
    )
    return day_floor(row[1]) if row else None


def _police_area_ids_of(slug: str):
    return Agreement.objects.filter(municipality__slug=slug).values("police_area_id")


def promise_version(slug: str, pk: int) -> datetime | None:
    """The version of an adopted promise's page, feed and data; None for a draft or an unknown
    promise, so that a conditional request never reveals that a draft exists. One query."""
    organisations = _history(Organisation).filter(
        Q(id=OuterRef("agreement__municipality_id")) | Q(id=OuterRef("agreement__police_area_id"))
    )
    version = Greatest(
        *_chain_versions([pk]),
        _latest(_history(Agreement).filter(id=OuterRef("agreement_id"))),
        _latest(organisations),
        # A predecessor or successor that is linked from the page.
        _latest(_history(Promise).filter(Q(supersedes_id=pk) | Q(id=OuterRef("supersedes_id")))),
    )
    row = (
        Promise.objects.public()
        .filter(pk=pk, agreement__municipality__slug=slug)
        .order_by()
        .annotate(version=version)
        .values_list("pk", "version")
        .first()
    )
    return day_floor(row[1]) if row else None
