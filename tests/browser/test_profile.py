"""A kommun's document profile in Chromium: the coordinator uploads a logo and reorders the sections
without JavaScript's help, the page passes axe at desktop and 375 px width, and a stored SVG with a
script, opened on its own, never runs it (the logo's Content-Security-Policy sandboxes it)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from followup import services
from followup.models import DocumentProfile
from followup.outline import default_sections
from tests.browser.conftest import PASSWORD, label, login

pytestmark = pytest.mark.browser

LOGOS = Path(__file__).resolve().parent.parent / "followup" / "logo_files"
SCRIPTED_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"
  onload="document.documentElement.setAttribute('data-onload', 'ran')">
<rect width="10" height="10"/>
<script>document.documentElement.setAttribute('data-script', 'ran'); alert('ran');</script>
</svg>"""


def test_the_coordinator_uploads_a_logo_and_orders_the_sections(owner, knivsta, page, axe):
    login(page, "samordnare", PASSWORD)
    page.goto("/rapporter/")
    page.get_by_role("link", name="Kommunens dokumentmall").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dokumentmall för Knivsta kommun")
    axe(page)
    page.get_by_label("Tjänsteutlåtande").check()
    page.get_by_label("Barnchecklista, sist i dokumentet på en egen sida").check()
    page.get_by_label("Liberation Sans (linjär, mått som Arial)").check()
    page.get_by_label(label("Adressfot")).fill("Knivsta kommun\n741 99 Knivsta")
    page.get_by_label(label("Ny logotyp")).set_input_files(str(LOGOS / "valid.svg"))
    page.get_by_label(label("Logotypens alternativtext")).fill("Exempelstads emblem")
    # "Sammanfattning" (row 2) after everything else, renamed.
    page.locator("#id_avsnitt-1-heading").fill("Sammanfattning av ärendet")
    page.locator("#id_avsnitt-1-order").fill("99")
    page.get_by_role("button", name="Spara mallen").click()
    expect(page.get_by_role("status")).to_contain_text("Dokumentmallen är sparad.")

    example = page.locator(".profile-example li")
    expect(example.last).to_contain_text("Barnchecklista inför beslut")
    expect(example.nth(example.count() - 2)).to_contain_text("Sammanfattning av ärendet")
    expect(page.get_by_role("img", name="Exempelstads emblem")).to_be_visible()
    profile = DocumentProfile.objects.get(municipality=knivsta)
    assert profile.sections[-1]["heading"] == "Sammanfattning av ärendet"
    assert profile.logo_type == "image/svg+xml"
    page.set_viewport_size({"width": 375, "height": 800})
    axe(page)


def test_an_outline_without_signatures_is_refused_next_to_the_sections(owner, knivsta, page):
    login(page, "samordnare", PASSWORD)
    page.goto(f"/rapporter/dokumentprofil/{knivsta.pk}/")
    signatures = len(default_sections()) - 2  # "Underskrifter" is the second last row
    page.locator(f"#id_avsnitt-{signatures}-remove").check()
    page.get_by_role("button", name="Spara mallen").click()
    expect(page.locator(".report-fieldset .errors")).to_contain_text(
        "Dokumentet måste ha avsnitten: Underskrifter."
    )
    assert not DocumentProfile.objects.exists()


def test_a_stored_svg_with_a_script_never_runs_it(owner, knivsta, page):
    services.save_profile(municipality=knivsta, user=owner, fields={}, sections=default_sections())
    # Written around the upload's checks, as if they had missed something.
    DocumentProfile.objects.update(logo=SCRIPTED_SVG, logo_type="image/svg+xml", logo_sha256="x")
    login(page, "samordnare", PASSWORD)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    response = page.goto(f"/rapporter/dokumentprofil/{knivsta.pk}/logotyp/")
    assert response.headers["content-type"] == "image/svg+xml"
    assert "sandbox" in response.headers["content-security-policy"]
    page.wait_for_timeout(500)
    ran = page.evaluate(
        "[document.documentElement.getAttribute('data-script'),"
        " document.documentElement.getAttribute('data-onload')]"
    )
    assert ran == [None, None]
    assert dialogs == []
    # Sandboxed: the SVG's document has an opaque origin, so even a script that ran could neither
    # read the session's cookies nor act as the logged-in user on the app.
    assert page.evaluate("window.origin") == "null"
