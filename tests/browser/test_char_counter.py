"""The "N tecken kvar" counter under a text area with a maximum length, in a real browser."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from promises.text import PARAGRAPHS_MAX_LENGTH
from tests.browser.conftest import PASSWORD, login, watch_csp

pytestmark = pytest.mark.browser


def test_it_counts_the_characters_left_as_one_types(page, axe, owner, activity):
    csp_errors = watch_csp(page)
    login(page, owner.username, PASSWORD)
    page.goto(reverse("promises:activity_detail", args=[activity.pk]))
    field = page.locator("#id_description")
    expect(field).to_have_accessible_description(
        f"Beskriv vad organisationerna gjorde, aldrig vem en enskild person är. T.ex. "
        f"Planerad narkotikainsats i centrala Bro, kommun och polis tillsammans. "
        f"Högst {PARAGRAPHS_MAX_LENGTH} tecken."
    )
    live = page.locator('[data-counter-for="id_description"]')
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live).to_have_text("")  # nothing is read out at page load

    field.fill("Rad ett\nRad två")
    expect(live).to_have_text(f"{PARAGRAPHS_MAX_LENGTH - 15} tecken kvar")
    axe(page)
    assert csp_errors == []
