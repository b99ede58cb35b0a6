"""Benchmark: drafting a follow-up report of a promise with 10,000 activities, and saving it.

Not a test: it prints figures. Run it with ``make benchmark`` (a throwaway PostgreSQL) or directly
with ``DEBUG=true .venv/bin/python benchmarks/report_create.py`` (an in-memory SQLite test
database; the figures that count are PostgreSQL's).

The promise has 20 focus areas of 500 activities each (bulk-created: the chain's own history does
not matter here); every 20th activity has a year of monthly status updates, half of them public,
and a quantified target. It times, each ``--runs`` times:

- ``followup.services.create_draft`` for the year: reading the chain, pre-filling one entry per
  activity and recording each entry's history with the user;
- ``followup.services.save_draft`` with a changed follow-up text for every activity (all of them
  in one call, which the editor never does: it saves one page of entries at a time).

Target: creation well under a second per thousand activities.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if not os.environ.get("SECRET_KEY"):
    os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)

ACTIVITIES_PER_AREA, SAMPLE_EVERY = 500, 20
TARGET_SECONDS_PER_THOUSAND = 1.0

UPDATE_TEXTS = [
    "Kommunpolisen och fältassistenterna genomförde insatsen tillsammans en fredagskväll i "
    "centrum. Ett fyrtiotal unga kontaktades och inga ordningsstörningar rapporterades.",
    "Arbetet fortsätter enligt plan. Samverkansgruppen träffades två gånger under perioden och "
    "gick igenom lägesbilden från EST-områdesgrupperna.",
    "En utbildning för nya vandringsvärdar hölls i samarbete med föreningarna; femton personer "
    "deltog och två nya pass planeras till hösten.",
]


def build_chain(activities: int):
    """Knivsta with one adopted promise of ``activities`` activities, a sample with updates."""
    from promises.models import (
        Activity,
        Agreement,
        FocusArea,
        Membership,
        Organisation,
        Promise,
        StatusUpdate,
    )

    kommun = Organisation.objects.create(
        kind="kommun",
        name="Knivsta kommun",
        slug="knivsta",
        municipality_code="0330",
        office="Kommunledningskontoret",
    )
    police = Organisation.objects.create(
        kind="lokalpolisomrade", name="Lokalpolisområde Uppsala/Knivsta", slug="lpo-uk"
    )
    police.covered_municipalities.add(kommun)
    owner = get_user_model().objects.create_user(
        username="bench", first_name="Bo", last_name="Bänk", email="bo@knivsta.example"
    )
    Membership.objects.create(user=owner, organisation=kommun, role="samordnare")
    agreement = Agreement.objects.create(
        municipality=kommun,
        police_area=police,
        title="Samverkansöverenskommelse 2023–2026",
        reference_number="KS-2023/147",
        valid_from=date(2023, 1, 1),
        valid_to=date(2026, 12, 31),
    )
    promise = Promise.objects.create(
        agreement=agreement,
        title="Medborgarlöfte Knivsta kommun 2024–2025",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
        status="antagen",
        adopted_by="Kommunstyrelsen",
        adopted_on=date(2024, 1, 29),
    )
    areas = FocusArea.objects.bulk_create(
        FocusArea(promise=promise, number=n, title=f"Fokusområde {n}", definition="Varför.")
        for n in range(1, -(-activities // ACTIVITIES_PER_AREA) + 1)
    )
    rows = []
    for index in range(activities):
        sampled = index % SAMPLE_EVERY == 0
        target = {"target_count": 12, "target_unit": "insatser", "target_period": "ar"}
        rows.append(
            Activity(
                focus_area=areas[index // ACTIVITIES_PER_AREA],
                number=index % ACTIVITIES_PER_AREA + 1,
                description="Kommunen och polisen genomför gemensamma insatser på prioriterade "
                "platser, planerade utifrån den gemensamma lägesbilden.",
                **(target if sampled else {}),
            )
        )
    created = Activity.objects.bulk_create(rows, batch_size=2000)
    updates = [
        StatusUpdate(
            activity=activity,
            date=date(2024, month, 15),
            status="pagar",
            description=UPDATE_TEXTS[month % len(UPDATE_TEXTS)],
            occurrences=1,
            is_public=month % 2 == 0,
        )
        for activity in created[::SAMPLE_EVERY]
        for month in range(1, 13)
    ]
    StatusUpdate.objects.bulk_create(updates, batch_size=2000)
    return owner, promise, len(updates)


class QueryCounter:
    """Counts the queries run inside ``with connection.execute_wrapper(counter)``."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed(function):
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def figures(label: str, seconds: list[float], activities: int) -> str:
    median = statistics.median(seconds)
    return (
        f"  {label:<28} median {median:.3f} s  (min {min(seconds):.3f}, max {max(seconds):.3f})"
        f"  = {1000 * median / activities:.3f} s per 1,000 activities"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=10_000, help="default 10,000")
    parser.add_argument("--runs", type=int, default=5, help="measured runs of each (default 5)")
    args = parser.parse_args()

    from followup import services
    from followup.models import ReportActivityEntry

    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        owner, promise, update_count = build_chain(args.activities)

        def create():
            return services.create_draft(
                user=owner,
                promise=promise,
                kind="arsuppfoljning",
                period_start=date(2024, 1, 1),
                period_end=date(2024, 12, 31),
            )

        def save_all(report):
            entries = {
                activity_id: services.EntryInput(follow_up=f"{text} Kompletterat.".strip())
                for activity_id, text in report.entries.values_list("activity_id", "follow_up")
            }
            return services.save_draft(report=report, user=owner, fields={}, entries=entries)

        # One warm-up of each, with its queries counted.
        create_queries, save_queries = QueryCounter(), QueryCounter()
        with connection.execute_wrapper(create_queries):
            warm = create()
        with connection.execute_wrapper(save_queries):
            save_all(warm)
        entries = ReportActivityEntry.objects.filter(report=warm).count()
        history = ReportActivityEntry.history.filter(report_id=warm.pk).count()

        create_times, save_times = [], []
        for _ in range(args.runs):
            report, seconds = timed(create)
            create_times.append(seconds)
            _, seconds = timed(lambda report=report: save_all(report))
            save_times.append(seconds)
    finally:
        teardown_databases(databases, verbosity=0)
        teardown_test_environment()

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"Report of {args.activities:,} activities ({update_count:,} updates on every "
        f"{SAMPLE_EVERY}th), {args.runs} runs, database {engine}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(
        f"  warm-up: create_draft {create_queries.count:,} queries, save_draft "
        f"{save_queries.count:,} queries; {entries:,} entries, {history:,} history rows"
    )
    print(figures("create_draft", create_times, args.activities))
    print(figures("save_draft, every entry", save_times, args.activities))
    per_thousand = 1000 * statistics.median(create_times) / args.activities
    verdict = "met" if per_thousand < TARGET_SECONDS_PER_THOUSAND else "MISSED"
    print(
        f"  target: create_draft under {TARGET_SECONDS_PER_THOUSAND:.0f} s per 1,000 "
        f"activities: {verdict}"
    )


if __name__ == "__main__":
    main()
