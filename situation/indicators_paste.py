"""Reading the values a coordinator pastes for a source without an API (NTU, Polisens
trygghetsmätning, Liv & hälsa ung, EST): one line per year, "år;värde" or "år;totalt;kvinnor;män".

Columns are separated by ``;``, a tab or ``,`` (the first of them found on the line). A figure may
use a decimal comma ("12,5") where the columns are not comma-separated, and spaces between the
thousands ("6 805"). An empty cell, ".." or "–" is a missing value (None, never 0). A first line
without digits is a heading and is skipped. Every wrong line gets its own Swedish message
("Rad 3: …"), so that the form can list them all; the caller saves nothing while there is one.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .models.indicators import EARLIEST_PERIOD, LATEST_PERIOD

GENDER_COLUMNS = ("T", "K", "M")  # totalt, kvinnor, män: the order of the four-column form
MISSING = {"", "..", "-", "–", "—"}
MAX_LINES = 200
# What the value column holds: up to 10 digits before the decimal sign and 4 after.
MAX_INTEGER_DIGITS, MAX_DECIMALS = 10, 4
_SPACES = re.compile(r"[ \u00a0\u202f]")


@dataclass(frozen=True)
class PastedRow:
    period: int
    values: dict[str, Decimal | None]  # gender ("T", "K", "M") → value


class PasteErrors(Exception):
    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("; ".join(messages))


def _separator(line: str) -> str:
    for candidate in (";", "\t", ","):
        if candidate in line:
            return candidate
    return ";"


def _number(cell: str, separator: str) -> Decimal | None:
    """The cell's value, None when missing; ValueError (with a Swedish message) when unreadable."""
    text = _SPACES.sub("", cell.strip())
    if text in MISSING:
        return None
    if separator != ",":
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValueError(_("”%(cell)s” är inte ett tal.") % {"cell": cell.strip()})
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if decimals > MAX_DECIMALS or value.adjusted() + 1 > MAX_INTEGER_DIGITS:
        raise ValueError(
            _("”%(cell)s” har för många siffror (högst %(decimals)s decimaler).")
            % {"cell": cell.strip(), "decimals": MAX_DECIMALS}
        )
    return value


def _year(cell: str) -> int:
    text = cell.strip()
    if not re.fullmatch(r"\d{4}", text) or not EARLIEST_PERIOD <= int(text) <= LATEST_PERIOD:
        raise ValueError(
            _("”%(cell)s” är inte ett årtal mellan %(first)s och %(last)s.")
            % {"cell": text, "first": EARLIEST_PERIOD, "last": LATEST_PERIOD}
        )
    return int(text)


def parse_pasted_values(text: str, *, has_gender_split: bool) -> list[PastedRow]:
    """The rows of ``text``; raises ``PasteErrors`` listing every wrong line."""
    rows: list[PastedRow] = []
    errors: list[str] = []
    seen: dict[int, int] = {}
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise PasteErrors([_("Klistra in högst %(count)s rader åt gången.") % {"count": MAX_LINES}])
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if not rows and not errors and not seen and not re.search(r"\d", line):
            continue  # a heading such as "år;värde"
        separator = _separator(line)
        cells = line.split(separator)
        try:
            row = _row(cells, separator, has_gender_split=has_gender_split)
        except ValueError as error:
            errors.append(_("Rad %(number)s: %(problem)s") % {"number": number, "problem": error})
            continue
        if row.period in seen:
            errors.append(
                _("Rad %(number)s: året %(year)s finns redan på rad %(first)s.")
                % {"number": number, "year": row.period, "first": seen[row.period]}
            )
            continue
        seen[row.period] = number
        rows.append(row)
    if errors:
        raise PasteErrors(errors)
    if not rows:
        raise PasteErrors([_("Klistra in minst en rad: år och värde.")])
    return rows


def _row(cells: list[str], separator: str, *, has_gender_split: bool) -> PastedRow:
    if len(cells) == 2:
        period = _year(cells[0])
        return PastedRow(period, {"T": _number(cells[1], separator)})
    if len(cells) == 4:
        if not has_gender_split:
            raise ValueError(
                _("indikatorn är inte uppdelad på kön: skriv år och värde, t.ex. 2024;12,5.")
            )
        period = _year(cells[0])
        values = {
            gender: _number(cell, separator)
            for gender, cell in zip(GENDER_COLUMNS, cells[1:], strict=True)
        }
        return PastedRow(period, values)
    raise ValueError(
        _(
            "raden har %(count)s kolumner; skriv år;värde eller år;totalt;kvinnor;män "
            "(åtskilda med semikolon, tabb eller komma)."
        )
        % {"count": len(cells)}
    )
