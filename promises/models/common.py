"""What the models of the chain share: the validators of free text and the end-before-start rule."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..validators import validate_no_personal_identity_number

NO_ID_NUMBER = [validate_no_personal_identity_number]


def end_before_start_error(end_field: str, message=None) -> ValidationError:
    return ValidationError(
        {end_field: message or _("Slutdatumet kan inte ligga före startdatumet.")},
        code="end_before_start",
    )
