"""Importing a plan in Chromium: the upload page, the check under way, the preview, the problems
and the imported plan, each with axe. No link of the demo data reaches these pages (its promises
are adopted; only a draft takes an import), so the crawl of test_accessibility cannot."""

from datetime import date

import pytest
from playwright.sync_api import expect

from promises import services
from tests.browser.conftest import login
from tests.followup.conftest import run_ready_tasks
from tests.imports.conftest import KNIVSTA_ROWS, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.browser


@pytest.fixture
def draft(owner, agreement):
    owner.set_password("demo")
    owner.save()
    return services.create_promise(
        user=owner,
        agreement=agreement,
        title="Medborgarlöfte Knivsta 2024–2025 (utkast)",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
    )


def test_a_coordinator_imports_a_plan_and_every_page_passes_axe(
    transactional_db, owner, draft, page, axe, tmp_path
):
    bad = tmp_path / "fel.csv"
    bad.write_bytes(
        csv_bytes(
            [
                (
                    1,
                    "Unga",
                    "",
                    1,
                    "Möte.",
                    "Socialtjänsten",
                    "",
                    "2025-13-01",
                    None,
                    None,
                    None,
                    None,
                )
            ]
        )
    )
    good = tmp_path / "åtgärdsplan.xlsx"
    good.write_bytes(xlsx_bytes(KNIVSTA_ROWS))
    login(page, owner.username, "demo")
    page.goto(draft.get_absolute_url())
    page.get_by_role("link", name="Importera plan från fil").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importera plan")
    axe(page)

    page.get_by_label("Fil med planen").set_input_files(bad)
    page.get_by_role("button", name="Förhandsgranska").click()
    assert run_ready_tasks() == 1
    page.get_by_role("link", name="Visa läget nu").click()
    expect(
        page.get_by_text("Rad 2, kolumn Planerad start: datumet 2025-13-01 finns inte.")
    ).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Ladda upp en rättad fil").click()
    page.get_by_label("Fil med planen").set_input_files(good)
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_text("Filen kontrolleras.")).to_be_visible()
    axe(page)
    assert run_ready_tasks() == 1
    page.get_by_role("link", name="Visa läget nu").click()
    expect(page.get_by_role("heading", name="Det här kommer att importeras")).to_be_visible()
    axe(page)

    page.get_by_role("button", name="Importera").click()
    assert run_ready_tasks() >= 1  # the import, and what it tells those who follow the promise
    page.get_by_role("link", name="Visa läget nu").click()
    expect(page.get_by_text("Planen är importerad.")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Till löftet").click()
    expect(page.get_by_role("heading", name="4. Våld i nära relation")).to_be_visible()
