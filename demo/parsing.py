"""Read a data document into the plain specs of ``demo.chain_spec``, or say exactly what is wrong.

Parsing is generic: a table becomes the dataclass whose field names are its keys, each value is
checked against the field's type (and its ``choices``), and a list of tables becomes a tuple of
the child dataclass. An error names the file, the path in the data (``promises[0].focus_areas[2]
.activities[1].responsible``) and what was expected, so whoever edits a file by hand, or a later
import from a spreadsheet, can find the cell at fault.
"""

import tomllib
import types
from dataclasses import MISSING, fields, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from .chain_spec import AgreementSpec, ChainDocument, PeopleDocument, ReportSpec


class SpecError(ValueError):
    """A document that does not describe a chain: where (file and path) and why."""

    def __init__(self, source: str, path: str, message: str):
        self.source, self.path, self.message = source, path, message
        where = f"{source}: {path}" if path else source
        super().__init__(f"{where}: {message}")


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class _Reader:
    def __init__(self, source: str):
        self.source = source

    def error(self, path: str, message: str) -> SpecError:
        return SpecError(self.source, path, message)

    def dataclass(self, cls, data: Any, path: str):
        if not isinstance(data, dict):
            raise self.error(path, _("väntade en tabell med nycklar"))
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise self.error(
                _join(path, unknown[0]),
                _("okänd nyckel; tillåtna är %(keys)s") % {"keys": ", ".join(known)},
            )
        hints = get_type_hints(cls)
        values = {}
        for name, spec_field in known.items():
            if name not in data:
                if spec_field.default is MISSING and spec_field.default_factory is MISSING:
                    raise self.error(_join(path, name), _("saknas"))
                continue
            value = self.value(hints[name], data[name], _join(path, name))
            allowed = spec_field.metadata.get("choices")
            optional = value == "" and spec_field.default == ""
            if allowed is not None and value not in allowed.values and not optional:
                raise self.error(
                    _join(path, name),
                    _("%(value)r är inget giltigt värde; välj ett av %(values)s")
                    % {"value": value, "values": ", ".join(allowed.values)},
                )
            model = spec_field.metadata.get("model")
            if model is not None:
                self.model_fields(model, value, _join(path, name))
            values[name] = value
        return cls(**values)

    def model_fields(self, model, table: dict, path: str) -> None:
        for key in table:
            try:
                model._meta.get_field(key)
            except FieldDoesNotExist:
                raise self.error(_join(path, key), _("okänt fält")) from None

    def value(self, hint, value: Any, path: str):
        origin = get_origin(hint)
        if origin in (Union, types.UnionType):
            options = [arg for arg in get_args(hint) if arg is not type(None)]
            return self.value(options[0], value, path)
        if origin is tuple:
            if not isinstance(value, list):
                raise self.error(path, _("väntade en lista"))
            child = get_args(hint)[0]
            return tuple(self.value(child, item, _join(path, i)) for i, item in enumerate(value))
        if origin is dict:
            if not isinstance(value, dict):
                raise self.error(path, _("väntade en tabell med nycklar"))
            return dict(value)
        if is_dataclass(hint):
            return self.dataclass(hint, value, path)
        return self.scalar(hint, value, path)

    def scalar(self, hint, value: Any, path: str):
        expected = {
            str: _("en text"),
            int: _("ett heltal"),
            bool: _("true eller false"),
            date: _("ett datum (ÅÅÅÅ-MM-DD)"),
        }[hint]
        # bool is an int and datetime a date in Python, but not in the data.
        wrong = (
            not isinstance(value, hint)
            or (hint is int and isinstance(value, bool))
            or (hint is date and isinstance(value, datetime))
        )
        if wrong:
            raise self.error(
                path,
                _("väntade %(expected)s, fick %(value)r")
                % {
                    "expected": expected,
                    "value": value,
                },
            )
        return value


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise SpecError(path.name, "", _("ogiltig TOML: %(error)s") % {"error": error}) from error


def parse_people(data: dict[str, Any], source: str) -> PeopleDocument:
    return _Reader(source).dataclass(PeopleDocument, {**data, "source": source}, "")


def parse_chain(data: dict[str, Any], source: str) -> ChainDocument:
    """A kommun's document: the agreement's keys at the top, plus ``owner`` and ``reports``."""
    reader = _Reader(source)
    agreement = {key: value for key, value in data.items() if key not in ("owner", "reports")}
    if "owner" not in data:
        raise reader.error("owner", _("saknas"))
    return ChainDocument(
        source=source,
        owner=reader.scalar(str, data["owner"], "owner"),
        agreement=reader.dataclass(AgreementSpec, agreement, ""),
        reports=reader.value(tuple[ReportSpec, ...], data.get("reports", []), "reports"),
    )
