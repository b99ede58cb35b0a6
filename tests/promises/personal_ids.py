"""Personal identity numbers for the tests of the validator that refuses them: the message it
gives, the Skatteverket check digit, and a samordningsnummer with a valid one."""

PERSONAL_ID_MESSAGE = "Texten innehåller ett personnummer eller samordningsnummer."


def luhn_check_digit(nine_digits: str) -> str:
    """The Skatteverket check digit: weights 2,1,2,… from the left, digit sums, 10 minus the last."""
    total = 0
    for index, char in enumerate(nine_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def luhn_is_valid(ten_digits: str) -> bool:
    return luhn_check_digit(ten_digits[:9]) == ten_digits[9]


# A samordningsnummer: born 1912-12-12, so the day is written 12 + 60 = 72.
COORDINATION_NUMBER = "121272-121" + luhn_check_digit("121272121")
