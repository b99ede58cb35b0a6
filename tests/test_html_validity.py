"""Every page shape passes the W3C Nu HTML checker (vnu) with 0 errors.

The pages are those of the demo data (``make run``): each demo account and an anonymous visitor
follow the links from their start page (the crawl of ``test_demo_crawl``), at most two pages per
URL shape, plus what links do not reach: the error pages, the login page and its lockout, and the
create and edit forms posted empty so that the error summary and the per-field errors render.
All files go to one run of ``vnu.jar`` (one JVM start, which is the slow part).

vnu comes from npm (``vnu-jar``, installed by ``make test`` with ``npm ci``) and runs with Debian's
Java. Without either the test is skipped, except under CI, where it fails.
"""

import json
import os
import re
import shutil
import subprocess
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views import defaults

from accounts.models import Invitation
from accounts.tokens import make_token as invitation_token
from config.middleware import database_unavailable_response
from config.views import server_error
from followup import services as report_services
from followup.models import Report
from notifications.kinds import Kind
from notifications.tokens import make_token
from promises.models import Activity, Organisation
from tests import test_demo_crawl as demo_crawl
from tests.htmlforms import forms_of
from tests.identity.checked_pages import identity_pages
from tests.test_demo_crawl import ACCOUNTS, crawl_as

demo = demo_crawl.demo  # the fixtures of make run's demo data, with a draft promise
draft = demo_crawl.draft

VNU_JAR = Path(__file__).resolve().parent.parent / "node_modules/vnu-jar/build/dist/vnu.jar"
PER_SHAPE = 2
# Forms that only create or change (never delete, adopt, close or issue): posted empty, they show
# their errors and change nothing.
FORM_TO_POST_EMPTY = re.compile(
    r"/(ny|nytt|andra|redigera|uppdateringar|installningar|bjud-in|losenord|nytt-losenord|varden)/$"
)


@pytest.fixture
def vnu() -> list[str]:
    """The command that runs the checker; skips (fails under CI) when it is missing, before the
    demo data is loaded."""
    java = shutil.which("java")
    missing = [what for what, ok in (("java", java), (str(VNU_JAR), VNU_JAR.is_file())) if not ok]
    if missing:
        reason = f"The Nu HTML checker needs {' and '.join(missing)} (make test installs both)."
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return [java, "-Xss8m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


def shape(path: str) -> str:
    """The URL pattern a path is an instance of: every number stands for any number."""
    return re.sub(r"\d+", "<n>", path)


def is_html(body: str) -> bool:
    return body.lstrip()[:15].lower() == "<!doctype html>"


class Pages:
    """The HTML to check, each under the name of who saw it where."""

    def __init__(self):
        self.html: dict[str, str] = {}
        self.per_shape: dict[tuple[str, str], int] = defaultdict(int)

    def add(self, who: str, url: str, html: str) -> None:
        assert is_html(html), f"{who} {url} is not an HTML document"
        self.html[f"{who} {url}"] = html

    def add_sampled(self, who: str, url: str, html: str) -> None:
        key = (who, shape(url))
        if self.per_shape[key] < PER_SHAPE:
            self.per_shape[key] += 1
            self.add(who, url, html)

    def add_response(self, who: str, url: str, response, status: int) -> None:
        assert response.status_code == status, (who, url, response.status_code)
        self.add(who, url, response.content.decode())


def crawled(pages: Pages, demo_users) -> dict[str, dict[str, str]]:
    """Each visitor's crawl, sampled into ``pages``; returns every HTML page each one reached."""
    reached = {}
    visitors = {username: demo_users[username] for username in ACCOUNTS} | {"anonymous": None}
    for who, user in visitors.items():
        crawl = crawl_as(user, "/start/" if user else "/")
        reached[who] = {
            path: body
            for path, body in crawl.bodies.items()
            if crawl.statuses[path] == 200 and is_html(body)
        }
        for path, body in reached[who].items():
            pages.add_sampled(who, path, body)
    return reached


def forms_posted_empty(pages: Pages, client: Client, who: str, reached: dict[str, str]) -> None:
    """Post each create or edit form the visitor reached with nothing filled in (one per URL
    shape): the page comes back with the error summary and every field's error."""
    actions = {}
    for path, body in reached.items():
        for form in forms_of(body):
            action = form.action or path
            if form.method.lower() == "post" and FORM_TO_POST_EMPTY.search(action):
                actions.setdefault(shape(action), action)
    for action in sorted(actions.values()):
        response = client.post(action, {})
        body = response.content.decode()
        assert response.status_code in (200, 422), (who, action, response.status_code)
        assert 'class="error-summary"' in body, f"{who}: {action} shows no errors"
        pages.add(f"{who} posted empty to", action, body)


def pages_beside_links(pages: Pages, demo_users) -> None:
    """Error pages, the login page with its errors and its lockout, pages shown on failures."""
    anonymous = Client()
    pages.add_response("anonymous", "/finns-inte/", anonymous.get("/finns-inte/"), 404)
    pages.add_response("anonymous", reverse("login"), anonymous.get(reverse("login")), 200)
    wrong = {"username": "samordnare", "password": "fel-losenord"}
    pages.add_response(
        "anonymous wrong password", reverse("login"), anonymous.post(reverse("login"), wrong), 200
    )
    for _attempt in range(10):
        locked = anonymous.post(reverse("login"), {"username": "okand", "password": "fel"})
        if locked.status_code == 429:
            break
    pages.add_response("anonymous locked out", reverse("login"), locked, 429)
    csrf = Client(enforce_csrf_checks=True).post(reverse("login"), wrong)
    pages.add_response("anonymous without CSRF token", reverse("login"), csrf, 403)

    secretary = Client()
    secretary.force_login(demo_users["sekreterare"])
    activity = Activity.objects.filter(
        focus_area__promise__agreement__municipality__slug="knivsta"
    ).first()
    edit = reverse("promises:activity_edit", args=[activity.pk])
    pages.add_response("sekreterare", edit, secretary.get(edit), 403)

    # "Rapportera perioden" with a row refused: the errors by their row, the rows kept.
    police = Client()
    police.force_login(demo_users["polis"])
    period = reverse("promises:period_report", args=[activity.focus_area.promise_id])
    (form,) = [f for f in forms_of(police.get(period).content.decode()) if len(f.fields) > 5]
    data = form.data() | {"rad-0-status": "pagar", "rad-0-description": "19811218-9876"}
    data |= {"rad-1-status": "pagar", "rad-1-description": "Insatsen genomfördes."}
    pages.add_response("polis, a refused row", period, police.post(period, data), 422)

    request = RequestFactory().get("/")
    request.user = demo_users["samordnare"]
    pages.add_response("error page", "500", server_error(request), 500)
    pages.add_response("error page", "400", defaults.bad_request(request, None), 400)
    pages.add_response("error page", "503 database", database_unavailable_response(), 503)
    report = Report.objects.filter(promise__agreement__municipality__slug="knivsta").first()
    response = render(request, "followup/integrity_error.html", {"report": report}, status=500)
    pages.add_response("samordnare", "followup/integrity_error.html", response, 500)
    # A report being issued (its task not yet run), and one whose issuing failed.
    coordinator = Client()
    coordinator.force_login(demo_users["samordnare"])
    draft = report_services.create_draft(
        user=demo_users["samordnare"],
        promise=report.promise,
        kind=Report.Kind.HALF_YEAR,
        period_start=report.promise.period_start,
        period_end=report.promise.period_end,
    )
    detail = reverse("followup:report_detail", args=[draft.pk])
    for name, state in (
        ("being issued", {"issue_requested_at": timezone.now(), "snapshot": {}}),
        ("stalled issuing", {"issue_requested_at": timezone.now() - timedelta(days=1)}),
        (
            "failed issuing",
            {"issue_requested_at": None, "issue_failure": Report.IssueFailure.STORAGE},
        ),
    ):
        Report.objects.filter(pk=draft.pk).update(**state)
        pages.add_response(f"samordnare, report {name}", detail, coordinator.get(detail), 200)
    Report.objects.filter(pk=draft.pk).update(issue_failure="", snapshot=None)
    # The confirmation of issuing, refused because the draft changed since it was shown, and a
    # correction refused its date.
    confirm = reverse("followup:report_issue", args=[draft.pk])
    pages.add_response("samordnare", confirm, coordinator.get(confirm), 200)
    changed = coordinator.post(confirm, {"digest": "0" * 64})
    pages.add_response("samordnare, the draft changed", confirm, changed, 409)
    correct = reverse("followup:report_correct", args=[report.pk])
    refused = coordinator.post(correct, {"date": "2000-01-01"})
    pages.add_response("samordnare, a correction refused", correct, refused, 422)
    # The pages of an e-mail's one-click unsubscribe link, which no page links to.
    unsubscribe = reverse(
        "notifications:unsubscribe",
        args=[make_token(demo_users["polis"].pk, Kind.ACTIVITY_REMINDER)],
    )
    pages.add_response("e-mail link", unsubscribe, anonymous.get(unsubscribe), 200)
    pages.add_response("e-mail link posted", unsubscribe, anonymous.post(unsubscribe), 200)
    bad = reverse("notifications:unsubscribe", args=["fel"])
    pages.add_response("e-mail link broken", bad, anonymous.get(bad), 400)
    # The demo invitation's link (the pages of an e-mail's link again): the account form, empty
    # and refused, a link that no longer works, and a broken password reset link.
    invitation = Invitation.objects.pending().get(organisation__slug="knivsta")
    accept = reverse("accounts:accept", args=[invitation_token(invitation)])
    pages.add_response("invitation link", accept, anonymous.get(accept), 200)
    pages.add_response("invitation link posted empty", accept, anonymous.post(accept, {}), 422)
    broken = reverse("accounts:accept", args=["fel"])
    pages.add_response("invitation link broken", broken, anonymous.get(broken), 404)
    reset = reverse("accounts:password_reset_confirm", args=["MQ", "fel-fel"])
    pages.add_response("password reset link broken", reset, anonymous.get(reset), 200)
    # A followed promise: its page with "Sluta följa", and the follows on E-postinställningar.
    promise = report.promise
    follow = reverse("notifications:follow", args=[promise.pk])
    coordinator.post(follow, {"action": "folj"})
    page = promise.get_absolute_url()
    pages.add_response("samordnare, following", page, coordinator.get(page), 200)
    preferences = reverse("notifications:preferences")
    pages.add_response("samordnare, following", preferences, coordinator.get(preferences), 200)
    for who, url, response, status in identity_pages():
        pages.add_response(who, url, response, status)


def onboarding_pages(pages: Pages) -> None:
    """The administrator's crawl (Ny kommun is in a superuser's menu) and the steps of Ny kommun
    that only its forms reach: a kommun already set up, each step, the details posted empty, and
    the page of the kommun it set up."""
    admin = get_user_model().objects.get(username="admin")
    for path, body in crawl_as(admin, "/start/").bodies.items():
        if is_html(body):
            pages.add_sampled("admin", path, body)
    client = Client()
    client.force_login(admin)
    new = reverse("onboarding:new_municipality")
    area = Organisation.objects.filter(kind=Organisation.Kind.POLICE_AREA).first()
    for query, status in (
        ("?kommunkod=0330", 422),
        ("?kommunkod=1981", 200),
        ("?kommunkod=1981&omrade=", 422),
        ("?kommunkod=1981&omrade=ny", 200),
        (f"?kommunkod=0360&omrade={area.pk}", 200),
    ):
        pages.add_response("admin", new + query, client.get(new + query), status)
    step3 = f"{new}?kommunkod=1981&omrade=ny"
    pages.add_response("admin posted empty to", step3, client.post(step3, {}), 422)
    details = {"name": "Sala kommun", "office": "Kommunledningskontoret", "contact_email": ""}
    created = client.post(step3, details | {"police_area_name": "Lokalpolisområde Sala"})
    pages.add_response("admin", created["Location"], client.get(created["Location"]), 200)


def import_pages(pages: Pages, demo_users) -> None:
    """The import of a plan into the demo's draft: the upload with its error, and the upload's
    page while it is checked, with its problems, with its preview, and imported."""
    from imports.models import ImportJob
    from imports.services import check_import, request_import, run_import
    from promises.models import Promise
    from tests.imports.conftest import KNIVSTA_ROWS, csv_bytes, upload

    draft = Promise.objects.get(title=demo_crawl.DRAFT_TITLE)
    coordinator = Client()
    coordinator.force_login(demo_users["samordnare"])
    url = reverse("imports:upload", args=[draft.pk])
    pages.add_response("samordnare posted empty to", url, coordinator.post(url, {}), 200)
    rows = [(1, "Unga", "", 1, "Möte.", "Socialtjänsten", "", "2026-13-01", None, "x", None, None)]
    upload(coordinator, draft, "fel.csv", csv_bytes(rows))
    job = ImportJob.objects.latest("pk")
    check_import(job.pk)
    page = reverse("imports:job", args=[job.pk])
    pages.add_response("samordnare, import with problems", page, coordinator.get(page), 200)
    rows = [(row[0] + 1, *row[1:7], None, None, *row[9:]) for row in KNIVSTA_ROWS]
    upload(coordinator, draft, "plan.csv", csv_bytes(rows))
    job = ImportJob.objects.latest("pk")
    page = reverse("imports:job", args=[job.pk])
    pages.add_response("samordnare, import being checked", page, coordinator.get(page), 200)
    check_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY, job.problems
    pages.add_response("samordnare, import preview", page, coordinator.get(page), 200)
    request_import(job=job)
    run_import(job.pk)
    pages.add_response("samordnare, imported", page, coordinator.get(page), 200)


def situation_pages(pages: Pages, demo_users) -> None:
    """A draft lägesbild (the demo's are adopted, so the crawl meets no draft): its page and the
    forms of its parts, with the never-individuals reminder, and the problem form posted empty."""
    from situation import services as situation_services
    from situation.models import Assessment

    coordinator_user = demo_users["samordnare"]
    adopted = Assessment.objects.adopted().get(municipality__slug="knivsta")
    draft = situation_services.draft_new_version(
        user=coordinator_user, municipality=adopted.municipality
    )
    problem = draft.problems.order_by("number").first()
    cause = problem.causes.order_by("number").first()
    promise = problem.promises.first()
    coordinator = Client()
    coordinator.force_login(coordinator_user)
    for url in (
        draft.get_absolute_url(),
        reverse("situation:assessment_edit", args=[draft.pk]),
        reverse("situation:assessment_adopt", args=[draft.pk]),
        reverse("situation:assessment_delete", args=[draft.pk]),
        reverse("situation:assessment_history", args=[draft.pk]),
        reverse("situation:problem_create", args=[draft.pk]),
        reverse("situation:problem_edit", args=[problem.pk]),
        reverse("situation:problem_indicators", args=[problem.pk]),
        reverse("situation:problem_delete", args=[problem.pk]),
        reverse("situation:cause_create", args=[problem.pk]),
        reverse("situation:cause_edit", args=[cause.pk]),
        reverse("situation:cause_activities", args=[cause.pk]),
        reverse("situation:cause_delete", args=[cause.pk]),
        reverse("situation:promise_problems", args=[promise.pk]),
    ):
        pages.add_response("samordnare, draft lägesbild", url, coordinator.get(url), 200)
    url = reverse("situation:problem_create", args=[draft.pk])
    pages.add_response("samordnare posted empty to", url, coordinator.post(url, {}), 200)
    url = reverse("situation:assessment_adopt", args=[draft.pk])
    pages.add_response("samordnare posted empty to", url, coordinator.post(url, {}), 200)


def run_vnu(command: list[str], pages: Pages, folder: Path) -> list[str]:
    """One run of vnu over every page; its errors, each with who saw which page where."""
    names = {}
    for number, (name, html) in enumerate(sorted(pages.html.items())):
        file = folder / f"page-{number:04d}.html"
        file.write_text(html, encoding="utf-8")
        names[file.name] = name
    files = [str(folder / file) for file in names]
    result = subprocess.run([*command, *files], capture_output=True, text=True, timeout=900)
    report = json.loads(result.stderr or result.stdout)
    problems = []
    for message in report["messages"]:
        if message.get("type") == "info":
            continue
        file = message.get("url", "?").rsplit("/", 1)[-1]
        problems.append(
            f"{names.get(file, file)} ({file}) line {message.get('lastLine', '?')}: "
            f"{message.get('message')}\n    {' '.join(message.get('extract', '').split())}"
        )
    assert problems or result.returncode == 0, result.stderr[-2000:]
    return problems


@pytest.mark.crawl
def test_it_passes_the_nu_html_checker_on_every_page_shape_for_every_role(
    vnu, demo, draft, tmp_path
):
    pages = Pages()
    reached = crawled(pages, demo)
    for who in ("samordnare", "polis", "sekreterare"):
        client = Client()
        client.force_login(demo[who])
        forms_posted_empty(pages, client, who, reached[who])
    pages_beside_links(pages, demo)
    onboarding_pages(pages)
    import_pages(pages, demo)
    situation_pages(pages, demo)
    assert len(pages.html) > 60, len(pages.html)
    for who in ("samordnare", "polis", "sekreterare"):
        assert any(
            name.startswith(f"{who} /lagesbild/") and name.count("/") > 3 for name in pages.html
        ), f"{who}'s lägesbild pages"
    assert any("/forhandsgranska/" in name for name in pages.html), "the report preview"
    for who in ("samordnare", "polis"):
        assert f"{who} /uppfoljningslage/" in pages.html, f"{who}'s Uppföljningsläge"

    problems = run_vnu(vnu, pages, tmp_path)

    print(f"vnu checked {len(pages.html)} pages: {len(problems)} errors")
    assert not problems, f"{len(problems)} vnu errors:\n" + "\n".join(problems)
