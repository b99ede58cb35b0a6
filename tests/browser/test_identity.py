"""Sign-in through the organisation's identity provider in Chromium, against the real OpenID
provider: the button on the sign-in page, the provider's own page, back signed in; the refusal
page; the förvaltare's settings page. axe on each of our pages."""

import pytest
from playwright.sync_api import expect

from identity.models import IdentityProvider
from promises.models import Membership
from tests.browser.conftest import login
from tests.identity.conftest import CLIENT_ID, CLIENT_SECRET, SECRET_ENV, running_provider

pytestmark = pytest.mark.browser

BUTTON = "Logga in med Knivsta kommuns inloggning (Entra ID)"


@pytest.fixture
def provider_for_browser(live_server, knivsta, monkeypatch):
    with running_provider(f"{live_server.url}/logga-in/organisation/tillbaka/") as provider:
        monkeypatch.setenv(SECRET_ENV, CLIENT_SECRET)
        IdentityProvider.objects.create(
            organisation=knivsta,
            display_name="Knivsta kommuns inloggning (Entra ID)",
            issuer=provider.issuer,
            client_id=CLIENT_ID,
            client_secret_env=SECRET_ENV,
            enabled=True,
            local_passwords_allowed=False,
        )
        yield provider


def sign_in_at_provider(page, account: str) -> None:
    page.goto("/logga-in/")
    page.get_by_role("link", name=BUTTON).click()
    page.locator("input[name=login]").fill(account)  # the provider's page, not ours
    with page.expect_navigation(url=lambda url: "/interaction/" not in url):
        page.get_by_role("button", name="Sign in").click()


def test_a_member_signs_in_through_the_provider_and_not_with_a_password(
    transactional_db, page, axe, provider_for_browser, make_user, knivsta
):
    make_user(
        "anna",
        organisation=knivsta,
        role=Membership.Role.COORDINATOR,
        email="anna.andersson@knivsta.example",
    )
    page.goto("/logga-in/")
    axe(page)
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill("test-password")
    page.get_by_role("button", name="Logga in", exact=True).click()
    expect(
        page.get_by_text("Din organisation loggar in via sin egen inloggningstjänst")
    ).to_be_visible()
    axe(page)

    sign_in_at_provider(page, "anna")
    assert page.url.endswith("/start/")
    assert page.get_by_role("button", name="Logga ut anna").count() == 1


def test_a_person_without_an_invitation_gets_a_page_that_says_so(
    transactional_db, page, axe, provider_for_browser
):
    sign_in_at_provider(page, "cecilia")
    expect(
        page.get_by_role("heading", name="Ingen inbjudan hittades för cecilia@knivsta.example")
    ).to_be_visible()
    axe(page)


def test_the_manager_changes_the_settings_on_their_page(
    transactional_db, page, axe, make_user, knivsta
):
    manager = make_user("forvaltare", organisation=knivsta, role=Membership.Role.COORDINATOR)
    Membership.objects.filter(user=manager).update(is_manager=True)
    login(page, "forvaltare", "test-password")
    page.goto(f"/organisation/{knivsta.pk}/inloggning/")
    axe(page)
    page.get_by_label("Namn på knappen").fill("Knivsta kommuns inloggning (Entra ID)")
    page.get_by_label("Utfärdare (issuer)").fill("http://login.example.se")
    page.get_by_role("button", name="Spara inställningarna").click()
    expect(
        page.get_by_text("Utfärdarens adress måste börja med https://.", exact=True)
    ).to_be_visible()
    axe(page)
    page.get_by_label("Utfärdare (issuer)").fill("https://login.example.se/knivsta")
    page.get_by_label("Klient-id").fill("lofteskollen")
    page.get_by_label("Miljövariabel med klienthemligheten").fill("OIDC_SECRET_KNIVSTA")
    page.get_by_role("button", name="Spara inställningarna").click()
    expect(page.get_by_text("Inloggningsinställningarna är sparade.")).to_be_visible()
    assert IdentityProvider.objects.get(organisation=knivsta).client_id == "lofteskollen"
    axe(page)
