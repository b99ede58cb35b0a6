"""The chain's daily work in a real browser, as the people who do it, with axe on every page.

A coordinator writes and adopts a promise with a quantified activity; the police contact finds that
activity from the start page and records what the police did; the coordinator sees it on the
promise page. The update form also works with the keyboard alone.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from promises.models import Activity, Promise, StatusUpdate
from tests.browser.conftest import (
    ACTIVITY_TEXT,
    AGREEMENT_TITLE,
    AREA_TITLE,
    PASSWORD,
    PROMISE_TITLE,
    label,
    login,
)

pytestmark = pytest.mark.browser

UPDATE_TEXT = "Två narkotikainsatser vid pendeltågsstationen tillsammans med socialtjänsten."


def coordinator_creates_and_adopts_a_promise(page, axe, today) -> None:
    login(page, "samordnare", PASSWORD)
    axe(page)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Löften").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Löften")
    axe(page)
    page.get_by_role("link", name="Nytt löfte eller åtgärdsplan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nytt löfte eller åtgärdsplan")
    axe(page)

    page.get_by_label(label("Typ")).select_option(label="Medborgarlöfte")
    page.get_by_label(label("Samverkansöverenskommelse")).select_option(label=AGREEMENT_TITLE)
    page.get_by_label(label("Titel")).fill(PROMISE_TITLE)
    page.get_by_label(label("Gäller från")).fill(f"{today.year}-01-01")
    page.get_by_label(label("Gäller till och med")).fill(f"{today.year + 1}-12-31")
    page.get_by_label(label("Syfte")).fill("Ett gemensamt brottsförebyggande arbete i Knivsta.")
    page.get_by_role("button", name="Spara").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(PROMISE_TITLE)
    expect(page.get_by_role("main")).to_contain_text("Utkast")
    axe(page)

    page.get_by_role("link", name="Lägg till fokusområde").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nytt fokusområde")
    axe(page)
    page.get_by_label(label("Rubrik")).fill(AREA_TITLE)
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", name=f"1. {AREA_TITLE}")).to_be_visible()
    axe(page)

    # The area's actions sit in its "Hantera område" menu, opened here with the keyboard.
    page.locator("summary", has_text="Hantera område 1").focus()
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Lägg till aktivitet i område 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny aktivitet")
    axe(page)
    page.get_by_label(label("Vad ska göras")).fill(ACTIVITY_TEXT)
    page.get_by_role("group", name=label("Ansvarig")).get_by_label("Gemensamt").check()
    page.get_by_label(label("Mål, antal")).fill("4")
    page.get_by_label(label("Mål, enhet")).fill("narkotikainsatser")
    page.get_by_label(label("Mål, per")).select_option(label="år")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("link", name="1:1", exact=True)).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Anta", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Anta {PROMISE_TITLE}")
    axe(page)
    page.get_by_label(label("Antaget av")).fill("Kommunstyrelsen")
    page.get_by_label(label("Beslutsdatum")).fill(today.isoformat())
    page.get_by_label(label("Paragraf")).fill("§ 6")
    page.get_by_role("button", name="Anta löftet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PROMISE_TITLE)
    expect(page.get_by_role("main")).to_contain_text("Antagen")
    axe(page)


def police_records_two_occurrences_from_the_start_page(page, axe) -> None:
    login(page, "polis", PASSWORD)
    axe(page)
    waiting = page.get_by_role("region", name="Aktiviteter som väntar på uppföljning")
    waiting.get_by_role("link", name=re.compile(r"^1:1 ")).click()  # one click from the start
    expect(page.get_by_role("heading", level=1)).to_have_text("Aktivitet 1:1")
    axe(page)

    form = page.get_by_role("region", name="Ny statusuppdatering")
    expect(form.get_by_label(label("Datum"))).to_have_value(timezone.localdate().isoformat())
    form.get_by_label(label("Status")).select_option(label="Pågår")
    form.get_by_label(label("Vad hände")).fill(UPDATE_TEXT)
    form.get_by_label(label("Antal tillfällen")).fill("2")
    form.get_by_label("Offentlig – visas för invånarna").check()
    form.get_by_role("button", name="Spara uppdateringen").click()

    expect(page.get_by_role("status")).to_contain_text("Statusuppdateringen sparades.")
    timeline = page.get_by_role("region", name="Statusuppdateringar")
    expect(timeline).to_contain_text(UPDATE_TEXT)
    expect(timeline).to_contain_text("2 tillfällen")
    axe(page)


def test_it_carries_a_promise_from_draft_to_a_police_update_that_the_coordinator_sees(
    owner, police, current_agreement, new_page, axe, today
):
    coordinator_page = new_page()
    coordinator_creates_and_adopts_a_promise(coordinator_page, axe, today)

    promise = Promise.objects.get(title=PROMISE_TITLE)
    assert promise.status == Promise.Status.ADOPTED
    assert (promise.adopted_by, promise.adopted_on, promise.adoption_paragraph) == (
        "Kommunstyrelsen",
        today,
        "§ 6",
    )
    activity = Activity.objects.get(focus_area__promise=promise)
    assert (activity.code, activity.responsible) == ("1:1", Activity.Responsible.JOINT)
    assert (activity.target_count, activity.target_unit, activity.target_period) == (
        4,
        "narkotikainsatser",
        "ar",
    )

    police_records_two_occurrences_from_the_start_page(new_page(), axe)

    update = StatusUpdate.objects.get(activity=activity)
    assert (update.status, update.occurrences, update.is_public) == ("pagar", 2, True)
    assert (update.author, update.date) == (police, today)

    coordinator_page.reload()
    row = coordinator_page.locator("tr", has=coordinator_page.get_by_role("link", name="1:1"))
    expect(row).to_contain_text("Pågår")
    expect(row).to_contain_text("2 av 4")
    expect(row.get_by_role("progressbar", name=re.compile(r"^2 av 4 "))).to_be_visible()
    axe(coordinator_page)


def focus_id(page) -> str:
    return page.evaluate("() => document.activeElement.id")


def tab_until(page, description: str, condition: str, *, limit: int = 40) -> None:
    """Press Tab until ``condition`` (a JavaScript expression about ``el``, the focused element)
    holds; fail if it never does."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return {condition}; }}"):
            return
    pytest.fail(f"Tab never reached {description}")


def test_it_records_an_update_with_the_keyboard_alone(
    police, quantified_activity, page, axe, today
):
    login(page, "polis", PASSWORD)
    page.goto(quantified_activity.get_absolute_url())
    axe(page)

    tab_until(page, "the status", "el.id === 'id_status'")
    page.keyboard.press("ArrowDown")  # – Välj – → Ej påbörjad
    page.keyboard.press("ArrowDown")  # → Pågår
    page.keyboard.press("Tab")
    assert focus_id(page) == "id_description"  # left empty: the form must say so
    page.keyboard.press("Tab")
    assert focus_id(page) == "id_occurrences"
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    assert focus_id(page) == "id_is_public_0"  # Intern, the preselected choice
    page.keyboard.press("ArrowDown")  # → Offentlig
    tab_until(page, "the save button", "el.textContent.trim() === 'Spara uppdateringen'")
    page.keyboard.press("Enter")

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Vad hände")
    expect(page.get_by_label(label("Status"))).to_have_value("pagar")
    expect(page.get_by_label(label("Antal tillfällen"))).to_have_value("2")
    expect(page.get_by_label("Offentlig – visas för invånarna")).to_be_checked()
    assert not StatusUpdate.objects.exists()
    axe(page)

    # The error summary links to the field: following it with Enter puts the cursor there.
    tab_until(page, "the error's link", "el.closest('[role=alert]') !== null")
    page.keyboard.press("Enter")
    assert focus_id(page) == "id_description"
    page.keyboard.type(UPDATE_TEXT)
    tab_until(page, "the save button", "el.textContent.trim() === 'Spara uppdateringen'")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Statusuppdateringen sparades.")
    axe(page)
    update = StatusUpdate.objects.get(activity=quantified_activity)
    assert (update.status, update.description, update.occurrences) == ("pagar", UPDATE_TEXT, 2)
    assert (update.is_public, update.author, update.date) == (True, police, today)
