"""Benchmark: importing a plan at the limits (imports.limits: 1,000 activities in a file).

Not a test: it prints figures. Run it with ``make benchmark`` (a throwaway PostgreSQL).

Reading the upload (``imports.readers.read`` and ``imports.rows.plan_rows``) runs in the request:
its target is under a second for an .xlsx, a .csv and a .docx of 1,000 activities with long texts.
The check (every area and activity written through the services and rolled back) and the import
run as tasks; their times are printed to show why.
"""

import io
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)

from imports.columns import COLUMNS  # noqa: E402
from imports.limits import MAX_ACTIVITIES  # noqa: E402
from imports.readers import read  # noqa: E402
from imports.rows import plan_rows  # noqa: E402

RUNS = 5
TARGET_SECONDS = 1.0
TEXT = "Polisen och kommunen genomför gemensamma insatser i centrum under helgkvällar. " * 6


def _rows():
    for index in range(MAX_ACTIVITIES):
        area = 1 + index // 100
        yield [
            area,
            f"Fokusområde {area}",
            "Stycket som beskriver området. " * 10,
            index % 100 + 1,
            TEXT,
            "Gemensamt",
            "Kriminalvården, Upplands-Brohus",
            "",
            date(2024, 1, 1),
            date(2025, 12, 31),
            4,
            "insatser",
            "år",
        ]


def xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append([str(c.label) for c in COLUMNS])
    for row in _rows():
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv() -> bytes:
    lines = [";".join(str(c.label) for c in COLUMNS)]
    lines += [";".join(str(v) for v in row) for row in _rows()]
    return ("\ufeff" + "\r\n".join(lines)).encode()


def docx() -> bytes:
    from docx import Document

    document = Document()
    for area in range(1, MAX_ACTIVITIES // 100 + 1):
        document.add_paragraph(f"{area}. Fokusområde {area}")
        document.add_paragraph("Stycket som beskriver området. " * 10)
        table = document.add_table(rows=0, cols=2)
        for number in range(1, 101):
            for first, second in ((f"Insats {area}:{number}", TEXT), ("Uppföljning", "Pågår.")):
                cells = table.add_row().cells
                cells[0].text, cells[1].text = first, second
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def reading() -> bool:
    met = True
    for name, data in (("plan.xlsx", xlsx()), ("plan.csv", csv()), ("plan.docx", docx())):
        seconds = []
        for _run in range(RUNS):
            start = time.perf_counter()
            _areas, problems = plan_rows(read(name, data))
            seconds.append(time.perf_counter() - start)
        assert not problems, problems[:3]
        median = statistics.median(seconds)
        met = met and median < TARGET_SECONDS
        print(
            f"  read {name} ({len(data) / 1e6:.2f} MB, {MAX_ACTIVITIES} activities): median "
            f"{median:.2f} s over {RUNS} (min {min(seconds):.2f}, max {max(seconds):.2f})"
        )
    return met


def writing() -> None:
    from imports.services import write_plan
    from promises import services
    from promises.models import Organisation

    municipality = Organisation.objects.create(kind="kommun", name="Benchkommun", slug="bench")
    police = Organisation.objects.create(kind="lokalpolisomrade", name="LPO Bench", slug="lpo")
    police.covered_municipalities.add(municipality)
    agreement = services.create_agreement(
        user=None,
        municipality=municipality,
        police_area=police,
        title="Överenskommelse",
        valid_from=date(2024, 1, 1),
        valid_to=date(2025, 12, 31),
    )
    promise = services.create_promise(
        user=None,
        agreement=agreement,
        title="Plan",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
    )
    areas, _problems = plan_rows(read("plan.csv", csv()))
    for label, dry_run in (("check (rolled back)", True), ("import", False)):
        start = time.perf_counter()
        problems, _preview = write_plan(
            promise=promise,
            areas=areas,
            user=None,
            reason="Importerad från plan.csv",
            dry_run=dry_run,
        )
        assert not problems, problems[:3]
        print(f"  {label} of {MAX_ACTIVITIES} activities: {time.perf_counter() - start:.1f} s")


def main() -> None:
    print(f"Importing a plan at the limit ({MAX_ACTIVITIES} activities):")
    met = reading()
    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        writing()
    finally:
        teardown_databases(databases, verbosity=0)
        teardown_test_environment()
    print(
        f"  target for reading, in the request: under {TARGET_SECONDS:.0f} s: "
        f"{'met' if met else 'MISSED'}; the check and the import run as tasks"
    )


if __name__ == "__main__":
    main()
