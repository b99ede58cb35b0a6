"""The förvaltare invites a colleague in Chromium; the e-mail is read from the test SMTP server;
the colleague follows its link, chooses name and password and lands signed in. Every page of the
way passes axe."""

import pytest
from playwright.sync_api import expect

from accounts.models import Invitation
from promises.models import Membership
from tests.browser.conftest import PASSWORD, follow, label, login
from tests.followup.conftest import run_ready_tasks
from tests.notifications import conftest as mail_fixtures

pytestmark = pytest.mark.browser
smtp = mail_fixtures.smtp  # the real SMTP server of the e-mail tests


def test_a_forvaltare_invites_and_the_invitee_accepts_from_the_email(
    transactional_db,
    make_user,
    knivsta,
    smtp,
    page,
    new_page,
    axe,
):
    manager = make_user(
        "forvaltare", organisation=knivsta, role=Membership.Role.SECRETARY, first_name="Hedda"
    )
    manager.memberships.update(is_manager=True)
    login(page, "forvaltare", PASSWORD)
    follow(page, page.get_by_role("link", name="Mitt konto"))
    axe(page)
    follow(page, page.get_by_role("link", name="Knivsta kommun"))
    axe(page)
    follow(page, page.get_by_role("link", name="Bjud in en person"))
    axe(page)
    page.get_by_label(label("E-postadress")).fill("kim.exempelsson@knivsta.example")
    page.get_by_label(label("Roll")).select_option(label="Samordnare")
    page.get_by_label(label("Titel")).fill("Trygghetssamordnare")
    page.get_by_role("button", name="Skicka inbjudan").click()
    expect(
        page.get_by_text("En inbjudan skickas till kim.exempelsson@knivsta.example")
    ).to_be_visible()
    expect(
        page.get_by_role("cell", name="kim.exempelsson@knivsta.example", exact=True)
    ).to_be_visible()
    axe(page)

    assert run_ready_tasks() == 1  # the worker sends the e-mail
    [message] = smtp.to("kim.exempelsson@knivsta.example")
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = next(line for line in text.splitlines() if "/konton/inbjudan/" in line)
    path = link.split("https://loften.example.se", 1)[1]

    invitee = new_page()
    invitee.goto(path)
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Inbjudan till Knivsta kommun")
    axe(invitee)
    invitee.get_by_role("button", name="Skapa kontot").click()  # nothing filled in: the errors
    expect(invitee.locator(".error-summary")).to_be_visible()
    axe(invitee)
    invitee.get_by_label(label("Förnamn")).fill("Kim")
    invitee.get_by_label(label("Efternamn")).fill("Exempelsson")
    invitee.get_by_label(label("Lösenord")).fill("ett-långt-lösenord-42")
    invitee.get_by_label(label("Lösenordet igen")).fill("ett-långt-lösenord-42")
    with invitee.expect_navigation():
        invitee.get_by_role("button", name="Skapa kontot").click()
    assert invitee.url.endswith("/start/")
    expect(invitee.get_by_text("Välkommen! Du är nu med i Knivsta kommun.")).to_be_visible()
    assert invitee.get_by_role("button", name="Logga ut Kim Exempelsson").count() == 1

    invitation = Invitation.objects.get()
    assert invitation.accepted_at is not None
    assert Membership.objects.get(user=invitation.user).title == "Trygghetssamordnare"
    # The link works once: a Swedish page, axe-clean.
    invitee.goto(path)
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Inbjudan fungerar inte")
    axe(invitee)
