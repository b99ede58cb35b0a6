"""Bulk writing: rows go into PostgreSQL by COPY (psycopg's ``cursor.copy``), each table once, and
every object gets its django-simple-history rows (a "+" creation row, then any "~" change rows)
written the same way.

The generator chooses the ids itself (after the highest id already in the table), so that rows can
point at each other before they are written; ``reset_sequences`` then moves each table's identity
sequence past them, so the app's own inserts go on from there.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from simple_history.manager import HistoryManager

HISTORY_COLUMNS = (
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
)


@dataclass(frozen=True)
class Event:
    """One history row of an object: when, by whom, "+" or "~", why, and how that version's
    values differed from the object's final values (``before``: column → value)."""

    when: datetime
    user_id: int | None
    type: str = "+"
    reason: str | None = None
    before: dict = field(default_factory=dict)


def history_model(model):
    """The django-simple-history model of ``model``, or None."""
    history = getattr(model, "history", None)
    return history.model if isinstance(history, HistoryManager) else None


def _columns(model) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


class Table:
    """The rows of one model and of its history table, gathered and then copied in one go."""

    def __init__(self, writer: "Writer", model):
        self.writer = writer
        self.model = model
        self.columns = _columns(model)
        self.versioned = "lock_version" in self.columns
        self.rows: list[tuple] = []
        self.history: list[tuple] = []
        self.history_model = history_model(model)
        if self.history_model is not None:
            own = set(_columns(self.history_model))
            self.history_columns = [c for c in self.columns if c in own]
        self._next_id = None

    def new_id(self) -> int:
        if self._next_id is None:
            self._next_id = self.writer.max_id(self.model._meta.db_table, "id") + 1
        value = self._next_id
        self._next_id += 1
        return value

    def add(self, row: dict, events: list[Event] = ()) -> dict:
        """Add one object (``row``: column → value, ``id`` included) with its history events,
        oldest first. A versioned object's lock_version is the number of its versions."""
        if self.versioned:
            row["lock_version"] = max(1, len(events))
        self.rows.append(tuple(row[c] for c in self.columns))
        for number, event in enumerate(events, start=1):
            version = {**row, **event.before} if event.before else row
            if self.versioned:
                version = {**version, "lock_version": number}
            values = tuple(version[c] for c in self.history_columns)
            self.history.append((event.when, event.reason, event.type, event.user_id, values))
        return row

    def flush(self) -> dict[int, int]:
        """Copy the rows, then the history rows in time order (history ids rise with time).
        Returns the creation row's history id of each object (for m2m history rows)."""
        self.writer.copy(self.model._meta.db_table, self.columns, self.rows)
        created: dict[int, int] = {}
        if self.history_model is not None and self.history:
            self.history.sort(key=lambda h: h[0])
            first = self.writer.max_id(self.history_model._meta.db_table, "history_id") + 1
            id_index = self.history_columns.index("id")

            def rows():
                for offset, (when, reason, kind, user, values) in enumerate(self.history):
                    history_id = first + offset
                    if kind == "+":
                        created[values[id_index]] = history_id
                    yield (*values, history_id, when, reason, kind, user)

            self.writer.copy(
                self.history_model._meta.db_table,
                [*self.history_columns, *HISTORY_COLUMNS],
                rows(),
            )
        self.writer.counts[self.model._meta.label] = len(self.rows)
        if self.history_model is not None:
            self.writer.counts[self.history_model._meta.label] = len(self.history)
        self.rows, self.history = [], []
        return created


class Writer:
    """Copies rows through Django's own database connection (so a test's transaction holds them)."""

    def __init__(self):
        self.counts: dict[str, int] = {}
        self.tables: dict = {}

    def table(self, model) -> Table:
        if model not in self.tables:
            self.tables[model] = Table(self, model)
        return self.tables[model]

    def max_id(self, table: str, column: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT coalesce(max("{column}"), 0) FROM "{table}"')
            return cursor.fetchone()[0]

    def copy(self, table: str, columns: list[str], rows) -> None:
        names = ", ".join(f'"{c}"' for c in columns)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor under Django's wrapper
            with raw.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)


def reset_sequences(models) -> None:
    """Move each table's identity sequence past the ids the generator chose."""
    tables = []
    for model in models:
        tables.append((model._meta.db_table, model._meta.pk.column))
        if history_model(model) is not None:
            tables.append((history_model(model)._meta.db_table, "history_id"))
    with connection.cursor() as cursor:
        for table, column in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), "
                f'coalesce((SELECT max("{column}") FROM "{table}"), 0) + 1, false)',
                [table, column],
            )
