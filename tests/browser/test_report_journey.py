"""A follow-up report from draft to download in a real browser, with axe-core on every page.

The coordinator drafts a closing report from the chain, edits it, previews it, issues it and
downloads the PDF; the committee secretary then finds it in the list and downloads the same file.
No JavaScript of our own is involved: the pages are plain forms, and the CSP must stay silent.

It lives here rather than in tests/followup/ because it needs this directory's session-wide
browser: Playwright's sync API cannot start a second one in the same process.
"""

import hashlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from followup import services
from followup.models import Report
from tests.browser.conftest import check_axe, follow, login, watch_csp
from tests.followup.conftest import run_ready_tasks
from tests.followup.report_factory import activity_codes, add_chain

pytestmark = pytest.mark.browser

PASSWORD = "test-password"  # tests/conftest.py's make_user


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def chain(owner, promise):
    """Knivsta's promise 2024–2025, adopted, with three activities and their updates."""
    return add_chain(owner=owner, promise=promise)


def label(text: str) -> re.Pattern:
    return re.compile(rf"^{re.escape(text)}( \(obligatoriskt\))?$")


def test_it_takes_a_report_from_draft_to_download(
    page,
    live_server,
    chain,
    owner,
    secretary,
    media_root,
    browser,
):
    csp_errors = watch_csp(page)
    login(page, owner.username, PASSWORD)

    follow(page, page.get_by_role("link", name="Rapporter", exact=True))
    check_axe(page)
    follow(page, page.get_by_role("link", name="Ny uppföljningsrapport"))
    check_axe(page)
    page.get_by_label(label("Löfte eller åtgärdsplan")).select_option(label=chain.promise.title)
    page.get_by_label(label("Typ av uppföljning")).select_option(label="Slutuppföljning")
    page.get_by_label(label("Perioden från")).fill("2024-01-01")
    page.get_by_label(label("Perioden till och med")).fill("2025-12-31")
    page.get_by_role("button", name="Skapa utkast").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Redigera")
    check_axe(page)
    # The follow-up starts as a summary: the latest status and the last update's words.
    expect(page.get_by_label("Uppföljning av insats 1:1")).to_have_value(
        re.compile(r"^Status 2025-04-02: Pågår\.\s+En insats under Valborg\.$")
    )
    for code in activity_codes():
        page.get_by_label(f"Bedömning av insats {code}").select_option("hallet")
    page.get_by_role("group", name="Undertecknare 1").get_by_label("Namn").fill("Maja Provsson")
    page.get_by_role("group", name="Undertecknare 1").get_by_label("Titel").fill("Kommundirektör")
    page.get_by_role("button", name="Spara och förhandsgranska").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Slutuppföljning"))
    expect(page.get_by_text("Mål: 4 av 4 narkotikainsatser, 2024")).to_be_visible()
    check_axe(page)

    report = Report.objects.get()
    page.goto(report.get_absolute_url())
    check_axe(page)
    run_ready_tasks()  # what the chain's set-up queued (the news of the police's updates)
    follow(page, page.get_by_role("link", name="Utfärda …"))  # the confirmation page
    check_axe(page)
    page.get_by_role("button", name="Utfärda rapporten").click()
    # The PDF is rendered by the task worker: the page says so until it is done, then reloads
    # itself (static/js/issue-status.js asks every 3 seconds).
    expect(page.get_by_text("Rapporten utfärdas: PDF:en skapas och sparas.")).to_be_visible()
    check_axe(page)
    assert run_ready_tasks() == 2  # the confirmation's page count, then the issuing
    download_link = page.get_by_role("link", name=re.compile(r"^Ladda ner .*\.pdf$"))
    expect(download_link).to_be_visible(timeout=15_000)
    expect(page.get_by_text("Utfärdad Slutuppföljning")).to_be_visible()
    check_axe(page)
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    data = Path(download.path()).read_bytes()
    report.refresh_from_db()
    assert download.suggested_filename == services.pdf_filename(report)
    assert download.suggested_filename.endswith(
        f"-slutuppfoljning-medborgarlofte-{report.date.isoformat()}.pdf"
    )
    assert hashlib.sha256(data).hexdigest() == report.pdf_sha256
    assert not csp_errors, csp_errors

    second = browser.new_context(base_url=live_server.url)
    try:
        reader = second.new_page()
        login(reader, secretary.username, PASSWORD)
        reader.goto("/rapporter/")
        check_axe(reader)
        with reader.expect_download() as download_info:
            reader.get_by_role("link", name=re.compile("Ladda ner")).first.click()
        assert Path(download_info.value.path()).read_bytes() == data
    finally:
        second.close()
