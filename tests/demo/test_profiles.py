"""The demo kommuner's document profiles: every demo kommun has one, its logo passed the upload's
checks, and the demo reports issued after them read in their kommun's order (pdftotext)."""

import subprocess

import pytest
from django.test import override_settings

from demo.loader import DATA_DIR, load_demo_data, load_demo_reports
from demo.profiles import read_profiles
from followup.logos import clean_logo
from followup.models import DocumentProfile, Report
from followup.selectors import verified_pdf
from promises.models import Organisation

pytestmark = pytest.mark.django_db

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(media_root):
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        load_demo_data()
        return load_demo_reports()


def _lines(report, tmp_path) -> list[str]:
    path = tmp_path / f"{report.pk}.pdf"
    path.write_bytes(verified_pdf(report))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [line.strip() for line in text.splitlines()]


def _in_order(lines: list[str], headings: list[str]) -> None:
    for heading in headings:
        assert heading in lines, heading
    positions = [lines.index(heading) for heading in headings]
    assert positions == sorted(positions), list(zip(headings, positions, strict=True))


def test_every_demo_kommun_has_a_profile_with_a_checked_logo(demo):
    kommuner = Organisation.objects.municipalities()
    profiles = DocumentProfile.objects.select_related("municipality")
    assert {p.municipality.slug for p in profiles} == {k.slug for k in kommuner}
    for profile in profiles:
        assert profile.logo_type == "image/svg+xml"
        assert profile.municipality.name.encode() in bytes(profile.logo)
        assert profile.footer_lines and profile.logo_alt
        assert profile.history.get().history_user is not None


def test_the_demo_logos_pass_the_upload_checks_unchanged_in_meaning():
    for spec in read_profiles(DATA_DIR):
        logo = clean_logo((DATA_DIR / spec["logo"]).read_bytes())
        assert logo.media_type == "image/svg+xml"


def test_knivstas_closing_follow_up_reads_in_knivstas_order(demo, tmp_path):
    report = Report.objects.get(kind=Report.Kind.CLOSING, status=Report.Status.ISSUED)
    lines = _lines(report, tmp_path)
    _in_order(
        lines,
        [
            "Förslag till beslut",
            "Sammanfattning av ärendet",
            "Ärendets uppkomst och historik",
            "Rättslig utredning",
            "Underlag för beslut och beslutsexpediering",
            "Underlag för beslut",
            "Beslutet skickas till",
            "Barnchecklista inför beslut",
        ],
    )
    assert "Beslutsunderlag" not in lines


def test_upplands_bros_half_year_follow_up_reads_in_upplands_bros_order(demo, tmp_path):
    report = Report.objects.get(kind=Report.Kind.HALF_YEAR, status=Report.Status.ISSUED)
    assert report.promise.agreement.municipality.slug == "upplands-bro"
    lines = _lines(report, tmp_path)
    _in_order(
        lines,
        [
            "Förslag till beslut",
            "Sammanfattning",
            "Beslutsunderlag",
            "Ärendet",
            "1. Inget utsatt område i Upplands-Bro",
            "Barnperspektiv",
            "Bilagor",
            "Beslut sänds till",
        ],
    )
    assert "Barnchecklista inför beslut" not in lines


def test_the_link_crawls_reach_the_profile_page_and_its_history(demo):
    """The axe and Nu checker crawls follow links from the start page: the coordinator's reaches
    the profile page and its history (so both are checked), and every link on them answers."""
    from django.contrib.auth import get_user_model

    from tests.test_demo_crawl import crawl_as

    knivsta = Organisation.objects.get(slug="knivsta")
    crawl = crawl_as(get_user_model().objects.get(username="samordnare"), "/start/")
    for path in [
        f"/rapporter/dokumentprofil/{knivsta.pk}/",
        f"/rapporter/dokumentprofil/{knivsta.pk}/historik/",
    ]:
        assert crawl.statuses.get(path) == 200, path
