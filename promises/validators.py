"""Validators shared by every free-text field of the chain.

The chain records what organisations did, never who a young person is (DESIGN.md), so a Swedish
personal identity number typed into any text is refused before it is saved.
"""

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What people put between the parts of a personnummer, once the text is normalised (below): spaces,
# dots, slashes, underscores and hyphens, up to three of them between the parts of the date ("85 03
# 12") and up to five before the serial ("850312  -  1234"), where a "+" (over 100) counts too.
_SEP = r"[\s._/\\-]{0,3}"
_SERIAL_SEP = r"[\s._/\\+-]{0,5}"
# YY MM DD or CC YY MM DD, then the four-digit serial, each part optionally separated. The whole
# pattern sits in a look-ahead so that every start position is tried (a rejected candidate must
# not hide one that starts inside it). The look-arounds keep it from matching inside longer digit
# runs such as order numbers, also when their parts are separated ("2024-0129123456").
_IDENTITY_NUMBER = re.compile(
    r"(?<!\d)(?<!\d[-./_])(?=("
    rf"(?:(18|19|20)({_SEP}))?(\d{{2}})({_SEP})(\d{{2}})({_SEP})(\d{{2}})({_SERIAL_SEP})(\d{{4}})"
    r")(?!\d))"
)
_DATE_PUNCTUATION = frozenset("-./")

# A samordningsnummer is a personnummer whose day of birth has 60 added.
_COORDINATION_DAY_OFFSET = 60


def _searchable(text: str) -> str:
    """``text`` in the form the guard matches on: compatibility characters folded (NFKC: full-width
    digits, no-break spaces), every Unicode decimal digit as 0-9, invisible format characters
    (zero-width spaces and joiners, word joiner, BOM, soft hyphen) removed, every dash and the minus
    sign as "-"."""
    folded = unicodedata.normalize("NFKC", text)
    out = []
    for char in folded:
        category = unicodedata.category(char)
        if category == "Cf":
            continue
        digit = unicodedata.decimal(char, None)
        if digit is not None:
            out.append(str(digit))
        elif category == "Pd" or char == "\u2212":
            out.append("-")
        else:
            out.append(char)
    return "".join(out)


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


def _is_written_date_then_number(date_seps: tuple[str, str], serial_sep: str) -> bool:
    """True for a date written with the same date punctuation twice, then a space and a number
    ("2024-01-29 1430"): a date followed by a time or a count, not a personnummer, which has "-",
    "+" or nothing before its serial."""
    first, second = (sep.strip() for sep in date_seps)
    return (
        first == second
        and len(first) == 1
        and first in _DATE_PUNCTUATION
        and serial_sep.strip() == ""
        and serial_sep != ""
    )


def find_personal_identity_number(text: str) -> str | None:
    """Return the first personnummer or samordningsnummer in ``text``, or None.

    The text is first normalised (see ``_searchable``) so that invisible characters, full-width or
    other Unicode digits and odd separators do not hide a number. A candidate must be a real
    calendar date (with the samordningsnummer's day offset) and pass the Luhn check digit, so that
    dates, diarienummer and phone numbers are rarely mistaken for one. The number is returned as it
    reads in the normalised text.
    """
    if not text:
        return None
    searchable = _searchable(text)
    for match in _IDENTITY_NUMBER.finditer(searchable):
        found, century, _s0, year, s1, month, s2, day, s3, serial = match.groups()
        if _is_written_date_then_number((s1, s2), s3):
            continue
        if not _is_plausible_birth_date(century, year, month, day):
            continue
        if _luhn_is_valid(f"{year}{month}{day}{serial}"):
            return found
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


# The validators of every free-text field: stated once, used by the models and forms of every app.
NO_ID_NUMBER = [validate_no_personal_identity_number]
