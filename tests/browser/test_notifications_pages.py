"""The pages an e-mail leads to, which no link of the app reaches: the one-click unsubscribe's
confirmation, its result and its answer to a bad link, in Chromium with axe; and the preferences
page with its errors (the crawl of test_accessibility reaches it through the menu)."""

import pytest
from playwright.sync_api import expect

from notifications.kinds import Kind
from notifications.models import NotificationPreference
from notifications.tokens import make_token
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_the_unsubscribe_pages_pass_axe_and_work_without_a_session(
    transactional_db, owner, page, axe
):
    owner.email = "linnea@knivsta.example"
    owner.save()
    page.goto(f"/e-post/avregistrera/{make_token(owner.pk, Kind.WEEKLY_DIGEST)}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Avsluta mejl")
    axe(page)

    page.get_by_role("button", name="Ja, sluta skicka de här mejlen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mejlen är avslutade")
    axe(page)
    assert NotificationPreference.objects.get(user=owner).frequency == "aldrig"

    page.goto("/e-post/avregistrera/fel-token/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Länken fungerar inte")
    axe(page)


def test_the_preferences_page_with_its_errors_passes_axe(transactional_db, owner, page, axe):
    owner.set_password("demo")
    owner.save()
    login(page, owner.username, "demo")
    page.goto("/e-post/installningar/")
    axe(page)
    page.get_by_role("group", name="Veckosammanfattning").get_by_label("Aldrig").check()
    page.get_by_role("button", name="Spara inställningarna").click()
    expect(page.get_by_text("Dina e-postinställningar är sparade.")).to_be_visible()
    assert page.get_by_role("group", name="Veckosammanfattning").get_by_label("Aldrig").is_checked()
    axe(page)
