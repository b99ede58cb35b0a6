"""What the pages of Ny kommun read, in a fixed number of queries."""

from promises.models import Organisation


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
