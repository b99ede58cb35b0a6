"""Setting up a new kommun: the organisation, its police area and the area's kommuner, in one
transaction, through the one write path of ``promises.services`` (history with who and why)."""

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from promises import services
from promises.models import Organisation

from .kommuner import Kommun


def reason() -> str:
    """What the history says of every change made here."""
    return _("Ny kommun")


def free_slug(base: str, *, fallback: str) -> str:
    """``base`` if no organisation has it, else ``base-<fallback>``, then ``base-2``, ``base-3``…
    (one query): Håbo and Habo both make "habo"."""
    base = base or fallback
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    for candidate in (base, f"{base}-{fallback}", *(f"{base}-{n}" for n in range(2, 1000))):
        if candidate not in taken:
            return candidate
    raise ValidationError(_("Hittade inget ledigt kortnamn."))


def _renamed(error: ValidationError, fields: dict[str, str]) -> ValidationError:
    """The model's errors under the names of the form's fields (others above the form)."""
    if not hasattr(error, "error_dict"):
        return error
    renamed: dict[str, list] = {}
    for field, errors in error.error_dict.items():
        renamed.setdefault(fields.get(field, NON_FIELD_ERRORS), []).extend(errors)
    return ValidationError(renamed)


def _refuse_taken_name(name: str, field: str, advice: str) -> None:
    """A clearer message than the unique constraint's, on the field the name was typed in."""
    if Organisation.objects.filter(name=name).exists():
        message = _("Det finns redan en organisation som heter %(name)s.") % {"name": name}
        raise ValidationError({field: f"{message} {advice}"})


@transaction.atomic
def create_municipality(
    *,
    user,
    kommun: Kommun,
    name: str,
    office: str,
    contact_email: str,
    police_area: Organisation | None,
    police_area_name: str = "",
    also_covered: Iterable[Organisation] = (),
) -> Organisation:
    """Create the kommun ``kommun`` named ``name``, and add it, with ``also_covered``, to the
    kommuner of ``police_area`` or of a new police area named ``police_area_name``.

    Refuses a kommunkod that an organisation has already (the model's constraint). Errors come
    under the names of the form's fields: ``name``, ``office``, ``contact_email``,
    ``police_area_name``; a kommunkod taken meanwhile under ``kommunkod``."""
    _refuse_taken_name(name, "name", _("Ge kommunen ett annat namn."))
    if police_area is None:
        _refuse_taken_name(
            police_area_name,
            "police_area_name",
            _("Välj den i steg 2, eller ge det nya lokalpolisområdet ett annat namn."),
        )
    municipality = Organisation(
        kind=Organisation.Kind.MUNICIPALITY,
        name=name,
        slug=free_slug(slugify(kommun.name), fallback=kommun.code),
        municipality_code=kommun.code,
        office=office,
        contact_email=contact_email,
    )
    try:
        services.save(municipality, user=user, reason=reason())
    except ValidationError as error:
        raise _renamed(
            error,
            {
                "name": "name",
                "office": "office",
                "contact_email": "contact_email",
                "municipality_code": "kommunkod",
                "slug": "name",
            },
        ) from error
    if police_area is None:
        police_area = Organisation(
            kind=Organisation.Kind.POLICE_AREA,
            name=police_area_name,
            slug=free_slug(slugify(police_area_name), fallback="lpo"),
        )
        try:
            services.save(police_area, user=user, reason=reason())
        except ValidationError as error:
            raise _renamed(
                error, {"name": "police_area_name", "slug": "police_area_name"}
            ) from error
    police_area._history_user = user
    police_area._change_reason = reason()
    police_area.covered_municipalities.add(municipality, *also_covered)
    return municipality
