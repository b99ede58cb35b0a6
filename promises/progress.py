"""Progress toward an activity's target, and its latest update, counted in SQL.

A page of activities needs, for each of them, the latest status update and the number of
occurrences in each target period. Both are computed by the database for the activities on the
page only: the latest update's id in the activities' own query (an index look-up per activity),
the updates themselves in one query by id, and the occurrences as one aggregate query with a filtered sum per target period, so that no page loads
an activity's updates into Python however many there are.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Activity, StatusUpdate
from .periods import Window, current_first, target_windows

# Newest first: the order of every timeline, and the order that makes the first update the latest.
NEWEST_FIRST = ("-date", "-pk")


@dataclass(frozen=True)
class Progress:
    """Achieved against target in one target period (``window``); ``is_current`` for the period
    that holds today (or the last one, once the promise has ended)."""

    achieved: int
    target: int
    unit: str
    window: Window
    is_current: bool = False

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.achieved / self.target)) if self.target else 0

    @property
    def is_met(self) -> bool:
        return self.achieved >= self.target

    @property
    def text(self) -> str:
        return _("%(achieved)s av %(target)s %(unit)s, %(period)s") % {
            "achieved": self.achieved,
            "target": self.target,
            "unit": self.unit,
            "period": self.window.label,
        }

    @property
    def period_text(self) -> str:
        """The period first, for a list of periods: "2021: 22 av 48 narkotikainsatser"."""
        return _("%(period)s: %(achieved)s av %(target)s %(unit)s") % {
            "period": self.window.label,
            "achieved": self.achieved,
            "target": self.target,
            "unit": self.unit,
        }

    @property
    def short_text(self) -> str:
        return _("%(achieved)s av %(target)s") % {
            "achieved": self.achieved,
            "target": self.target,
        }


def count_per_window(
    activity: Activity, updates, windows: list[Window], *, current: Window | None = None
) -> list[Progress]:
    """Achieved against ``activity``'s target in each of ``windows``: the occurrences of the
    ``updates`` (already loaded, e.g. a report's updates of its period) dated within it."""
    return [
        Progress(
            achieved=sum(update.occurrences for update in updates if update.date in window),
            target=activity.target_count,
            unit=activity.target_unit,
            window=window,
            is_current=window == current,
        )
        for window in windows
    ]


def target_periods(activity: Activity, *, day: date) -> list[Window]:
    """The target periods of ``activity``'s promise that have begun by ``day``: the current one
    (or the last, once the promise has ended) first, then the earlier ones, newest first. Empty
    for an activity without a target. ``activity.focus_area.promise`` must be loaded."""
    if not activity.has_target:
        return []
    promise = activity.focus_area.promise
    windows = target_windows(
        activity.target_period, start=promise.period_start, end=promise.period_end
    )
    return current_first(windows, day)


def with_newest_update(activities, updates=None):
    """``activities`` annotated with ``newest_update_pk``: the id of the newest of each one's
    ``updates`` (all of them by default), a look-up in the index of updates by activity and date
    for each activity, in the activities' own query."""
    updates = updates if updates is not None else StatusUpdate.objects.all()
    newest = updates.filter(activity=OuterRef("pk")).order_by(*NEWEST_FIRST).values("pk")[:1]
    return activities.annotate(newest_update_pk=Subquery(newest))


def attach_progress(
    activities, updates=None, *, day: date | None = None, every_period: bool = True
) -> None:
    """Give each of ``activities`` (fetched ``with_newest_update`` and with their promise)
    ``latest_update``, ``progress_periods`` (every target period that has begun, current first;
    only the current one unless ``every_period``) and ``progress`` (the current period).

    Two queries: the newest updates by their ids, with their authors; and the occurrences, summed
    by the database over the ``updates`` (all by default; the public pages pass the public ones)
    of these activities, one filtered sum per distinct target period among them.
    """
    day = day or timezone.localdate()
    activities = list(activities)
    newest_pks = [pk for a in activities if (pk := getattr(a, "newest_update_pk", None))]
    # Queried even when no activity has an update ([0] matches nothing), so that a page's number
    # of queries does not depend on its data; not queried for activities read without the ids
    # (an activity's own page shows its timeline instead).
    newest = {}
    if any(hasattr(activity, "newest_update_pk") for activity in activities):
        newest = StatusUpdate.objects.select_related("author").in_bulk(newest_pks or [0])
    periods: dict[int, list[Window]] = {}
    aliases: dict[tuple[date, date], str] = {}
    for activity in activities:
        activity.latest_update = newest.get(getattr(activity, "newest_update_pk", None))
        windows = target_periods(activity, day=day)
        periods[activity.pk] = windows if every_period else windows[:1]
        for window in periods[activity.pk]:
            aliases.setdefault((window.start, window.end), f"period_{len(aliases)}")
    sums: dict[int, dict] = {}
    if aliases:
        updates = updates if updates is not None else StatusUpdate.objects.all()
        rows = (
            updates.filter(activity__in=[pk for pk, windows in periods.items() if windows])
            .order_by()
            .values("activity_id")
            .annotate(
                **{
                    alias: Sum("occurrences", filter=Q(date__gte=start, date__lte=end))
                    for (start, end), alias in aliases.items()
                }
            )
        )
        sums = {row["activity_id"]: row for row in rows}
    for activity in activities:
        windows = periods[activity.pk]
        row = sums.get(activity.pk, {})
        activity.progress_periods = [
            Progress(
                achieved=row.get(aliases[(window.start, window.end)]) or 0,
                target=activity.target_count,
                unit=activity.target_unit,
                window=window,
                is_current=index == 0,
            )
            for index, window in enumerate(windows)
        ]
        activity.progress = activity.progress_periods[0] if activity.progress_periods else None
