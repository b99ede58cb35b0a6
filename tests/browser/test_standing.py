"""Uppföljningsläge in Chromium (issue 12 §5): a police contact reads the charts by their text
alternatives, at 375 px, with no axe violation; the public promise page shows the same charts."""

import pytest
from playwright.sync_api import expect

from promises import services
from promises.models import StatusUpdate
from tests.browser.conftest import PASSWORD, check_axe, login
from tests.browser.test_responsive import PHONE, overflow

pytestmark = pytest.mark.browser


def test_a_police_contact_reads_the_charts_by_their_text_alternatives_at_375_px(
    page, owner, police, quantified_activity, today
):
    services.add_status_update(
        user=owner,
        activity=quantified_activity,
        status=StatusUpdate.Status.IN_PROGRESS,
        description="Tre insatser.",
        date=today,
        occurrences=3,
        is_public=True,
    )
    promise = quantified_activity.focus_area.promise
    page.set_viewport_size(PHONE)
    login(page, police.username, PASSWORD)
    # From the start page (on a phone the menu is folded away).
    with page.expect_navigation():
        page.get_by_role("link", name="Se uppföljningsläget", exact=False).click()
    assert page.url.endswith("/uppfoljningslage/")

    months = page.get_by_role("img", name="Statusuppdateringar per månad", exact=False)
    targets = page.get_by_role("img", name="Gjort mot målet per period")
    assert months.is_visible() and targets.is_visible()
    # The description the chart is read with carries its figures.
    described = page.evaluate(
        "id => document.getElementById(id).textContent",
        f"mal-{promise.pk}-desc",
    )
    assert f"1:1, {today.year}: 3 av 4 narkotikainsatser." in described
    box = months.bounding_box()
    assert box["width"] <= PHONE["width"]
    assert overflow(page) is None
    check_axe(page)

    page.goto(f"/kommun/{promise.agreement.municipality.slug}/loften/{promise.pk}/")
    public_targets = page.get_by_role("img", name="Gjort mot målet per period")
    expect(public_targets).to_be_visible()
    assert overflow(page) is None
    check_axe(page)
