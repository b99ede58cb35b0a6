"""Benchmark: the public pages and open data of the largest promise at national scale.

Not a test: it prints figures. Run it with ``make benchmark`` (a throwaway PostgreSQL) or directly
with ``DEBUG=true .venv/bin/python benchmarks/public_promise.py`` (an in-memory SQLite test
database; the figures that count are PostgreSQL's).

One adopted promise of 231 activities in 12 focus areas, with ``--updates`` public status updates
(15,000 by default) and a third as many internal ones, loaded in bulk with one history row each.
As a visitor through Django's test client (middleware, template and all), each ``--runs`` times:

- the public promise page, its first page of news and a page far down (``?sida=300``);
- the same page asked again with its ETag (a reverse proxy revalidating: 304);
- the promise's Atom feed;
- the CSV and the JSON, read to the end.

It prints the median, the query count and the slowest query of each, then ``EXPLAIN ANALYZE`` of
the slowest query of all and of the public queries that read status updates. ``--filler`` adds
that many status updates of another kommun's promise first (a national database holds 700,000), so
that the plans are those of a large table. Target: the CSV and the JSON under 1 s.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if not os.environ.get("SECRET_KEY"):
    os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    override_settings,
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)
from django.urls import reverse  # noqa: E402
from simple_history.utils import bulk_create_with_history  # noqa: E402

ACTIVITIES, AREAS = 231, 12
TARGET_SECONDS = 1.0
TEXTS = [
    "Kommunpolisen och fältassistenterna genomförde insatsen tillsammans en fredagskväll i "
    "centrum. Ett fyrtiotal unga kontaktades och inga ordningsstörningar rapporterades.",
    "Arbetet fortsätter enligt plan. Samverkansgruppen träffades två gånger under perioden och "
    "gick igenom lägesbilden från EST-områdesgrupperna.",
    "En utbildning för nya vandringsvärdar hölls i samarbete med föreningarna; femton personer "
    "deltog och två nya pass planeras till hösten.",
]


def build(public_updates: int):
    """Knivsta with one adopted promise of 231 activities and ``public_updates`` public news."""
    from promises.models import (
        Activity,
        Agreement,
        FocusArea,
        Organisation,
        Promise,
        StatusUpdate,
    )

    kommun = Organisation.objects.create(
        kind="kommun", name="Knivsta kommun", slug="knivsta", municipality_code="0330"
    )
    police = Organisation.objects.create(
        kind="lokalpolisomrade", name="Lokalpolisområde Uppsala/Knivsta", slug="lpo-uk"
    )
    agreement = Agreement.objects.create(
        municipality=kommun,
        police_area=police,
        title="Samverkansöverenskommelse 2023–2026",
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
    areas = bulk_create_with_history(
        [
            FocusArea(promise=promise, number=n, title=f"Fokusområde {n}", definition="Varför.")
            for n in range(1, AREAS + 1)
        ],
        FocusArea,
    )
    activities = bulk_create_with_history(
        [
            Activity(
                focus_area=areas[index % AREAS],
                number=index // AREAS + 1,
                description="Kommunen och polisen genomför gemensamma insatser på prioriterade "
                "platser, planerade utifrån den gemensamma lägesbilden.",
                **(
                    {"target_count": 12, "target_unit": "insatser", "target_period": "ar"}
                    if index % 3 == 0
                    else {}
                ),
            )
            for index in range(ACTIVITIES)
        ],
        Activity,
    )
    total = public_updates * 4 // 3
    bulk_create_with_history(
        [
            StatusUpdate(
                activity=activities[n % ACTIVITIES],
                date=date(2024, 1, 1) + timedelta(days=n % 700),
                status="pagar",
                description=TEXTS[n % len(TEXTS)],
                occurrences=n % 2,
                is_public=n % 4 != 3,
            )
            for n in range(total)
        ],
        StatusUpdate,
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE") if connection.vendor == "postgresql" else None
    return promise, StatusUpdate.objects.filter(is_public=True).count()


def add_filler(count: int) -> None:
    """``count`` more status updates in the rest of a national database (no history): 289 kommuner,
    899 promises of 5 focus areas of 7 activities each (about 31,000 activities), so that the
    plans below are those of a national database (about 23 updates per activity)."""
    from promises.models import Activity, Agreement, FocusArea, Organisation, Promise, StatusUpdate

    police = Organisation.objects.get(slug="lpo-uk")
    kommuner = Organisation.objects.bulk_create(
        Organisation(kind="kommun", name=f"Kommun {n}", slug=f"kommun-{n}") for n in range(289)
    )
    agreements = Agreement.objects.bulk_create(
        Agreement(
            municipality=kommun,
            police_area=police,
            title="Överenskommelse",
            valid_from=date(2023, 1, 1),
            valid_to=date(2026, 12, 31),
        )
        for kommun in kommuner
    )
    promises = Promise.objects.bulk_create(
        Promise(
            agreement=agreements[n % len(agreements)],
            title=f"Löfte {n}",
            period_start=date(2024, 1, 1),
            period_end=date(2025, 12, 31),
            status="antagen",
        )
        for n in range(899)
    )
    areas = FocusArea.objects.bulk_create(
        (FocusArea(promise=p, number=n, title=f"{n}") for p in promises for n in range(1, 6)),
        batch_size=5000,
    )
    activities = Activity.objects.bulk_create(
        (
            Activity(focus_area=a, number=n, description="Övrig.")
            for a in areas
            for n in range(1, 8)
        ),
        batch_size=5000,
    )
    for start in range(0, count, 50_000):
        StatusUpdate.objects.bulk_create(
            (
                StatusUpdate(
                    activity=activities[n % len(activities)],
                    date=date(2024, 1, 1) + timedelta(days=n % 700),
                    status="pagar",
                    description=TEXTS[n % len(TEXTS)],
                    is_public=n % 4 != 3,
                )
                for n in range(start, min(start + 50_000, count))
            ),
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def explain_public_queries(promise) -> None:
    """EXPLAIN ANALYZE of the public queries that read status updates (beside promise_tree)."""
    from promises.models import Organisation
    from public import selectors

    found = selectors.get_public_promise("knivsta", promise.pk)
    content = selectors.public_promise_content(found)
    from promises.models import StatusUpdate

    ids = content.public_updates().order_by("-date", "-pk").values("pk")
    page = (
        StatusUpdate.objects.filter(pk__in=ids[5980:6000])
        .only(*selectors.UPDATE_FIELDS)
        .order_by("-date", "-pk")
    )
    stream = (
        content.public_updates()
        .order_by("activity__focus_area__number", "activity__number", "-date", "-pk")
        .values_list(*selectors.PublicUpdateRow._fields)
    )
    kommun = Organisation.objects.get(slug="knivsta")
    small = Organisation.objects.filter(slug="kommun-7").first() or kommun
    queries = [
        ("timeline, ?sida=300", page),
        ("timeline totals", content.public_updates().values("pk")),
        ("data files, the stream", stream),
        (
            "feed of Knivsta (the largest promise)",
            selectors.public_feed_updates(municipality=kommun),
        ),
        ("feed of a kommun of 3 promises", selectors.public_feed_updates(municipality=small)),
    ]
    for label, queryset in queries:
        print(f"\nEXPLAIN ANALYZE: {label}\n{queryset.explain(analyze=True)}")


def measure(client, url, runs: int, **headers):
    seconds, queries = [], None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url, **headers)
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
            seconds.append(time.perf_counter() - start)
        queries = list(captured.captured_queries)
    return response, content, seconds, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs of each (default 5)")
    parser.add_argument("--updates", type=int, default=15_000, help="public updates (15,000)")
    parser.add_argument(
        "--filler", type=int, default=0, help="status updates of other promises (default 0)"
    )
    arguments = parser.parse_args()

    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    slowest = None
    try:
        with override_settings(STORAGES=storages, DEBUG=True):
            start = time.perf_counter()
            promise, public = build(arguments.updates)
            if arguments.filler:
                add_filler(arguments.filler)
            print(
                f"Built 1 promise, {ACTIVITIES} activities, {public} public updates "
                f"in {time.perf_counter() - start:.1f} s ({connection.vendor})"
            )
            client = Client()
            kwargs = {"slug": "knivsta", "pk": promise.pk}
            page = reverse("public:promise", kwargs=kwargs)
            shapes = [
                ("public page, first page", page, {}),
                ("public page, ?sida=300", f"{page}?sida=300", {}),
                ("public page, 304 on ETag", page, "etag"),
                ("Atom feed of the promise", reverse("public:promise_feed", kwargs=kwargs), {}),
                ("CSV", reverse("public:promise_csv", kwargs=kwargs), {}),
                ("JSON", reverse("public:promise_json", kwargs=kwargs), {}),
            ]
            for label, url, headers in shapes:
                if headers == "etag":
                    headers = {"HTTP_IF_NONE_MATCH": client.get(url)["ETag"]}
                client.get(url)  # warm up
                response, content, seconds, queries = measure(
                    client, url, arguments.runs, **headers
                )
                worst = max(queries, key=lambda query: float(query["time"]))
                if slowest is None or float(worst["time"]) > float(slowest["time"]):
                    slowest = worst
                print(
                    f"  {label:<26} {response.status_code}  median "
                    f"{statistics.median(seconds):.3f} s (min {min(seconds):.3f}, max "
                    f"{max(seconds):.3f})  {len(queries)} queries, slowest {worst['time']} s,"
                    f" {len(content) // 1024} KB"
                )
            # The activity tree alone (promises.selectors.promise_tree), which every shape above
            # but the feed and the 304 reads: its latest status and progress per activity.
            from promises.models import StatusUpdate
            from promises.selectors import promise_tree

            seconds = []
            for _ in range(arguments.runs):
                start = time.perf_counter()
                promise_tree(promise, updates=StatusUpdate.objects.public())
                seconds.append(time.perf_counter() - start)
            print(
                f"  {'promise_tree alone':<26}      median {statistics.median(seconds):.3f} s "
                f"(min {min(seconds):.3f}, max {max(seconds):.3f})"
            )
            if connection.vendor == "postgresql" and slowest is not None:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                print(f"\nSlowest query ({slowest['time']} s):\n{slowest['sql'][:600]}\n\n{plan}")
                explain_public_queries(promise)
    finally:
        teardown_databases(databases, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
