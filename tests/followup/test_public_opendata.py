"""Open data per promise: CSV and JSON hold what the public page shows, with stable names."""

import csv
import io
import json
import re
from pathlib import Path

import pytest

from followup import opendata
from promises import services
from tests.followup.test_public_pages import PUBLIC_MARKER, build_public_world

DOCS = Path(__file__).resolve().parents[2] / "docs" / "opendata.md"


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Outside DEBUG the settings pick WhiteNoise's manifest storage, which needs collectstatic."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def world(owner, adopted_promise, focus_area, activity, upplands_bro, outsider, jarfalla_police):
    return build_public_world(
        owner=owner,
        adopted_promise=adopted_promise,
        focus_area=focus_area,
        activity=activity,
        upplands_bro=upplands_bro,
        outsider=outsider,
        jarfalla_police=jarfalla_police,
    )


def _csv_rows(client, world) -> list[dict]:
    response = client.get(world.url("public:promise_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == opendata.CSV_FIELDNAMES
    return list(reader)


def _json(client, world) -> dict:
    response = client.get(world.url("public:promise_json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


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
    assert [update["date"] for update in activity["updates"]] == ["2025-12-13", "2025-03-01"]
    for update in activity["updates"]:
        assert update["description"] in page


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
