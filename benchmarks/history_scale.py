"""Benchmark: the history pages and the report list at national scale, on PostgreSQL.

Not a test: it prints figures. Run it against a throwaway PostgreSQL:

    scripts/with-postgres .venv/bin/python benchmarks/history_scale.py [--runs 20] [--noise 100000]

It builds, through bulk inserts that fill the history tables as the services would, the largest
promise of the country (231 activities in six focus areas, 5,000 status updates, each update with
its creation row and two in five with a correction, some activities deleted with their updates),
``--noise`` more status updates of other promises in the same tables, and 290 kommuner with ten
issued reports each for a coordinator of every kommun. Then, as a signed-in user through Django's
test client (session, middleware, template and all), it times the promise's history (page 1, the
last page, only status updates), a status update's own history and the report list (page 1 and the
last page), and prints the median and p95 of ``--runs`` runs of each, and ``EXPLAIN (ANALYZE,
BUFFERS)`` of the slowest query of the history's last page.
"""

import argparse
import os
import random
import statistics
import sys
import time
import warnings
from datetime import date, datetime, timedelta
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
from django.utils import timezone  # noqa: E402

ACTIVITIES, AREAS, UPDATES, KOMMUNER, REPORTS_EACH = 231, 6, 5_000, 290, 10
START = timezone.make_aware(datetime(2024, 1, 1, 8))


def _history(model, objects, *, user, when, update=False):
    for obj in objects:
        obj._history_date = when(obj)
        obj._history_user = user
    model.history.bulk_history_create(objects, batch_size=2_000, update=update)


def build(noise: int):
    from django.contrib.auth import get_user_model

    from followup.models import Report
    from promises import services
    from promises.models import (
        Activity,
        Agreement,
        Membership,
        Organisation,
        Promise,
        StatusUpdate,
    )

    rng = random.Random(11)
    kommuner = Organisation.objects.bulk_create(
        Organisation(
            kind=Organisation.Kind.MUNICIPALITY,
            name=f"Kommun {n:03d}",
            slug=f"kommun-{n:03d}",
            municipality_code=f"{1000 + n}",
        )
        for n in range(KOMMUNER)
    )
    police = Organisation.objects.create(
        kind=Organisation.Kind.POLICE_AREA, name="Lokalpolisområde Riket", slug="lpo-riket"
    )
    police.covered_municipalities.add(*kommuner)
    user = get_user_model().objects.create_user(username="samordnare", password="x")
    Membership.objects.bulk_create(
        Membership(user=user, organisation=k, role=Membership.Role.COORDINATOR) for k in kommuner
    )
    agreements = Agreement.objects.bulk_create(
        Agreement(
            municipality=k,
            police_area=police,
            title=f"Överenskommelse {k.name}",
            reference_number=f"KS-{n}",
            valid_from=date(2023, 1, 1),
            valid_to=date(2026, 12, 31),
            goals="Mål. " * 400,
        )
        for n, k in enumerate(kommuner)
    )
    promises = Promise.objects.bulk_create(
        Promise(
            agreement=a,
            title=f"Medborgarlöfte {n}",
            period_start=date(2024, 1, 1),
            period_end=date(2025, 12, 31),
            status=Promise.Status.ADOPTED,
            purpose="Syfte. " * 2_000,
            background="Bakgrund. " * 5_000,
        )
        for n, a in enumerate(agreements)
    )
    _history(Promise, promises, user=user, when=lambda p: START)
    snapshot = {"text": "Ögonblicksbild av rapporten. " * 800}
    Report.objects.bulk_create(
        Report(
            promise=p,
            kind=Report.Kind.HALF_YEAR,
            status=Report.Status.ISSUED,
            title=f"Uppföljning {p.title} {r}",
            period_start=date(2024, 1, 1),
            period_end=date(2024, 6, 30),
            date=date(2024, 8, 1) + timedelta(days=r * 30 + n % 30),
            issued_at=START + timedelta(days=r * 30 + n % 30),
            recipient_body="Kommunstyrelsen",
            case_text="Ärendet. " * 2_000,
            snapshot=snapshot,
        )
        for n, p in enumerate(promises)
        for r in range(REPORTS_EACH)
    )

    def tree(promise, activities: int, updates: int):
        areas = [
            services.create_focus_area(user=user, promise=promise, title=f"Område {a + 1}")
            for a in range(AREAS)
        ]
        made = Activity.objects.bulk_create(
            Activity(
                focus_area=areas[n % AREAS],
                number=n // AREAS + 1,
                description=f"Aktivitet {n} i samverkan med skolan och socialtjänsten.",
            )
            for n in range(activities)
        )
        _history(Activity, made, user=user, when=lambda a: START + timedelta(hours=a.pk % 500))
        rows = StatusUpdate.objects.bulk_create(
            (
                StatusUpdate(
                    activity=made[n % activities],
                    date=date(2024, 1, 1) + timedelta(days=n % 700),
                    status=StatusUpdate.Status.IN_PROGRESS,
                    description=f"Vi genomförde insats {n} vid centrum och skolorna. " * 3,
                    occurrences=1,
                    author=user,
                )
                for n in range(updates)
            ),
            batch_size=5_000,
        )
        day = {u.pk: u.date for u in rows}
        _history(StatusUpdate, rows, user=user, when=lambda u: _at(day[u.pk], u.pk))
        changed = [u for u in rows if rng.random() < 0.4]
        for u in changed:
            u.occurrences = 2
            u.description += " Rättat."
        StatusUpdate.objects.bulk_update(changed, ["occurrences", "description"], batch_size=5_000)
        _history(
            StatusUpdate,
            changed,
            user=user,
            when=lambda u: _at(day[u.pk], u.pk) + timedelta(days=3),
            update=True,
        )
        return made

    largest = promises[0]
    activities = tree(largest, ACTIVITIES, UPDATES)
    for n in range(1, 1 + noise // 20_000):
        tree(promises[n], 100, 20_000)
    # Deleted activities keep their rows (and their updates') in the promise's history.
    for activity in activities[:3]:
        services.delete_activity(activity=activity, user=user, reason="Dubblett.")
    return user, largest, StatusUpdate.objects.filter(activity__focus_area__promise=largest)


def _at(day: date, pk: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 8)) + timedelta(
        seconds=pk % 30_000
    )


def timed(get, runs: int) -> tuple[float, float]:
    get()  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        get()
        times.append(time.perf_counter() - start)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--noise", type=int, default=100_000, help="updates of other promises")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message="No directory at")
    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    try:
        with override_settings(STORAGES=storages):
            started = time.perf_counter()
            user, promise, updates = build(args.noise)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            print(f"built in {time.perf_counter() - started:.0f} s")
            client = Client()
            client.force_login(user)
            anonymous, login = Client(), reverse("login")
            history = reverse("promises:promise_history", args=[promise.pk])
            last = client.get(history).context["page"].paginator.num_pages
            reports = reverse("followup:report_list")
            last_reports = client.get(reports).context["page"].paginator.num_pages
            update = updates.order_by("pk").first()
            pages = {
                # A page without data, to compare with on a shared machine.
                "login page (reference)": (login, {}),
                "promise history, page 1": (history, {}),
                f"promise history, page {last} (last)": (history, {"sida": last}),
                "promise history, status updates, page 1": (history, {"typ": "statusuppdatering"}),
                "status update history": (
                    reverse("promises:status_update_history", args=[update.pk]),
                    {},
                ),
                "report list, page 1": (reports, {}),
                f"report list, page {last_reports} (last)": (reports, {"sida": last_reports}),
            }
            for label, (url, query) in pages.items():

                def get(url=url, query=query, client=anonymous if url == login else client):
                    response = client.get(url, query, secure=True)
                    assert response.status_code == 200, response.status_code

                connection.queries_log.clear()  # a full log captures nothing
                with CaptureQueriesContext(connection) as queries:
                    get()
                count = len(queries)  # read before the next requests close the connection
                median, p95 = timed(get, args.runs)
                print(
                    f"{label:45} median {median * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  "
                    f"{count} queries"
                )
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as queries:
                client.get(history, {"sida": last}, secure=True)
            slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print(f"\nslowest query of the last history page ({slowest['time']} s):")
            print(slowest["sql"][:2000])
            print(plan)
    finally:
        teardown_databases(databases, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
