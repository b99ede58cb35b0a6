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
    hint = page.locator('[data-counter-for="id_description"]')
    expect(hint).to_contain_text(f"Högst {PARAGRAPHS_MAX_LENGTH} tecken.")
    expect(hint.locator("[aria-live=polite]")).to_have_text("")  # nothing read out at page load

    page.locator("#id_description").fill("Rad ett\nRad två")
    expect(hint.locator("[aria-live=polite]")).to_have_text(
        f"{PARAGRAPHS_MAX_LENGTH - 15} tecken kvar"
    )
    described_by = page.locator("#id_description").get_attribute("aria-describedby")
    assert "id_description_limit" in described_by.split()
    axe(page)
    assert csp_errors == []
