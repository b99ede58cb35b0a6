"""What the weekly digest says of each kommun, read for many kommuner at once.

Per kommun: what was recorded in the week before the digest's day (the status updates dated in
it, per promise), what is missing in each adopted promise's current follow-up period per party
(kommunen, polisen, gemensamt: the counts of ``promises.standing``, the same as on
"Uppföljningsläge", and the activities still without an update, ``awaiting_follow_up``, the same as
the reminders) and what is due next (the first unmet due dates). Everything is JSON, for the
sending task.

Six queries for any number of kommuner: the digests of all 290 are read together
(``municipality_sections``), then each recipient's e-mail takes the sections of their kommuner.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F
from django.urls import reverse
from django.utils.text import Truncator

from promises.models import Organisation, Promise, StatusUpdate
from promises.selectors import next_due_dates_of_municipalities
from promises.standing import FollowUpPeriods, party_standings
from promises.start_page import awaiting_follow_up

from .tokens import absolute

# Per promise (and party): at most this many rows are listed, the rest counted.
ROWS_SHOWN = 10
DUE_DATES_SHOWN = 3


@dataclass(frozen=True)
class Week:
    """The seven days before the digest's ``day`` (a Monday: the week from Monday to Sunday)."""

    day: date

    @property
    def start(self) -> date:
        return self.day - timedelta(days=7)

    @property
    def end(self) -> date:
        return self.day - timedelta(days=1)

    @property
    def number(self) -> int:
        return self.day.isocalendar().week

    @property
    def key(self) -> str:
        """The digest's idempotency key: one per ISO week."""
        year, week, _weekday = self.day.isocalendar()
        return f"vecka-{year}-W{week:02d}"


def _code(row: dict) -> str:
    return f"{row['focus_area__number']}:{row['number']}"


def _activity_url(activity_id: int, anchor: str = "") -> str:
    return absolute(reverse("promises:activity_detail", args=[activity_id]) + anchor)


def _capped(rows: list) -> tuple[list, int]:
    return rows[:ROWS_SHOWN], max(0, len(rows) - ROWS_SHOWN)


def _recorded(promise_ids, week: Week) -> dict[int, list[dict]]:
    """The updates dated in ``week``, per promise, oldest first (one query). Only a public
    update's text is quoted: an e-mail travels further than the app."""
    rows = (
        StatusUpdate.objects.filter(
            activity__focus_area__promise_id__in=promise_ids,
            date__gte=week.start,
            date__lte=week.end,
        )
        .order_by("activity__focus_area__promise_id", "date", "pk")
        .values(
            "activity_id",
            "date",
            "status",
            "is_public",
            "description",
            number=F("activity__number"),
            focus_area__number=F("activity__focus_area__number"),
            activity_description=F("activity__description"),
            promise_id=F("activity__focus_area__promise_id"),
        )
    )
    statuses = dict(StatusUpdate.Status.choices)
    recorded = defaultdict(list)
    for row in rows:
        recorded[row["promise_id"]].append(
            {
                "code": _code(row),
                "activity": Truncator(row["activity_description"]).words(12),
                "status": str(statuses.get(row["status"], row["status"])),
                "date": row["date"].isoformat(),
                "public": row["is_public"],
                "text": Truncator(row["description"]).words(25) if row["is_public"] else "",
                "url": _activity_url(row["activity_id"]),
            }
        )
    return recorded


def _missing(promises, periods) -> dict[tuple[int, str], list[dict]]:
    """The activities still without an update in their promise's current period, per promise
    and party (one query)."""
    windows = {pk: pair.current for pk, pair in periods.items() if pair.current is not None}
    rows = (
        awaiting_follow_up(windows)
        .order_by("focus_area__promise_id", "focus_area__number", "number")
        .values("pk", "number", "description", "responsible", "focus_area__number")
        .annotate(promise_id=F("focus_area__promise_id"))
    )
    missing = defaultdict(list)
    for row in rows:
        missing[(row["promise_id"], row["responsible"])].append(
            {
                "code": _code(row),
                "description": Truncator(row["description"]).words(12),
                "url": _activity_url(row["pk"], "#new-update-heading"),
            }
        )
    return missing


def _promise_section(promise, pair, parties, recorded, missing) -> dict:
    end = min(pair.current.end, promise.period_end) if pair.current else None
    updates, more_updates = _capped(recorded.get(promise.pk, []))
    party_rows = []
    for party in parties:
        if not party.total:
            continue
        rows, more = _capped(missing.get((promise.pk, party.responsible), []))
        party_rows.append(
            {
                "label": str(party.label),
                "total": party.total,
                "updated": party.updated,
                "overdue": party.overdue,
                "missing": rows,
                "more": more,
            }
        )
    return {
        "title": promise.title,
        "url": absolute(promise.get_absolute_url()),
        "period": str(pair.current.label) if pair.current else "",
        "period_end": end.isoformat() if end else "",
        "updates": updates,
        "update_count": len(recorded.get(promise.pk, [])),
        "more_updates": more_updates,
        "parties": party_rows,
        "missing_count": sum(party.total - party.updated for party in parties),
    }


def _due_row(due_date) -> dict:
    document = due_date.promise or due_date.agreement
    return {
        "title": due_date.title,
        "recipient": due_date.recipient,
        "due_on": due_date.due_on.isoformat(),
        "late": due_date.overdue,
        "document": document.title,
        "url": absolute(document.get_absolute_url()),
    }


def municipality_sections(ids, week: Week) -> dict[int, dict]:
    """The digest's section of each kommun of ``ids`` that has something to say: its name, its
    adopted promises (recorded this week, missing in the period) and its next due dates. Six
    queries, whatever the number of kommuner."""
    day = week.day
    names = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name"))
    promises = list(
        Promise.objects.filter(status=Promise.Status.ADOPTED, agreement__municipality_id__in=ids)
        .select_related("agreement")
        .only(
            "title",
            "follow_up_cadence",
            "period_start",
            "period_end",
            "agreement__municipality_id",
        )
        .order_by("-period_start", "title", "pk")
    )
    periods = {promise.pk: FollowUpPeriods.of(promise, day) for promise in promises}
    parties = party_standings(promises, periods)
    missing = _missing(promises, periods)
    recorded = _recorded([promise.pk for promise in promises], week)
    due = next_due_dates_of_municipalities(ids, day=day, per_municipality=DUE_DATES_SHOWN)

    by_municipality = defaultdict(list)
    for promise in promises:
        pair = periods[promise.pk]
        if pair.current is None and not recorded.get(promise.pk):
            continue  # not begun: nothing expected yet
        section = _promise_section(promise, pair, parties[promise.pk], recorded, missing)
        by_municipality[promise.agreement.municipality_id].append(section)
    sections = {}
    for pk, name in names.items():
        promise_sections = by_municipality.get(pk, [])
        due_rows = [_due_row(due_date) for due_date in due.get(pk, [])]
        if not (promise_sections or due_rows):
            continue
        sections[pk] = {
            "name": name,
            "promises": promise_sections,
            "update_count": sum(p["update_count"] for p in promise_sections),
            "missing_count": sum(p["missing_count"] for p in promise_sections),
            "due": due_rows,
        }
    return sections


def waiting_line(kind: str, subject: str, context: dict) -> dict:
    """How the digest lists one item that waited for it (any kind): an activity reminder names
    its activity; any other kind its ``title`` or ``text``, else the subject it would have had."""
    if "code" in context:
        text = f"{context['code']}: {context.get('description', '')}"
        detail = ", ".join(
            str(context[name]) for name in ("promise", "period") if context.get(name)
        )
    else:
        text = context.get("title") or context.get("text") or subject
        detail = context.get("promise", "")
    return {
        "text": Truncator(text).words(25),
        "detail": detail,
        "municipality": context.get("municipality", ""),
        "url": context.get("url", ""),
    }
