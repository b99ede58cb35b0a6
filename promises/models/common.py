"""What the models of the chain share: the validators of free text and the end-before-start rule."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..validators import NO_ID_NUMBER  # noqa: F401 - re-exported for the models of this package


def end_before_start_error(end_field: str, message=None) -> ValidationError:
    return ValidationError(
        {end_field: message or _("Slutdatumet kan inte ligga före startdatumet.")},
        code="end_before_start",
    )
