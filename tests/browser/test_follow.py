"""Following a promise in Chromium: the button on the promise page and the list on
E-postinställningar, with axe on each state, and the same with JavaScript turned off."""

import pytest
from playwright.sync_api import expect

from notifications.models import PromiseFollow
from tests.browser.conftest import _new_context, login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False])
def test_a_coordinator_follows_a_promise_and_stops_on_the_preferences_page(
    transactional_db, owner, adopted_promise, browser, live_server, axe, javascript
):
    context = _new_context(browser, live_server, java_script_enabled=javascript)
    page = context.new_page()
    try:
        owner.set_password("demo")
        owner.save()
        login(page, owner.username, "demo")
        page.goto(adopted_promise.get_absolute_url())
        if javascript:
            axe(page)
        page.get_by_role("button", name="Följ löftet").click()

        expect(
            page.get_by_text("Du följer löftet. Du får veta när polisen rapporterar")
        ).to_be_visible()
        expect(page.get_by_role("button", name="Sluta följa")).to_be_visible()
        assert PromiseFollow.objects.filter(user=owner, promise=adopted_promise).exists()
        if javascript:
            axe(page)

        page.goto("/e-post/installningar/")
        follows = page.get_by_role("region", name="Löften du följer")
        expect(follows.get_by_role("link", name=adopted_promise.title)).to_be_visible()
        if javascript:
            axe(page)
        follows.get_by_role("button", name=f"Sluta följa {adopted_promise.title}").click()
        expect(page.get_by_text("Du följer inte längre löftet.")).to_be_visible()
        expect(page.get_by_text("Du följer inga löften.")).to_be_visible()
        assert not PromiseFollow.objects.exists()
    finally:
        context.close()
