"""Open data per promise: CSV and JSON hold what the public page shows, with stable names."""

import csv
import io
import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from django.db import connection
from openpyxl import load_workbook

from promises import services
from promises.models import StatusUpdate
from public import opendata, selectors
from tests.public.test_pages import (
    PUBLIC_MARKER,
    SECRET_MARKERS,
    add_first_year_updates,
    body,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "opendata.md"


def _csv_rows(client, world) -> list[dict]:
    response = client.get(world.url("public:promise_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = body(response)
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == opendata.CSV_FIELDNAMES
    return list(reader)


def _json(client, world) -> dict:
    response = client.get(world.url("public:promise_json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(body(response))


def _page(client, world) -> str:
    return client.get(world.url("public:promise")).content.decode()


def test_it_names_the_files_after_the_kommun_and_promise(client, world):
    pk = world.promise.pk
    csv_response = client.get(world.url("public:promise_csv"))
    json_response = client.get(world.url("public:promise_json"))
    assert csv_response["Content-Disposition"] == f'attachment; filename="knivsta-lofte-{pk}.csv"'
    assert json_response["Content-Disposition"] == f'inline; filename="knivsta-lofte-{pk}.json"'


def test_it_puts_in_the_csv_what_the_page_shows(client, world, municipal_activity):
    rows = _csv_rows(client, world)
    page = _page(client, world)
    page_codes = re.findall(r'<th scope="row">(\d+:\d+)</th>', page)
    assert sorted({row["activity_code"] for row in rows}) == sorted(page_codes) == ["1:1", "1:2"]

    target_rows = [row for row in rows if row["activity_code"] == "1:1"]
    assert {row["update_description"] for row in target_rows} == {
        f"Två narkotikainsatser i december. {PUBLIC_MARKER}",
        "En narkotikainsats vid stationen.",
    }
    first = target_rows[0]
    assert first["update_date"] == "2025-12-13"  # newest first, as on the page
    assert first["target_count"] == "4"
    assert first["target_unit"] == "narkotikainsatser"
    assert first["target_period"] == "ar"
    assert first["progress_achieved"] == "3"
    assert first["progress_period"] == "2025"
    assert first["latest_status"] == "pagar"
    assert (
        f"{first['progress_achieved']} av {first['target_count']} narkotikainsatser, 2025" in page
    )

    # An activity without public updates still has its row, with empty update columns.
    (without_updates,) = [row for row in rows if row["activity_code"] == "1:2"]
    assert without_updates["update_id"] == ""
    assert without_updates["target_count"] == ""


def test_it_puts_in_the_json_what_the_page_shows(client, world):
    data = _json(client, world)
    page = _page(client, world)
    assert data["schema_version"] == opendata.SCHEMA_VERSION
    assert data["progress_counts"] == "public_updates_only"
    assert data["municipality"] == {
        "name": "Knivsta kommun",
        "slug": "knivsta",
        "municipality_code": "0330",
    }
    assert data["promise"]["title"] == world.promise.title
    assert data["promise"]["adopted_on"] == "2024-01-29"
    assert data["promise"]["url"] == "http://testserver" + world.url("public:promise")
    (area,) = data["focus_areas"]
    (activity,) = area["activities"]
    assert activity["code"] == "1:1"
    assert f'<th scope="row">{activity["code"]}</th>' in page
    assert activity["target"] == {
        "count": 4,
        "unit": "narkotikainsatser",
        "period": "ar",
        "period_label": "år",
    }
    assert activity["progress"]["achieved"] == 3
    assert activity["progress"]["text"] == "3 av 4 narkotikainsatser, 2025"
    assert activity["progress"]["text"] in page
    assert activity["latest_status"] == "pagar"
    assert activity["latest_status_label"] == "Pågår"
    assert [update["date"] for update in activity["updates"]] == ["2025-12-13", "2025-03-01"]
    for update in activity["updates"]:
        assert update["description"] in page
        assert update["status_label"] == StatusUpdate.Status(update["status"]).label
    assert {update["status_label"] for update in activity["updates"]} == {"Pågår"}


def test_it_neutralises_formulas_in_the_csv(client, world):
    services.update_activity(
        activity=world.activity,
        user=world.owner,
        fields={
            "description": '=HYPERLINK("http://angripare.example","klicka")',
            "partners": "+46 polisen",
        },
    )
    services.update_status_update(
        status_update=world.public_update, user=world.owner, fields={"description": "@SUM(A1:A9)"}
    )
    services.create_focus_area(user=world.owner, promise=world.promise, title="-2+3 trygghet")
    rows = _csv_rows(client, world)
    values = {value for row in rows for value in row.values()}
    assert '\'=HYPERLINK("http://angripare.example","klicka")' in values
    assert "'+46 polisen" in values
    assert "'@SUM(A1:A9)" in values
    assert "'-2+3 trygghet" in values
    assert not any(value.startswith(opendata.FORMULA_PREFIXES) for value in values)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Insats 1:1", "Insats 1:1"),
        (4, 4),
        (None, None),
    ],
)
def test_it_neutralises_exactly_the_formula_prefixes(value, expected):
    assert opendata.neutralise(value) == expected


def test_it_documents_every_csv_column_and_json_field(client, world):
    docs = DOCS.read_text(encoding="utf-8")
    for name in opendata.CSV_FIELDNAMES:
        assert f"`{name}`" in docs, name

    def keys(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                yield key
                yield from keys(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from keys(inner)

    for key in set(keys(_json(client, world))):
        assert f"`{key}`" in docs, key


def test_it_shows_the_column_documentation_on_the_page(client, world):
    page = _page(client, world)
    assert 'id="oppna-data"' in page
    for name in opendata.CSV_FIELDNAMES:
        assert f"<code>{name}</code>" in page, name


# Every target period (issue 9 §5) --------------------------------------------------------------


def test_it_puts_every_target_period_in_the_json_current_first(client, world):
    add_first_year_updates(world)
    (activity,) = _json(client, world)["focus_areas"][0]["activities"]
    assert [
        (p["period"], p["achieved"], p["period_start"], p["period_end"], p["is_current"])
        for p in activity["progress_periods"]
    ] == [
        ("2025", 3, "2025-01-01", "2025-12-31", True),
        ("2024", 2, "2024-01-01", "2024-12-31", False),
    ]
    # The current period stays where it was, for programs written before.
    assert activity["progress"]["achieved"] == 3
    assert activity["progress"]["period"] == "2025"


def test_it_puts_every_target_period_in_the_csv(client, world):
    add_first_year_updates(world)
    rows = [row for row in _csv_rows(client, world) if row["activity_code"] == "1:1"]
    # The existing columns keep the current period.
    assert {(row["progress_period"], row["progress_achieved"]) for row in rows} == {("2025", "3")}
    assert {row["progress_periods"] for row in rows} == {
        "2025: 3 av 4 narkotikainsatser; 2024: 2 av 4 narkotikainsatser"
    }
    by_date = {row["update_date"]: row for row in rows}
    assert by_date["2024-10-01"]["update_progress_period"] == "2024"
    assert by_date["2024-10-01"]["update_progress_period_start"] == "2024-01-01"
    assert by_date["2024-10-01"]["update_progress_period_end"] == "2024-12-31"
    assert by_date["2024-10-01"]["update_progress_achieved"] == "2"
    assert by_date["2025-12-13"]["update_progress_period"] == "2025"
    assert by_date["2025-12-13"]["update_progress_achieved"] == "3"


# Spreadsheet safety (issue 9 §6) ---------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE_TEXTS = (
    'Text;=HYPERLINK("http://angripare.example","klicka")',
    "Möte, +46 70 123 45 67",
    "Rad ett\n=1+1",
    "Kolumn\t@SUM(A1:A9)",
    "Semikolon;  -2+3",
)


def _make_hostile(world) -> None:
    services.update_activity(
        activity=world.activity,
        user=world.owner,
        fields={"description": HOSTILE_TEXTS[0], "partners": HOSTILE_TEXTS[1]},
    )
    services.update_status_update(
        status_update=world.public_update,
        user=world.owner,
        fields={"description": HOSTILE_TEXTS[2]},
    )
    services.create_focus_area(user=world.owner, promise=world.promise, title=HOSTILE_TEXTS[3])
    services.update_promise(
        promise=world.promise, user=world.owner, fields={"title": HOSTILE_TEXTS[4]}
    )


def _csv_text(client, world) -> str:
    return body(client.get(world.url("public:promise_csv"))).decode("utf-8-sig")


def test_it_quotes_every_csv_cell(client, world):
    _make_hostile(world)
    text = _csv_text(client, world)
    header = text.split("\r\n", 1)[0]
    assert header == ",".join(f'"{name}"' for name in opendata.CSV_FIELDNAMES)
    # The whole file is a run of quoted cells, each followed by a comma or a line end: no value,
    # not even an empty one or a number, is ever written bare.
    assert re.fullmatch(r'(?:"(?:[^"]|"")*"(?:,|\r\n))+', text)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_it_leaves_no_formula_start_in_any_cell_however_a_spreadsheet_splits(
    client, world, delimiter
):
    """Swedish Excel splits a double-clicked CSV on ";", so "Text;=HYPERLINK(…)" gave a live
    formula. Split on any separator, no cell may start with a formula character."""
    _make_hostile(world)
    text = _csv_text(client, world)
    for quoting in (csv.QUOTE_MINIMAL, csv.QUOTE_NONE):
        reader = csv.reader(
            io.StringIO(text), delimiter=delimiter, quoting=quoting, escapechar="\\"
        )
        for row in reader:
            for cell in row:
                for piece in re.split(r"[\r\n]", cell):
                    value = piece.strip(' "')
                    assert not value.startswith(FORMULA_STARTS), (delimiter, piece)


def test_it_keeps_hostile_texts_readable_with_one_apostrophe_per_formula_start(client, world):
    _make_hostile(world)
    rows = list(csv.DictReader(io.StringIO(_csv_text(client, world))))
    values = {value for row in rows for value in row.values()}
    assert 'Text;\'=HYPERLINK("http://angripare.example","klicka")' in values
    assert "Möte, '+46 70 123 45 67" in values
    assert "Rad ett\n'=1+1" in values
    assert "Kolumn\t'@SUM(A1:A9)" in values


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a;=b", "a;'=b"),
        ("a,+b", "a,'+b"),
        ("a\n-b", "a\n'-b"),
        ("a\t@b", "a\t'@b"),
        ("a;  =b", "a;  '=b"),
        # A tab is itself a separator and a formula start.
        ("a;\t=b", "a;'\t'=b"),
        ("2024-01-01", "2024-01-01"),
        ("Insats 1:1, sedan 2:3", "Insats 1:1, sedan 2:3"),
    ],
)
def test_it_neutralises_formula_starts_after_a_separator(value, expected):
    assert opendata.neutralise(value) == expected


# XLSX ------------------------------------------------------------------------------------------

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(client, world):
    response = client.get(world.url("public:promise_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    pk = world.promise.pk
    assert response["Content-Disposition"] == f'attachment; filename="knivsta-lofte-{pk}.xlsx"'
    return load_workbook(io.BytesIO(response.content))


def test_it_offers_the_csv_rows_and_columns_as_xlsx(client, world):
    sheet = _workbook(client, world).active
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == opendata.CSV_FIELDNAMES
    assert all(cell.font.b for cell in rows[0])
    assert sheet.freeze_panes == "A2"
    csv_rows = _csv_rows(client, world)
    assert len(rows) - 1 == len(csv_rows)
    cells = [dict(zip(opendata.CSV_FIELDNAMES, row, strict=True)) for row in rows[1:]]
    first = cells[0]
    assert first["update_date"].value == datetime(2025, 12, 13)
    assert first["update_date"].data_type == "d"
    assert first["update_date"].number_format == "yyyy-mm-dd"
    assert first["target_count"].value == 4
    assert first["update_description"].value == f"Två narkotikainsatser i december. {PUBLIC_MARKER}"
    text = " ".join(str(cell.value) for row in rows for cell in row)
    for marker in SECRET_MARKERS:
        assert marker not in text


def test_it_writes_codes_and_kommunkod_as_text_in_the_xlsx(client, world):
    services.create_activity(
        user=world.owner,
        focus_area=world.activity.focus_area,
        description="En aktivitet till.",
        responsible="kommunen",
    )
    sheet = _workbook(client, world).active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        cells = dict(zip(header, row, strict=True))
        for name in ("municipality_code", "activity_code"):
            assert cells[name].data_type == "s", name
            assert cells[name].number_format == "@", name
        assert cells["municipality_code"].value == "0330"
    codes = [row[header.index("activity_code")].value for row in sheet.iter_rows(min_row=2)]
    assert set(codes) == {"1:1", "1:2"}


def test_it_never_writes_a_formula_in_the_xlsx(client, world):
    _make_hostile(world)
    services.update_status_update(
        status_update=world.public_update, user=world.owner, fields={"description": "=1+1"}
    )
    sheet = _workbook(client, world).active
    values = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            values.append(cell.value)
    # The exact text, without apostrophes: a text cell is never run.
    assert "=1+1" in values
    assert HOSTILE_TEXTS[0] in values


def test_it_links_the_xlsx_from_the_open_data_section(client, world):
    page = _page(client, world)
    section = page[page.index('id="oppna-data"') :]
    assert f'href="{world.url("public:promise_xlsx")}"' in section
    docs = DOCS.read_text(encoding="utf-8")
    assert "/kommun/<slug>/loften/<id>/data.xlsx" in docs


def test_it_leaves_out_a_control_character_that_xlsx_cannot_hold(client, world):
    # Text saved before input was normalised: written past the ORM, whose fields normalise.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {StatusUpdate._meta.db_table} SET description = %s WHERE id = %s",
            ["Före\x0bEfter", world.public_update.pk],
        )
    sheet = _workbook(client, world).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "FöreEfter" in values


def _as_csv_cell(value) -> str:
    """What a CSV cell holds for a typed value of ``table_rows``, spelt out row by row."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return opendata.neutralise(value)


def test_the_csv_is_every_table_row_with_every_value_converted(client, world):
    """``csv_chunks`` converts the columns that an activity's rows share, and those of a target
    period, once for all those rows. It must write exactly what converting every value of every
    row gives: two target periods, hostile texts, an activity without updates and a focus area
    without activities."""
    add_first_year_updates(world)
    _make_hostile(world)
    services.create_activity(
        user=world.owner, focus_area=world.activity.focus_area, description="Utan nyheter."
    )
    promise = selectors.get_public_promise(world.municipality.slug, world.promise.pk)
    expected = [
        {name: _as_csv_cell(row.get(name)) for name in opendata.CSV_FIELDNAMES}
        for row in opendata.table_rows(selectors.public_promise_content(promise))
    ]
    written = _csv_rows(client, world)
    assert written == expected
    periods = {row["update_progress_period"] for row in written}
    assert {"2024", "2025"} <= periods  # updates in two target periods
    assert any(row["activity_code"] and not row["update_id"] for row in written)
    assert any(not row["activity_code"] for row in written)


@pytest.mark.parametrize("prefix", opendata.FORMULA_PREFIXES)
def test_it_looks_for_every_formula_prefix_before_it_neutralises(prefix):
    """``neutralise`` spells the prefixes out for speed; each one of FORMULA_PREFIXES must start
    the search, at the start of a value and after a separator."""
    assert opendata.neutralise(f"{prefix}1") == f"'{prefix}1"
    assert opendata.neutralise(f"Text;{prefix}1") == f"Text;'{prefix}1"
