"""Benchmark: issuing a follow-up report of 40 activities with three updates each.

Not a test: it prints figures. Run it with ``make benchmark`` (a throwaway PostgreSQL) or directly
with ``DEBUG=true .venv/bin/python benchmarks/report_pdf.py`` (an in-memory SQLite test database).

It measures, interleaved so that machine load hits both alike:

- the full issue path, ``followup.services.issue_report``: reading the report and the chain,
  building the snapshot, rendering the template, WeasyPrint, SHA-256, storing the file and saving;
- WeasyPrint alone (``followup.pdf.html_to_pdf``) on the same HTML;

and prints the medians and our overhead as a share of WeasyPrint's time. It also times the
WeasyPrint call inside each issue (by wrapping ``pdf.tagged_pdf``), so that our own part, full
path minus that call (the PDF/UA post-processing of ``followup.pdf_ua`` included), is measured
directly and not only as a difference of two noisy medians.
Targets: the full path under 2 s; our overhead under 20 %.
"""

import argparse
import logging
import os
import statistics
import sys
import tempfile
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
from django.contrib.auth import get_user_model  # noqa: E402
from django.test.utils import (  # noqa: E402
    override_settings,
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)

AREAS, ACTIVITIES_PER_AREA, UPDATES_PER_ACTIVITY = 4, 10, 3
TARGET_MEDIAN_SECONDS, TARGET_OVERHEAD_PERCENT = 2.0, 20.0

UPDATE_TEXTS = [
    "Kommunpolisen och fältassistenterna genomförde insatsen tillsammans en fredagskväll i "
    "centrum. Ett fyrtiotal unga kontaktades och inga ordningsstörningar rapporterades.",
    "Arbetet fortsätter enligt plan. Samverkansgruppen träffades två gånger under perioden och "
    "gick igenom lägesbilden från EST-områdesgrupperna.",
    "En utbildning för nya vandringsvärdar hölls i samarbete med föreningarna; femton personer "
    "deltog och två nya pass planeras till hösten.",
]


def build_chain():
    """Knivsta with a promise of 4 focus areas × 10 activities × 3 updates, half with targets."""
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
    area = Organisation.objects.create(
        kind="lokalpolisomrade", name="Lokalpolisområde Uppsala/Knivsta", slug="lpo-uk"
    )
    area.covered_municipalities.add(kommun)
    owner = get_user_model().objects.create_user(
        username="bench", first_name="Bo", last_name="Bänk", email="bo@knivsta.example"
    )
    Membership.objects.create(user=owner, organisation=kommun, role="samordnare")
    agreement = Agreement.objects.create(
        municipality=kommun,
        police_area=area,
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
    updates = []
    for a in range(1, AREAS + 1):
        focus_area = FocusArea.objects.create(
            promise=promise,
            number=a,
            title=f"Fokusområde {a}",
            definition="Området beskrivs här i ett par meningar om varför det är prioriterat "
            "och vad kommunen och polisen vill uppnå tillsammans under perioden.",
        )
        for n in range(1, ACTIVITIES_PER_AREA + 1):
            target = {}
            if n % 2:
                target = {"target_count": 4, "target_unit": "insatser", "target_period": "ar"}
            activity = Activity.objects.create(
                focus_area=focus_area,
                number=n,
                description="Kommunen och polisen genomför gemensamma insatser på prioriterade "
                "platser, planerade utifrån den gemensamma lägesbilden.",
                **target,
            )
            updates += [
                StatusUpdate(
                    activity=activity,
                    date=date(2024, 3, 1) + timedelta(days=150 * u + n),
                    status="pagar",
                    description=UPDATE_TEXTS[u],
                    occurrences=1,
                )
                for u in range(UPDATES_PER_ACTIVITY)
            ]
    StatusUpdate.objects.bulk_create(updates)
    return owner, promise


def ready_draft(owner, promise):
    from followup import services

    report = services.create_draft(
        user=owner,
        promise=promise,
        kind="slutuppfoljning",
        period_start=promise.period_start,
        period_end=promise.period_end,
        our_reference="KS-2025/301",
        recipient_body="Kommunstyrelsen",
    )
    return services.save_draft(
        report=report,
        user=owner,
        fields={"case_text": "Ärendet väcktes på kommunstyrelsens sammanträde. " * 10},
        entries={
            entry.activity_id: services.EntryInput(
                follow_up=entry.follow_up, verdict="hallet", verdict_justification="Genomfört."
            )
            for entry in report.entries.all()
        },
        signatories=[("Maja Provsson", "Chef kommunledningskontoret")],
        documents=[("Medborgarlöfte 2024–2025", date(2024, 1, 29))],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="measured runs of each (default 9)")
    args = parser.parse_args()
    logging.getLogger("followup").setLevel(logging.WARNING)

    import io

    from pypdf import PdfReader

    from followup import pdf, services

    inner: list[float] = []
    tagged_pdf = pdf.tagged_pdf

    def timed_tagged_pdf(html, font_config=None):
        start = time.perf_counter()
        result = tagged_pdf(html, font_config)
        inner.append(time.perf_counter() - start)
        return result

    # followup.pdf.render_pdf as it is, with its WeasyPrint call timed.
    pdf.tagged_pdf = timed_tagged_pdf

    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            owner, promise = build_chain()
            drafts = [ready_draft(owner, promise) for _ in range(args.runs + 1)]
            # One warm-up of each: imports, font loading, template compilation.
            warm = services.issue_report(report=drafts.pop(), user=owner)
            html = pdf.render_html(warm.snapshot)
            pdf.html_to_pdf(html)
            pages = len(PdfReader(io.BytesIO(warm.pdf.read())).pages)

            full, weasy, full_cpu, weasy_cpu = [], [], [], []
            for draft in drafts:
                start, cpu = time.perf_counter(), time.process_time()
                services.issue_report(report=draft, user=owner)
                full.append(time.perf_counter() - start)
                full_cpu.append(time.process_time() - cpu)
                start, cpu = time.perf_counter(), time.process_time()
                pdf.html_to_pdf(html)
                weasy.append(time.perf_counter() - start)
                weasy_cpu.append(time.process_time() - cpu)
    finally:
        pdf.tagged_pdf = tagged_pdf
        teardown_databases(databases, verbosity=0)
        teardown_test_environment()

    full_median, weasy_median = statistics.median(full), statistics.median(weasy)
    overhead = 100 * (full_median - weasy_median) / weasy_median
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    activities = AREAS * ACTIVITIES_PER_AREA
    print(
        f"Report of {activities} activities × {UPDATES_PER_ACTIVITY} updates, {pages} pages, "
        f"{args.runs} runs, database {engine}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(
        f"  full issue path   median {full_median:.3f} s  (min {min(full):.3f}, max {max(full):.3f})"
    )
    print(
        f"  WeasyPrint alone  median {weasy_median:.3f} s  "
        f"(min {min(weasy):.3f}, max {max(weasy):.3f})"
    )
    print(
        f"  our overhead      {full_median - weasy_median:.3f} s = {overhead:.1f} % of WeasyPrint"
    )
    own = statistics.median(
        total - weasy_part for total, weasy_part in zip(full, inner[1:], strict=True)
    )
    print(
        f"  our own part of each issue (full path minus its WeasyPrint call): median {own:.3f} s "
        f"= {100 * own / weasy_median:.1f} % of WeasyPrint"
    )
    cpu_full, cpu_weasy = statistics.median(full_cpu), statistics.median(weasy_cpu)
    print(
        f"  CPU time of this process (the database server not counted): full path median "
        f"{cpu_full:.3f} s, WeasyPrint {cpu_weasy:.3f} s, "
        f"overhead {100 * (cpu_full - cpu_weasy) / cpu_weasy:.1f} %"
    )
    verdict = "met" if full_median < TARGET_MEDIAN_SECONDS else "MISSED"
    print(f"  target: full path under {TARGET_MEDIAN_SECONDS:.0f} s: {verdict}")
    verdict = "met" if overhead < TARGET_OVERHEAD_PERCENT else "MISSED"
    print(f"  target: overhead under {TARGET_OVERHEAD_PERCENT:.0f} %: {verdict}")


if __name__ == "__main__":
    main()
