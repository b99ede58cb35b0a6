"""Reading pasted values: separators, decimal comma, missing values, and a message per wrong line."""

from decimal import Decimal

import pytest

from situation.indicators_paste import PastedRow, PasteErrors, parse_pasted_values


def test_it_reads_semicolons_tabs_and_commas_with_a_decimal_comma_and_a_heading():
    text = "År;Värde\n2021;12,5\n\n2022\t6 805,25\n2023,7.5\n2024;..\n2025;\n"

    assert parse_pasted_values(text, has_gender_split=False) == [
        PastedRow(2021, {"T": Decimal("12.5")}),
        PastedRow(2022, {"T": Decimal("6805.25")}),
        PastedRow(2023, {"T": Decimal("7.5")}),
        PastedRow(2024, {"T": None}),  # missing, never 0
        PastedRow(2025, {"T": None}),
    ]


def test_it_reads_totalt_kvinnor_man():
    rows = parse_pasted_values("2024;76;73,4;–", has_gender_split=True)

    assert rows == [PastedRow(2024, {"T": Decimal("76"), "K": Decimal("73.4"), "M": None})]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024;12;13", "Rad 1: raden har 3 kolumner; skriv år;värde eller år;totalt;kvinnor;män"),
        ("24;12", "Rad 1: ”24” är inte ett årtal mellan 1990 och 2100."),
        ("2024;1e400", "Rad 1: ”1e400” har för många siffror"),
        ("2024;NaN", "Rad 1: ”NaN” är inte ett tal."),
        ("2024;12,34567", "Rad 1: ”12,34567” har för många siffror (högst 4 decimaler)."),
        ("\n\n", "Klistra in minst en rad: år och värde."),
    ],
)
def test_it_says_what_is_wrong(text, message):
    with pytest.raises(PasteErrors) as raised:
        parse_pasted_values(text, has_gender_split=True)

    assert raised.value.messages[0].startswith(message)


def test_it_lists_every_wrong_line_not_only_the_first():
    with pytest.raises(PasteErrors) as raised:
        parse_pasted_values("2021;x\n2022;1\n2023;y", has_gender_split=False)

    assert [m[:6] for m in raised.value.messages] == ["Rad 1:", "Rad 3:"]
