"""With the demo data of ``make run``, follow every link from each demo account's start page.

Every page reachable by links answers without a server error, every HTML page has exactly one h1,
and no Knivsta object page answers 200 to Upplands-Bro's coordinator or to an anonymous visitor.
The Django test client walks the links (no browser), so the whole app is covered in seconds.
"""

import re
from collections import deque
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from promises import services
from promises.models import Activity, Agreement, FocusArea, Promise, StatusUpdate
from tests.conftest import analyze_tables

ORIGIN = "http://testserver"
SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/logga-ut/")
ACCOUNTS = ["samordnare", "polis", "sekreterare", "samordnare-ub", "forvaltare"]
DRAFT_TITLE = "Utkast till medborgarlöfte Knivsta 2026–2027"


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.h1_count = 0

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)
        elif tag == "h1":
            self.h1_count += 1


@dataclass
class Crawl:
    """What one visitor reached: every path with its status, and the HTML pages' problems."""

    client: Client
    statuses: dict[str, int] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)
    links: dict[str, set[str]] = field(default_factory=dict)
    h1_problems: list[str] = field(default_factory=list)

    @staticmethod
    def local(base: str, href: str) -> str | None:
        url, _fragment = urldefrag(urljoin(ORIGIN + base, href))
        if not url.startswith(ORIGIN + "/"):
            return None  # another site, mailto:, tel:
        path = url[len(ORIGIN) :]
        return None if path.startswith(SKIP_PREFIXES) else path

    def run(self, start: str) -> "Crawl":
        queue = deque([start])
        seen = {start}

        def follow(base: str, href: str) -> None:
            path = self.local(base, href)
            if path is not None:
                self.links.setdefault(base, set()).add(path)
            if path is not None and path not in seen:
                seen.add(path)
                queue.append(path)

        while queue:
            path = queue.popleft()
            response = self.client.get(path)
            self.statuses[path] = response.status_code
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
            if response.status_code in (301, 302, 303, 307, 308):
                follow(path, response["Location"])
                continue
            content_type = response.get("Content-Type", "")
            if not content_type.startswith(("text/", "application/")) or "pdf" in content_type:
                continue
            text = content.decode(response.charset or "utf-8", errors="replace")
            self.bodies[path] = text
            if not content_type.startswith("text/html") or response.status_code != 200:
                continue
            parser = PageParser()
            parser.feed(text)
            if parser.h1_count != 1:
                self.h1_problems.append(f"{path}: {parser.h1_count} <h1>")
            for href in parser.links:
                follow(path, href)
        return self

    def with_status(self, predicate) -> list[str]:
        return [f"{path} → {status}" for path, status in self.statuses.items() if predicate(status)]


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True  # seed_demo refuses to run without it
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False
    analyze_tables()
    return {user.username: user for user in get_user_model().objects.filter(username__in=ACCOUNTS)}


@pytest.fixture
def draft(demo):
    """A draft promise of Knivsta with a focus area and an activity: never public."""
    coordinator = demo["samordnare"]
    agreement = Agreement.objects.get(municipality__slug="knivsta")
    promise = services.create_promise(
        user=coordinator,
        agreement=agreement,
        title=DRAFT_TITLE,
        period_start=date(2026, 1, 1),
        period_end=date(2027, 12, 31),
        purpose="Ett utkast som ännu inte är antaget.",
    )
    area = services.create_focus_area(user=coordinator, promise=promise, title="Utkastets område")
    services.create_activity(
        user=coordinator,
        focus_area=area,
        description="En aktivitet i utkastet.",
        responsible=Activity.Responsible.JOINT,
    )
    return promise


def crawl_as(user, start: str) -> Crawl:
    client = Client()
    if user is not None:
        client.force_login(user)
    return Crawl(client).run(start)


def is_error(status: int) -> bool:
    return status >= 500


def is_refused(status: int) -> bool:
    return 400 <= status < 500


def is_object_page(path: str) -> bool:
    """A page of one object: its path holds an id. The public pages under /kommun/ are public by
    design and checked apart."""
    return bool(re.search(r"\d", urlsplit(path).path)) and not path.startswith("/kommun/")


@pytest.mark.crawl
def test_it_answers_every_page_reachable_by_links_without_a_server_error(demo, draft):
    """Each demo account from its start page and a visitor from ``/``: no 5xx, one h1 per page,
    and no link that the person is shown but may not follow (a 403 or 404 is a broken link)."""
    crawls = {username: crawl_as(demo[username], "/start/") for username in ACCOUNTS}
    crawls["anonymous"] = crawl_as(None, "/")

    problems = []
    for who, crawl in crawls.items():
        start = "/" if who == "anonymous" else "/start/"
        assert crawl.statuses[start] == 200, who
        assert len(crawl.statuses) > 5, (who, crawl.statuses)
        problems += [f"{who}: server error at {line}" for line in crawl.with_status(is_error)]
        problems += [f"{who}: {line}" for line in crawl.h1_problems]
        problems += [f"{who}: broken link {line}" for line in crawl.with_status(is_refused)]
    assert any(path.startswith("/kommun/knivsta/") for path in crawls["anonymous"].statuses)
    assert not problems, "\n".join(problems)


def test_it_shows_no_knivsta_object_to_another_kommun_or_an_anonymous_visitor(demo, draft):
    seen_by_coordinator = crawl_as(demo["samordnare"], "/start/").statuses
    object_pages = sorted(path for path in seen_by_coordinator if is_object_page(path))
    draft_pages = [path for path in object_pages if f"/{draft.pk}/" in path]
    assert draft_pages, "the coordinator reaches the draft promise by links"
    assert any(path.startswith("/aktiviteter/") for path in object_pages), object_pages

    other_kommun = Client()
    other_kommun.force_login(demo["samordnare-ub"])
    anonymous = Client()
    leaks = []
    for path in object_pages:
        status = other_kommun.get(path).status_code
        if status != 404:
            leaks.append(f"samordnare-ub: {path} → {status} (expected 404)")
        response = anonymous.get(path)
        to_login = response.status_code == 302 and response["Location"].startswith("/logga-in/")
        if not (to_login or response.status_code == 404):
            leaks.append(f"anonymous: {path} → {response.status_code} (expected login or 404)")
    assert not leaks, "\n".join(leaks)


def test_it_never_makes_a_draft_promise_public(demo, draft):
    public = crawl_as(None, "/")

    assert public.bodies, "the anonymous visitor reaches pages"
    assert not [path for path, body in public.bodies.items() if DRAFT_TITLE in body]
    assert not [path for path in public.statuses if f"/loften/{draft.pk}/" in path]
    draft_url = reverse("public:promise", kwargs={"slug": "knivsta", "pk": draft.pk})
    assert Client().get(draft_url).status_code == 404
    adopted = Promise.objects.get(title="Medborgarlöfte Knivsta kommun 2024–2025")
    assert (
        reverse("public:promise", kwargs={"slug": "knivsta", "pk": adopted.pk}) in public.statuses
    )


def test_it_links_every_knivsta_object_to_its_history_from_the_object_page(demo, draft):
    """Agreement, promise, focus area and activity link to their history from their own page; a
    status update from its activity's page, where it is shown."""
    crawl = crawl_as(demo["samordnare"], "/start/")
    expected = [
        (agreement.get_absolute_url(), reverse("promises:agreement_history", args=[agreement.pk]))
        for agreement in Agreement.objects.filter(municipality__slug="knivsta")
    ]
    expected += [
        (promise.get_absolute_url(), reverse("promises:promise_history", args=[promise.pk]))
        for promise in Promise.objects.filter(agreement__municipality__slug="knivsta")
    ]
    areas = FocusArea.objects.filter(promise__agreement__municipality__slug="knivsta")
    expected += [
        (area.promise.get_absolute_url(), reverse("promises:focus_area_history", args=[area.pk]))
        for area in areas.select_related("promise")
    ]
    activities = Activity.objects.filter(focus_area__in=areas)
    expected += [
        (activity.get_absolute_url(), reverse("promises:activity_history", args=[activity.pk]))
        for activity in activities
    ]
    expected += [
        (
            reverse("promises:activity_detail", args=[update.activity_id]),
            reverse("promises:status_update_history", args=[update.pk]),
        )
        for update in StatusUpdate.objects.filter(activity__in=activities)
    ]

    assert len(expected) > 50
    missing = [
        f"{page} has no link to {history}"
        for page, history in expected
        if history not in crawl.links.get(page, set())
    ]
    assert not missing, "\n".join(missing)
    assert all(crawl.statuses[history] == 200 for _page, history in expected)
