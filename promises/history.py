"""The audit trail in words a user understands: labels instead of column names, choices by their
Swedish names, related objects by name and long texts as a word diff (promises.textdiff, computed
only when a page shows it).

A history page loads only its own rows (``PagedHistory``, under "Selectors"); related objects are
looked up in one query per related model, so a history page runs a fixed number of queries however
long the history is.
"""

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from django.core.paginator import Page
from django.db import connection, models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .paging import PAGE_PARAMETER, CountedPaginator
from .textdiff import TextDiff, TextPiece, diff_texts

# The history page every app renders (templates/promises/history.html), paged by "?sida=".
HISTORY_TEMPLATE = "promises/history.html"
HISTORY_PAGE_PARAMETER = PAGE_PARAMETER
# 25 changes, each a heading and a table of fields: a page that reads and renders quickly.
HISTORY_PAGE_SIZE = 25
# Bookkeeping columns that never interest a reader of the history.
HIDDEN_FIELDS = {"id", "created_at", "lock_version"}
LONG_TEXT_WORDS = 12
# A conflict message names each changed field with its new value, shortened to this.
CONFLICT_VALUE_WORDS, CONFLICT_VALUE_CHARS = 30, 300


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str
    # The old and the new value of a long text, compared only when ``diff`` is first read.
    texts: tuple[str, str] | None = None

    @cached_property
    def text_diff(self) -> TextDiff | None:
        return diff_texts(*self.texts) if self.texts is not None else None

    @property
    def diff(self) -> list[TextPiece] | None:
        """The change word by word; empty when it is only summarised (see ``summary``)."""
        return self.text_diff.pieces if self.text_diff is not None else None

    @property
    def summary(self) -> str:
        return self.text_diff.summary if self.text_diff is not None else ""

    @property
    def show_full_texts(self) -> bool:
        return self.text_diff is not None and self.text_diff.show_full_texts


@dataclass
class HistoryEntry:
    record: object
    object_label: str
    kind_label: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def user(self):
        return self.record.history_user

    @property
    def when(self) -> datetime:
        return self.record.history_date

    @property
    def reason(self) -> str:
        return self.record.history_change_reason or ""

    @property
    def is_creation(self) -> bool:
        return self.record.history_type == "+"


@functools.cache
def _tracked_fields(model) -> tuple[models.Field, ...]:
    # A model may hide more (promises.audit.HistoryHints), e.g. an issued report's snapshot.
    hidden = HIDDEN_FIELDS | set(getattr(model, "history_hidden_fields", ()))
    return tuple(
        f
        for f in model._meta.concrete_fields
        if f.name not in hidden and not f.name.startswith("history_")
    )


@functools.cache
def _choice_labels(model_field: models.Field, language: str) -> dict:
    """A field's choices as value → label in ``language`` (read once per field and language)."""
    return {value: str(label) for value, label in model_field.flatchoices}


@functools.cache
def _field_label(model_field: models.Field, language: str) -> str:
    return str(model_field.verbose_name).capitalize()


class RelatedNames:
    """Names of the objects that foreign keys in history rows point at, loaded in bulk: one query
    per related model. ``records`` maps each model to its history rows; ``every_model`` queries
    each related model even when no row points at it, so that a history page runs the same
    queries whatever it shows."""

    def __init__(self, records: dict, *, every_model: bool = False):
        wanted: dict[type, set] = defaultdict(set)
        self.names: dict[tuple[type, object], str] = {}
        for model, rows in records.items():
            for fk in _tracked_fields(model):
                if not isinstance(fk, models.ForeignKey):
                    continue
                ids = wanted[fk.related_model]
                ids.update(v for r in rows if (v := getattr(r, fk.attname, None)) is not None)
        for related_model, ids in wanted.items():
            if not ids and not every_model:
                continue
            # A model whose name needs its parent (an activity's code) names what to join
            # (promises.audit.HistoryHints).
            joins = getattr(related_model, "label_select_related", ())
            # Keys start at 1: "[0]" finds nothing but still runs the query.
            objects = related_model._default_manager.filter(pk__in=ids or [0])
            if joins:
                objects = objects.select_related(*joins)
            for obj in objects:
                # People by name, as the rest of the app shows them.
                name = obj.get_full_name() if hasattr(obj, "get_full_name") else ""
                self.names[(related_model, obj.pk)] = name or str(obj)

    def name(self, fk, value) -> str:
        if value is None:
            return "–"
        return self.names.get(
            (fk.related_model, value), _("(borttagen, nr %(id)s)") % {"id": value}
        )


def display_value(model_field: models.Field, value, related: RelatedNames) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(model_field, models.ForeignKey):
        return related.name(model_field, value)
    if model_field.choices:
        return _choice_labels(model_field, get_language()).get(value, str(value))
    if isinstance(model_field, models.BooleanField):
        return _("Ja") if value else _("Nej")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _value(record, model_field):
    return getattr(record, model_field.attname, None)


def field_changes(model, new, old, related: RelatedNames) -> list[FieldChange]:
    """The fields that differ between two history rows of one object (``old`` may be None)."""
    changes = []
    for model_field in _tracked_fields(model):
        new_value = _value(new, model_field)
        old_value = _value(old, model_field) if old is not None else None
        if old is not None and new_value == old_value:
            continue
        if old is None and new_value in (None, ""):
            continue
        change = FieldChange(
            name=model_field.name,
            label=_field_label(model_field, get_language()),
            old=display_value(model_field, old_value, related) if old is not None else "",
            new=display_value(model_field, new_value, related),
        )
        is_long = isinstance(model_field, models.TextField) or (
            isinstance(new_value, str) and len(new_value.split()) > LONG_TEXT_WORDS
        )
        if old is not None and is_long and isinstance(new_value, str):
            change.texts = (old_value or "", new_value)
        changes.append(change)
    return changes


ACTIONS = {"+": _("Skapades"), "~": _("Ändrades"), "-": _("Togs bort")}


def _object_label(model, record) -> str:
    if model._meta.model_name == "activity":
        # An activity's code needs its focus area; callers that show many activities pass labels.
        return _("Aktivitet nr %(number)s") % {"number": record.number}
    return str(record.instance)


def _entry(model, record, before, related: RelatedNames, label_for=None) -> HistoryEntry:
    """The entry of one history row, compared with ``before``, the object's row before it."""
    return HistoryEntry(
        record=record,
        object_label=label_for(record) if label_for else _object_label(model, record),
        kind_label=str(model._meta.verbose_name).capitalize(),
        action=str(ACTIONS.get(record.history_type, record.history_type)),
        changes=[] if record.history_type == "-" else field_changes(model, record, before, related),
    )


def entries_for(
    model, records, *, previous: dict | None = None, label_for=None
) -> list[HistoryEntry]:
    """History entries, newest first, for ``records`` of ``model`` (any number of objects).

    ``records`` must hold, for each object, every row older than the newest one shown, so that each
    row is compared with the one before it; ``previous`` may supply older rows kept elsewhere.
    """
    records = sorted(records, key=lambda r: r.history_id)
    related = RelatedNames({model: records})
    last_seen: dict = dict(previous or {})
    entries = []
    for record in records:
        entries.append(_entry(model, record, last_seen.get(record.id), related, label_for))
        last_seen[record.id] = record
    entries.reverse()
    return entries


def describe_entries(entries: list[HistoryEntry]) -> list[str]:
    """One line per change, for the conflict message: who, when, which fields, what they say now."""
    lines = []
    for entry in reversed(entries):
        who = entry.user.get_full_name() or entry.user.get_username() if entry.user else _("okänd")
        when = date_format(timezone.localtime(entry.when), "Y-m-d H:i")
        fields = ", ".join(f"{c.label}: {_shortened(c.new)}" for c in entry.changes) or entry.action
        lines.append(
            _("%(who)s sparade %(when)s – %(fields)s")
            % {"who": who, "when": when, "fields": fields}
        )
    return lines


def _shortened(value: str) -> str:
    return Truncator(Truncator(value).words(CONFLICT_VALUE_WORDS, truncate="…")).chars(
        CONFLICT_VALUE_CHARS, truncate="…"
    )


# Selectors ------------------------------------------------------------------------------------
#
# A history page loads only its own rows. The keys of every row of the history (its date, its id
# and its kind) are ordered and sliced in SQL; then each model's rows on the page are fetched by
# id in one query, together with the row before each of them (which its changes are compared
# with). The queries of a page are the same whatever the data: the keys with their count (one
# query), one per model that the history shows, one per model that those point at, and one for an
# activity's code.


@dataclass(frozen=True)
class HistorySource:
    """The history rows of one model that a history shows, under a kind (a TREE_KINDS key)."""

    model: type
    rows: models.QuerySet
    label_for: object = None
    kind: str = ""


def _ids(values) -> list:
    # Keys start at 1: "[0]" finds nothing but still runs the query (Django runs none for an empty
    # "IN"), so that a history page runs the same queries whatever it shows.
    return list(values) or [0]


class PagedHistory:
    """History entries of ``sources``, newest first, loaded a slice at a time (Paginator takes it:
    ``count()`` counts in SQL and a slice loads only its own rows)."""

    def __init__(self, sources: list[HistorySource], labels=None):
        self.sources = sources
        # Called with every row a page loads, before it is labelled (an activity's code).
        self.labels = labels

    def _union(self):
        keys = [
            source.rows.order_by()
            .annotate(source=models.Value(index))
            .values_list("history_date", "history_id", "source")
            for index, source in enumerate(self.sources)
        ]
        union = keys[0].union(*keys[1:], all=True) if len(keys) > 1 else keys[0]
        # Unordered: a union takes the history model's default ordering, a sort of every key.
        return union.order_by()

    def _keys(self):
        return self._union().order_by("-history_date", "-history_id", "source")

    def count(self) -> int:
        return self._keys().count()

    def page(self, number, per_page: int) -> Page:
        """Page ``number`` (as a request gives it; a bad one as ``Paginator.get_page`` reads it:
        "abc" the first page, "0" or past the end the last) with the count of all entries, whose
        keys come from one scan of the history: counted and sliced in the same query."""
        try:
            wanted = int(number) if number is not None else 1
        except (TypeError, ValueError):
            wanted = 1
        wanted = wanted if 1 <= wanted <= 10**9 else 10**9
        sql, params = self._union().query.sql_with_params()
        with connection.cursor() as cursor:
            # The keys are read once (a CTE used twice is materialised); the offset is that of the
            # page asked for, or of the last page when the number is past it.
            cursor.execute(
                f"WITH keys AS ({sql}), total AS (SELECT COUNT(*) AS n FROM keys) "
                "SELECT total.n, page.history_date, page.history_id, page.source FROM total "
                "LEFT JOIN LATERAL (SELECT * FROM keys ORDER BY history_date DESC, "
                "history_id DESC, source LIMIT %s OFFSET LEAST(%s, "
                "GREATEST(total.n - 1, 0) / %s * %s)) page ON true",
                (*params, per_page, (wanted - 1) * per_page, per_page, per_page),
            )
            rows = cursor.fetchall()
        count = rows[0][0]
        keys = [row[1:] for row in rows if row[2] is not None]
        paginator = CountedPaginator(self, per_page, count=count)
        return Page(self._entries(keys), min(wanted, paginator.num_pages), paginator)

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        start, size = 0, 500
        while entries := self[start : start + size]:
            yield from entries
            start += size

    def __getitem__(self, index):
        if not isinstance(index, slice):
            entries = self[index : index + 1] if index >= 0 else list(self)[index:][:1]
            if not entries:
                raise IndexError(index)
            return entries[0]
        return self._entries(list(self._keys()[index]))

    def _entries(self, keys: list) -> list[HistoryEntry]:
        """The entries of ``keys`` ((date, history id, source) in the page's order)."""
        wanted: dict[int, list[int]] = defaultdict(list)
        for _date, history_id, source in keys:
            wanted[source].append(history_id)
        loaded = [self._load(source, wanted[index]) for index, source in enumerate(self.sources)]
        related = RelatedNames(
            {
                source.model: list(older.values())
                for source, (_, older) in zip(self.sources, loaded, strict=True)
            },
            every_model=True,
        )
        if self.labels is not None:
            self.labels([row for rows, _previous in loaded for row in rows.values()])
        entries = []
        for _date, history_id, index in keys:
            source, (rows, previous) = self.sources[index], loaded[index]
            record = rows[history_id]
            before = previous.get(record.previous_id)
            entries.append(_entry(source.model, record, before, related, source.label_for))
        return entries

    @staticmethod
    def _load(source: HistorySource, history_ids: list[int]) -> tuple[dict, dict]:
        """The rows ``history_ids`` of one model and the row before each (one query)."""
        history_model = source.model.history.model
        previous = Subquery(
            history_model.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
            .order_by("-history_id")
            .values("history_id")[:1]
        )
        page = history_model.objects.filter(history_id__in=_ids(history_ids))
        before = page.annotate(previous_id=previous).values("previous_id")
        rows = (
            history_model.objects.filter(
                history_id__in=page.values("history_id").union(before, all=True)
            )
            .annotate(previous_id=previous)
            .select_related("history_user")
            .order_by()
        )
        wanted = set(history_ids)
        shown, older = {}, {}
        for row in rows:
            if row.history_id in wanted:
                shown[row.history_id] = row
            else:
                older[row.history_id] = row
        # A row on the page may be the previous row of another one on it.
        return shown, {**older, **shown}


def object_history(obj) -> PagedHistory:
    """Every change of one object, newest first, a page at a time."""
    return PagedHistory([HistorySource(type(obj), obj.history.all())])


TREE_KINDS = {
    "lofte": _("Löftet"),
    "undertecknare": _("Undertecknare"),
    "fokusomrade": _("Fokusområden"),
    "aktivitet": _("Aktiviteter"),
    "statusuppdatering": _("Statusuppdateringar"),
}


def promise_tree_history(promise, *, kind: str = "") -> PagedHistory:
    """The changes of a promise and of everything under it, also what has since been deleted,
    newest first, optionally only one ``kind`` (a key of TREE_KINDS), a page at a time. An object
    belongs to the tree if any of its history rows does (a deleted activity by its focus area)."""
    from .models import Activity, FocusArea, Promise, Signatory, StatusUpdate

    area_ids = FocusArea.history.filter(promise_id=promise.pk).values("id")
    activity_ids = Activity.history.filter(focus_area_id__in=area_ids).values("id")
    codes: dict[int, str] = {}

    def load_codes(records):
        """The code ("2:3") of each activity on the page, from its newest row in the tree."""
        # (``Model.history`` builds a manager at each read: read it once.)
        activity_rows, update_rows = Activity.history.model, StatusUpdate.history.model
        ids = {r.id for r in records if isinstance(r, activity_rows)}
        ids |= {r.activity_id for r in records if isinstance(r, update_rows)}
        area_number = Subquery(
            FocusArea.history.filter(promise_id=promise.pk, id=OuterRef("focus_area_id"))
            .order_by("-history_id")
            .values("number")[:1]
        )
        in_tree = Activity.history.filter(focus_area_id__in=area_ids)
        newest_row = Subquery(
            in_tree.filter(id=OuterRef("id")).order_by("-history_id").values("history_id")[:1]
        )
        newest = (
            in_tree.filter(id__in=_ids(ids), history_id=newest_row)
            .annotate(area_number=area_number)
            .values_list("id", "number", "area_number")
        )
        for activity_id, number, area in newest:
            codes[activity_id] = f"{area if area is not None else '?'}:{number}"

    def activity_label(record):
        return _("Aktivitet %(code)s") % {"code": codes.get(record.id, "?")}

    def update_label(record):
        return _("Uppdatering %(date)s av aktivitet %(code)s") % {
            "date": record.date.isoformat(),
            "code": codes.get(record.activity_id, "?"),
        }

    sources = [
        HistorySource(Promise, Promise.history.filter(id=promise.pk), kind="lofte"),
        HistorySource(
            Signatory, Signatory.history.filter(promise_id=promise.pk), kind="undertecknare"
        ),
        HistorySource(
            FocusArea, FocusArea.history.filter(promise_id=promise.pk), kind="fokusomrade"
        ),
        HistorySource(
            Activity,
            Activity.history.filter(focus_area_id__in=area_ids),
            activity_label,
            kind="aktivitet",
        ),
        HistorySource(
            StatusUpdate,
            StatusUpdate.history.filter(activity_id__in=activity_ids),
            update_label,
            kind="statusuppdatering",
        ),
    ]
    sources = [source for source in sources if not kind or source.kind == kind]
    tree_labels = any(source.label_for for source in sources)
    return PagedHistory(sources, labels=load_codes if tree_labels else None)


def history_context(obj, *, heading, back_url, entries, page_number=None, **extra) -> dict:
    """The context of the history page (HISTORY_TEMPLATE) of ``obj``: one page of ``entries``
    (``page_number`` is the request's HISTORY_PAGE_PARAMETER), a heading and the way back. Any app
    with a history renders HISTORY_TEMPLATE with it from its own view; ``extra`` goes to the
    template as is (the promise page's filter by kind)."""
    page = entries.page(page_number, HISTORY_PAGE_SIZE)
    return {
        "object": obj,
        "heading": heading,
        "back_url": back_url,
        "entries": page.object_list,
        "page": page,
        **extra,
    }
