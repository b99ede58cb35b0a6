"""Kommuner, police areas, users and their memberships (coordinators, secretaries, police)."""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from promises.models import Membership, Organisation

from . import names
from .plan import KOMMUNER_PER_AREA, LARGEST_AREA_KOMMUNER, Plan, spread
from .writer import Event, Writer

# Every generated account has this password: the benchmark logs in through the login form with it.
BENCHMARK_PASSWORD = "skala-benchmark-losenord"
ADMIN_USERNAME = "skala-admin"


@dataclass
class Area:
    id: int
    name: str
    police: list[int] = field(default_factory=list)
    kommuner: list["Kommun"] = field(default_factory=list)


@dataclass
class Kommun:
    id: int
    name: str
    slug: str
    area: Area | None = None
    coordinators: list[int] = field(default_factory=list)
    secretaries: list[int] = field(default_factory=list)


@dataclass
class People:
    admin_id: int
    kommuner: list[Kommun]
    areas: list[Area]


def _area_sizes(kommuner: int, rng: random.Random) -> list[int]:
    """The first area covers 6 kommuner; the rest about 3 each (2 to 4, a few 1 or 5)."""
    rest = kommuner - LARGEST_AREA_KOMMUNER
    areas = max(1, round(rest / KOMMUNER_PER_AREA))
    sizes = [rng.choice((1, 2, 3, 3, 3, 3, 4, 4, 5)) for _ in range(areas)]
    while sum(sizes) != rest:
        index = rng.randrange(areas)
        if sum(sizes) > rest and sizes[index] > 1:
            sizes[index] -= 1
        elif sum(sizes) < rest and sizes[index] < 5:
            sizes[index] += 1
    return [LARGEST_AREA_KOMMUNER, *sizes]


def write_organisations(writer: Writer, plan: Plan, rng: random.Random, epoch) -> People:
    table = writer.table(Organisation)
    kommuner = []
    for name, code in names.kommuner()[: plan.kommuner]:
        slug = slugify(name)
        if any(k.slug == slug for k in kommuner):  # Håbo and Habo
            slug = f"{slug}-{code}"
        kommun = Kommun(id=table.new_id(), name=names.kommun_title(name), slug=slug)
        kommuner.append(kommun)
        row = {
            "id": kommun.id,
            "kind": Organisation.Kind.MUNICIPALITY,
            "name": kommun.name,
            "slug": kommun.slug,
            "municipality_code": code,
            "office": rng.choice(names.OFFICES),
            "contact_email": f"trygghet@{kommun.slug}.example",
        }
        table.add(row, [Event(epoch, None)])
    areas, position = [], 0
    for size in _area_sizes(len(kommuner), rng):
        covered = kommuner[position : position + size]
        position += size
        short = "/".join(k.name.split(" kommun")[0].removesuffix("s") for k in covered[:2])
        area = Area(id=table.new_id(), name=f"Lokalpolisområde {short}", kommuner=covered)
        if len(covered) > 2:
            area.name += f" med flera ({len(covered)})"
        for kommun in covered:
            kommun.area = area
        areas.append(area)
        row = {
            "id": area.id,
            "kind": Organisation.Kind.POLICE_AREA,
            "name": area.name,
            "slug": f"lpo-{len(areas)}-{slugify(short)[:40]}",
            "municipality_code": "",
            "office": "",
            "contact_email": "",
        }
        table.add(row, [Event(epoch, None)])
    created = table.flush()
    _write_coverage(writer, areas, created)
    admin_id = _write_people(writer, plan, rng, epoch, kommuner, areas)
    return People(admin_id=admin_id, kommuner=kommuner, areas=areas)


def coverage_history_model():
    """django-simple-history's table of the police areas' coverage (the m2m field's history)."""
    return apps.get_model("promises", "HistoricalOrganisation_covered_municipalities")


def _write_coverage(writer: Writer, areas: list[Area], created: dict[int, int]) -> None:
    through = Organisation.covered_municipalities.through
    rows, history = [], []
    next_id = writer.max_id(through._meta.db_table, "id") + 1
    history_model = coverage_history_model()
    next_history = writer.max_id(history_model._meta.db_table, "m2m_history_id") + 1
    for area in areas:
        for kommun in area.kommuner:
            rows.append((next_id, area.id, kommun.id))
            history.append((next_id, area.id, kommun.id, created[area.id], next_history))
            next_id += 1
            next_history += 1
    writer.copy(through._meta.db_table, ["id", "from_organisation_id", "to_organisation_id"], rows)
    writer.copy(
        history_model._meta.db_table,
        ["id", "from_organisation_id", "to_organisation_id", "history_id", "m2m_history_id"],
        history,
    )


def _write_people(writer, plan, rng, epoch, kommuner, areas) -> int:
    users = writer.table(get_user_model())
    memberships = writer.table(Membership)
    password = make_password(BENCHMARK_PASSWORD)

    def user(first, last, domain, *, staff=False):
        user_id = users.new_id()
        username = f"{slugify(first)}.{slugify(last)}.{user_id}"
        users.add(
            {
                "id": user_id,
                "password": password,
                "last_login": None,
                "is_superuser": staff,
                "username": ADMIN_USERNAME if staff else username,
                "first_name": first,
                "last_name": last,
                "email": f"{username}@{domain}.example",
                "is_staff": staff,
                "is_active": True,
                "date_joined": epoch,
            }
        )
        return user_id

    def person(domain):
        return user(rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES), domain)

    def member(user_id, organisation_id, role, title, when):
        memberships.add(
            {
                "id": memberships.new_id(),
                "user_id": user_id,
                "organisation_id": organisation_id,
                "role": role,
                "title": title,
                "is_manager": False,
            },
            [Event(when, admin_id)],
        )

    admin_id = user("Administratör", "Skala", "lofteskollen", staff=True)
    police_total = round(plan.users * 0.4)
    kommun_total = plan.users - 1 - police_total
    per_kommun = spread(
        kommun_total, len(kommuner), rng, first=max(12, kommun_total // 40), minimum=2
    )
    for kommun, count in zip(kommuner, per_kommun, strict=True):
        secretaries = max(1, count // 3)
        for index in range(count):
            when = epoch + timedelta(days=rng.randrange(0, 2000))
            user_id = person(kommun.slug)
            if index < count - secretaries:
                kommun.coordinators.append(user_id)
                member(
                    user_id,
                    kommun.id,
                    Membership.Role.COORDINATOR,
                    rng.choice(names.COORDINATOR_TITLES),
                    when,
                )
            else:
                kommun.secretaries.append(user_id)
                member(
                    user_id,
                    kommun.id,
                    Membership.Role.SECRETARY,
                    rng.choice(names.SECRETARY_TITLES),
                    when,
                )
    # A shared service: a few coordinators also coordinate the next kommun of their police area.
    for kommun in kommuner:
        neighbours = [k for k in kommun.area.kommuner if k is not kommun]
        if neighbours and rng.random() < 0.1:
            member(
                kommun.coordinators[-1],
                neighbours[0].id,
                Membership.Role.COORDINATOR,
                names.COORDINATOR_TITLES[0],
                epoch + timedelta(days=rng.randrange(0, 2000)),
            )
    weights = [len(area.kommuner) for area in areas]
    per_area = [max(1, round(police_total * w / sum(weights))) for w in weights]
    for area, count in zip(areas, per_area, strict=True):
        for _ in range(count):
            user_id = person("polisen")
            area.police.append(user_id)
            member(
                user_id,
                area.id,
                Membership.Role.POLICE,
                rng.choice(names.POLICE_TITLES),
                epoch + timedelta(days=rng.randrange(0, 2000)),
            )
    users.flush()
    memberships.flush()
    return admin_id


def start_of_history(today) -> datetime:
    """When the installation started: eight years back."""
    return datetime(today.year - 8, 1, 15, 9, 0, tzinfo=UTC)
