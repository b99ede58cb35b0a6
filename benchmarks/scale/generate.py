"""Fill a PostgreSQL database with national-scale data for the scale benchmark (issue 11).

    SCALE=0.1 DATABASE_URL=postgresql://… .venv/bin/python -m benchmarks.scale.generate

``make benchmark-scale`` runs it on a throwaway server (see run.py). SCALE=1 is the whole country
(290 kommuner, ~900 promises, ~30,000 activities, ~700,000 status updates, ~5,000 users); 0.1 is a
quick run. The database must be migrated and should be empty of generated data: the generator
takes its ids after the highest id in each table and writes everything by COPY, with the
django-simple-history rows of every object (a creation row, and change rows for some).

The steps, in order (``generate()``):

1. organisations, police areas and their coverage, users and memberships (organisations.py);
2. agreements, promises, signatories, focus areas, activities (chain.py);
3. status updates (updates.py);
4. follow-up reports with their parts (reports.py);
5. ``after_load()``: the one step that runs after every bulk load. It moves the identity sequences
   past the generated ids, then rebuilds what the app keeps beside the rows (summary columns such
   as an activity's latest status, once they exist: add the call in ``rebuild_kept_summaries``),
   then runs ANALYZE so that the planner knows the tables' sizes.

Every person is invented (common first and last names drawn at random); kommun names are the real
kommuner's. The same SCALE and SEED give the same data.
"""

import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from followup.models import Report, ReportActivityEntry, ReportDocument, ReportSignatory  # noqa: E402
from promises.models import (  # noqa: E402
    Activity,
    Agreement,
    FocusArea,
    Membership,
    Organisation,
    Promise,
    Signatory,
    StatusUpdate,
)

from .chain import write_chain  # noqa: E402
from .organisations import (  # noqa: E402
    coverage_history_model,
    start_of_history,
    write_organisations,
)
from .plan import Plan  # noqa: E402
from .reports import write_reports  # noqa: E402
from .updates import write_updates  # noqa: E402
from .writer import Writer, reset_sequences  # noqa: E402

GENERATED_MODELS = (
    get_user_model(),
    Organisation.covered_municipalities.through,
    coverage_history_model(),
    Organisation,
    Membership,
    Agreement,
    Signatory,
    Promise,
    FocusArea,
    Activity,
    StatusUpdate,
    Report,
    ReportActivityEntry,
    ReportSignatory,
    ReportDocument,
)


@dataclass
class Result:
    plan: Plan
    counts: dict[str, int]
    seconds: float


def generate(scale: float, *, seed: int = 11, log=print) -> Result:
    """Write the data for ``scale`` in one transaction, then ``after_load()``."""
    plan = Plan.for_scale(scale)
    rng = random.Random(seed)
    today = timezone.localdate()
    epoch = start_of_history(today)
    writer = Writer()
    started = time.perf_counter()

    def step(name, function, *args):
        begun = time.perf_counter()
        value = function(*args)
        log(f"  {name}: {time.perf_counter() - begun:.1f} s")
        return value

    with transaction.atomic():
        people = step("organisations and users", write_organisations, writer, plan, rng, epoch)
        promises = step("chain", write_chain, writer, plan, rng, people, today)
        step("status updates", write_updates, writer, plan, rng, promises, today)
        step("reports", write_reports, writer, rng, promises, today)
        step("after load", after_load)
    return Result(plan, writer.counts, time.perf_counter() - started)


def rebuild_kept_summaries() -> None:
    """Rebuild what the app keeps beside the rows and its services maintain on every write. A bulk
    load bypasses them, so each such summary gets its rebuild call here: each activity's newest
    update (``ActivitySummary``) and the public pages' revision stamps (``PublicRevision``)."""
    from promises.public_revision import stamp_everything
    from promises.summaries import refresh_all_summaries

    refresh_all_summaries()
    stamp_everything()


def after_load() -> None:
    """The step after every bulk load: sequences, kept summaries, then ANALYZE."""
    reset_sequences(GENERATED_MODELS)
    rebuild_kept_summaries()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def database_size() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        return cursor.fetchone()[0]


def main() -> None:
    scale = float(os.environ.get("SCALE", "1"))
    seed = int(os.environ.get("SEED", "11"))
    print(f"Generating SCALE={scale} (seed {seed}) …", flush=True)
    result = generate(scale, seed=seed)
    for label, count in sorted(result.counts.items()):
        print(f"  {label:45} {count:>10,}")
    print(f"Generated in {result.seconds:.1f} s; database size {database_size()}.", flush=True)


if __name__ == "__main__":
    main()
