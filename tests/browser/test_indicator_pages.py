"""The indicator pages in Chromium, without JavaScript's help for the fetch: the coordinator asks
Kolada (the local test server) for a KPI, sees "Hämtas…", then the series with its source; she
adds an NTU indicator and pastes its values, first with a wrong line. axe on every page, and the
pages fit 375 px."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, login
from tests.followup.conftest import run_ready_tasks
from tests.situation.kolada_server import kolada_server  # noqa: F401  the fixture

pytestmark = pytest.mark.browser


def _fits_375(page) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 375, f"{page.url} is {overflow} px wide at 375 px"
    page.set_viewport_size({"width": 1280, "height": 800})


def test_a_coordinator_fetches_from_kolada_and_pastes_ntu_values(
    transactional_db,
    owner,
    knivsta,
    kolada_server,  # noqa: F811
    page,
    axe,
):
    login(page, owner.username, PASSWORD)
    page.goto(f"/lagesbild/kommun/{knivsta.pk}/indikatorer/")
    axe(page)
    page.get_by_label("Nyckeltal i Kolada").fill("N07540")
    with page.expect_navigation():
        page.get_by_role("button", name="Hämta från Kolada").click()
    expect(page.get_by_text("Hämtas…")).to_be_visible()
    axe(page)

    assert run_ready_tasks() == 1
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmälda brott totalt")
    expect(page.get_by_text("Källa: Kolada (KPI N07540), hämtad").first).to_be_visible()
    table = page.get_by_role("table", name="Anmälda brott totalt per år, antal/100 000 inv")
    assert table.get_by_role("row").count() == 5  # a heading and four years
    axe(page)
    _fits_375(page)

    page.goto(f"/lagesbild/kommun/{knivsta.pk}/indikatorer/")
    page.get_by_role("link", name="Ny indikator").click()
    page.get_by_label("Namn").fill("Otrygghet i det egna bostadsområdet")
    page.get_by_label("Enhet").fill("andel (%)")
    page.get_by_label("Källa").fill("NTU")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    page.get_by_label("Värden").fill("2022;18,5\n2023;nitton\n2024;17,2")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara värdena").click()
    expect(page.get_by_text("Rad 2: ”nitton” är inte ett tal.").first).to_be_visible()
    axe(page)
    _fits_375(page)
    page.get_by_label("Värden").fill("2022;18,5\n2023;19\n2024;17,2")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara värdena").click()
    expect(page.get_by_text("Källa: NTU, inlagd")).to_be_visible()
    expect(page.get_by_role("cell", name="17,2")).to_be_visible()
    axe(page)
