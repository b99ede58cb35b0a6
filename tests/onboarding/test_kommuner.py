"""The shipped list of Sweden's kommuner (onboarding/data/kommuner.csv)."""

import csv

from benchmarks.scale import names
from onboarding import kommuner


def test_it_ships_all_290_kommuner_with_unique_four_digit_codes_in_21_lan():
    rows = list(csv.DictReader(kommuner.DATA.open(encoding="utf-8")))
    assert list(rows[0]) == ["kommunkod", "kommun", "lanskod", "lan"]
    assert len(rows) == 290
    codes = [row["kommunkod"] for row in rows]
    assert len(set(codes)) == 290
    assert all(len(code) == 4 and code.isdigit() for code in codes)
    assert all(row["kommunkod"].startswith(row["lanskod"]) for row in rows)
    counties = {(row["lanskod"], row["lan"]) for row in rows}
    assert len(counties) == 21
    assert len({code for code, _name in counties}) == 21
    assert len(kommuner.all_kommuner()) == 290


def test_it_has_the_real_codes_of_known_kommuner():
    expected = {
        "0114": ("Upplands Väsby", "Stockholms län"),
        "0139": ("Upplands-Bro", "Stockholms län"),
        "0330": ("Knivsta", "Uppsala län"),
        "0331": ("Heby", "Uppsala län"),  # moved from Västmanland (1917) in 2007
        "0381": ("Enköping", "Uppsala län"),
        "0180": ("Stockholm", "Stockholms län"),
        "0980": ("Gotland", "Gotlands län"),
        "1960": ("Kungsör", "Västmanlands län"),
        "1981": ("Sala", "Västmanlands län"),
        "2584": ("Kiruna", "Norrbottens län"),
    }
    for code, (name, county) in expected.items():
        kommun = kommuner.get(code)
        assert (kommun.name, kommun.county) == (name, county), code
    assert kommuner.get("1917") is None
    assert kommuner.get("9999") is None


def test_it_agrees_with_the_names_by_lan_of_the_scale_benchmark():
    """The benchmark's generator uses the real names, county by county."""
    shipped = {(kommun.county_code, kommun.name) for kommun in kommuner.all_kommuner()}
    generated = {(code[:2], name) for name, code in names.kommuner()}
    assert shipped == generated


def test_it_names_the_organisation_as_the_kommun_calls_itself():
    def name(code):
        return kommuner.get(code).organisation_name

    assert name("0330") == "Knivsta kommun"
    assert name("1960") == "Kungsörs kommun"
    assert name("0139") == "Upplands-Bro kommun"
    assert name("1981") == "Sala kommun"
    assert name("2514") == "Kalix kommun"
    assert name("0880") == "Kalmar kommun"
    assert name("2080") == "Falu kommun"
    assert name("0980") == "Region Gotland"
