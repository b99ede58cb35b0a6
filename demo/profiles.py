"""The demo kommuner's document profiles, read from ``demo/data/profiles.toml`` (and the logos
beside it) and written through ``followup.services.save_profile``, as a coordinator's save would:
the logo passes the same checks as an upload. Idempotent: a profile that already reads as the file
says is left alone, one that differs is put back."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from followup import services as report_services
from followup.logos import clean_logo
from followup.models import DocumentProfile
from followup.services import PROFILE_FIELDS
from promises.models import Organisation

from .parsing import SpecError, read_toml
from .summary import DemoSummary, Outcome

PROFILES_FILE = "profiles.toml"
KEYS = {"municipality", "author", "logo", "sections", *PROFILE_FIELDS}


def read_profiles(directory: Path) -> list[dict]:
    """The profiles of the file, each checked for unknown or missing keys (SpecError)."""
    profiles = read_toml(directory / PROFILES_FILE).get("profiles", [])
    for index, profile in enumerate(profiles):
        unknown = sorted(set(profile) - KEYS)
        if unknown:
            raise SpecError(PROFILES_FILE, f"profiles[{index}].{unknown[0]}", _("okänd nyckel"))
        for key in ("municipality", "author", "sections"):
            if key not in profile:
                raise SpecError(PROFILES_FILE, f"profiles[{index}].{key}", _("saknas"))
    return profiles


def load_demo_profiles(directory: Path, *, summary: DemoSummary) -> None:
    specs = read_profiles(directory)
    municipalities = Organisation.objects.in_bulk(
        [spec["municipality"] for spec in specs], field_name="slug"
    )
    users = get_user_model().objects.in_bulk(
        [spec["author"] for spec in specs], field_name="username"
    )
    existing = {
        profile.municipality_id: profile
        for profile in DocumentProfile.objects.filter(
            municipality__in=list(municipalities.values())
        )
    }
    for spec in specs:
        municipality = municipalities.get(spec["municipality"])
        author = users.get(spec["author"])
        if municipality is None or author is None:
            raise LookupError(
                _("Demomallarna bygger på demodatans kommuner och konton: läs in dem först.")
            )
        fields = {
            name: spec[name].strip() if name == "footer" else spec[name]
            for name in PROFILE_FIELDS
            if name in spec
        }
        logo = clean_logo((directory / spec["logo"]).read_bytes()) if spec.get("logo") else None
        profile = existing.get(municipality.pk)
        if profile is not None and _reads_as(profile, fields, spec["sections"], logo):
            summary.record_model(DocumentProfile, Outcome.UNCHANGED)
            continue
        report_services.save_profile(
            municipality=municipality,
            user=author,
            fields=fields,
            sections=spec["sections"],
            logo=logo,
            remove_logo=logo is None,
        )
        outcome = Outcome.CREATED if profile is None else Outcome.UPDATED
        summary.record_model(DocumentProfile, outcome)


def _reads_as(profile: DocumentProfile, fields: dict, sections: list, logo) -> bool:
    return (
        all(getattr(profile, name) == value for name, value in fields.items())
        and profile.sections == sections
        and profile.logo_sha256 == (logo.sha256 if logo else "")
    )
