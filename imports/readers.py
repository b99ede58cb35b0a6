"""Read an uploaded plan into raw rows: which cell said what, and where it stood ("Rad 7",
"Tabell 2, rad 3"). Nothing here judges a value (``imports.rows`` does); a file that cannot be
read at all is refused whole with :class:`Refused`, in Swedish.

An .xlsx is read with openpyxl in read-only mode and only its cached values: no formula is ever
evaluated and no external link followed. A formula cell without a cached value is refused by
name. An .xlsx or .docx is a ZIP archive: its directory is checked (members and their unpacked
size) before anything is unpacked.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils.translation import gettext as _

from promises.text import normalize_text

from .columns import AREA_DEFINITION, AREA_NUMBER, AREA_TITLE, COLUMNS
from .limits import MAX_COLUMNS, MAX_ROWS, MAX_UNCOMPRESSED_SIZE, MAX_ZIP_MEMBERS, human_size

INSTRUCTIONS_SHEET = "Instruktioner"
FORMATS = ("xlsx", "csv", "docx")


class Refused(Exception):
    """The file as a whole cannot be read; ``message`` says why, in Swedish."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class RawRow:
    where: str
    cells: dict[str, object]


@dataclass
class RawPlan:
    rows: list[RawRow] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # The columns the file has: an activity's field in a column the file lacks is left as it is.
    columns: set[str] = field(default_factory=set)


def file_format(name: str) -> str | None:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return suffix if suffix in FORMATS else None


def read(name: str, data: bytes) -> RawPlan:
    kind = file_format(name)
    if kind == "xlsx":
        return read_xlsx(data)
    if kind == "csv":
        return read_csv(data)
    if kind == "docx":
        return read_docx(data)
    raise Refused(_("Välj en fil av typen .xlsx, .csv eller .docx."))


def _row_label(number: int) -> str:
    return _("Rad %(number)s") % {"number": number}


# Header row ------------------------------------------------------------------------------------


def _folded(text) -> str:
    return " ".join(str(text or "").split()).casefold()


def header_keys(header: list) -> list[str | None]:
    """The column key of each header cell (None for a column the import does not know)."""
    known = {_folded(column.label): column.key for column in COLUMNS}
    keys = [known.get(_folded(cell)) for cell in header]
    missing = [
        str(column.label) for column in COLUMNS if column.required and column.key not in keys
    ]
    if "description" not in keys:
        missing.append(_("Insatsens text"))
    if missing:
        raise Refused(
            _(
                "Rubrikraden (rad 1) saknar kolumnen %(columns)s. Utgå från mallen: rubrikerna "
                "ska stå på första raden."
            )
            % {"columns": ", ".join(f"”{name}”" for name in missing)}
        )
    return keys


def _rows_from_table(table, first_number: int = 1) -> RawPlan:
    """Raw rows from an iterable of rows of cells whose first row is the header."""
    plan = RawPlan()
    iterator = iter(table)
    try:
        header = next(iterator)
    except StopIteration:
        raise Refused(_("Filen är tom.")) from None
    keys = header_keys(list(header))
    plan.columns = {key for key in keys if key is not None}
    for number, cells in enumerate(iterator, start=first_number + 1):
        if number > MAX_ROWS:
            raise Refused(
                _("Filen har fler än %(limit)s rader. Dela upp planen i flera filer.")
                % {"limit": MAX_ROWS}
            )
        values = {
            key: value
            for key, value in zip(keys, cells, strict=False)
            if key is not None and not _is_blank(value)
        }
        if values:
            plan.rows.append(RawRow(_row_label(number), values))
    return plan


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ZIP archives ----------------------------------------------------------------------------------


def open_archive(data: bytes, what: str) -> zipfile.ZipFile:
    """The ZIP archive of an .xlsx or .docx, after its directory has been checked: a bounded
    number of members whose unpacked size, as the directory states it, stays under the limit
    (zipfile refuses a member that unpacks to more than its stated size)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise Refused(_("Filen är ingen giltig %(what)s-fil.") % {"what": what}) from None
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise Refused(_("Filen innehåller för många delar för att vara en plan."))
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNCOMPRESSED_SIZE:
        raise Refused(
            _(
                "Filen packas upp till %(size)s, mer än de %(limit)s som en plan får uppta. "
                "Spara om den utan bilder, eller dela upp den."
            )
            % {"size": human_size(unpacked), "limit": human_size(MAX_UNCOMPRESSED_SIZE)}
        )
    return archive


# .xlsx -----------------------------------------------------------------------------------------


def _cell_name(column: int, row: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


def read_xlsx(data: bytes) -> RawPlan:
    from openpyxl import load_workbook

    open_archive(data, ".xlsx")

    def open_book(data_only: bool):
        try:
            return load_workbook(
                io.BytesIO(data), read_only=True, data_only=data_only, keep_links=False
            )
        except Exception:  # openpyxl raises many kinds for a damaged file
            raise Refused(_("Filen är ingen giltig .xlsx-fil.")) from None

    values_book, formulas_book = open_book(True), open_book(False)
    try:
        sheets = [s for s in values_book.worksheets if s.title != INSTRUCTIONS_SHEET]
        if not sheets:
            raise Refused(_("Arbetsboken har inget blad med en plan."))
        sheet = sheets[0]
        formulas = formulas_book[sheet.title]
        table = []
        for number, (cells, source) in enumerate(
            zip(
                # Bounded: a sheet's stated dimension (up to XFD1048576) would pad every row.
                sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS, values_only=True),
                formulas.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS, values_only=True),
                strict=False,
            ),
            start=1,
        ):
            if number > MAX_ROWS + 1:
                break
            for column, (value, written) in enumerate(zip(cells, source, strict=False), 1):
                if value is None and isinstance(written, str) and written.startswith("="):
                    raise Refused(
                        _(
                            "Cell %(cell)s innehåller en formel utan sparat värde. Löfteskollen "
                            "räknar aldrig ut formler: öppna filen i Excel, spara den och ladda "
                            "upp den igen, eller skriv in värdet."
                        )
                        % {"cell": _cell_name(column, number)}
                    )
            table.append(cells)
        return _rows_from_table(table)
    finally:
        values_book.close()
        formulas_book.close()


# .csv ------------------------------------------------------------------------------------------


def read_csv(data: bytes) -> RawPlan:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(
            _("Filen är inte sparad som UTF-8. Spara den i Excel som ”CSV UTF-8 (kommaavgränsad)”.")
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    return _rows_from_table(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


# .docx -----------------------------------------------------------------------------------------

_HEADING = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s+(\S.*)$")
_ACTIVITY = re.compile(r"^\s*insats\s+(\d{1,3})\s*[:.]\s*(\d{1,4})\s*$", re.IGNORECASE)
_FOLLOW_UP = re.compile(r"^\s*uppföljning\s*$", re.IGNORECASE)


def _distinct_cells(row) -> list[str]:
    """The texts of a table row, a merged cell once (python-docx repeats it per grid column)."""
    texts, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        texts.append(normalize_text(cell.text).strip())
    return texts


def read_docx(data: bytes) -> RawPlan:
    """Focus areas from the numbered headings ("1. Inget utsatt område i Upplands-Bro"), each
    followed by its description and a table of "Insats 1:1 | text" rows; "Uppföljning" rows are
    skipped (the follow-up is recorded as status updates), a row with an empty first cell
    continues the text of the insats above it (a table split over two pages)."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    open_archive(data, ".docx")
    try:
        document = Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds for a damaged file
        raise Refused(_("Filen är ingen giltig .docx-fil.")) from None

    plan = RawPlan(columns={AREA_NUMBER, AREA_TITLE, AREA_DEFINITION, "number", "description"})
    plan.columns.add("responsible")
    heading: tuple[int, str] | None = None
    definition: list[str] = []
    table_number = skipped_follow_ups = 0
    last: RawRow | None = None
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = normalize_text(block.text).strip()
            match = _HEADING.match(text)
            if match and len(text) <= 200:
                heading, definition, last = (int(match[1]), match[2].strip()), [], None
            elif text and heading is not None:
                definition.append(text)
            continue
        if not isinstance(block, Table):
            continue
        table_number += 1
        for row_number, row in enumerate(block.rows, start=1):
            where = _("Tabell %(table)s, rad %(row)s") % {"table": table_number, "row": row_number}
            cells = _distinct_cells(row)
            first, text = cells[0], " ".join(c for c in cells[1:] if c)
            activity = _ACTIVITY.match(first)
            if activity:
                area, number = int(activity[1]), int(activity[2])
                values = {
                    AREA_NUMBER: area,
                    "number": number,
                    "description": text,
                    "responsible": "Gemensamt",
                }
                if heading is not None and heading[0] == area:
                    values[AREA_TITLE] = heading[1]
                    if definition:
                        values[AREA_DEFINITION] = "\n\n".join(definition)
                        definition = []
                last = RawRow(where, values)
                plan.rows.append(last)
            elif _FOLLOW_UP.match(first):
                skipped_follow_ups += 1
            elif not first and text and last is not None:
                last.cells["description"] = f"{last.cells['description']} {text}".strip()
            elif first or text:
                plan.notices.append(
                    _("%(where)s hoppades över: raden är varken en insats eller en uppföljning.")
                    % {"where": where}
                )
            if len(plan.rows) > MAX_ROWS:
                raise Refused(
                    _("Filen har fler än %(limit)s rader. Dela upp planen i flera filer.")
                    % {"limit": MAX_ROWS}
                )
    if skipped_follow_ups:
        plan.notices.append(
            _(
                "%(count)s rader ”Uppföljning” hoppades över: uppföljningen skrivs in som "
                "statusuppdateringar, inte som en del av planen."
            )
            % {"count": skipped_follow_ups}
        )
    if not plan.rows:
        raise Refused(
            _(
                "Dokumentet har ingen tabell med rader som ”Insats 1:1”. Se hur Word-filen ska "
                "se ut under Import i hjälpen."
            )
        )
    if plan.rows:
        plan.notices.append(
            _(
                "Word-filen säger inte vem som ansvarar: alla insatser blir Gemensamt. Ändra efteråt."
            )
        )
    return plan


def excel_time_as_code(value) -> str | None:
    """Excel turns "1:3" typed into a cell into the time 01:03; read it back as the code."""
    if isinstance(value, time):
        return f"{value.hour}:{value.minute}"
    if isinstance(value, datetime) and value.date() == date(1899, 12, 30):
        return f"{value.hour}:{value.minute}"
    return None
