"""What the pages of Ny kommun read, in a fixed number of queries."""

from accounts.selectors import managed_organisations
from followup.selectors import profile_municipalities
from promises.models import Organisation, Promise


def taken_codes() -> set[str]:
    """The kommunkoder of the kommuner already set up (one query)."""
    return set(
        Organisation.objects.exclude(municipality_code="").values_list(
            "municipality_code", flat=True
        )
    )


def police_areas() -> list[Organisation]:
    """Every police area with its kommuner, by name (two queries)."""
    return list(
        Organisation.objects.filter(kind=Organisation.Kind.POLICE_AREA)
        .prefetch_related("covered_municipalities")
        .order_by("name")
    )


# Kom igång links at most this many drafts (the newest); the rest are on Löften.
DRAFT_LIMIT = 10


def getting_started_links(user) -> dict:
    """Where the user does the steps of Kom igång (three queries): the organisations whose
    accounts they manage (a superuser sets kommuner up under Ny kommun instead of being listed
    every organisation), the kommuner whose document profile they edit, and their drafts that a
    plan can be imported into."""
    managed = [] if user.is_superuser else list(managed_organisations(user).order_by("name"))
    drafts = (
        Promise.objects.editable_by(user)
        .filter(status=Promise.Status.DRAFT)
        .order_by("-pk")[:DRAFT_LIMIT]
    )
    return {
        "managed": managed,
        "profiles": profile_municipalities(user),
        "drafts": list(drafts),
    }
