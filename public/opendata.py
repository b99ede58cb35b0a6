"""Open data of one adopted promise: CSV, XLSX and JSON with stable, documented English snake_case
names.

Every format is built from the same ``PublicPromise`` that renders the public page, so they hold
exactly what the page shows: focus areas, activities, targets, progress in every target period
counted from public updates, and the public updates. Never drafts, internal updates, contact
persons or authors. The CSV and the XLSX have the same rows and columns (``table_rows``).

The names below are a public interface: add new fields at the end, never rename or remove one
without raising ``SCHEMA_VERSION``. docs/opendata.md documents every name (a test keeps it in step).
"""

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from datetime import date
from types import MappingProxyType

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from promises.models import Activity, FocusArea, StatusUpdate
from promises.progress import Progress

from .selectors import PublicPromise, PublicUpdateRow

SCHEMA_VERSION = 1

# Column name → what it holds, in plain Swedish (shown in the "Öppna data" section of the page).
CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("municipality_code", _("Kommunkod (SCB), t.ex. 0330.")),
    ("municipality_name", _("Kommunens namn.")),
    ("promise_id", _("Löftets nummer i Löfteskollen.")),
    ("promise_title", _("Löftets rubrik.")),
    ("focus_area_number", _("Fokusområdets nummer.")),
    ("focus_area_title", _("Fokusområdets rubrik.")),
    ("activity_code", _("Aktivitetens kod: fokusområde och aktivitet, t.ex. 2:3.")),
    ("activity_description", _("Vad som ska göras.")),
    ("responsible", _("Vem som ansvarar: kommunen, polisen eller gemensamt.")),
    ("partners", _("Andra som deltar, t.ex. Kriminalvården.")),
    ("planned_start", _("Planerad start (ÅÅÅÅ-MM-DD).")),
    ("planned_end", _("Planerat slut (ÅÅÅÅ-MM-DD).")),
    ("target_count", _("Målet i antal, t.ex. 4. Tomt om aktiviteten saknar mätbart mål.")),
    ("target_unit", _("Vad som räknas, t.ex. narkotikainsatser.")),
    (
        "target_period",
        _("Perioden som målet gäller: termin, lasar, ar, halvar, tertial eller hela_perioden."),
    ),
    (
        "progress_achieved",
        _("Hur många som är gjorda i perioden, räknat från offentliga uppdateringar."),
    ),
    ("progress_period", _("Perioden som siffran gäller, t.ex. 2025 eller höstterminen 2025.")),
    ("progress_period_start", _("Periodens första dag (ÅÅÅÅ-MM-DD).")),
    ("progress_period_end", _("Periodens sista dag (ÅÅÅÅ-MM-DD).")),
    ("latest_status", _("Senaste offentliga status för aktiviteten (kod).")),
    ("latest_status_date", _("Datum för den senaste offentliga statusen (ÅÅÅÅ-MM-DD).")),
    ("update_id", _("Uppdateringens nummer i Löfteskollen.")),
    ("update_date", _("Uppdateringens datum (ÅÅÅÅ-MM-DD).")),
    ("update_status", _("Status i uppdateringen (kod).")),
    ("update_description", _("Vad som hände.")),
    ("update_occurrences", _("Hur många tillfällen uppdateringen räknar mot målet.")),
    (
        "progress_periods",
        _(
            "Resultatet i varje period som har börjat, den aktuella först, "
            "t.ex. 2025: 1 av 4 narkotikainsatser; 2024: 4 av 4 narkotikainsatser."
        ),
    ),
    ("update_progress_period", _("Perioden som uppdateringen räknas i, t.ex. 2024.")),
    ("update_progress_period_start", _("Den periodens första dag (ÅÅÅÅ-MM-DD).")),
    ("update_progress_period_end", _("Den periodens sista dag (ÅÅÅÅ-MM-DD).")),
    ("update_progress_achieved", _("Hur många som är gjorda i den perioden.")),
    ("goal_text", _("Det operativa målet i ord, när det inte är ett antal. Tomt om det saknas.")),
)
CSV_FIELDNAMES = [name for name, _description in CSV_COLUMNS]

# Spreadsheet safety (CSV injection, OWASP). A spreadsheet runs a cell as a formula when it starts
# with one of FORMULA_PREFIXES, and a Swedish spreadsheet that splits a line on ";" (or a program
# that splits on "," or tab) starts a new cell after any of SEPARATORS. So an apostrophe goes before
# a formula character at the start of a value and right after a separator (spaces in between
# allowed): "Text;=HYPERLINK(...)" becomes "Text;'=HYPERLINK(...)". A reader removes the
# apostrophes that follow the start or a separator; the JSON and the XLSX carry the exact text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = (";", ",", "\t", "\r", "\n")
_FORMULA_START = re.compile(r"(^|[;,\t\r\n])([ ]*)(?=[=+\-@\t\r])")


def neutralise(value):
    """Put an apostrophe before every formula character that could start a spreadsheet cell."""
    if isinstance(value, str) and (  # FORMULA_PREFIXES, spelt out: 4 times faster than any()
        "=" in value
        or "+" in value
        or "-" in value
        or "@" in value
        or "\t" in value
        or "\r" in value
    ):
        return _FORMULA_START.sub(r"\1\2'", value)
    return value  # without a formula character there is nothing to neutralise (and no search)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# JSON ------------------------------------------------------------------------------------------


def _status_labels() -> dict[str, str]:
    """Each status's label, translated once for a whole file rather than once an update."""
    return {status.value: str(status.label) for status in StatusUpdate.Status}


def _update_dict(update: PublicUpdateRow, status_labels: dict[str, str]) -> dict:
    return {
        "id": update.pk,
        "date": _iso(update.date),
        "status": update.status,
        "status_label": status_labels[update.status],
        "description": update.description,
        "occurrences": update.occurrences,
    }


def _progress_dict(progress: Progress) -> dict:
    return {
        "achieved": progress.achieved,
        "target": progress.target,
        "unit": progress.unit,
        "period": str(progress.window.label),
        "period_start": _iso(progress.window.start),
        "period_end": _iso(progress.window.end),
        "text": progress.text,
        "is_current": progress.is_current,
    }


def _activity_dict(
    activity: Activity, updates: list[PublicUpdateRow], status_labels: dict[str, str]
) -> dict:
    target = None
    if activity.has_target:
        target = {
            "count": activity.target_count,
            "unit": activity.target_unit,
            "period": activity.target_period,
            "period_label": str(activity.get_target_period_display()),
        }
    progress = _progress_dict(activity.progress) if activity.progress is not None else None
    latest = activity.latest_update
    return {
        "code": activity.code,
        "number": activity.number,
        "description": activity.description,
        "responsible": activity.responsible,
        "responsible_label": str(activity.get_responsible_display()),
        "partners": activity.partners,
        "planned_start": _iso(activity.planned_start),
        "planned_end": _iso(activity.planned_end),
        "target": target,
        "goal_text": activity.goal_text or None,
        "progress": progress,
        "latest_status": latest.status if latest else None,
        "latest_status_label": status_labels[latest.status] if latest else None,
        "latest_status_date": _iso(latest.date) if latest else None,
        "updates": [_update_dict(update, status_labels) for update in updates],
        "progress_periods": [_progress_dict(progress) for progress in activity.progress_periods],
    }


def _focus_area_dict(area: FocusArea) -> dict:
    """The focus area without its activities (``json_chunks`` writes those one at a time)."""
    return {"number": area.number, "title": area.title, "definition": area.definition}


def _head_dict(content: PublicPromise, *, page_url: str) -> dict:
    """Everything of the JSON document before its focus areas."""
    promise = content.promise
    municipality = content.municipality
    return {
        "schema_version": SCHEMA_VERSION,
        "progress_counts": "public_updates_only",
        "municipality": {
            "name": municipality.name,
            "slug": municipality.slug,
            "municipality_code": municipality.municipality_code,
        },
        "police_area": {"name": promise.agreement.police_area.name},
        "promise": {
            "id": promise.pk,
            "url": page_url,
            "title": promise.title,
            "kind": promise.kind,
            "kind_label": str(promise.get_kind_display()),
            "status": promise.status,
            "status_label": str(promise.get_status_display()),
            "period_start": _iso(promise.period_start),
            "period_end": _iso(promise.period_end),
            "adopted_by": promise.adopted_by,
            "adopted_on": _iso(promise.adopted_on),
            "adoption_paragraph": promise.adoption_paragraph,
            "reference_number": promise.reference_number,
            "purpose": promise.purpose,
            "situation": promise.situation,
            "background": promise.background,
            "joint_commitment": promise.joint_commitment,
            "expected_effect": promise.expected_effect,
            "follow_along": promise.follow_along,
        },
    }


def _dumps(value, depth: int) -> str:
    """``value`` as ``json.dumps(indent=2)`` writes it ``depth`` levels down in a larger document
    (a string in JSON never holds a raw line break, so every line break is indentation)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


def _opened(value: dict, depth: int) -> str:
    """A non-empty ``value`` ``depth`` levels down, without its closing brace: ready for a key."""
    text = _dumps(value, depth)
    return text[: text.rindex("\n")]


def json_chunks(content: PublicPromise, *, page_url: str) -> Iterator[str]:
    """The JSON document, written one activity at a time: the same text as ``json.dumps(…,
    indent=2)`` of the whole document, focus areas with their activities last."""
    yield _opened(_head_dict(content, page_url=page_url), 0) + ',\n  "focus_areas": ['
    updates = content.updates_by_activity()
    status_labels = _status_labels()
    for n, area in enumerate(content.focus_areas):
        yield ("," if n else "") + "\n    " + _opened(_focus_area_dict(area), 2)
        yield ',\n      "activities": ['
        for m, activity in enumerate(area.loaded_activities):
            _activity, activity_updates = next(updates)
            yield (
                ("," if m else "")
                + "\n        "
                + _dumps(_activity_dict(activity, activity_updates, status_labels), 4)
            )
        yield ("\n      ]" if area.loaded_activities else "]") + "\n    }"
    yield ("\n  ]" if content.focus_areas else "]") + "\n}"


# CSV and XLSX ----------------------------------------------------------------------------------


def table_rows(content: PublicPromise) -> Iterator[dict]:
    """The rows of the CSV and the XLSX, with typed values (dates, numbers, text).

    One row per public update. An activity without public updates gets one row with empty update
    columns, and a focus area without activities one row with empty activity columns."""
    for activity, period, update in table_parts(content):
        yield {**activity, **period, **update}


# The period columns of a row whose update lies in no target period (or that has no update):
# none. Read-only, since every such row shares it.
NO_PERIOD: Mapping = MappingProxyType({})


def table_parts(content: PublicPromise) -> Iterator[tuple[dict, Mapping, dict]]:
    """Each row of ``table_rows`` in three parts: the columns it shares with the other rows of its
    activity (the same dict for all of them), those of its update's target period (the same dict
    for every update of the activity in that period, ``NO_PERIOD`` outside them) and its update's
    own columns. Parts that many rows share are built once, and a writer converts them once."""
    promise = content.promise
    base = {
        "municipality_code": content.municipality.municipality_code,
        "municipality_name": content.municipality.name,
        "promise_id": promise.pk,
        "promise_title": promise.title,
    }
    updates = content.updates_by_activity()
    for area in content.focus_areas:
        area_row = {**base, "focus_area_number": area.number, "focus_area_title": area.title}
        if not area.loaded_activities:
            yield area_row, NO_PERIOD, {}
        for activity in area.loaded_activities:
            _activity, activity_updates = next(updates)
            progress = activity.progress
            latest = activity.latest_update
            activity_row = {
                **area_row,
                "activity_code": activity.code,
                "activity_description": activity.description,
                "responsible": activity.responsible,
                "partners": activity.partners,
                "planned_start": activity.planned_start,
                "planned_end": activity.planned_end,
                "target_count": activity.target_count,
                "target_unit": activity.target_unit,
                "target_period": activity.target_period,
                "goal_text": activity.goal_text or None,
                "progress_achieved": progress.achieved if progress else None,
                "progress_period": str(progress.window.label) if progress else None,
                "progress_period_start": progress.window.start if progress else None,
                "progress_period_end": progress.window.end if progress else None,
                "latest_status": latest.status if latest else None,
                "latest_status_date": latest.date if latest else None,
                "progress_periods": "; ".join(p.period_text for p in activity.progress_periods)
                or None,
            }
            if not activity_updates:
                yield activity_row, NO_PERIOD, {}
            # The columns of each target period, computed once per activity.
            periods = [
                (
                    progress.window,
                    {
                        "update_progress_period": str(progress.window.label),
                        "update_progress_period_start": progress.window.start,
                        "update_progress_period_end": progress.window.end,
                        "update_progress_achieved": progress.achieved,
                    },
                )
                for progress in activity.progress_periods
            ]
            for update in activity_updates:
                yield (
                    activity_row,
                    next((cells for window, cells in periods if update.date in window), NO_PERIOD),
                    {
                        "update_id": update.pk,
                        "update_date": update.date,
                        "update_status": update.status,
                        "update_description": update.description,
                        "update_occurrences": update.occurrences,
                    },
                )


def _csv_value(value):
    if type(value) is str:
        return neutralise(value)
    if value is None or type(value) is int:
        return value
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(value)


# Rows of CSV written before a chunk is handed to the response.
CSV_ROWS_PER_CHUNK = 500
_CSV_COLUMN = {name: n for n, name in enumerate(CSV_FIELDNAMES)}


def _csv_cells(part: Mapping) -> list[tuple[int, object]]:
    """A part of a row (see ``table_parts``) as (column, CSV value) pairs."""
    return [(_CSV_COLUMN[name], _csv_value(value)) for name, value in part.items()]


def csv_chunks(content: PublicPromise) -> Iterator[str]:
    """CSV with a header row, comma-separated, every cell quoted and every formula start
    neutralised (see ``neutralise``), a few hundred rows at a time. The caller adds the byte order
    mark that spreadsheets need to read UTF-8.

    The columns of an activity and of a target period are converted once, not once a row: the
    rows are the same as those of ``table_rows``, each value converted by ``_csv_value``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_FIELDNAMES)
    activity_of, activity_cells, period_cells = None, [], {}
    for n, (activity, period, update) in enumerate(table_parts(content), start=1):
        if activity is not activity_of:  # a new activity: its columns are converted once
            activity_of = activity
            activity_cells = [_csv_value(activity.get(name)) for name in CSV_FIELDNAMES]
            period_cells = {}  # the activity's periods, alive while its rows are written
        cells = activity_cells.copy()
        if period:
            known = period_cells.get(id(period))
            if known is None or known[0] is not period:
                known = period_cells[id(period)] = (period, _csv_cells(period))
            for column, value in known[1]:
                cells[column] = value
        for column, value in _csv_cells(update):
            cells[column] = value
        writer.writerow(cells)
        if n % CSV_ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# Columns that hold codes made of digits and punctuation ("0330", "2:3"): always text, never a
# number, a date or a time of day.
XLSX_TEXT_FORMAT = "@"
XLSX_DATE_FORMAT = "yyyy-mm-dd"


def _xlsx_cell(sheet, row: int, column: int, value):
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        # Text is always a string cell: one that starts with "=" stays text, never a formula.
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
        cell.number_format = XLSX_TEXT_FORMAT
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = XLSX_DATE_FORMAT
    else:
        cell.value = value
    return cell


def as_xlsx(content: PublicPromise) -> bytes:
    """The CSV's rows and columns as an Excel workbook, for spreadsheet users: codes and kommunkod
    are text cells, dates real dates (ÅÅÅÅ-MM-DD), the header bold and frozen, never a formula.

    Built whole in memory (openpyxl keeps the workbook until it is saved): the CSV and the JSON are
    the formats that stream."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Uppdateringar"
    bold = Font(bold=True)
    for column, name in enumerate(CSV_FIELDNAMES, start=1):
        _xlsx_cell(sheet, 1, column, name).font = bold
    for row_number, row in enumerate(table_rows(content), start=2):
        for column, name in enumerate(CSV_FIELDNAMES, start=1):
            _xlsx_cell(sheet, row_number, column, row.get(name))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
