"""Real-browser tests: Playwright (sync API) drives Debian's Chromium against pytest-django's
live server, and axe-core checks each page against WCAG 2.1 AA.

``playwright install`` cannot download a browser here, so the tests launch /usr/bin/chromium
(``make system-deps`` installs it). The live server runs in a thread on a transactional database:
every test loads its own data (``demo_data`` or the fixtures of tests/conftest.py) and the
database is emptied after it.
"""

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo.loader import DEMO_PASSWORD
from promises import services
from promises.models import Activity
from tests.conftest import analyze_tables

# Sync Playwright runs an event loop in the test's thread; Django would then refuse the test's own
# database queries (fixtures, assertions) as "async unsafe" although they run synchronously.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO_USERNAMES = ["samordnare", "polis", "sekreterare", "samordnare-ub", "forvaltare"]
TIMEOUT_MS = 10_000
PASSWORD = "test-password"  # of the accounts made by tests/conftest.py's make_user
AGREEMENT_TITLE = "Samverkansöverenskommelse Knivsta och polisen"
PROMISE_TITLE = "Medborgarlöfte Knivsta i år och nästa år"
AREA_TITLE = "Insatser i samverkan mot narkotika"
ACTIVITY_TEXT = "Planerade narkotikainsatser tillsammans med beroendemottagningen."


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (installs Debian's chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_context(browser, live_server, **options):
    from axe_playwright_python.base import AXE_SCRIPT

    context = browser.new_context(
        base_url=live_server.url,
        locale="sv-SE",
        timezone_id="Europe/Stockholm",
        **options,
    )
    context.set_default_timeout(TIMEOUT_MS)
    # axe-core in every document before the page's own code: Chromium compiles it once and reuses
    # the code cache, many times faster than evaluating the 550 kB script on each page.
    context.add_init_script(script=AXE_SCRIPT)
    return context


@pytest.fixture
def context(browser, live_server):
    context = _new_context(browser, live_server)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def new_page(browser, live_server):
    """Another page in a context of its own (its own cookies): a second user at the same time."""
    contexts = []

    def make():
        context = _new_context(browser, live_server)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def login(page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the real login form and wait for the page it leads to."""
    page.goto("/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Logga in").click()
    assert "/logga-in/" not in page.url, f"Login as {username!r} failed: still on {page.url}"


def follow(page, locator) -> None:
    """Click a link and wait until the page it leads to has loaded.

    A click returns once the event is dispatched, not when the next page is there, so a check
    right after it (axe above all) could run on a document that is being replaced."""
    with page.expect_navigation():
        locator.click()


def label(text: str) -> re.Pattern:
    """A field's label as the shared partial writes it: the label, then maybe "(obligatoriskt)"."""
    return re.compile(rf"^{re.escape(text)}( \(obligatoriskt\))?$")


@dataclass(frozen=True)
class Violation:
    url: str
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        targets = "\n      ".join(self.targets)
        return f"{self.url}: {self.rule} ({self.impact}) – {self.help}\n      {targets}"


def axe_violations(page) -> list[Violation]:
    """Run axe-core on the page as it is now and return its WCAG 2.1 A/AA violations.

    axe-core comes from axe-playwright-python. The contexts above inject it as an init script; a
    page from elsewhere gets it through ``evaluate``. Both run through the DevTools protocol, where
    the page's Content-Security-Policy does not apply, so no CSP bypass is needed.
    """
    from axe_playwright_python.base import AXE_SCRIPT

    page.wait_for_load_state("load")  # a page still loading has no document to check yet
    if page.evaluate("() => typeof window.axe") == "undefined":
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return [
        Violation(
            url=page.url,
            rule=violation["id"],
            impact=violation.get("impact") or "",
            help=violation.get("help", ""),
            targets=tuple(
                " ".join(str(part) for part in node["target"]) for node in violation["nodes"]
            ),
        )
        for violation in results["violations"]
    ]


def format_violations(violations: list[Violation]) -> str:
    return f"{len(violations)} accessibility violation(s):\n" + "\n".join(
        f"  - {violation}" for violation in violations
    )


def check_axe(page) -> None:
    """Fail with a readable list (rule, impact, selectors, URL) if axe finds any violation."""
    violations = axe_violations(page)
    assert not violations, format_violations(violations)


@pytest.fixture
def axe() -> Callable:
    return check_axe


def watch_csp(page) -> list[str]:
    """A list that fills with what the page's Content-Security-Policy blocks, as Chromium reports
    it on the console (an inline style or script, a resource from elsewhere)."""
    errors: list[str] = []

    def record(message):
        if message.type == "error" and re.search(r"Content.Security.Policy", message.text):
            errors.append(f"{page.url}: {message.text}")

    page.on("console", record)
    return errors


@pytest.fixture
def demo_data(transactional_db, settings):
    """The demo data of ``make run`` (the seed_demo command, which runs only under DEBUG)."""
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False
    analyze_tables()


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def current_agreement(owner, knivsta, uppsala_police, today):
    """Knivsta's agreement with its police area, in force today whatever the date of the run."""
    return services.create_agreement(
        user=owner,
        municipality=knivsta,
        police_area=uppsala_police,
        title=AGREEMENT_TITLE,
        reference_number="KS 2025/12",
        valid_from=date(today.year - 1, 1, 1),
        valid_to=date(today.year + 2, 12, 31),
    )


@pytest.fixture
def quantified_activity(owner, current_agreement, today):
    """An adopted promise in force today with one joint activity: at least 4 a year."""
    promise = services.create_promise(
        user=owner,
        agreement=current_agreement,
        title=PROMISE_TITLE,
        period_start=date(today.year, 1, 1),
        period_end=date(today.year + 1, 12, 31),
    )
    area = services.create_focus_area(user=owner, promise=promise, title=AREA_TITLE)
    activity = services.create_activity(
        user=owner,
        focus_area=area,
        description=ACTIVITY_TEXT,
        responsible=Activity.Responsible.JOINT,
        target_count=4,
        target_unit="narkotikainsatser",
        target_period="ar",
    )
    services.adopt_promise(
        promise=promise, user=owner, adopted_by="Kommunstyrelsen", adopted_on=today
    )
    return activity
