"""Issue 14's journey in Chromium: a kommun starts on its own, with axe on every new page.

The service's administrator (a superuser) lays out Sala kommun and a new police area with Ny
kommun and invites the first coordinator as förvaltare. She accepts from the e-mail (read from the
test SMTP server), writes the agreement, makes two drafts and imports their plans: an action plan
from a Word document (modelled on Upplands-Bro's) and a medborgarlöfte from an .xlsx (modelled on
Knivsta's). The coordinator manages only the kommun, so the administrator invites the police
contact to the police area, as its förvaltare. He accepts, sets up the police area's sign-in on its
settings page (the real OpenID provider the suite starts), signs out, signs in through the provider
and records a status update on an imported activity.
"""

import re

import pytest
from playwright.sync_api import expect

from identity.models import IdentityProvider
from promises.models import Membership, Organisation, Promise, StatusUpdate
from tests.browser.conftest import PASSWORD, label, login
from tests.followup.conftest import run_ready_tasks
from tests.identity.conftest import CLIENT_ID, CLIENT_SECRET, running_provider
from tests.imports.conftest import KNIVSTA_ROWS, upplands_bro_docx, xlsx_bytes
from tests.notifications import conftest as mail_fixtures

pytestmark = pytest.mark.browser
smtp = mail_fixtures.smtp  # the real SMTP server of the e-mail tests

COORDINATOR_EMAIL = "maria.samordnare@sala.example"
POLICE_EMAIL = "jonas.kommunpolis@polisen.example"
SECRET_ENV = "OIDC_SECRET_LPO_SALA"
AREA = "Lokalpolisområde Sala"
AGREEMENT = "Samverkansöverenskommelse Sala 2024–2027"
ACTION_PLAN = "Åtgärdsplan Sala 2024–2025"
PROMISE = "Medborgarlöfte Sala 2024–2027"
UPDATE_TEXT = "Kommunpolisen besökte högstadieskolan och pratade med eleverna om trygghet."


@pytest.fixture
def provider(live_server, monkeypatch):
    """The real OpenID provider, which knows the police contact by his verified address."""
    accounts = {"jonas": {"email": POLICE_EMAIL, "email_verified": True, "name": "Jonas"}}
    with running_provider(f"{live_server.url}/logga-in/organisation/tillbaka/", accounts) as p:
        monkeypatch.setenv(SECRET_ENV, CLIENT_SECRET)  # as the operations team would
        yield p


def follow(page, locator) -> None:
    """Click a link or a submit button and wait for the page it leads to (axe runs on that)."""
    with page.expect_navigation():
        locator.click()


def link_in_email(smtp, address: str) -> str:
    [message] = smtp.to(address)
    text = message.get_body(preferencelist=("plain",)).get_content()
    url = re.search(r"https://loften\.example\.se(/konton/inbjudan/\S+)", text)
    assert url, text
    return url.group(1)


def invite(page, axe, email: str, role: str, title: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bjud in")
    axe(page)
    page.get_by_label(label("E-postadress")).fill(email)
    role_field = page.get_by_label(label("Roll"))
    if role_field.locator("option").count() > 1:
        role_field.select_option(label=role)
    page.get_by_label(label("Titel")).fill(title)
    page.get_by_label("Förvaltare").check()
    page.get_by_role("button", name="Skicka inbjudan").click()
    expect(page.get_by_text(f"En inbjudan skickas till {email}")).to_be_visible()
    axe(page)
    assert run_ready_tasks() == 1  # the worker sends the e-mail


def accept(page, axe, path: str, first: str, last: str) -> None:
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Inbjudan till")
    axe(page)
    page.get_by_label(label("Förnamn")).fill(first)
    page.get_by_label(label("Efternamn")).fill(last)
    page.get_by_label(label("Lösenord")).fill("ett-långt-lösenord-42")
    page.get_by_label(label("Lösenordet igen")).fill("ett-långt-lösenord-42")
    with page.expect_navigation():
        page.get_by_role("button", name="Skapa kontot").click()
    expect(page.get_by_text("Välkommen! Du är nu med i")).to_be_visible()
    axe(page)


def administrator_lays_out_sala(page, axe) -> None:
    login(page, "administrator", PASSWORD)
    follow(
        page, page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Ny kommun")
    )
    axe(page)
    page.locator("#id_kommunkod").select_option("1981")
    follow(page, page.get_by_role("button", name="Fortsätt"))
    expect(page.get_by_role("heading", name=re.compile("^Steg 2 av 3"))).to_be_visible()
    axe(page)
    page.locator("#id_omrade").select_option("ny")
    follow(page, page.get_by_role("button", name="Fortsätt"))
    expect(page.get_by_role("heading", name=re.compile("^Steg 3 av 3"))).to_be_visible()
    axe(page)
    page.locator("#id_office").fill("Kommunstyrelsens förvaltning")
    page.locator("#id_contact_email").fill("trygghet@sala.example")
    page.get_by_role("button", name="Lägg upp kommunen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sala kommun är upplagd")
    axe(page)
    page.get_by_role("link", name="Bjud in den första samordnaren för Sala kommun").click()
    invite(page, axe, COORDINATOR_EMAIL, "Samordnare", "Trygghetssamordnare")


def import_plan(page, axe, upload, run_tasks) -> None:
    """From the upload page to the imported plan's promise page."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Importera plan")
    axe(page)
    page.get_by_label("Fil med planen").set_input_files(upload)
    page.get_by_role("button", name="Förhandsgranska").click()
    assert run_tasks() == 1  # the check of the file
    page.get_by_role("link", name="Visa läget nu").click()
    expect(page.get_by_role("heading", name="Det här kommer att importeras")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Importera").click()
    assert run_tasks() >= 1  # the import
    page.get_by_role("link", name="Visa läget nu").click()
    expect(page.get_by_text("Planen är importerad.")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Till löftet").click()


def new_draft(page, axe, kind: str, title: str, start: str, end: str) -> None:
    page.goto("/start/")
    follow(page, page.get_by_role("link", name="Skriv löftet eller åtgärdsplanen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nytt löfte eller åtgärdsplan")
    axe(page)
    page.get_by_label(label("Typ")).select_option(label=kind)
    page.get_by_label(label("Samverkansöverenskommelse")).select_option(label=AGREEMENT)
    page.get_by_label(label("Titel")).fill(title)
    page.get_by_label(label("Gäller från")).fill(start)
    page.get_by_label(label("Gäller till och med")).fill(end)
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def coordinator_writes_and_imports(page, axe, tmp_path) -> None:
    follow(page, page.get_by_role("link", name="Lägg in samverkansöverenskommelsen"))
    axe(page)
    page.get_by_label(label("Kommun")).select_option(label="Sala kommun")
    page.get_by_label(label("Lokalpolisområde")).select_option(label=AREA)
    page.get_by_label(label("Titel")).fill(AGREEMENT)
    page.get_by_label(label("Diarienummer")).fill("KS 2023/412")
    page.get_by_label(label("Gäller från")).fill("2024-01-01")
    page.get_by_label(label("Gäller till och med")).fill("2027-12-31")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(AGREEMENT)

    word = tmp_path / "Åtgärdsplan Sala.docx"
    word.write_bytes(upplands_bro_docx())
    new_draft(page, axe, "Åtgärdsplan", ACTION_PLAN, "2024-01-01", "2025-12-31")
    follow(page, page.get_by_role("link", name="Importera plan från fil"))
    import_plan(page, axe, word, run_ready_tasks)
    expect(page.get_by_role("heading", name="2. Våld")).to_be_visible()

    sheet = tmp_path / "medborgarlöfte.xlsx"
    sheet.write_bytes(xlsx_bytes(KNIVSTA_ROWS))
    new_draft(page, axe, "Medborgarlöfte", PROMISE, "2024-01-01", "2027-12-31")
    # This time by way of Kom igång, which links each draft's import.
    follow(page, page.get_by_role("contentinfo").get_by_role("link", name="Kom igång"))
    axe(page)
    follow(page, page.get_by_role("link", name=f"Importera planen till {PROMISE}"))
    import_plan(page, axe, sheet, run_ready_tasks)
    expect(page.get_by_role("heading", name="4. Våld i nära relation")).to_be_visible()


def police_sets_up_sign_in(page, axe, provider) -> None:
    follow(
        page,
        page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Mitt konto"),
    )
    follow(page, page.get_by_role("link", name=AREA))
    axe(page)
    page.get_by_role("link", name="Inloggning via organisationens identitetsleverantör").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Inloggning för {AREA}")
    axe(page)
    page.get_by_label("Namn på knappen").fill("Polisens inloggning")
    page.get_by_label("Utfärdare (issuer)").fill(provider.issuer)
    page.get_by_label("Klient-id").fill(CLIENT_ID)
    page.get_by_label("Miljövariabel med klienthemligheten").fill(SECRET_ENV)
    page.get_by_label("Påslagen").check()
    page.get_by_role("button", name="Spara inställningarna").click()
    expect(page.get_by_text("Inloggningsinställningarna är sparade.")).to_be_visible()
    axe(page)


def test_a_new_kommun_starts_on_its_own(
    transactional_db, make_user, smtp, provider, new_page, axe, tmp_path
):
    make_user("administrator", is_superuser=True, is_staff=True)
    admin = new_page()
    administrator_lays_out_sala(admin, axe)
    sala = Organisation.objects.get(municipality_code="1981")
    area = Organisation.objects.get(name=AREA)

    coordinator = new_page()
    accept(coordinator, axe, link_in_email(smtp, COORDINATOR_EMAIL), "Maria", "Samordnare")
    expect(coordinator.get_by_role("heading", name="Kom igång")).to_be_visible()
    coordinator_writes_and_imports(coordinator, axe, tmp_path)
    first = Membership.objects.get(user__email=COORDINATOR_EMAIL)
    assert (first.organisation, first.role, first.is_manager) == (
        sala,
        Membership.Role.COORDINATOR,
        True,
    )
    promise = Promise.objects.get(title=PROMISE)
    assert promise.agreement.municipality == sala
    assert promise.focus_areas.count() == 4
    assert Promise.objects.get(title=ACTION_PLAN).focus_areas.count() == 2

    # The coordinator manages Sala kommun only: the police area's first account comes from the
    # administrator, who may invite to any organisation.
    menu = admin.get_by_role("navigation", name="Huvudmeny")
    follow(admin, menu.get_by_role("link", name="Mitt konto"))
    follow(admin, admin.get_by_role("link", name=AREA))
    follow(admin, admin.get_by_role("link", name="Bjud in en person"))
    invite(admin, axe, POLICE_EMAIL, "Polisens kontaktperson", "Kommunpolis")

    police = new_page()
    accept(police, axe, link_in_email(smtp, POLICE_EMAIL), "Jonas", "Kommunpolis")
    police_sets_up_sign_in(police, axe, provider)
    assert IdentityProvider.objects.get(organisation=area).enabled
    follow(police, police.get_by_role("button", name="Logga ut Jonas Kommunpolis"))

    police.goto("/logga-in/")
    axe(police)
    police.get_by_role("link", name="Logga in med Polisens inloggning").click()
    police.locator("input[name=login]").fill("jonas")  # the provider's page, not ours
    with police.expect_navigation(url=lambda url: "/interaction/" not in url):
        police.get_by_role("button", name="Sign in").click()
    assert police.url.endswith("/start/")
    expect(police.get_by_role("button", name="Logga ut Jonas Kommunpolis")).to_have_count(1)

    police.goto(promise.get_absolute_url())
    police.get_by_role("link", name="2:1", exact=True).click()
    expect(police.get_by_role("heading", level=1)).to_have_text("Aktivitet 2:1")
    form = police.get_by_role("region", name="Ny statusuppdatering")
    form.get_by_label(label("Status")).select_option(label="Pågår")
    form.get_by_label(label("Vad hände")).fill(UPDATE_TEXT)
    form.get_by_label(label("Antal tillfällen")).fill("1")
    form.get_by_role("button", name="Spara uppdateringen").click()
    expect(police.get_by_role("status")).to_contain_text("Statusuppdateringen sparades.")
    axe(police)

    update = StatusUpdate.objects.get()
    assert update.author.email == POLICE_EMAIL
    assert update.activity.focus_area.promise == promise
    membership = Membership.objects.get(user=update.author)
    assert (membership.organisation, membership.role, membership.is_manager) == (
        area,
        Membership.Role.POLICE,
        True,
    )
