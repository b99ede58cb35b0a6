"""Raw cells into the values of focus areas and activities, with every problem named by row and
column in Swedish ("Rad 7, kolumn Planerat slut: datumet 2025-13-01 finns inte.").

What a value *is* (a date, a whole number, one of the choices) is decided here, where the cell
is known; what it may be (the ranges, the lengths, the personnummer guard, the dates within the
promise's period) is the models' own rules, which the check run applies through the services
(``imports.services``), as the forms do.
"""

import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

from promises.models import Activity
from promises.text import normalize_text

from .columns import (
    ACTIVITY_KEYS,
    AREA_DEFINITION,
    AREA_NUMBER,
    AREA_TITLE,
    BY_KEY,
    column_field,
    label_of,
)
from .limits import MAX_ACTIVITIES
from .readers import RawPlan, excel_time_as_code


@dataclass
class Problem:
    where: str
    message: str
    column: str = ""

    def __str__(self) -> str:
        if self.column:
            return _("%(where)s, kolumn %(column)s: %(message)s") % asdict(self)
        return _("%(where)s: %(message)s") % asdict(self)


@dataclass
class PlannedActivity:
    where: str
    values: dict  # Activity field → value (dates as ISO text, so that it is kept as JSON)


@dataclass
class PlannedArea:
    where: str
    number: int
    title: str = ""
    definition: str = ""
    activities: list[PlannedActivity] = field(default_factory=list)


class _Invalid(Exception):
    pass


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_CODE = re.compile(r"^(\d+)\s*[:.]\s*(\d+)$")


def _text(value) -> str:
    """A cell as text, normalised as every stored text is (promises.text): a NUL or another
    character XML cannot hold is dropped here, before it reaches the kept rows or a message."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.isoformat()[:10]
    return normalize_text(str(value)).strip()


def _whole_number(value) -> int:
    if isinstance(value, bool):
        raise _Invalid(_("”%(value)s” är inget heltal.") % {"value": value})
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value).replace("\u00a0", "").replace(" ", "")
    if text.isascii() and text.isdigit() and len(text) <= 9:
        return int(text)
    raise _Invalid(_("”%(value)s” är inget heltal.") % {"value": _text(value)})


def _date(value) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = _text(value)
    match = _ISO_DATE.match(text)
    if not match:
        raise _Invalid(
            _("”%(value)s” är inget datum. Skriv det som ÅÅÅÅ-MM-DD, t.ex. 2025-03-01.")
            % {"value": text}
        )
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        raise _Invalid(_("datumet %(value)s finns inte.") % {"value": text}) from None


def _choice(key: str, value) -> str:
    """A choice by its stored value or its Swedish name, whatever the case."""
    choices = column_field(BY_KEY[key]).choices
    text = _text(value).casefold()
    for stored, name in choices:
        if text in (str(stored).casefold(), str(name).casefold()):
            return stored
    raise _Invalid(
        _("”%(value)s” är inget giltigt värde. Skriv %(choices)s.")
        % {
            "value": _text(value),
            "choices": _(" eller ").join(
                [", ".join(str(name) for _stored, name in choices[:-1]), str(choices[-1][1])]
            ),
        }
    )


def _activity_number(value, area_number: int | None) -> int:
    code = excel_time_as_code(value) or _text(value)
    match = _CODE.match(code)
    if match:
        if area_number is not None and int(match[1]) != area_number:
            raise _Invalid(
                _("insats %(code)s står i område %(area)s.") % {"code": code, "area": area_number}
            )
        return int(match[2])
    return _whole_number(value)


_DATES = ("planned_start", "planned_end")
_CHOICES = ("responsible", "target_period")


def _activity_value(key: str, value, area_number):
    if key == "number":
        return _activity_number(value, area_number)
    if key in _DATES:
        return _date(value)
    if key == "target_count":
        return _whole_number(value)
    if key in _CHOICES:
        return _choice(key, value)
    return _text(value)


def plan_rows(raw: RawPlan) -> tuple[list[PlannedArea], list[Problem]]:
    """The focus areas and activities that ``raw`` describes, in the file's order, and what is
    wrong with them as cells."""
    problems: list[Problem] = []
    areas: dict[int, PlannedArea] = {}
    seen_codes: dict[tuple[int, int], str] = {}
    activity_count = 0

    def problem(where, key, message):
        problems.append(Problem(where, message, label_of(key) if key else ""))

    for row in raw.rows:
        cells = row.cells
        try:
            area_number = _whole_number(cells.get(AREA_NUMBER, ""))
        except _Invalid as error:
            if AREA_NUMBER in cells:
                problem(row.where, AREA_NUMBER, str(error))
            else:
                problem(row.where, AREA_NUMBER, _("ange vilket område raden hör till."))
            continue
        area = areas.get(area_number)
        if area is None:
            area = areas[area_number] = PlannedArea(row.where, area_number)
        for key, attribute in ((AREA_TITLE, "title"), (AREA_DEFINITION, "definition")):
            if key not in cells:
                continue
            text = _text(cells[key])
            if not getattr(area, attribute):
                setattr(area, attribute, text)
            elif getattr(area, attribute) != text:
                problem(
                    row.where,
                    key,
                    _("område %(number)s har redan en annan text på %(where)s.")
                    % {"number": area_number, "where": area.where.lower()},
                )
        if not any(key in cells for key in ACTIVITY_KEYS):
            continue  # a focus area without activities
        activity_count += 1
        values, valid = blank_activity_fields(raw.columns), True
        for key in ACTIVITY_KEYS:
            if key not in cells:
                continue
            try:
                values[key] = _activity_value(key, cells[key], area_number)
            except _Invalid as error:
                problem(row.where, key, str(error))
                valid = False
        if "responsible" not in cells:
            problem(row.where, "responsible", _("ange kommunen, polisen eller gemensamt."))
            valid = False
        number = values.get("number")
        if number is not None:
            code = (area_number, number)
            if code in seen_codes:
                problem(
                    row.where,
                    "number",
                    _("insats %(code)s finns redan på %(where)s.")
                    % {"code": f"{area_number}:{number}", "where": seen_codes[code].lower()},
                )
                valid = False
            else:
                seen_codes[code] = row.where
        if valid:
            area.activities.append(PlannedActivity(row.where, values))
    if activity_count > MAX_ACTIVITIES:
        problems.insert(
            0,
            Problem(
                _("Filen"),
                _(
                    "den har %(count)s insatser; en import får ha högst %(limit)s. Dela upp "
                    "planen i flera filer."
                )
                % {"count": activity_count, "limit": MAX_ACTIVITIES},
            ),
        )
    if not areas and not problems:
        problems.append(Problem(_("Filen"), _("den har inga rader under rubrikraden.")))
    return list(areas.values()), problems


def activity_fields(values: dict) -> dict:
    """A planned activity's values as the services take them (dates as dates)."""
    fields = dict(values)
    for key in _DATES:
        if fields.get(key):
            fields[key] = date.fromisoformat(fields[key])
    return fields


def blank_activity_fields(columns) -> dict:
    """What an activity's fields hold when a file has their column but leaves the cell empty."""
    return {
        key: None if key == "number" else Activity._meta.get_field(key).get_default()
        for key in ACTIVITY_KEYS
        if key in columns and key != "responsible"
    }
