"""The sane ranges of what users type: dates of a period and the numbers of areas and activities.

Stated once and used by the models (so services, forms and the admin all refuse the same), the
forms' widgets (``min``/``max``) and the renumbering service.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)

MAX_FOCUS_AREA_NUMBER = 99
MAX_ACTIVITY_NUMBER = 999


def validate_plausible_date(value: date) -> None:
    """A period, decision or update dated outside 2000–2100 is a typing mistake."""
    if value is not None and not (EARLIEST_DATE <= value <= LATEST_DATE):
        raise ValidationError(
            _("Ange ett datum mellan %(first)s och %(last)s.")
            % {"first": EARLIEST_DATE.isoformat(), "last": LATEST_DATE.isoformat()},
            code="date_out_of_range",
        )


PLAUSIBLE_DATE = [validate_plausible_date]


def number_validators(maximum: int) -> list:
    return [
        MinValueValidator(1, _("Numret måste vara minst 1.")),
        MaxValueValidator(maximum, _("Numret får vara högst %(limit_value)s.")),
    ]
