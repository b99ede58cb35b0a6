"""The demo data files: every one parses, and a broken one is reported with its file and key."""

import shutil
from datetime import date

import pytest

from demo.chain_spec import AgreementSpec, StatusUpdateSpec
from demo.loader import CHAIN_FILES, DATA_DIR, PEOPLE_FILE, read_demo_data
from demo.parsing import SpecError
from demo.profiles import PROFILES_FILE
from demo.situation import SITUATION_FILE

FIRST_UPDATE = "promises[0].focus_areas[0].activities[0].updates[0]"


def broken(tmp_path, name: str, old: str, new: str):
    """A copy of the data files where the first ``old`` in ``name`` reads ``new``."""
    directory = tmp_path / "data"
    shutil.copytree(DATA_DIR, directory)
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return directory


def error_for(directory) -> str:
    with pytest.raises(SpecError) as caught:
        read_demo_data(directory)
    return str(caught.value)


def test_it_parses_every_data_file_into_specs():
    assert {path.name for path in DATA_DIR.glob("*.toml")} == {
        PEOPLE_FILE,
        *CHAIN_FILES,
        PROFILES_FILE,  # read by demo.profiles (tests/demo/test_profiles.py)
        SITUATION_FILE,  # read by demo.situation (tests/demo/test_situation.py)
    }

    data = read_demo_data()

    assert [chain.source for chain in data.chains] == list(CHAIN_FILES)
    assert all(isinstance(chain.agreement, AgreementSpec) for chain in data.chains)
    knivsta = data.chains[0].agreement
    first = knivsta.promises[0].focus_areas[0].activities[0].updates[0]
    assert first == StatusUpdateSpec(
        date=date(2024, 3, 12),
        status="pagar",
        author="samordnare",
        description=(
            "En arbetsgrupp med skola, socialtjänst, polis och fritid har bildats och tar fram en "
            "gemensam rutin."
        ),
        is_public=True,
    )
    assert knivsta.goals.splitlines()[1] == "Ett årshjul för planerade gemensamma aktiviteter"
    updates = [
        update
        for chain in data.chains
        for promise in chain.agreement.promises
        for area in promise.focus_areas
        for activity in area.activities
        for update in activity.updates
    ]
    assert len(updates) == 169
    assert len(data.people.accounts) == 7
    assert sum(len(chain.reports) for chain in data.chains) == 3


def test_it_names_the_file_and_key_of_an_unknown_key(tmp_path):
    directory = broken(tmp_path, "knivsta.toml", 'responsible = "gemensamt"', 'ansvar = "x"')

    message = error_for(directory)

    assert message.startswith(
        "knivsta.toml: promises[0].focus_areas[0].activities[0].ansvar: okänd nyckel"
    )
    assert "responsible" in message


def test_it_names_the_key_of_a_value_that_is_not_a_choice(tmp_path):
    directory = broken(tmp_path, "upplands-bro.toml", 'status = "pagar"', 'status = "pågår"')

    message = error_for(directory)

    assert message.startswith(f"upplands-bro.toml: {FIRST_UPDATE}.status: 'pågår' är inget giltigt")
    assert "pagar, genomford" in message


def test_it_names_the_key_of_a_value_of_the_wrong_type(tmp_path):
    directory = broken(tmp_path, "kungsor.toml", "date = 2024-03-21", 'date = "21 mars"')

    message = error_for(directory)

    assert "kungsor.toml: promises[0].focus_areas[1].activities[0].updates[0].date" in message
    assert "väntade ett datum (ÅÅÅÅ-MM-DD), fick '21 mars'" in message


def test_it_names_a_missing_key(tmp_path):
    directory = broken(tmp_path, "knivsta.toml", "valid_from = 2023-01-01\n", "")

    assert error_for(directory) == "knivsta.toml: valid_from: saknas"


def test_it_names_an_account_that_the_files_do_not_have(tmp_path):
    directory = broken(tmp_path, "knivsta.toml", 'author = "samordnare"', 'author = "okand"')

    message = error_for(directory)

    assert message.startswith(f"knivsta.toml: {FIRST_UPDATE}.author: 'okand' finns inte")


def test_it_names_an_unknown_report_field(tmp_path):
    directory = broken(tmp_path, "knivsta.toml", "our_reference = ", "var_beteckning = ")

    assert error_for(directory) == "knivsta.toml: reports[0].fields.var_beteckning: okänt fält"


def test_it_names_the_file_of_invalid_toml(tmp_path):
    directory = broken(tmp_path, "organisations.toml", 'slug = "knivsta"', 'slug = "knivsta')

    message = error_for(directory)

    assert message.startswith("organisations.toml: ogiltig TOML:")
    assert "line 6" in message
