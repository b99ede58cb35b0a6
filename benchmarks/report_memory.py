"""Benchmark: the peak memory of a worker that issues the largest report.

Not a test: it prints figures. Run it with ``make benchmark`` (a throwaway PostgreSQL).

The largest promise of the national data has 231 activities with about 25 status updates each.
When a draft copied every update into its follow-up, its annual report was ~590 pages; with the
summary pre-fill it is ~60. This builds such a promise with bulk inserts, drafts its annual report
(``--kind``; or the closing report, with ``--appendix`` the appendix of every update) through the
services, each follow-up pre-filled as a coordinator gets it, then issues it in a separate process
and reads that process's peak resident memory (its VmHWM) and its wall time:

- ``--mode worker`` (default): the request's part in this process (``services.request_issue``:
  snapshot, state, task enqueued in the database), then the real task worker in a child process,
  ``manage.py db_worker --batch``, which renders, stores and marks the report issued;
- ``--mode direct``: ``services.issue_report`` in a child process (the whole issue in one call,
  as the web request did before issuing moved to the worker).

A child that only starts Django and imports WeasyPrint is measured first: the fixed part of any
worker. Target: the issuing process under 300 MB.
"""

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    override_settings,
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)

AREAS, ACTIVITIES, UPDATES_PER_ACTIVITY = 7, 231, 25
TARGET_MB = 300

UPDATE_TEXTS = [
    "Kommunpolisen och fältassistenterna genomförde insatsen tillsammans en fredagskväll i "
    "centrum. Ett fyrtiotal unga kontaktades och inga ordningsstörningar rapporterades. "
    "Erfarenheterna togs upp på nästa möte i samverkansgruppen.",
    "Arbetet fortsätter enligt plan. Samverkansgruppen träffades två gånger under perioden och "
    "gick igenom lägesbilden från EST-områdesgrupperna; två nya platser lades till i planen.",
    "En utbildning för nya vandringsvärdar hölls i samarbete med föreningarna; femton personer "
    "deltog och två nya pass planeras till hösten. Kommunen står för lokal och fika.",
]

CHILD = """
import os, resource, sys, time
import django
django.setup()
import weasyprint  # noqa: F401  the fixed part of every worker
mode, pk = sys.argv[1], int(sys.argv[2])
start = time.perf_counter()
if mode == "direct":
    from django.contrib.auth import get_user_model
    from followup import services
    from followup.models import Report
    report = Report.objects.get(pk=pk)
    services.issue_report(report=report, user=get_user_model().objects.get(username="bench"))
elif mode == "worker":
    from django.core.management import call_command
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
with open("/proc/self/status") as status:  # this process's own high-water mark, since its exec
    peak_kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(f"{seconds:.2f} {peak_kib} {usage.ru_utime + usage.ru_stime:.2f}")
"""


def build_promise():
    """A kommun with one promise of 7 focus areas, 231 activities and 25 public updates each."""
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
        kind="kommun", name="Storstad kommun", slug="storstad", municipality_code="0180"
    )
    police = Organisation.objects.create(
        kind="lokalpolisomrade", name="Lokalpolisområde Storstad", slug="lpo-storstad"
    )
    police.covered_municipalities.add(kommun)
    owner = get_user_model().objects.create_user(
        username="bench", first_name="Bo", last_name="Bänk", email="bo@storstad.example"
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
        title="Medborgarlöfte Storstad 2024–2025",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
        status="antagen",
        adopted_by="Kommunstyrelsen",
        adopted_on=date(2024, 1, 29),
    )
    areas = FocusArea.objects.bulk_create(
        FocusArea(
            promise=promise,
            number=number,
            title=f"Fokusområde {number}",
            definition="Området beskrivs här i ett par meningar om varför det är prioriterat.",
        )
        for number in range(1, AREAS + 1)
    )
    per_area = ACTIVITIES // AREAS
    activities = Activity.objects.bulk_create(
        Activity(
            focus_area=area,
            number=number,
            description="Kommunen och polisen genomför gemensamma insatser på prioriterade "
            "platser, planerade utifrån den gemensamma lägesbilden.",
            **(
                {"target_count": 12, "target_unit": "insatser", "target_period": "ar"}
                if number % 2
                else {}
            ),
        )
        for area in areas
        for number in range(1, per_area + 1)
    )
    StatusUpdate.objects.bulk_create(
        StatusUpdate(
            activity=activity,
            date=date(2024, 1, 10) + timedelta(days=28 * u + activity.number % 7),
            status="pagar",
            description=UPDATE_TEXTS[u % len(UPDATE_TEXTS)],
            occurrences=1,
            is_public=True,
        )
        for activity in activities
        for u in range(UPDATES_PER_ACTIVITY)
    )
    return owner, promise, len(activities)


def ready_draft(owner, promise, *, kind: str = "slutuppfoljning", appendix: bool = False):
    """The report as a coordinator gets it: each follow-up pre-filled (the summary of the period's
    updates), a closing report's verdicts set; ``appendix`` adds the appendix of every update."""
    from followup import services

    closing = kind == "slutuppfoljning"
    start, end = promise.period_start, promise.period_end
    if kind == "arsuppfoljning":  # the promise's first year
        end = date(start.year, 12, 31)
    report = services.create_draft(
        user=owner,
        promise=promise,
        kind=kind,
        period_start=start,
        period_end=end,
        our_reference="KS-2025/301",
        recipient_body="Kommunstyrelsen",
    )
    return services.save_draft(
        report=report,
        user=owner,
        fields={"include_update_appendix": appendix},
        entries={
            entry.activity_id: services.EntryInput(
                follow_up=entry.follow_up,
                verdict="hallet" if closing else "",
                verdict_justification="Genomfört." if closing else "",
            )
            for entry in report.entries.all()
        },
        signatories=[("Maja Provsson", "Chef kommunledningskontoret")],
    )


def child(mode: str, pk: int, env: dict) -> tuple[float, float, float]:
    """Run CHILD in a fresh process; its wall time (s), peak resident memory (MB) and CPU time
    (s, start-up included: steadier than the wall time on a busy machine).

    The peak is the child's own VmHWM: ``ru_maxrss`` of a child would also count this parent's
    memory at the fork, which Linux carries over the exec.
    """
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(pk)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    seconds, peak_kib, cpu = out.strip().splitlines()[-1].split()
    return float(seconds), int(peak_kib) / 1024, float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["worker", "direct"], default="worker")
    parser.add_argument("--dump-snapshot", metavar="FILE", help="write the snapshot there (JSON)")
    parser.add_argument(
        "--kind",
        choices=["arsuppfoljning", "slutuppfoljning"],
        default="arsuppfoljning",
        help="the annual report of the promise's first year, or the closing report",
    )
    parser.add_argument(
        "--appendix", action="store_true", help="with the appendix of every update in the period"
    )
    args = parser.parse_args()

    from pypdf import PdfReader

    from followup import services
    from followup.models import Report

    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            start = time.perf_counter()
            owner, promise, activities = build_promise()
            draft = ready_draft(owner, promise, kind=args.kind, appendix=args.appendix)
            print(
                f"Built {activities} activities × {UPDATES_PER_ACTIVITY} updates and drafted the "
                f"{args.kind} {draft.period_start}–{draft.period_end}"
                f"{' with the appendix' if args.appendix else ''} in "
                f"{time.perf_counter() - start:.1f} s"
            )
            url = urlsplit(os.environ["DATABASE_URL"])
            env = {
                **os.environ,
                "DATABASE_URL": urlunsplit(
                    url._replace(path="/" + connection.settings_dict["NAME"])
                ),
                "MEDIA_ROOT": media,
            }
            _seconds, baseline, _cpu = child("baseline", 0, env)
            print(f"  a worker before any task (Django + WeasyPrint imported): {baseline:.0f} MB")
            request_seconds = 0.0
            if args.mode == "worker":
                start = time.perf_counter()
                services.request_issue(report=draft, user=owner)
                request_seconds = time.perf_counter() - start
                print(
                    f"  the request's part (snapshot, state, task enqueued): {request_seconds:.2f} s"
                )
            seconds, peak, cpu = child(args.mode, draft.pk, env)
            report = Report.objects.get(pk=draft.pk)
            assert report.status == Report.Status.ISSUED, report.status
            data = report.pdf.read()
            if args.dump_snapshot:
                Path(args.dump_snapshot).write_text(json.dumps(report.snapshot), encoding="utf-8")
            pages = len(PdfReader(io.BytesIO(data)).pages)
    finally:
        teardown_databases(databases, verbosity=0)
        teardown_test_environment()

    print(
        f"  issued in a {args.mode} process: {pages} pages, {len(data) / 1e6:.1f} MB PDF, "
        f"{seconds:.1f} s ({cpu:.1f} s CPU), peak resident memory {peak:.0f} MB"
    )
    verdict = "met" if peak < TARGET_MB else "MISSED"
    print(f"  target: peak under {TARGET_MB} MB: {verdict}")


if __name__ == "__main__":
    main()
