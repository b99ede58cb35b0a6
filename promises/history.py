"""The audit trail in words a user understands: labels instead of column names, choices by their
Swedish names, related objects by name and long texts as a word diff (promises.textdiff, computed
only when a page shows it).

Every function works on history rows already loaded; related objects are looked up in one query per
related model, so a history page runs a fixed number of queries however long the history is.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .textdiff import TextDiff, TextPiece, diff_texts

# The history page every app renders (templates/promises/history.html), paged by "?sida=".
HISTORY_TEMPLATE = "promises/history.html"
HISTORY_PAGE_PARAMETER = "sida"
HISTORY_PAGE_SIZE = 50
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


def _tracked_fields(model) -> list[models.Field]:
    # A model may hide more (promises.audit.HistoryHints), e.g. an issued report's snapshot.
    hidden = HIDDEN_FIELDS | set(getattr(model, "history_hidden_fields", ()))
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in hidden and not f.name.startswith("history_")
    ]


class RelatedNames:
    """Names of the objects that foreign keys in history rows point at, loaded in bulk."""

    def __init__(self, model, records):
        wanted: dict[type, set] = defaultdict(set)
        self.fields = {
            f.attname: f for f in _tracked_fields(model) if isinstance(f, models.ForeignKey)
        }
        for record in records:
            for attname, fk in self.fields.items():
                value = getattr(record, attname, None)
                if value is not None:
                    wanted[fk.related_model].add(value)
        self.names: dict[tuple[type, object], str] = {}
        for related_model, ids in wanted.items():
            # A model whose name needs its parent (an activity's code) names what to join
            # (promises.audit.HistoryHints).
            joins = getattr(related_model, "label_select_related", ())
            objects = related_model._default_manager.filter(pk__in=ids)
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
        return str(dict(model_field.flatchoices).get(value, value))
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
            label=str(model_field.verbose_name).capitalize(),
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


def entries_for(
    model, records, *, previous: dict | None = None, label_for=None
) -> list[HistoryEntry]:
    """History entries, newest first, for ``records`` of ``model`` (any number of objects).

    ``records`` must hold, for each object, every row older than the newest one shown, so that each
    row is compared with the one before it; ``previous`` may supply older rows kept elsewhere.
    """
    records = sorted(records, key=lambda r: r.history_id)
    related = RelatedNames(model, records)
    last_seen: dict = dict(previous or {})
    entries = []
    kind_label = str(model._meta.verbose_name).capitalize()
    for record in records:
        before = last_seen.get(record.id)
        if record.history_type == "-":
            changes = []
        else:
            changes = field_changes(model, record, before, related)
        entries.append(
            HistoryEntry(
                record=record,
                object_label=label_for(record) if label_for else _object_label(model, record),
                kind_label=kind_label,
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                changes=changes,
            )
        )
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


def object_history(obj) -> list[HistoryEntry]:
    """Every change of one object, newest first (two queries plus one per related model)."""
    rows = obj.history.select_related("history_user").order_by("history_id")
    return entries_for(type(obj), list(rows))


TREE_KINDS = {
    "lofte": _("Löftet"),
    "undertecknare": _("Undertecknare"),
    "fokusomrade": _("Fokusområden"),
    "aktivitet": _("Aktiviteter"),
    "statusuppdatering": _("Statusuppdateringar"),
}


def promise_tree_history(promise, *, kind: str = "") -> list[HistoryEntry]:
    """The changes of a promise and of everything under it, also what has since been deleted,
    newest first, optionally only one ``kind`` (a key of TREE_KINDS). Five queries for the rows,
    plus one per related model for names."""
    from .models import Activity, FocusArea, Promise, Signatory, StatusUpdate

    def rows(model, **filters):
        return list(model.history.filter(**filters).select_related("history_user"))

    area_ids = FocusArea.history.filter(promise_id=promise.pk).values("id")
    activity_ids = Activity.history.filter(focus_area_id__in=area_ids).values("id")
    area_rows = rows(FocusArea, promise_id=promise.pk)
    activity_rows = rows(Activity, focus_area_id__in=area_ids)
    area_numbers = {r.id: r.number for r in sorted(area_rows, key=lambda r: r.history_id)}
    codes = {
        r.id: f"{area_numbers.get(r.focus_area_id, '?')}:{r.number}"
        for r in sorted(activity_rows, key=lambda r: r.history_id)
    }

    def activity_label(record):
        return _("Aktivitet %(code)s") % {"code": codes.get(record.id, "?")}

    def update_label(record):
        return _("Uppdatering %(date)s av aktivitet %(code)s") % {
            "date": record.date.isoformat(),
            "code": codes.get(record.activity_id, "?"),
        }

    sources = {
        "lofte": (Promise, lambda: rows(Promise, id=promise.pk), None),
        "undertecknare": (Signatory, lambda: rows(Signatory, promise_id=promise.pk), None),
        "fokusomrade": (FocusArea, lambda: area_rows, None),
        "aktivitet": (Activity, lambda: activity_rows, activity_label),
        "statusuppdatering": (
            StatusUpdate,
            lambda: rows(StatusUpdate, activity_id__in=activity_ids),
            update_label,
        ),
    }
    entries: list[HistoryEntry] = []
    for key, (model, load, label_for) in sources.items():
        if kind and key != kind:
            continue
        entries.extend(entries_for(model, load(), label_for=label_for))
    entries.sort(key=lambda e: (e.when, e.record.history_id), reverse=True)
    return entries


def history_context(obj, *, heading, back_url, entries, page_number=None, **extra) -> dict:
    """The context of the history page (HISTORY_TEMPLATE) of ``obj``: one page of ``entries``
    (``page_number`` is the request's HISTORY_PAGE_PARAMETER), a heading and the way back. Any app
    with a history renders HISTORY_TEMPLATE with it from its own view; ``extra`` goes to the
    template as is (the promise page's filter by kind)."""
    page = Paginator(entries, HISTORY_PAGE_SIZE).get_page(page_number)
    return {
        "object": obj,
        "heading": heading,
        "back_url": back_url,
        "entries": page.object_list,
        "page": page,
        **extra,
    }
