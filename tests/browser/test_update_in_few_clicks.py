"""Recording updates quickly, in a real browser: from a reminder's direct link in at most three
clicks, and a whole period at once in "Rapportera perioden" on a phone, with and without
JavaScript."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from notifications.reminders import plan_activity_reminders
from promises import services
from promises.models import Activity, StatusUpdate
from promises.periods import cadence_window
from tests.browser.conftest import PASSWORD, _new_context, label

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}


class Clicks:
    """Every click a person makes, counted: a button or link pressed, or a choice made in a list.
    Typing text into a field is not a click."""

    def __init__(self):
        self.count = 0

    def click(self, locator) -> None:
        self.count += 1
        locator.click()

    def choose(self, select, option: str) -> None:
        self.count += 1
        select.select_option(label=option)


def test_it_records_an_update_from_the_reminders_link_in_three_clicks(
    police, quantified_activity, page, axe, today
):
    """The link of the reminder the police contact gets before the period ends leads to the
    activity's update form. Not signed in yet, they pass the login form straight back to it."""
    promise = quantified_activity.focus_area.promise
    day = cadence_window(promise.follow_up_cadence, today).end - timedelta(days=1)
    [message] = [m for m in plan_activity_reminders(day) if m.user == police]
    [item] = message.items
    link = urlsplit(item.context["url"])
    assert link.path == quantified_activity.get_absolute_url()
    clicks = Clicks()
    page.goto(f"{link.path}#{link.fragment}")

    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    page.get_by_label("Användarnamn").fill("polis")
    page.get_by_label("Lösenord").fill(PASSWORD)
    clicks.click(page.get_by_role("button", name="Logga in"))
    expect(page.get_by_role("heading", name="Ny statusuppdatering")).to_be_visible()
    axe(page)
    clicks.choose(page.get_by_label(label("Status")), "Genomförd")
    page.get_by_label(label("Vad hände")).fill("Narkotikainsats vid stationen med socialtjänsten.")
    clicks.click(page.get_by_role("button", name="Spara uppdateringen"))

    expect(page.get_by_role("status")).to_contain_text("Statusuppdateringen sparades.")
    update = StatusUpdate.objects.get(activity=quantified_activity)
    assert (update.author, update.status, update.date) == (police, "genomford", today)
    assert clicks.count <= 3, clicks.count


@pytest.fixture
def three_activities(owner, quantified_activity):
    area = quantified_activity.focus_area
    for text in ("Trygghetsvandring i centrum.", "Föräldravandring under helgerna."):
        services.create_activity(
            user=owner, focus_area=area, description=text, responsible=Activity.Responsible.JOINT
        )
    return list(Activity.objects.filter(focus_area=area).order_by("number"))


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def test_it_records_a_period_on_a_phone_row_by_row(
    police, three_activities, browser, live_server, axe
):
    context = _new_context(browser, live_server, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto("/logga-in/?next=/start/")
        page.get_by_label("Användarnamn").fill("polis")
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.get_by_role("link", name="Rapportera perioden").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Rapportera perioden")
        axe(page)
        _fits(page)

        first, second, third = (
            page.get_by_role("group", name=f"Aktivitet {a.code}: {a.description}")
            for a in three_activities
        )
        first.get_by_label(label("Status")).select_option(label="Pågår")
        first.get_by_label(label("Vad hände")).fill("Två insatser.")
        first.get_by_label(label("Antal tillfällen")).fill("2")
        third.get_by_label(label("Status")).select_option(label="Genomförd")
        third.get_by_label(label("Vad hände")).fill("Vandring med 19811218-9876.")
        page.get_by_role("button", name="Spara alla rader").click()

        summary = page.get_by_role("alert")
        expect(summary).to_contain_text(f"{three_activities[2].code}, vad hände")
        expect(third.locator(".errors")).to_contain_text("personnummer")
        expect(first.get_by_label(label("Vad hände"))).to_have_value("Två insatser.")
        expect(second.get_by_label(label("Vad hände"))).to_have_value("")
        assert not StatusUpdate.objects.exists()
        axe(page)
        _fits(page)

        third.get_by_label(label("Vad hände")).fill("Vandring i centrum med föreningarna.")
        third.get_by_label("Offentlig – visas för invånarna").check()
        page.get_by_role("button", name="Spara alla rader").click()

        expect(page.get_by_role("status")).to_contain_text("2 statusuppdateringar sparades.")
        updates = {u.activity_id: u for u in StatusUpdate.objects.all()}
        assert set(updates) == {three_activities[0].pk, three_activities[2].pk}
        assert updates[three_activities[0].pk].occurrences == 2
        assert updates[three_activities[2].pk].is_public
    finally:
        context.close()


def test_it_records_a_period_without_javascript(police, three_activities, browser, live_server):
    context = _new_context(browser, live_server, viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/logga-in/")
        page.get_by_label("Användarnamn").fill("polis")
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        promise = three_activities[0].focus_area.promise
        page.goto(promise.get_absolute_url())
        page.get_by_role("link", name="Rapportera perioden").click()
        activity = three_activities[1]
        row = page.get_by_role("group", name=f"Aktivitet {activity.code}: {activity.description}")
        row.get_by_label(label("Status")).select_option(label="Försenad")
        row.get_by_label(label("Vad hände")).fill("Flyttad till nästa månad.")
        page.get_by_role("button", name="Spara alla rader").click()

        expect(page.get_by_role("status")).to_contain_text("1 statusuppdatering sparades.")
        (update,) = StatusUpdate.objects.all()
        assert (update.activity, update.status) == (three_activities[1], "forsenad")
    finally:
        context.close()
