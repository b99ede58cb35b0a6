"""Issuing is a deliberate act, in a real browser: from the preview, "Utfärda" leads to the
confirmation page, whose page count is laid out by the task worker (the page reloads itself when it
is done, or by its link without JavaScript); "Utfärda rapporten" there issues the report.

axe-core checks every page on the way, and the CSP must stay silent.
"""

import re

import pytest
from playwright.sync_api import expect

from followup.models import DraftLayout, Report
from tests.browser.conftest import check_axe, login, watch_csp
from tests.followup.conftest import run_ready_tasks
from tests.followup.report_factory import add_chain, complete_draft

pytestmark = pytest.mark.browser

PASSWORD = "test-password"  # tests/conftest.py's make_user


@pytest.fixture
def draft(owner, promise, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    add_chain(owner=owner, promise=promise)
    report = complete_draft(owner=owner, promise=promise)
    run_ready_tasks()  # what the chain's set-up queued (the news of its updates)
    return report


def test_it_issues_from_the_preview_after_one_confirmation(page, live_server, owner, draft):
    csp_errors = watch_csp(page)
    login(page, owner.username, PASSWORD)
    page.goto(f"/rapporter/{draft.pk}/forhandsgranska/")
    check_axe(page)

    page.get_by_role("link", name="Utfärda …").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Utfärda .*\?$"))
    facts = page.locator("dl.report-facts")
    expect(facts).to_contain_text("KS-2025/301")
    expect(facts).to_contain_text("2025-11-10")
    expect(facts).to_contain_text("2024-01-01 – 2025-12-31")
    expect(page.get_by_role("status")).to_have_text("räknas …")
    check_axe(page)
    assert run_ready_tasks() == 1  # the page count, laid out by the worker
    pages = DraftLayout.objects.get(report=draft).pages
    # static/js/issue-status.js asks every 3 seconds and reloads the page once it is counted.
    expect(facts.locator("dt:text-is('Antal sidor') + dd")).to_have_text(str(pages), timeout=15_000)
    check_axe(page)

    page.get_by_role("button", name="Utfärda rapporten").click()

    expect(page.get_by_text("Rapporten utfärdas: PDF:en skapas och sparas.")).to_be_visible()
    assert run_ready_tasks() == 1
    expect(page.get_by_role("link", name=re.compile(r"^Ladda ner .*\.pdf$"))).to_be_visible(
        timeout=15_000
    )
    check_axe(page)
    assert Report.objects.get(pk=draft.pk).status == Report.Status.ISSUED
    assert not csp_errors, csp_errors


def test_the_confirmation_works_without_javascript(browser, live_server, owner, draft):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        login(page, owner.username, PASSWORD)
        page.goto(f"/rapporter/{draft.pk}/utfarda/")
        expect(page.get_by_role("status")).to_have_text("räknas …")
        run_ready_tasks()
        page.get_by_role("link", name="Uppdatera sidan").click()
        pages = DraftLayout.objects.get(report=draft).pages
        expect(page.locator("dt:text-is('Antal sidor') + dd")).to_have_text(str(pages))

        page.get_by_role("button", name="Utfärda rapporten").click()

        expect(page.get_by_text("Rapporten utfärdas: PDF:en skapas och sparas.")).to_be_visible()
        assert Report.objects.get(pk=draft.pk).is_issuing
    finally:
        context.close()
