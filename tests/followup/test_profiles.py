"""A kommun's document profile: who sees and edits it, what a save stores (sections in order, a
checked logo), conflicts, the logo served only as an image, its history and its query count."""

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from followup import services
from followup.models import DocumentProfile
from followup.outline import default_sections
from followup.profile_views import LOGO_POLICY
from tests.form_data import as_sent

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "logo_files"
KNIVSTA_SECTIONS = [
    {"key": "proposals", "heading": "Förslag till beslut", "level": 2},
    {"key": "summary", "heading": "Sammanfattning av ärendet", "level": 2},
    {"key": "case_text", "heading": "Ärendets uppkomst och historik", "level": 2},
    {"key": "legal_review", "heading": "Rättslig utredning", "level": 2},
    {"key": "followup", "heading": "Uppföljning per område", "level": 2},
    {"key": "heading", "heading": "Underlag för beslut och beslutsexpediering", "level": 2},
    {"key": "decision_basis", "heading": "Underlag för beslut", "level": 3},
    {"key": "recipients", "heading": "Beslutet skickas till", "level": 3},
    {"key": "signatures", "heading": "", "level": 2},
]


def _edit(municipality):
    return reverse("followup:profile_edit", args=[municipality.pk])


def _logo(municipality):
    return reverse("followup:profile_logo", args=[municipality.pk])


def _history(municipality):
    return reverse("followup:profile_history", args=[municipality.pk])


def _page_data(client, municipality, sections=None) -> dict:
    """The page's form as the browser sends it, with ``sections`` in its rows (and the rest
    of the rows left empty)."""
    response = client.get(_edit(municipality))
    assert response.status_code == 200
    data = as_sent(response.context["form"], response.context["sections"])
    if sections is not None:
        for key in [k for k in data if k.startswith("avsnitt-") and k[8:9].isdigit()]:
            del data[key]
        for index, section in enumerate(sections):
            data[f"avsnitt-{index}-key"] = section["key"]
            data[f"avsnitt-{index}-heading"] = section["heading"]
            data[f"avsnitt-{index}-level"] = str(section["level"])
            data[f"avsnitt-{index}-order"] = str(index + 1)
        data["avsnitt-TOTAL_FORMS"] = str(len(sections) + 1)
        data["avsnitt-INITIAL_FORMS"] = "0"
    return data


def _save_knivsta(owner, knivsta, **fields):
    return services.save_profile(
        municipality=knivsta,
        user=owner,
        fields={"document_type": "tjansteutlatande", "uses_child_checklist": True, **fields},
        sections=KNIVSTA_SECTIONS,
    )


# Who sees and edits it ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", [_edit, _logo, _history])
def test_it_sends_anonymous_visitors_to_the_login_page(client, knivsta, url):
    response = client.get(url(knivsta))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("url", [_edit, _logo, _history])
def test_it_hides_a_kommun_from_others(client, owner, knivsta, outsider, url):
    _save_knivsta(owner, knivsta)
    client.force_login(outsider)
    assert client.get(url(knivsta)).status_code == 404
    assert client.post(_edit(knivsta), {}).status_code == 404


def test_it_answers_404_for_a_police_area_or_a_missing_kommun(client, owner, uppsala_police):
    client.force_login(owner)
    assert client.get(_edit(uppsala_police)).status_code == 404
    assert client.get(reverse("followup:profile_edit", args=[999_999])).status_code == 404


@pytest.mark.parametrize("role", ["secretary", "police"])
def test_readers_of_the_kommun_see_the_profile_read_only(client, owner, knivsta, role, request):
    _save_knivsta(owner, knivsta, footer="Knivsta kommun\n741 75 Knivsta")
    client.force_login(request.getfixturevalue(role))
    page = client.get(_edit(knivsta))
    assert page.status_code == 200
    assert page.context["can_edit"] is False
    html = page.content.decode()
    assert "multipart/form-data" not in html and "avsnitt-TOTAL_FORMS" not in html
    assert "741 75 Knivsta" in html and "Underlag för beslut och beslutsexpediering" in html
    response = client.post(_edit(knivsta), _page_data_as_owner(owner, knivsta))
    assert response.status_code == 403
    assert DocumentProfile.objects.get(municipality=knivsta).lock_version == 1


def _page_data_as_owner(owner, knivsta):
    from django.test import Client

    browser = Client()
    browser.force_login(owner)
    return _page_data(browser, knivsta)


# Saving -------------------------------------------------------------------------------------------


def test_a_first_save_creates_the_profile_with_its_sections_in_order(client, owner, knivsta):
    client.force_login(owner)
    assert not DocumentProfile.objects.exists()
    page = client.get(_edit(knivsta))
    assert [row["key"] for row in page.context["example"]] == [s["key"] for s in default_sections()]
    data = _page_data(client, knivsta, KNIVSTA_SECTIONS)
    data.update(
        document_type="tjansteutlatande",
        uses_child_checklist="barnchecklista",
        font="liberation-sans",
        footer="Knivsta kommun\nKommunledningskontoret\n741 75 Knivsta",
        logo_alt="Knivsta kommuns emblem",
        logo_file=SimpleUploadedFile("emblem.svg", (FILES / "valid.svg").read_bytes()),
    )
    response = client.post(_edit(knivsta), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    profile = DocumentProfile.objects.get(municipality=knivsta)
    assert profile.sections == KNIVSTA_SECTIONS
    assert (profile.document_type, profile.uses_child_checklist, profile.font) == (
        "tjansteutlatande",
        True,
        "liberation-sans",
    )
    assert profile.footer_lines == ["Knivsta kommun", "Kommunledningskontoret", "741 75 Knivsta"]
    assert profile.logo_type == "image/svg+xml"
    assert b"inkscape" not in bytes(profile.logo)  # stored re-written, not as uploaded
    assert profile.logo_sha256 == hashlib.sha256(bytes(profile.logo)).hexdigest()
    assert profile.history.get().history_user == owner
    shown = client.get(_edit(knivsta))
    headings = [row["heading"] for row in shown.context["example"]]
    assert headings[:3] == [
        "Förslag till beslut",
        "Sammanfattning av ärendet",
        "Ärendets uppkomst och historik",
    ]
    assert "Barnchecklista inför beslut" in shown.content.decode()


def test_the_order_numbers_decide_the_order(client, owner, knivsta):
    client.force_login(owner)
    data = _page_data(client, knivsta, KNIVSTA_SECTIONS)
    data["avsnitt-1-order"] = "50"  # "Sammanfattning av ärendet" after everything else
    assert client.post(_edit(knivsta), data).status_code == 302
    keys = [s["key"] for s in DocumentProfile.objects.get(municipality=knivsta).sections]
    assert keys[-1] == "summary" and keys[0] == "proposals"


def test_an_empty_heading_takes_the_section_s_usual_heading(client, owner, knivsta):
    client.force_login(owner)
    data = _page_data(client, knivsta, KNIVSTA_SECTIONS)
    data["avsnitt-3-heading"] = ""
    assert client.post(_edit(knivsta), data).status_code == 302
    sections = DocumentProfile.objects.get(municipality=knivsta).sections
    assert sections[3] == {"key": "legal_review", "heading": "Rättslig utredning", "level": 2}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"avsnitt-8-remove": "on"}, "Dokumentet måste ha avsnitten: Underskrifter."),
        ({"avsnitt-3-key": "summary"}, "finns två gånger"),
        ({"avsnitt-0-level": "3"}, "en underrubrik måste komma efter en rubrik"),
        ({"avsnitt-4-level": "3"}, "Uppföljningen per område står på nivå 2"),
    ],
)
def test_it_refuses_an_outline_a_document_cannot_have(client, owner, knivsta, change, message):
    client.force_login(owner)
    data = _page_data(client, knivsta, KNIVSTA_SECTIONS) | change
    response = client.post(_edit(knivsta), data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["sections"].non_form_errors())
    assert message in response.content.decode().replace("&nbsp;", " ")
    assert not DocumentProfile.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("script.svg", "skript"),
        ("html_named.png", "varken en PNG- eller en SVG-bild"),
        ("gif_renamed.png", "GIF-bild"),
    ],
)
def test_it_refuses_a_logo_next_to_the_field(client, owner, knivsta, name, message):
    client.force_login(owner)
    data = _page_data(client, knivsta)
    data["logo_file"] = SimpleUploadedFile(name, (FILES / name).read_bytes(), "image/png")
    response = client.post(_edit(knivsta), data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["logo_file"])
    assert 'id="id_logo_file_error"' in response.content.decode()
    assert not DocumentProfile.objects.exists()


def test_a_logo_one_byte_over_the_limit_is_refused_before_it_is_read(client, owner, knivsta):
    from followup.models.profiles import LOGO_MAX_BYTES

    client.force_login(owner)
    data = _page_data(client, knivsta)
    data["logo_file"] = SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * LOGO_MAX_BYTES)
    response = client.post(_edit(knivsta), data)
    assert "högst 300 kB" in " ".join(response.context["form"].errors["logo_file"])


def test_the_logo_can_be_removed(client, owner, knivsta):
    client.force_login(owner)
    data = _page_data(client, knivsta)
    data["logo_file"] = SimpleUploadedFile("logo.png", (FILES / "valid.png").read_bytes())
    assert client.post(_edit(knivsta), data).status_code == 302
    assert DocumentProfile.objects.get().logo_type == "image/png"
    data = _page_data(client, knivsta) | {"remove_logo": "on"}
    assert client.post(_edit(knivsta), data).status_code == 302
    profile = DocumentProfile.objects.get()
    assert (profile.logo_type, bytes(profile.logo), profile.logo_sha256) == ("", b"", "")
    assert client.get(_logo(knivsta)).status_code == 404


def test_a_save_over_a_newer_save_is_a_conflict_that_keeps_what_was_typed(client, owner, knivsta):
    _save_knivsta(owner, knivsta)
    client.force_login(owner)
    data = _page_data(client, knivsta) | {"footer": "Min adress"}
    _save_knivsta(owner, knivsta, footer="Någon annans adress")
    response = client.post(_edit(knivsta), data)
    assert response.status_code == 200
    assert "Någon annan sparade ändringar" in response.content.decode()
    assert response.context["form"]["footer"].value() == "Min adress"
    assert DocumentProfile.objects.get().footer == "Någon annans adress"


def test_the_example_button_shows_the_outline_without_saving(client, owner, knivsta):
    client.force_login(owner)
    data = _page_data(client, knivsta, KNIVSTA_SECTIONS) | {"example": ""}
    response = client.post(_edit(knivsta), data)
    assert response.status_code == 200
    assert response.context["example"][1]["heading"] == "Sammanfattning av ärendet"
    assert not DocumentProfile.objects.exists()


def test_a_new_draft_takes_the_header_word_and_the_checklist_from_the_profile(
    owner, knivsta, chain
):
    from datetime import date

    from followup.models import Report

    _save_knivsta(owner, knivsta)
    services.save_profile(
        municipality=knivsta,
        user=owner,
        fields={"document_type": "tjansteskrivelse", "uses_child_checklist": False},
        sections=KNIVSTA_SECTIONS,
    )
    report = services.create_draft(
        user=owner,
        promise=chain.promise,
        kind=Report.Kind.HALF_YEAR,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 6, 30),
    )
    assert (report.document_type, report.uses_child_checklist) == ("tjansteskrivelse", False)


# The logo, only as an image ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "media_type", "filename"),
    [("valid.svg", "image/svg+xml", "logotyp.svg"), ("valid.png", "image/png", "logotyp.png")],
)
def test_the_logo_is_served_only_as_an_image(
    client, owner, secretary, knivsta, name, media_type, filename
):
    from followup.logos import clean_logo

    logo = clean_logo((FILES / name).read_bytes())
    services.save_profile(
        municipality=knivsta,
        user=owner,
        fields={},
        sections=KNIVSTA_SECTIONS,
        logo=logo,
    )
    client.force_login(secretary)
    response = client.get(_logo(knivsta))
    assert response.status_code == 200
    assert response.content == logo.data
    assert response["Content-Type"] == media_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == LOGO_POLICY
    assert response["Content-Security-Policy"] == (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    assert response["Content-Disposition"] == f'inline; filename="{filename}"'
    assert response["ETag"] == f'"{logo.sha256}"'
    again = client.get(_logo(knivsta), headers={"If-None-Match": f'"{logo.sha256}"'})
    assert again.status_code == 304 and again.content == b""


def test_the_logo_s_type_comes_from_the_profile_never_from_the_bytes(client, owner, knivsta):
    # Bytes that would be HTML to a sniffing browser, stored as a PNG (as if written around the
    # checks): still served as image/png, never sniffed, never text/html.
    _save_knivsta(owner, knivsta)
    DocumentProfile.objects.update(
        logo=(FILES / "html_named.png").read_bytes(), logo_type="image/png", logo_sha256="x"
    )
    client.force_login(owner)
    response = client.get(_logo(knivsta))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


# History and links --------------------------------------------------------------------------------


def test_the_history_lists_each_save_with_who_made_it(client, owner, knivsta):
    client.force_login(owner)
    assert client.get(_history(knivsta)).status_code == 404  # no profile yet
    _save_knivsta(owner, knivsta)
    _save_knivsta(owner, knivsta, footer="Ny adressrad")
    page = client.get(_history(knivsta))
    assert page.status_code == 200
    assert len(page.context["entries"]) == 2
    assert "Ny adressrad" in page.content.decode()
    assert _history(knivsta) in client.get(_edit(knivsta)).content.decode()


def test_the_report_list_and_the_editor_link_to_the_profile(client, owner, knivsta, draft_report):
    client.force_login(owner)
    for url in [
        reverse("followup:report_list"),
        reverse("followup:report_edit", args=[draft_report.pk]),
    ]:
        html = client.get(url).content.decode()
        assert f'href="{_edit(knivsta)}"' in html and "Kommunens dokumentmall" in html


# Query counts -------------------------------------------------------------------------------------


def _grow(owner, knivsta, scale: int) -> None:
    """``scale`` saves of Knivsta's profile (history rows) with ``scale`` own headings, and
    ``scale`` other kommuner with profiles of their own."""
    from promises.models import Membership, Organisation

    for n in range(scale):
        extra = [
            {"key": "heading", "heading": f"Egen rubrik {n}-{i}", "level": 2} for i in range(scale)
        ]
        services.save_profile(
            municipality=knivsta,
            user=owner,
            fields={"footer": f"Adressrad {n}"},
            sections=[*KNIVSTA_SECTIONS, *extra],
        )
    for n in range(scale):
        other = Organisation.objects.create(
            kind=Organisation.Kind.MUNICIPALITY, name=f"Kommun {scale}-{n}", slug=f"k-{scale}-{n}"
        )
        Membership.objects.create(user=owner, organisation=other, role=Membership.Role.COORDINATOR)
        services.save_profile(municipality=other, user=owner, fields={}, sections=KNIVSTA_SECTIONS)


def _counts(client, knivsta) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, url in [
        ("edit", _edit(knivsta)),
        ("history", _history(knivsta)),
        ("logo", _logo(knivsta)),
        ("list", reverse("followup:report_list")),
    ]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code in (200, 404), (name, response.status_code)
        counts[name] = len(queries)
    return counts


def test_the_profile_pages_run_the_same_queries_with_ten_times_the_data(
    client, owner, secretary, knivsta
):
    _grow(owner, knivsta, 1)
    client.force_login(owner)
    small = _counts(client, knivsta)
    client.force_login(secretary)
    small_reader = _counts(client, knivsta)
    _grow(owner, knivsta, 10)
    client.force_login(owner)
    assert _counts(client, knivsta) == small
    client.force_login(secretary)
    assert _counts(client, knivsta) == small_reader
    assert small["edit"] <= 8, small
