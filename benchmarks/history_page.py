"""Benchmark: the history of a promise whose background went through ten versions of 48 KB (just
under the 50,000-character limit of a promise text).

Not a test: it prints figures. Run it with ``make benchmark`` (a throwaway PostgreSQL) or directly
with ``DEBUG=true .venv/bin/python benchmarks/history_page.py`` (an in-memory SQLite test database).

A background pasted from Word, then edited nine times: each version rewrites some sentences in a
handful of paragraphs, adds one and drops one; one version rewrites a long stretch. It measures,
as the coordinator through Django's test client (session, middleware, template and all):

- the promise's history page filtered to the promise itself (``?typ=lofte``): ten entries, nine
  of them a diff of two 48 KB texts;
- the promise's whole history page (the tree history: the promise and everything under it);
- the tree history selector alone with every diff computed (``promise_tree_history``), which is
  the work of all pages of the history together;
- the conflict message on the tenth version for an editor who opened the first
  (``describe_entries``), which names every change since.

Target: each page under 1 s. ``--whole-text-diff`` also times, once, the word diff over the whole
texts that the history used before (difflib over all words of two versions) on one pair.
"""

import argparse
import difflib
import os
import random
import statistics
import sys
import time
import warnings
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
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    override_settings,
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)
from django.urls import reverse  # noqa: E402

VERSIONS, TEXT_BYTES = 10, 48_000
TARGET_SECONDS = 1.0

SUBJECTS = (
    "Kommunen",
    "Polisen",
    "Kommunpolisen",
    "Fältassistenterna",
    "Socialtjänsten",
    "Samverkansgruppen",
    "Skolan",
    "Fritidsgården",
    "Bostadsbolaget",
    "Föreningslivet",
    "Vandringsvärdarna",
    "Räddningstjänsten",
)
VERBS = (
    "genomför",
    "planerar",
    "följer upp",
    "samordnar",
    "ansvarar för",
    "utvecklar",
    "prioriterar",
    "utvärderar",
    "dokumenterar",
    "stödjer",
)
OBJECTS = (
    "gemensamma insatser",
    "trygghetsvandringar",
    "medborgardialoger",
    "narkotikainsatser",
    "kontroller av belysningen",
    "föräldravandringar",
    "samtal med unga",
    "lägesbilden",
    "arbetet mot skadegörelse",
    "det våldsförebyggande arbetet",
    "informationen till boende",
    "uppföljningen av tidigare åtgärder",
)
PLACES = (
    "i centrum",
    "vid stationen",
    "kring skolorna",
    "i bostadsområdena",
    "vid pendeltågsstationen",
    "på torget",
    "i idrottshallens närhet",
    "längs gång- och cykelvägarna",
    "i hela kommunen",
)
TIMES = (
    "under kvällar och helger",
    "varje termin",
    "inför sommarlovet",
    "under hösten",
    "när lägesbilden kräver det",
    "minst en gång per månad",
    "i samband med större evenemang",
)
REASONS = (
    "eftersom otryggheten har ökat enligt trygghetsmätningen",
    "för att minska brottsligheten och öka tryggheten",
    "så att fler boende känner sig trygga",
    "utifrån det som kom fram i medborgardialogen",
    "för att tidigt fånga upp unga i riskzonen",
    "i enlighet med samverkansöverenskommelsen",
)


def sentence(rng: random.Random) -> str:
    parts = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(PLACES)]
    if rng.random() < 0.6:
        parts.append(rng.choice(TIMES))
    if rng.random() < 0.5:
        parts.append(rng.choice(REASONS))
    return " ".join(parts) + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(4, 9)))


def first_version(rng: random.Random) -> list[str]:
    paragraphs: list[str] = []
    while sum(len(p.encode()) + 2 for p in paragraphs) < TEXT_BYTES:
        paragraphs.append(paragraph(rng))
    return paragraphs


def next_version(rng: random.Random, paragraphs: list[str], number: int) -> list[str]:
    """Some sentences rewritten in a handful of paragraphs, one paragraph added and one dropped;
    in the sixth version a stretch of thirty paragraphs replaced by three long ones as well (pasted
    again from another document), too large to compare word by word."""
    paragraphs = list(paragraphs)
    for index in rng.sample(range(len(paragraphs)), 6):
        sentences = paragraphs[index].split(". ")
        sentences[rng.randrange(len(sentences))] = sentence(rng).rstrip(".")
        paragraphs[index] = ". ".join(sentences)
    paragraphs.insert(rng.randrange(len(paragraphs)), paragraph(rng))
    del paragraphs[rng.randrange(len(paragraphs))]
    if number == 6:
        start = rng.randrange(len(paragraphs) - 30)
        paragraphs[start : start + 30] = [
            " ".join(paragraph(rng) for _ in range(10)) for _ in range(3)
        ]
    while sum(len(p.encode()) + 2 for p in paragraphs) < TEXT_BYTES:
        paragraphs.append(paragraph(rng))
    return paragraphs


def build_promise():
    """Knivsta's promise with ten versions of its background, saved by its coordinator."""
    from promises import services
    from promises.models import Membership, Organisation

    kommun = Organisation.objects.create(
        kind="kommun", name="Knivsta kommun", slug="knivsta", municipality_code="0330"
    )
    area = Organisation.objects.create(
        kind="lokalpolisomrade", name="Lokalpolisområde Uppsala/Knivsta", slug="lpo-uk"
    )
    area.covered_municipalities.add(kommun)
    owner = get_user_model().objects.create_user(
        username="bench", first_name="Bo", last_name="Bänk", email="bo@knivsta.example"
    )
    Membership.objects.create(user=owner, organisation=kommun, role="samordnare")
    agreement = services.create_agreement(
        user=owner,
        municipality=kommun,
        police_area=area,
        title="Samverkansöverenskommelse 2023–2026",
        valid_from=date(2023, 1, 1),
        valid_to=date(2026, 12, 31),
    )
    rng = random.Random(2026)
    paragraphs = first_version(rng)
    texts = ["\n\n".join(paragraphs)]
    promise = services.create_promise(
        user=owner,
        agreement=agreement,
        title="Medborgarlöfte Knivsta 2024–2025",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
        background=texts[0],
    )
    for number in range(2, VERSIONS + 1):
        paragraphs = next_version(rng, paragraphs, number)
        texts.append("\n\n".join(paragraphs))
        # Saved as the services save (history row, user), without their input checks: this is
        # text already saved, which stays readable whatever limit applies to new input.
        promise.background = texts[-1]
        promise._history_user = owner
        promise._change_reason = f"Version {number}"
        promise.save()
    return owner, promise, texts


def timed(function, runs: int) -> list[float]:
    function()  # warm-up: imports, template compilation, connection
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def report(label: str, times: list[float], extra: str = "") -> float:
    median = statistics.median(times)
    print(
        f"  {label:44} median {median:.3f} s  (min {min(times):.3f}, max {max(times):.3f}){extra}"
    )
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each (default 7)")
    parser.add_argument(
        "--whole-text-diff",
        action="store_true",
        help="also time, once, the previous word diff over two whole versions (may take minutes)",
    )
    args = parser.parse_args()
    # WhiteNoise looks for collected static files; the test client serves none.
    warnings.filterwarnings("ignore", message="No directory at")

    from promises.history import describe_entries, entries_for, promise_tree_history

    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    try:
        with override_settings(STORAGES=storages):
            owner, promise, texts = build_promise()
            client = Client()
            client.force_login(owner)
            url = reverse("promises:promise_history", args=[promise.pk])
            sizes = {}

            def page(query: dict):
                def get():
                    response = client.get(url, query, secure=True)
                    assert response.status_code == 200, response.status_code
                    sizes[str(query)] = len(response.content)

                return get

            def all_diffs():
                for entry in promise_tree_history(promise):
                    for change in entry.changes:
                        change.diff  # noqa: B018 - computed on first read (if not before)

            def conflict():
                rows = list(promise.history.select_related("history_user").order_by("history_id"))
                # An editor who opened the first version: every later change is described.
                lines = describe_entries(
                    entries_for(type(promise), rows[1:], previous={promise.pk: rows[0]})
                )
                assert len(lines) == VERSIONS - 1

            results = {
                "promise only": timed(page({"typ": "lofte"}), args.runs),
                "whole tree": timed(page({}), args.runs),
                "selector": timed(all_diffs, args.runs),
                "conflict": timed(conflict, args.runs),
            }
            summaries = [
                change.summary
                for entry in promise_tree_history(promise)
                for change in entry.changes
                if getattr(change, "summary", "")  # (none before the summaries came)
            ]
    finally:
        teardown_databases(databases, verbosity=0)
        teardown_test_environment()

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    lengths = [len(text.encode()) for text in texts]
    print(
        f"History of a promise with {VERSIONS} versions of its background "
        f"({min(lengths) // 1000}–{max(lengths) // 1000} KB, "
        f"{min(t.count(chr(10) * 2) + 1 for t in texts)}–"
        f"{max(t.count(chr(10) * 2) + 1 for t in texts)} paragraphs), {args.runs} runs, "
        f"database {engine}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}"
    )
    medians = [
        report(
            "history page, the promise only (?typ=lofte)",
            results["promise only"],
            f", {sizes[str({'typ': 'lofte'})] // 1000} KB of HTML",
        ),
        report(
            "history page, the whole tree", results["whole tree"], f", {sizes['{}'] // 1000} KB"
        ),
    ]
    report("tree history selector, every diff computed", results["selector"])
    report("conflict message over nine versions", results["conflict"])
    print(f"  changes summarised instead of diffed word by word: {len(summaries)}")
    for summary in summaries:
        print(f"    {summary}")
    verdict = "met" if max(medians) < TARGET_SECONDS else "MISSED"
    print(f"  target: each page under {TARGET_SECONDS:.0f} s: {verdict}")

    if args.whole_text_diff:
        old_words, new_words = texts[0].split(), texts[1].split()
        start = time.perf_counter()
        difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False).get_opcodes()
        print(
            f"  previous approach, difflib over all {len(old_words)} and {len(new_words)} words "
            f"of versions 1 and 2, once: {time.perf_counter() - start:.3f} s"
        )


if __name__ == "__main__":
    main()
