"""Benchmark: the Word copy of the largest report, rendered in the web request.

Not a test: it prints figures. Run it with ``make benchmark`` (a throwaway PostgreSQL).

It builds the promise of ``benchmarks/report_memory.py`` (231 activities with 25 public updates
each) and drafts its closing report the same way, then takes its snapshot, without and with the
appendix of every update of the period (231 × 25), and renders each .docx
(``followup.docx.render_docx``) in a fresh process, several times: the median wall time and that
process's peak resident memory (its VmHWM) before rendering and after the first render. The download view does this
in the request, so the target is well under a second and a modest peak.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
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

from benchmarks.report_memory import build_promise, ready_draft  # noqa: E402

RUNS = 5
TARGET_SECONDS, TARGET_MB = 1.0, 300

CHILD = """
import json, sys, time
import django
django.setup()
from followup.docx import render_docx

def peak_mb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024

snapshot = json.loads(open(sys.argv[1], encoding="utf-8").read())
runs = int(sys.argv[2])
before = peak_mb()
seconds = []
for run in range(runs):
    start = time.perf_counter()
    data = render_docx(snapshot)
    seconds.append(time.perf_counter() - start)
    if run == 0:
        after = peak_mb()  # what one request reaches
print(json.dumps({"seconds": seconds, "before": before, "after": after, "runs": peak_mb(),
                  "bytes": len(data)}))
"""


def main() -> None:
    from followup.models import Report
    from followup.selectors import report_with_parts
    from followup.snapshot import build_snapshot

    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        owner, promise, activities = build_promise()
        draft = ready_draft(owner, promise)
        start = time.perf_counter()
        snapshots = {"without the appendix": build_snapshot(report_with_parts(draft.pk))}
        snapshot_seconds = time.perf_counter() - start
        Report.objects.filter(pk=draft.pk).update(include_update_appendix=True)
        snapshots["with the appendix"] = build_snapshot(report_with_parts(draft.pk))
    finally:
        teardown_databases(databases, verbosity=0)
        teardown_test_environment()
    print(
        f"The Word copy of the closing report of {activities} activities (a draft's snapshot, "
        f"which its download also takes, as the preview does: {snapshot_seconds:.2f} s):"
    )
    met = all([measure(label, snapshot) for label, snapshot in snapshots.items()])
    print(
        f"  target: under {TARGET_SECONDS:.0f} s and {TARGET_MB} MB: {'met' if met else 'MISSED'}"
    )


def measure(label: str, snapshot: dict) -> bool:
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as file:
        json.dump(snapshot, file)
        file.flush()
        out = subprocess.run(
            [sys.executable, "-c", CHILD, file.name, str(RUNS)],
            cwd=ROOT,
            env=os.environ,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    median = statistics.median(result["seconds"])
    print(
        f"  {label}: {result['bytes'] / 1e3:.0f} kB .docx, median {median:.2f} s over {RUNS} "
        f"renders (min {min(result['seconds']):.2f}, max {max(result['seconds']):.2f}); peak "
        f"resident memory {result['before']:.0f} MB before rendering (Django and the snapshot "
        f"loaded), {result['after']:.0f} MB after one render ({result['runs']:.0f} MB after "
        f"{RUNS} in the same process)"
    )
    return median < TARGET_SECONDS and result["after"] < TARGET_MB


if __name__ == "__main__":
    main()
