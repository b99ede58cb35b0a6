"""Every page shape passes axe in both windows, reflows on a phone (375 px, WCAG 1.4.10) and reads
well on a desktop (1280 px).

The crawl of test_accessibility finds the pages each person reaches (a visitor from ``/``, each demo
account from ``/start/``) in a 375 px wide window, running axe on each as it goes. Every page it
reached is checked at 375×800 as the crawl shows it, then opened at 1280×900: the document must be
no wider than the window. With ``SCREENSHOTS=1 make test`` a screenshot of each whole page goes to
test-artifacts/screenshots/<width>/<name>.png for a person to look at (left out by default: they
take about a minute of the suite's time).
"""

import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from promises.models import Membership, Organisation
from tests.browser.conftest import (
    DEMO_USERNAMES,
    PASSWORD,
    PROMISE_TITLE,
    _new_context,
    axe_violations,
    check_axe,
    format_violations,
    login,
)
from tests.browser.test_accessibility import Crawl, url_shape

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
SAVE_SCREENSHOTS = bool(os.environ.get("SCREENSHOTS"))
NOT_FOUND = "/finns-inte-alls/"
# The elements that stick out past the right edge of the window, for a readable failure.
OVERFLOW_JS = """
() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  return [...document.querySelectorAll("body *")]
    .filter(el => el.getBoundingClientRect().right > width + 0.5)
    .filter(el => el.parentElement.getBoundingClientRect().right <= width + 0.5)
    .slice(0, 5)
    .map(el => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}` +
               `${el.className && typeof el.className === "string" ? "." + el.className.trim().replace(/\\s+/g, ".") : ""}` +
               ` (right edge ${Math.round(el.getBoundingClientRect().right)} px)`);
}
"""


def screenshot_name(who: str, path: str, slugs: frozenset[str]) -> str:
    shape = url_shape(path, slugs).strip("/") or "hem"
    return re.sub(r"[^A-Za-z0-9åäöÅÄÖ_-]+", "_", f"{who}-{shape}").strip("_")


def overflow(page) -> str | None:
    """None if the document fits the window, else what sticks out."""
    if page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"):
        return None
    width = page.evaluate("() => document.documentElement.scrollWidth")
    culprits = page.evaluate(OVERFLOW_JS)
    return f"{width} px wide: " + "; ".join(culprits)


def check_shown(page, path: str, name: str, width: int) -> list[str]:
    """The page as shown now: its screenshot saved, and the problem if it is wider than the window."""
    folder = SCREENSHOTS / str(width)
    if SAVE_SCREENSHOTS:
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    too_wide = overflow(page)
    return [f"{width} px {path}: {too_wide}"] if too_wide else []


def show_at(
    page, path: str, name: str, viewport: dict, violations: list | None = None
) -> list[str]:
    """Open the page in a window of ``viewport``; the problems found (none if it fits). With
    ``violations``, axe runs on it too and adds what it finds there."""
    page.set_viewport_size(viewport)
    response = page.goto(path)
    if response is None or not response.headers.get("content-type", "").startswith("text/html"):
        return []
    if violations is not None:
        violations.extend(axe_violations(page))
    return check_shown(page, path, name, viewport["width"])


# Who is crawled, in two groups that run in two test files (test_responsive_roles.py has the
# other), so that the suite's processes share the crawl; the two coordinators stay together, since
# they share their count of shapes (Upplands-Bro's adds the pages Knivsta's data does not lead to).
VISITOR_AND_COORDINATORS = [
    ("anonymous", "/"),
    ("samordnare", "/start/"),
    ("samordnare-ub", "/start/"),
]
OTHER_ROLES = [
    *(
        (username, "/start/")
        for username in DEMO_USERNAMES
        if not username.startswith("samordnare")
    ),
    ("admin", "/start/"),  # the service's administrator, a superuser in no organisation
]


@dataclass
class Crawled:
    crawls: dict
    problems: list[str]
    shown: int


def crawl_people(browser, live_server, people) -> Crawled:
    """Each of ``people`` (who, where they start) crawled at 375 px, axe and the width checked on
    every page as it is shown; then every page reached opened at 1280 px, axe and width again."""
    slugs = frozenset(Organisation.objects.values_list("slug", flat=True))
    shapes_per_role: dict[str, Counter] = defaultdict(Counter)
    result = Crawled(crawls={}, problems=[], shown=0)
    desktop_violations: list = []
    for who, start in people:
        context = _new_context(browser, live_server, viewport=PHONE)
        try:
            page = context.new_page()
            shapes = Counter()
            if who != "anonymous":
                login(page, who)
            if who in DEMO_USERNAMES:
                shapes = shapes_per_role[Membership.objects.get(user__username=who).role]

            def at_phone(path, page=page, who=who):
                result.problems.extend(
                    check_shown(page, path, screenshot_name(who, path, slugs), PHONE["width"])
                )

            crawl = Crawl(
                page, live_server.url, who=who, slugs=slugs, shapes=shapes, on_page=at_phone
            ).run(start)
            result.crawls[who] = crawl
            result.problems.extend(crawl.problems())
            if who == "anonymous":
                result.problems.extend(show_at(page, NOT_FOUND, "anonymous-finns-inte", PHONE))
            for path in [*crawl.visited, *([NOT_FOUND] if who == "anonymous" else [])]:
                name = screenshot_name(who, path, slugs)
                result.problems.extend(show_at(page, path, name, DESKTOP, desktop_violations))
                result.shown += 1
        finally:
            context.close()
    for who, crawl in result.crawls.items():
        if who != "anonymous":
            assert crawl.visited[0] == "/start/", (who, crawl.visited)
            assert len(crawl.visited) > 1, f"{who} found no link on the start page"
    if desktop_violations:
        result.problems.append("=== at 1280 px ===\n" + format_violations(desktop_violations))
    return result


def assert_reaches_the_follow_up_and_the_lagesbild(crawl) -> None:
    assert "/uppfoljningslage/" in crawl.visited, (crawl.who, "Uppföljningsläge")
    # The lägesbild: its index, a kommun's versions and an adopted version's page.
    lagesbild = [path for path in crawl.visited if path.startswith("/lagesbild/")]
    assert any(re.fullmatch(r"/lagesbild/\d+/", path) for path in lagesbild), (crawl.who, lagesbild)


@pytest.mark.crawl
def test_every_page_passes_axe_and_reflows_at_375_px_and_fits_at_1280_px(
    demo_data, browser, live_server
):
    """A visitor from ``/`` and the two demo coordinators from ``/start/``: every page shape they
    reach by links passes axe (WCAG 2.1 A/AA) in both windows, reflows at 375 px and fits at
    1280 px (the other roles: test_responsive_roles.py). One test for them, so that the demo data
    is loaded once and each page is crawled once."""
    result = crawl_people(browser, live_server, VISITOR_AND_COORDINATORS)
    anonymous = result.crawls["anonymous"].visited
    assert {"/", "/logga-in/"} <= set(anonymous), anonymous
    assert_reaches_the_follow_up_and_the_lagesbild(result.crawls["samordnare"])
    assert result.shown > 30, f"only {result.shown} pages shown"
    if SAVE_SCREENSHOTS:
        assert (SCREENSHOTS / "375" / "anonymous-hem.png").exists()
        assert (SCREENSHOTS / "1280" / "samordnare-start.png").exists()
    assert not result.problems, "\n".join(result.problems)


def test_it_opens_the_menu_with_the_keyboard_without_javascript(
    transactional_db, owner, browser, live_server
):
    """On a phone the main menu hides behind "Meny" (details/summary); on a wide screen it is open
    and the button is gone. No JavaScript either way."""
    context = _new_context(browser, live_server, viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        login(page, owner.username, PASSWORD)
        menu_link = page.get_by_role("link", name="Löften", exact=True)
        button = page.locator("summary", has_text="Meny")
        expect(button).to_be_visible()
        expect(menu_link).not_to_be_visible()

        page.keyboard.press("Tab")  # the skip link
        page.keyboard.press("Tab")  # the brand
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent.trim()") == "Meny"
        page.keyboard.press("Enter")
        expect(menu_link).to_be_visible()
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent.trim()") == "Start"

        page.set_viewport_size(DESKTOP)
        page.reload()
        expect(menu_link).to_be_visible()
        expect(button).not_to_be_visible()
        expect(page.get_by_role("button", name=re.compile("^Logga ut"))).to_be_visible()
    finally:
        context.close()


def test_it_scrolls_a_wide_table_in_a_labelled_region_the_keyboard_reaches(
    transactional_db, owner, quantified_activity, page, live_server
):
    page.set_viewport_size(PHONE)
    login(page, owner.username, PASSWORD)
    page.goto("/loften/")
    region = page.locator("div.table-scroll")
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("tabindex") == "0"
    label = page.locator(f"#{region.get_attribute('aria-labelledby')}")
    expect(label).to_have_text("Knivsta kommun")
    assert region.locator("table").get_by_role("link", name=PROMISE_TITLE).count() == 1
    hint = page.get_by_text("Svep i sidled för att se hela tabellen")
    expect(hint).to_be_visible()
    assert region.evaluate("el => el.scrollWidth > el.clientWidth"), "the table fits: no test"
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle(), timeout=2000)
    check_axe(page)

    page.set_viewport_size(DESKTOP)
    expect(hint).not_to_be_visible()
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth")
