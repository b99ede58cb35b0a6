"""Nothing a user saved is lost: two people edit the same activity in their own browsers."""

import pytest
from playwright.sync_api import expect

from promises.models import Activity
from tests.browser.conftest import ACTIVITY_TEXT, PASSWORD, label, login

pytestmark = pytest.mark.browser

COORDINATOR_TEXT = "Narkotikainsatser varje kvartal, planerade med beroendemottagningen."
POLICE_TEXT = "Narkotikainsatser vid pendeltågsstationen och i centrum, minst sex per år."


def test_it_refuses_the_second_save_and_keeps_what_its_author_typed(
    owner, police, quantified_activity, new_page, axe
):
    edit_url = f"/aktiviteter/{quantified_activity.pk}/andra/"
    coordinator, officer = new_page(), new_page()
    login(coordinator, "samordnare", PASSWORD)
    login(officer, "polis", PASSWORD)
    coordinator.goto(edit_url)
    officer.goto(edit_url)
    expect(officer.get_by_label(label("Vad ska göras"))).to_have_value(ACTIVITY_TEXT)
    axe(officer)

    coordinator.get_by_label(label("Vad ska göras")).fill(COORDINATOR_TEXT)
    coordinator.get_by_role("button", name="Spara").click()
    expect(coordinator.get_by_role("status")).to_contain_text("Ändringarna sparades.")

    officer.get_by_label(label("Vad ska göras")).fill(POLICE_TEXT)
    officer.get_by_label(label("Mål, antal")).fill("6")
    officer.get_by_role("button", name="Spara").click()

    alert = officer.get_by_role("alert")
    expect(alert).to_contain_text("Någon annan sparade ändringar medan du skrev")
    expect(alert).to_contain_text("Det här ändrades medan du skrev")
    expect(alert).to_contain_text(owner.get_full_name() or owner.get_username())
    expect(officer.get_by_label(label("Vad ska göras"))).to_have_value(POLICE_TEXT)
    expect(officer.get_by_label(label("Mål, antal"))).to_have_value("6")
    axe(officer)
    quantified_activity.refresh_from_db()
    assert (quantified_activity.description, quantified_activity.target_count) == (
        COORDINATOR_TEXT,
        4,
    )

    # Having seen the other change, the police contact saves again on purpose.
    officer.get_by_role("button", name="Spara").click()
    expect(officer.get_by_role("status")).to_contain_text("Ändringarna sparades.")
    saved = Activity.objects.get(pk=quantified_activity.pk)
    assert (saved.description, saved.target_count) == (POLICE_TEXT, 6)
