"""A Swedish personal identity number typed into any free text of the chain is refused: the
validator itself.

It is tested on personnummer and samordningsnummer in every common spelling, and on ordinary text
that merely looks numeric (dates, diarienummer, phone numbers), and on the ways people (or Word) hide
one: odd separators, invisible characters, full-width and other Unicode digits. That every free-text
field of the project carries it is test_validators_fields's part.
"""

import pytest
from django.core.exceptions import ValidationError

from promises.validators import (
    find_personal_identity_number,
    validate_no_personal_identity_number,
)
from tests.promises.personal_ids import COORDINATION_NUMBER, PERSONAL_ID_MESSAGE, luhn_is_valid

# The validator ---------------------------------------------------------------------------------


def test_it_computes_the_test_samordningsnummer_with_a_valid_check_digit():
    assert luhn_is_valid(COORDINATION_NUMBER.replace("-", ""))
    assert COORDINATION_NUMBER[4:6] == "72"


@pytest.mark.parametrize(
    "text",
    [
        "121212-1212",
        "191212121212",
        "19121212-1212",
        "1212121212",
        "121212+1212",
        "19121212+1212",
        "121212 1212",
        COORDINATION_NUMBER,
        COORDINATION_NUMBER.replace("-", ""),
        "19" + COORDINATION_NUMBER,
        "Eleven (121212-1212) deltog i samtalet.",
        "pnr:121212-1212, skola B",
    ],
)
def test_it_finds_a_personal_identity_number(text):
    assert find_personal_identity_number(text) is not None
    with pytest.raises(ValidationError) as excinfo:
        validate_no_personal_identity_number(text)
    assert excinfo.value.code == "personal_identity_number"
    assert PERSONAL_ID_MESSAGE in excinfo.value.messages[0]


def test_it_finds_a_personnummer_written_with_an_en_dash():
    # Word turns "-" into "–" as you type; text pasted from a Word file must be caught too.
    assert find_personal_identity_number("Personnummer 121212–1212") is not None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Född 121212-1212 i Knivsta", "121212-1212"),
        ("Se 19121212-1212.", "19121212-1212"),
    ],
)
def test_it_returns_the_number_it_found(text, found):
    assert find_personal_identity_number(text) == found


PHONE_NUMBERS = ["0701234567", "070-1234567", "0812345678"]


@pytest.mark.parametrize("number", PHONE_NUMBERS)
def test_it_uses_phone_numbers_whose_check_digit_fails(number):
    # Keeps the next test honest: these digits would be a personnummer if the check digit matched.
    assert not luhn_is_valid(number.replace("-", ""))


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-29",
        "Beslutet togs 2024-01-29, § 6.",
        "KS 21/0531",
        "KS-2023/147",
        "Dnr KS 2023/0147-1",
        *PHONE_NUMBERS,
        "Ring 070-123 45 67 eller 08-123 456 78.",
        "minst 4 narkotikainsatser",
        "minst 1 medborgardialog per termin, 12 deltagare",
        "1212121213",  # the right shape, but the check digit fails
        "131312-1212",  # month 13 does not exist
        "121232-1212",  # neither does day 32
        "Ordernummer 20240129123456",  # a longer run of digits
        "Kl. 18.00–20.00 den 2025-11-10",
        "",
    ],
)
def test_it_accepts_ordinary_text(text):
    assert find_personal_identity_number(text) is None
    validate_no_personal_identity_number(text)


# Ways around the guard ------------------------------------------------------------------------

# 1985-03-12 with a valid check digit, written as people (and Word, and PDFs) write it.
PNR = "850312-1231"

HIDDEN_PERSONAL_IDENTITY_NUMBERS = [
    "850312.1231",
    "85.03.12-1231",
    "85.03.12.1231",
    "850312/1231",
    "85/03/12-1231",
    "850312_1231",
    "850312  -  1231",
    "850312   1231",
    "19 85 03 12-1231",
    "85 03 12 1231",
    "1985-03-12-1231",
    "19850312 - 1231",
    "8503\u200b12-1231",  # zero-width space
    "85\u200c0312\u200d-1231",  # zero-width non-joiner and joiner
    "850312\u2060-1231",  # word joiner
    "\ufeff8503121231",  # byte order mark
    "8503\u00ad12-\u00ad1231",  # soft hyphens
    "\uff18\uff15\uff10\uff13\uff11\uff12-\uff11\uff12\uff13\uff11",  # full-width digits
    "\u0668\u0665\u0660\u0663\u0661\u0662-\u0661\u0662\u0663\u0661",  # Arabic-Indic digits
    "\u096e\u096b\u0966\u0969\u0967\u0968\u0967\u0968\u0969\u0967",  # Devanagari digits
    "850312\u2011\u20131231",  # non-breaking hyphen, en dash
    "850312\u00a0\u20121231",  # no-break space, figure dash
    "850312\u22121231",  # minus sign
    "pnr-850312-1231",
    "Eleven 85.03.12-1231 deltog.",
    "198503121231@kommun.se",
]


def test_it_uses_a_personnummer_with_a_valid_check_digit_for_the_bypass_tests():
    assert luhn_is_valid(PNR.replace("-", ""))


@pytest.mark.parametrize("text", HIDDEN_PERSONAL_IDENTITY_NUMBERS)
def test_it_finds_a_personnummer_however_it_is_hidden(text):
    assert find_personal_identity_number(text) is not None
    with pytest.raises(ValidationError):
        validate_no_personal_identity_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-29 1430",  # a date, then a time
        "2024.01.29 1000 deltagare",
        "Ordernummer 2024-0129123456",
        "Ärende KS 2021/0531-12",
        "070\u2011123 45 67",
        "\uff12\uff10\uff12\uff14-\uff10\uff11-\uff12\uff19",  # a date in full-width digits
        "Mötet 12 mars, 18–20, 12 deltagare",
    ],
)
def test_it_still_accepts_ordinary_text_after_normalising_it(text):
    assert find_personal_identity_number(text) is None
