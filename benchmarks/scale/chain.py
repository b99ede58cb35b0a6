"""The chain of each kommun: agreements, promises (current, superseded, closed, drafts), their
signatories, focus areas and activities with realistic targets, periods and responsibilities."""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from promises.models import Activity, Agreement, FocusArea, Promise, Signatory
from promises.periods import Cadence, TargetPeriod

from . import names
from .organisations import Kommun, People
from .plan import Plan, spread
from .writer import Event, Writer

Status = Promise.Status


@dataclass
class ActivityInfo:
    id: int
    code: str
    description: str
    responsible: str
    has_target: bool
    area_number: int
    area_title: str


@dataclass
class PromiseInfo:
    id: int
    kommun: Kommun
    title: str
    status: str
    start: date
    end: date
    activities: list[ActivityInfo] = field(default_factory=list)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _slot(index: int, year: int) -> tuple[str, str, int, int, int | None]:
    """(kind, status, first year, last year, index of the promise it supersedes) of a kommun's
    promise number ``index``: the current promise, the one it superseded, an older closed one, a
    draft of the next, then action plans and promises of parts of the kommun."""
    kinds = Promise.Kind
    match index:
        case 0:
            return kinds.CITIZEN_PROMISE, Status.ADOPTED, year - 1, year, 1
        case 1:
            return kinds.CITIZEN_PROMISE, Status.SUPERSEDED, year - 3, year - 2, None
        case 2:
            return kinds.CITIZEN_PROMISE, Status.CLOSED, year - 5, year - 4, None
        case 3:
            return kinds.CITIZEN_PROMISE, Status.DRAFT, year + 1, year + 2, None
        case 4:
            return kinds.ACTION_PLAN, Status.ADOPTED, year - 1, year, 5
        case 5:
            return kinds.ACTION_PLAN, Status.SUPERSEDED, year - 3, year - 2, None
    if index % 2 == 0:
        return kinds.CITIZEN_PROMISE, Status.ADOPTED, year - 1, year, None
    return kinds.CITIZEN_PROMISE, Status.CLOSED, year - 3, year - 2, None


def write_chain(writer: Writer, plan: Plan, rng: random.Random, people: People, today: date):
    """Write every kommun's chain; returns the promises, the largest (current) one first."""
    kommuner = people.kommuner
    per_kommun = spread(
        plan.promises,
        len(kommuner),
        rng,
        first=max(6, plan.promises // 60),
        minimum=1,
    )
    slots = [
        (kommun, index)
        for kommun, n in zip(kommuner, per_kommun, strict=True)
        for index in range(n)
    ]
    sizes = iter(spread(plan.activities, len(slots), rng, first=plan.largest_promise, minimum=3))
    promise_table = writer.table(Promise)
    ids = {(kommun.id, index): promise_table.new_id() for kommun, index in slots}
    agreements: dict[tuple[int, int], int] = {}
    promises: list[PromiseInfo] = []
    for kommun, index in slots:
        kind, status, first, last, supersedes = _slot(index, today.year)
        agreement_id = _agreement(writer, rng, kommun, first, agreements)
        info = _promise(
            writer,
            rng,
            kommun,
            agreement_id,
            index,
            kind,
            status,
            first,
            last,
            promise_id=ids[(kommun.id, index)],
            supersedes_id=ids.get((kommun.id, supersedes)),
        )
        # The largest promise's first activity gets the longest timeline (updates.py): the
        # police's, so that it shows under "Mina aktiviteter" too.
        _plan(writer, rng, info, next(sizes), police_first=not promises)
        promises.append(info)
    for model in (Agreement, Promise, Signatory, FocusArea, Activity):
        writer.table(model).flush()
    return promises


def _agreement(writer, rng, kommun: Kommun, first_year: int, agreements) -> int:
    """The agreement of four years that carries a promise starting in ``first_year``."""
    start_year = first_year - (first_year - 1) % 4  # periods of four years: …, 2021–2024, 2025–
    key = (kommun.id, start_year)
    if key in agreements:
        return agreements[key]
    table = writer.table(Agreement)
    agreement_id = table.new_id()
    agreements[key] = agreement_id
    valid_from, valid_to = date(start_year, 1, 1), date(start_year + 3, 12, 31)
    created = at(valid_from - timedelta(days=45))
    coordinator = rng.choice(kommun.coordinators)
    goals = "\n".join(rng.sample(names.FOCUS_AREAS, 4))
    events = [Event(created, coordinator)]
    if rng.random() < 0.1:
        events.append(
            Event(
                created + timedelta(days=3),
                coordinator,
                "~",
                "Förtydligat målen",
                before={"goals": goals.split("\n")[0]},
            )
        )
    table.add(
        {
            "id": agreement_id,
            "municipality_id": kommun.id,
            "police_area_id": kommun.area.id,
            "title": f"Samverkansöverenskommelse {kommun.name} och Polisen "
            f"{start_year}–{start_year + 3}",
            "reference_number": f"KS {start_year % 100:02d}/{rng.randrange(100, 999)}",
            "valid_from": valid_from,
            "valid_to": valid_to,
            "goals": goals,
            "check_in_cadence": rng.choice((Cadence.QUARTERLY, Cadence.TERTIAL)),
        },
        events,
    )
    _signatories(writer, rng, created, coordinator, agreement_id=agreement_id)
    return agreement_id


def _signatories(writer, rng, created, user_id, *, agreement_id=None, promise_id=None):
    table = writer.table(Signatory)
    titles = ("Kommunstyrelsens ordförande", "Lokalpolisområdeschef")
    for order, title in enumerate(titles, start=1):
        name = f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)}"
        table.add(
            {
                "id": table.new_id(),
                "agreement_id": agreement_id,
                "promise_id": promise_id,
                "name": name,
                "title": title,
                "order": order,
            },
            [Event(created + timedelta(minutes=order), user_id)],
        )


def _promise(
    writer,
    rng,
    kommun,
    agreement_id,
    index,
    kind,
    status,
    first,
    last,
    *,
    promise_id,
    supersedes_id,
) -> PromiseInfo:
    table = writer.table(Promise)
    start, end = date(first, 1, 1), date(last, 12, 31)
    label = "Medborgarlöfte" if kind == Promise.Kind.CITIZEN_PROMISE else "Åtgärdsplan"
    part = f" – område {index // 2 - 2}" if index >= 6 else ""
    title = f"{label} {kommun.name}{part} {first}–{last}"
    coordinator = rng.choice(kommun.coordinators)
    created = at(start - timedelta(days=rng.randrange(50, 90)))
    adopted_on = start - timedelta(days=rng.randrange(5, 30))
    row = {
        "id": promise_id,
        "kind": kind,
        "agreement_id": agreement_id,
        "title": title,
        "period_start": start,
        "period_end": end,
        "status": status,
        "adopted_by": "" if status == Status.DRAFT else rng.choice(names.COMMITTEES[:2]),
        "adopted_on": None if status == Status.DRAFT else adopted_on,
        "adoption_paragraph": "" if status == Status.DRAFT else f"§ {rng.randrange(1, 200)}",
        "reference_number": f"KS {first % 100:02d}/{rng.randrange(1000, 9999)}",
        "supersedes_id": supersedes_id,
        "purpose": names.PROMISE_TEXT,
        "situation": " ".join(rng.sample(names.UPDATE_SENTENCES, 8)),
        "background": "\n\n".join([names.PROMISE_TEXT] * rng.randrange(2, 6)),
        "joint_commitment": " ".join(rng.sample(names.ACTIVITIES, 4)),
        "expected_effect": " ".join(rng.sample(names.UPDATE_SENTENCES, 3)),
        "follow_along": names.PROMISE_TEXT,
        "follow_up_cadence": rng.choice(
            (Cadence.HALF_YEARLY, Cadence.HALF_YEARLY, Cadence.QUARTERLY, Cadence.TERTIAL)
        ),
    }
    draft = {"status": Status.DRAFT, "adopted_by": "", "adopted_on": None, "adoption_paragraph": ""}
    events = [Event(created, coordinator, before=draft)]
    if status != Status.DRAFT:
        later = {"status": Status.ADOPTED} if status != Status.ADOPTED else {}
        events.append(Event(at(adopted_on, 14), coordinator, "~", before=later))
    if status in (Status.CLOSED, Status.SUPERSEDED):
        events.append(Event(at(end + timedelta(days=40), 11), coordinator, "~"))
    table.add(row, events)
    _signatories(writer, rng, created, coordinator, promise_id=row["id"])
    return PromiseInfo(row["id"], kommun, title, status, start, end)


def _plan(writer, rng, info: PromiseInfo, activities: int, *, police_first=False) -> None:
    """The promise's focus areas and their activities."""
    area_count = max(1, min(12, round(activities / rng.uniform(6, 12))))
    if activities >= 200:
        area_count = 12
    per_area = spread(activities, area_count, rng, minimum=1)
    created = at(info.start - timedelta(days=60))
    owner = info.kommun.coordinators[0]
    areas, activity_table = writer.table(FocusArea), writer.table(Activity)
    titles = rng.sample(names.FOCUS_AREAS, min(area_count, len(names.FOCUS_AREAS)))
    for number, count in enumerate(per_area, start=1):
        area_id = areas.new_id()
        title = titles[(number - 1) % len(titles)]
        events = [Event(created, owner)]
        if rng.random() < 0.1:
            events.append(
                Event(
                    created + timedelta(days=2), owner, "~", before={"title": f"{title} (utkast)"}
                )
            )
        areas.add(
            {
                "id": area_id,
                "promise_id": info.id,
                "number": number,
                "title": title,
                "definition": " ".join(rng.sample(names.UPDATE_SENTENCES, 3)),
            },
            events,
        )
        for activity_number in range(1, count + 1):
            info.activities.append(
                _activity(
                    activity_table,
                    rng,
                    info,
                    area_id,
                    number,
                    title,
                    activity_number,
                    created,
                    owner,
                    police=police_first and not info.activities,
                )
            )


def _activity(
    table, rng, info, area_id, area_number, area_title, number, created, owner, police=False
):
    responsible = rng.choice(
        (Activity.Responsible.POLICE, Activity.Responsible.JOINT, Activity.Responsible.MUNICIPALITY)
    )
    if police:
        responsible = Activity.Responsible.POLICE
    has_target = rng.random() < 0.55
    days = (info.end - info.start).days
    planned_start = planned_end = None
    if rng.random() < 0.7:
        planned_start = info.start + timedelta(days=rng.randrange(0, days // 2))
        planned_end = planned_start + timedelta(days=rng.randrange(30, days - days // 2))
    description = rng.choice(names.ACTIVITIES)
    target = rng.randrange(1, 50) if has_target else None
    row = {
        "id": table.new_id(),
        "focus_area_id": area_id,
        "number": number,
        "description": description,
        "responsible": responsible,
        "partners": rng.choice(names.PARTNERS) if rng.random() < 0.5 else "",
        "contact_persons": (
            f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)}, "
            f"{rng.choice(names.POLICE_TITLES).lower()}"
            if rng.random() < 0.6
            else ""
        ),
        "planned_start": planned_start,
        "planned_end": planned_end,
        "target_count": target,
        "target_unit": rng.choice(names.UNITS) if has_target else "",
        "target_period": rng.choice(TargetPeriod.values) if has_target else "",
        "goal_text": "",
    }
    events = [Event(created + timedelta(minutes=number), owner)]
    if has_target and rng.random() < 0.15:
        events.append(
            Event(
                at(info.start + timedelta(days=rng.randrange(1, 120))),
                owner,
                "~",
                "Justerat målet",
                before={"target_count": target + 2},
            )
        )
    table.add(row, events)
    return ActivityInfo(
        row["id"],
        f"{area_number}:{number}",
        description,
        responsible,
        has_target,
        area_number,
        area_title,
    )
