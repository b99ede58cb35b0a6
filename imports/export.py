"""The spreadsheets an import reads and an export writes, with the same columns
(``imports.columns``): the template a coordinator fills, the whole chain of a promise (so that
export → edit → import into a draft gives the same chain back), and a promise's history as CSV.
"""

import csv
import io
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from promises.history import promise_tree_history
from promises.models import Promise

from .columns import AREA_DEFINITION, AREA_NUMBER, AREA_TITLE, COLUMNS
from .readers import INSTRUCTIONS_SHEET

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Where a value starts with one of these, a spreadsheet would run it as a formula; the cell is
# written as text (openpyxl's data type "s") so that it is shown, never run.
_FORMULA_PREFIXES = ("=", "+", "-", "@")


def _choice_label(column, value) -> str:
    field = column.model._meta.get_field(column.key)
    return str(dict(field.flatchoices).get(value, value)) if value else ""


def _sheet(book: Workbook, title: str):
    sheet = book.active
    sheet.title = title
    sheet.append([str(column.label) for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for letter, width in zip(
        "ABCDEFGHIJKLM", (10, 30, 40, 10, 60, 12, 24, 24, 14, 14, 10, 20, 14), strict=False
    ):
        sheet.column_dimensions[letter].width = width
    return sheet


def _append(sheet, values: list) -> None:
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_PREFIXES):
            cell.data_type = "s"
        if hasattr(cell.value, "isoformat"):
            cell.number_format = "yyyy-mm-dd"
        cell.alignment = Alignment(vertical="top", wrap_text=isinstance(cell.value, str))


def _bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_xlsx() -> bytes:
    """The empty plan: the header row, one example row, and the instructions in Swedish."""
    book = Workbook()
    sheet = _sheet(book, _("Plan"))
    _append(sheet, [column.example for column in COLUMNS])
    help_sheet = book.create_sheet(INSTRUCTIONS_SHEET)
    help_sheet.column_dimensions["A"].width = 26
    help_sheet.column_dimensions["B"].width = 90
    for line in (
        [_("Så fyller du i planen")],
        [
            _(
                "En rad per insats. Områdets nummer står på varje rad; rubrik och beskrivning "
                "räcker på områdets första rad. Rubrikerna på rad 1 ska stå kvar. Exempelraden "
                "tar du bort eller skriver över."
            )
        ],
        [
            _(
                "Ladda upp filen under ”Importera plan” på löftets sida. Du ser först vad som "
                "kommer att skapas och alla fel med rad och kolumn; inget sparas förrän du "
                "väljer Importera. Formler räknas aldrig ut: skriv värden."
            )
        ],
        [],
        [_("Kolumn"), _("Vad den ska innehålla")],
    ):
        help_sheet.append(line)
    help_sheet["A1"].font = Font(bold=True)
    help_sheet["A5"].font = help_sheet["B5"].font = Font(bold=True)
    for column in COLUMNS:
        help_sheet.append([str(column.label), str(column.help)])
    for row in help_sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    return _bytes(book)


def chain_rows(promise: Promise) -> Iterator[list]:
    """One row per activity (a focus area without activities gets a row of its own), in the
    columns' order: two queries whatever the size of the chain."""
    areas = promise.focus_areas.order_by("number").prefetch_related("activities")
    for area in areas:
        activities = sorted(area.activities.all(), key=lambda a: a.number)
        area_values = {AREA_NUMBER: area.number, AREA_TITLE: area.title}
        area_values[AREA_DEFINITION] = area.definition
        if not activities:
            yield [area_values.get(column.key) for column in COLUMNS]
        for activity in activities:
            row = []
            for column in COLUMNS:
                if column.key in area_values:
                    row.append(area_values[column.key])
                elif column.key in ("responsible", "target_period"):
                    row.append(_choice_label(column, getattr(activity, column.key)))
                else:
                    row.append(getattr(activity, column.key))
            yield row


def chain_xlsx(promise: Promise) -> bytes:
    book = Workbook()
    sheet = _sheet(book, _("Plan"))
    for row in chain_rows(promise):
        _append(sheet, [value if value != "" else None for value in row])
    return _bytes(book)


HISTORY_HEADER = (
    gettext_lazy("Tidpunkt"),
    gettext_lazy("Vem"),
    gettext_lazy("Vad"),
    gettext_lazy("Objekt"),
    gettext_lazy("Händelse"),
    gettext_lazy("Fält"),
    gettext_lazy("Före"),
    gettext_lazy("Efter"),
    gettext_lazy("Anledning"),
)


def _safe(value: str) -> str:
    """A cell a spreadsheet would run as a formula gets an apostrophe before it (OWASP)."""
    return f"'{value}" if value.startswith((*_FORMULA_PREFIXES, "\t", "\r")) else value


def history_csv_lines(promise: Promise) -> Iterator[str]:
    """The promise's history, newest first, as CSV lines (UTF-8 with a BOM, ";" as Swedish
    Excel reads it): one line per changed field of each change, read 500 changes at a time
    through the history's own selector (``promises.history.promise_tree_history``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([str(name) for name in HISTORY_HEADER])
    yield "\ufeff" + flush()
    for entry in promise_tree_history(promise):
        user = entry.user
        who = (user.get_full_name() or user.get_username()) if user else _("okänd")
        common = [
            timezone.localtime(entry.when).strftime("%Y-%m-%d %H:%M:%S"),
            who,
            entry.kind_label,
            entry.object_label,
            entry.action,
        ]
        changes = entry.changes or [None]
        for change in changes:
            fields = [change.label, change.old, change.new] if change else ["", "", ""]
            writer.writerow([_safe(str(v)) for v in [*common, *fields, entry.reason]])
        yield flush()
