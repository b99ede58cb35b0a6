"""Status updates: public and internal, spread over each promise's period up to today, written by
the kommun's coordinators or the area's police after who answers for the activity; a few corrected
or published later (a "~" history row with a reason)."""

import random
from datetime import UTC, date, datetime, time, timedelta

from promises.models import Activity, StatusUpdate

from . import names
from .chain import PromiseInfo
from .plan import Plan, spread
from .writer import Event, Writer

S = StatusUpdate.Status
POLICE = Activity.Responsible.POLICE
MUNICIPALITY = Activity.Responsible.MUNICIPALITY


def _texts(rng: random.Random, count: int = 400) -> list[tuple[str, str]]:
    """(full, first sentence) pairs: a few hundred texts of two to four sentences, shared."""
    texts = []
    for _ in range(count):
        sentences = rng.sample(names.UPDATE_SENTENCES, rng.randrange(2, 5))
        texts.append((" ".join(sentences), sentences[0]))
    return texts


def _statuses(rng, count: int, finished: bool) -> list[str]:
    result = []
    for index in range(count):
        if index == 0:
            result.append(S.NOT_STARTED if rng.random() < 0.3 else S.IN_PROGRESS)
        elif index == count - 1:
            if finished:
                result.append(rng.choices((S.DONE, S.CANCELLED, S.IN_PROGRESS), (7, 1, 2))[0])
            else:
                result.append(
                    rng.choices((S.IN_PROGRESS, S.DONE, S.DELAYED, S.CANCELLED), (12, 5, 2, 1))[0]
                )
        else:
            result.append(S.DELAYED if rng.random() < 0.12 else S.IN_PROGRESS)
    return result


def write_updates(
    writer: Writer, plan: Plan, rng: random.Random, promises: list[PromiseInfo], today: date
) -> None:
    followed = [p for p in promises if p.status != "utkast" and p.start <= today]
    activities = [(p, a) for p in followed for a in p.activities]
    if not activities:
        return
    # The longest timeline: the first activity of the largest promise (the police's, chain.py).
    # The largest promise is also the busiest: its activities get updates at twice the rate, so
    # that its history runs to some 200 pages at full scale.
    busiest = len(followed[0].activities) - 1
    counts = spread(
        plan.updates, len(activities), rng, first=plan.longest_timeline, boost=(busiest, 2.0)
    )
    table = writer.table(StatusUpdate)
    texts = _texts(rng)
    for (promise, activity), count in zip(activities, counts, strict=True):
        if count:
            _timeline(table, rng, promise, activity, count, today, texts)
    table.flush()


def _timeline(table, rng, promise: PromiseInfo, activity, count, today, texts) -> None:
    last_day = min(promise.end, today)
    days = max(0, (last_day - promise.start).days)
    offsets = sorted(rng.randrange(0, days + 1) for _ in range(count))
    finished = promise.end < today
    statuses = _statuses(rng, count, finished)
    kommun = promise.kommun
    if activity.responsible == POLICE:
        authors = kommun.area.police
    elif activity.responsible == MUNICIPALITY:
        authors = kommun.coordinators
    else:
        authors = kommun.coordinators + kommun.area.police
    for offset, status in zip(offsets, statuses, strict=True):
        day = promise.start + timedelta(days=offset)
        created = datetime.combine(day, time(rng.randrange(7, 16), rng.randrange(60)), tzinfo=UTC)
        author = rng.choice(authors)
        full, short = rng.choice(texts)
        is_public = rng.random() < 0.6
        occurrences = rng.choice((0, 1, 1, 2, 3)) if activity.has_target else 0
        row = {
            "id": table.new_id(),
            "activity_id": activity.id,
            "date": day,
            "status": status,
            "description": full,
            "occurrences": occurrences,
            "author_id": author,
            "is_public": is_public,
            "created_at": created,
        }
        events = [Event(created, author)]
        chance = rng.random()
        if chance < 0.04:
            events = [
                Event(created, author, before={"description": short}),
                Event(
                    created + timedelta(hours=rng.randrange(1, 48)),
                    author,
                    "~",
                    rng.choice(names.REASONS[:3]),
                ),
            ]
        elif chance < 0.06 and is_public:
            events = [
                Event(created, author, before={"is_public": False}),
                Event(
                    created + timedelta(days=rng.randrange(1, 10)), author, "~", names.REASONS[3]
                ),
            ]
        table.add(row, events)
