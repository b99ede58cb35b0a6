"""Validators shared by every free-text field of the chain.

The chain records what organisations did, never who a young person is (DESIGN.md), so a Swedish
personal identity number typed into any text is refused before it is saved.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# YYMMDD or YYYYMMDD, an optional separator (- before, + after the person turns 100), four digits.
# Word turns "-" into a dash as one types, so the dashes and the minus sign count as a hyphen too.
# The look-arounds keep the pattern from matching inside longer digit runs such as order numbers.
_IDENTITY_NUMBER = re.compile(
    r"(?<![\d-])(\d{2})?(\d{2})(\d{2})(\d{2})\s?[-+\u2010-\u2015\u2212]?\s?(\d{4})(?!\d)"
)

# A samordningsnummer is a personnummer whose day of birth has 60 added.
_COORDINATION_DAY_OFFSET = 60


def _luhn_is_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def _is_plausible_birth_date(century: str | None, year: str, month: str, day: str) -> bool:
    day_number = int(day)
    if day_number > _COORDINATION_DAY_OFFSET:
        day_number -= _COORDINATION_DAY_OFFSET
    full_year = int(century + year) if century else 2000 + int(year)
    try:
        date(full_year, int(month), day_number)
    except ValueError:
        return False
    return True


def find_personal_identity_number(text: str) -> str | None:
    """Return the first personnummer or samordningsnummer in ``text``, or None.

    A candidate must be a real calendar date (with the samordningsnummer's day offset) and pass the
    Luhn check digit, so that dates, diarienummer and phone numbers are rarely mistaken for one.
    """
    if not text:
        return None
    for match in _IDENTITY_NUMBER.finditer(text):
        century, year, month, day, serial = match.groups()
        if century and century not in ("18", "19", "20"):
            continue
        if not _is_plausible_birth_date(century, year, month, day):
            continue
        if _luhn_is_valid(f"{year}{month}{day}{serial}"):
            return match.group(0)
    return None


def validate_no_personal_identity_number(value: str) -> None:
    if find_personal_identity_number(value):
        raise ValidationError(
            _(
                "Texten innehåller ett personnummer eller samordningsnummer. Ta bort det: "
                "Löfteskollen beskriver vad organisationerna gör, aldrig enskilda personer."
            ),
            code="personal_identity_number",
        )
