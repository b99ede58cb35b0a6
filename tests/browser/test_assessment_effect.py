"""A citizen sees the published lägesbild with a chart and its table: axe finds nothing on the
kommun's page, the public promise page or the signed-in promise page, at desktop width and on a
phone (375 px), where nothing sticks out sideways."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, login
from tests.browser.test_responsive import overflow
from tests.situation.lagesbild import build_lagesbild

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


def _check(page, axe, path: str) -> None:
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.goto(path)
        axe(page)
        assert overflow(page) is None, f"{path} at {size['width']} px: {overflow(page)}"


def test_a_citizen_sees_the_published_lagesbild_with_a_chart_and_its_table(
    page, axe, owner, adopted_promise, focus_area, activity
):
    kommun = adopted_promise.agreement.municipality
    build_lagesbild(kommun, promise=adopted_promise, activities=[activity], problems=2)
    municipality_url = reverse("public:municipality", args=[kommun.slug])
    promise_url = reverse("public:promise", args=[kommun.slug, adopted_promise.pk])
    page.goto(municipality_url)
    section = page.get_by_role("region", name="Lägesbild")
    expect(
        section.get_by_role("heading", name="Problem 1: Otrygghet vid stationen 1")
    ).to_be_visible()
    chart = section.get_by_role(
        "img", name="Indikator 1.1: Anmälda brott totalt 1.1 (antal/100 000 inv)"
    )
    expect(chart).to_be_visible()
    table = section.get_by_role(
        "table", name="Indikator 1.1: Anmälda brott totalt 1.1 (antal/100 000 inv)"
    )
    expect(table.get_by_role("row", name="2022 uppgift saknas")).to_be_visible()
    expect(section.get_by_text("Källa: Kolada, hämtad 2026-11-20.").first).to_be_visible()
    _check(page, axe, municipality_url)
    _check(page, axe, promise_url)
    login(page, "samordnare", PASSWORD)
    _check(page, axe, adopted_promise.get_absolute_url())
