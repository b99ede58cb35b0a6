"""Ny kommun in Chromium on a phone (375 px), with the keyboard only: the administrator picks Sala
from SCB's list, creates its police area with Kungsör in it, corrects a refused e-mail address,
and ends on the page that leads to inviting the first coordinator. axe on every step."""

import pytest
from playwright.sync_api import expect

from promises.models import Organisation
from tests.browser.conftest import PASSWORD, login, watch_csp

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
FOCUSED = """() => {
  const el = document.activeElement;
  const label = el.labels && el.labels[0] ? el.labels[0].textContent : "";
  return (label || el.textContent || el.value || "").trim().replace(/\\s+/g, " ");
}"""


def tab_to(page, text: str, *, limit: int = 60) -> None:
    """Press Tab until the focused element's label or text starts with ``text``."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused.startswith(text):
            return
        seen.append(focused[:40])
    raise AssertionError(f"Tab never reached {text!r}; focus went through {seen}")


def fits(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def kungsor(transactional_db):
    return Organisation.objects.create(
        kind="kommun", name="Kungsörs kommun", slug="kungsor", municipality_code="1960"
    )


def test_the_administrator_sets_up_a_kommun_with_the_keyboard_on_a_phone(
    page, axe, make_user, knivsta, kungsor
):
    make_user("administrator", is_superuser=True)
    csp_errors = watch_csp(page)
    page.set_viewport_size(PHONE)
    login(page, "administrator", PASSWORD)

    # The menu is folded on a phone: open it, then follow Ny kommun.
    tab_to(page, "Meny")
    page.keyboard.press("Enter")
    tab_to(page, "Ny kommun")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/ny-kommun/")
    assert fits(page)
    axe(page)

    # Step 1: the kommun, chosen by typing its first letters in the list.
    tab_to(page, "Kommun")
    page.keyboard.type("Sala")
    assert page.locator("#id_kommunkod").input_value() == "1981"
    tab_to(page, "Fortsätt")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Steg 2 av 3" in page.content()
    assert fits(page)
    axe(page)

    # Step 2: a new police area.
    tab_to(page, "Lokalpolisområde")
    page.keyboard.type("Nytt")
    assert page.locator("#id_omrade").input_value() == "ny"
    tab_to(page, "Fortsätt")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Steg 3 av 3" in page.content()
    assert page.locator("#id_name").input_value() == "Sala kommun"
    assert page.locator("#id_police_area_name").input_value() == "Lokalpolisområde Sala"
    assert fits(page)
    axe(page)

    # Step 3: the office, a mistyped address, and Kungsör in the area.
    tab_to(page, "Förvaltning")
    page.keyboard.type("Kommunledningskontoret")
    tab_to(page, "Funktionsadress")
    page.keyboard.type("trygghet(at)sala.se")
    tab_to(page, "Kungsörs kommun")
    page.keyboard.press("Space")
    tab_to(page, "Lägg upp kommunen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    error = page.locator("#id_contact_email_error")
    assert error.text_content().strip() == "Fyll i en giltig e-postadress."
    expect(page.get_by_role("alert")).to_be_visible()  # the error summary
    assert page.locator("#id_office").input_value() == "Kommunledningskontoret"
    assert page.locator("#id_also_covered_0").is_checked()
    assert fits(page)
    axe(page)
    assert not Organisation.objects.filter(municipality_code="1981").exists()

    # The summary links to the field; the corrected address is accepted.
    page.locator("#error-summary a").focus()
    page.keyboard.press("Enter")
    page.locator("#id_contact_email").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("trygghet@sala.se")
    tab_to(page, "Lägg upp kommunen")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.get_by_role("heading", level=1).text_content() == "Sala kommun är upplagd"
    assert "Lokalpolisområde Sala: Kungsörs kommun, Sala kommun" in page.content()
    assert fits(page)
    axe(page)
    sala = Organisation.objects.get(municipality_code="1981")
    area = Organisation.objects.get(name="Lokalpolisområde Sala")
    assert set(area.covered_municipalities.all()) == {sala, kungsor}
    assert sala.contact_email == "trygghet@sala.se"
    assert csp_errors == []
