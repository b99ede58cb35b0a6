"""The whole app passes axe-core (WCAG 2.1 AA) in Chromium, for a visitor and for every demo role.

A crawler starts where each person starts (``/`` for a visitor, ``/start/`` after logging in) and
follows every same-origin link, running axe on each HTML page. URLs that differ only in their object
ids (or kommun) share a "shape"; a few of each shape stand for the rest, so the run stays short.
The crawl of every person runs once, in test_responsive's
``test_every_page_passes_axe_and_reflows_at_375_px_and_fits_at_1280_px``, which runs axe on each
page at 375 px and again at 1280 px; this module holds the crawler and the keyboard's checks.
"""

import re
from collections import Counter, deque
from urllib.parse import parse_qsl, urldefrag, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser.conftest import (
    axe_violations,
    format_violations,
    watch_csp,
)

pytestmark = pytest.mark.browser

MAX_PER_SHAPE = 2
SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/logga-ut/")
DOWNLOAD_SUFFIXES = (".pdf", ".csv", ".json", ".atom", ".xml", ".rss", ".zip")
LINKS_JS = """
els => els.map(a => ({href: a.href, download: a.hasAttribute("download"), type: a.type || ""}))
"""


def url_shape(path_and_query: str, slugs: frozenset[str] = frozenset()) -> str:
    """``/aktiviteter/12/?kommun=3`` and ``/aktiviteter/7/?kommun=5`` share the shape
    ``/aktiviteter/N/?kommun``; an organisation's slug in the path counts as an id too."""
    parts = urlsplit(path_and_query)
    keys = sorted({key for key, _value in parse_qsl(parts.query, keep_blank_values=True)})
    segments = ["S" if segment in slugs else segment for segment in parts.path.split("/")]
    path = re.sub(r"\d+", "N", "/".join(segments))
    return path + ("?" + "&".join(keys) if keys else "")


def is_download(path: str, link: dict) -> bool:
    if link["download"] or (link["type"] and "html" not in link["type"]):
        return True
    return path.lower().rstrip("/").endswith(DOWNLOAD_SUFFIXES) or "/flode" in path.lower()


class Crawl:
    """Breadth-first through the links of one person's pages, collecting what is wrong."""

    def __init__(
        self,
        page,
        origin: str,
        *,
        who: str,
        slugs: frozenset[str] = frozenset(),
        shapes: Counter | None = None,
        on_page=None,
    ):
        """``on_page(path)``, if given, is called on each HTML page reached, while it is shown
        (test_responsive checks the page's width there instead of loading it again)."""
        self.page = page
        self.on_page = on_page
        self.origin = origin.rstrip("/")
        self.who = who
        self.slugs = slugs
        self.seen: set[str] = set()
        # Accounts with the same role see the same pages: they may share one count of shapes.
        self.shapes: Counter[str] = shapes if shapes is not None else Counter()
        self.visited: list[str] = []
        self.violations = []
        self.bad_responses: list[str] = []
        self.csp_errors = watch_csp(page)

    def local(self, href: str) -> str | None:
        """The path and query of a same-origin link worth visiting, else None."""
        href, _fragment = urldefrag(href)
        if not href.startswith(self.origin + "/"):
            return None
        path = href[len(self.origin) :]
        if path.startswith(SKIP_PREFIXES):
            return None
        return path

    def enqueue(self, queue: deque, path: str) -> None:
        if path in self.seen:
            return
        self.seen.add(path)
        shape = url_shape(path, self.slugs)
        if self.shapes[shape] >= MAX_PER_SHAPE:
            return
        self.shapes[shape] += 1
        queue.append(path)

    def run(self, start: str) -> "Crawl":
        queue: deque[str] = deque()
        self.enqueue(queue, start)
        while queue:
            path = queue.popleft()
            try:
                response = self.page.goto(path)
            except PlaywrightError as error:
                if "Download is starting" in str(error):
                    continue
                raise
            if response is None:
                continue
            self.visited.append(path)
            if response.status >= 400:
                self.bad_responses.append(f"{path} → {response.status}")
                continue
            if not response.headers.get("content-type", "").startswith("text/html"):
                continue
            final = self.local(self.page.url)
            if final is not None:
                self.seen.add(final)
            self.violations.extend(axe_violations(self.page))
            if self.on_page is not None:
                self.on_page(path)
            for link in self.page.eval_on_selector_all("a[href]", LINKS_JS):
                target = self.local(link["href"])
                if target is not None and not is_download(target, link):
                    self.enqueue(queue, target)
        return self

    def problems(self) -> list[str]:
        problems = []
        if self.violations:
            problems.append(format_violations(self.violations))
        if self.bad_responses:
            problems.append(
                "Links to pages that answer with an error:\n  " + "\n  ".join(self.bad_responses)
            )
        if self.csp_errors:
            problems.append(
                "Blocked by the Content-Security-Policy:\n  " + "\n  ".join(self.csp_errors)
            )
        if not problems:
            return []
        return [f"=== {self.who}: {len(self.visited)} page(s) crawled ===", *problems]


def test_url_shapes_treat_ids_and_kommun_slugs_alike():
    slugs = frozenset({"knivsta", "upplands-bro"})
    assert url_shape("/aktiviteter/12/?kommun=3&status=pagar", slugs) == (
        "/aktiviteter/N/?kommun&status"
    )
    assert url_shape("/kommun/knivsta/loften/1/", slugs) == url_shape(
        "/kommun/upplands-bro/loften/3/", slugs
    )
    assert url_shape("/loften/7/andra/") != url_shape("/loften/7/")


def test_it_reaches_the_main_content_through_the_skip_link_with_the_keyboard(
    transactional_db, knivsta, adopted_promise, page, axe
):
    public_pages = [
        "/",
        f"/kommun/{knivsta.slug}/",
        f"/kommun/{knivsta.slug}/loften/{adopted_promise.pk}/",
    ]
    for url in public_pages:
        page.goto(url)
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => ({text: document.activeElement.textContent.trim(),"
            " href: document.activeElement.getAttribute('href')})"
        )
        assert focused == {"text": "Hoppa till innehållet", "href": "#main"}, url
        expect(page.get_by_role("link", name="Hoppa till innehållet")).to_be_visible()

        page.keyboard.press("Enter")

        assert page.evaluate("() => document.activeElement.id") == "main", url
        assert page.url.endswith("#main")
        page.keyboard.press("Tab")
        inside_main = page.evaluate(
            "() => document.getElementById('main').contains(document.activeElement)"
        )
        assert inside_main, f"{url}: the next Tab after the skip link leaves the main content"
        axe(page)


def test_it_reports_an_accessibility_violation_with_rule_selector_and_url(page, live_server):
    """The axe helper itself: a page with an unlabelled field and an image without alt text."""
    page.goto("/logga-in/")
    page.evaluate(
        """() => {
            const main = document.getElementById('main');
            const img = document.createElement('img');
            img.src = '/static/missing.png';
            img.id = 'no-alt';
            main.appendChild(img);
            const input = document.createElement('input');
            input.id = 'no-label';
            main.appendChild(input);
        }"""
    )
    violations = axe_violations(page)
    report = format_violations(violations)
    rules = {violation.rule for violation in violations}
    assert {"image-alt", "label"} <= rules, report
    assert "#no-alt" in report
    assert "#no-label" in report
    assert f"{live_server.url}/logga-in/" in report


def test_it_notices_what_the_content_security_policy_blocks(page, live_server):
    """The CSP watch of the crawler: an inline style on a page of the app is refused and seen."""
    errors = watch_csp(page)
    page.goto("/logga-in/")
    assert errors == []
    page.evaluate(
        """() => {
            const style = document.createElement('style');
            style.textContent = 'main { color: red; }';
            document.head.appendChild(style);
        }"""
    )
    page.wait_for_timeout(100)
    assert len(errors) == 1, errors
    assert "style-src" in errors[0]
