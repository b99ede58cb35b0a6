"""The public revision: when what a visitor sees last changed, kept in the transaction of the change.

A public page changes when something it shows changes, and only then: its version (ETag and
Last-Modified) must never move when only internal data changes (an internal update, an activity's
contact persons, an agreement's goals, a promise's follow-up cadence), or the headers would tell
that something happened.

Every write of the chain leaves a row in the history tables (django-simple-history), deletions and
restores included, whatever path wrote it: the services, the admin, the shell. Right after each
history row is written, in the same transaction, :func:`note_public_change` compares its *public
snapshot* (the fields a visitor sees, ``PUBLIC_FIELDS``, or nothing when the record is not public in
that row: a draft promise, an update not marked public, a deletion) with the previous row's of the
same record. When they differ it stamps ``PublicRevision`` for everything whose public pages show
the record: the promise, the kommun's page and feed, the list of kommuner, the update's feed entry.
Reading a version is then one indexed row, whatever the size of the history.

A write that leaves no history row (``QuerySet.update()``, ``bulk_create()``) stamps nothing: the
app's write paths never change public content that way (``promises.text``'s repair of stored
texts is the one exception, run once by a migration; a data load must stamp what it loads).
"""

from django.db.models import Case, F, Q, TextField, Value, When
from django.db.models.functions import Cast, JSONObject
from django.dispatch import receiver
from django.utils import timezone
from simple_history.signals import post_create_historical_record

from .audit import current_deletion
from .models import (
    Activity,
    Agreement,
    FocusArea,
    Organisation,
    Promise,
    PublicRevision,
    StatusUpdate,
)
from .querysets import PUBLIC_UPDATE, public_promise

Kind = PublicRevision.Kind

# What the public pages, feeds and open data show of each model (ids that link records included).
PUBLIC_FIELDS = {
    Organisation: ("kind", "name", "slug", "municipality_code", "contact_email"),
    Agreement: ("municipality_id", "police_area_id"),
    Promise: (
        "kind",
        "agreement_id",
        "title",
        "period_start",
        "period_end",
        "status",
        "adopted_by",
        "adopted_on",
        "adoption_paragraph",
        "reference_number",
        "supersedes_id",
        "purpose",
        "situation",
        "background",
        "joint_commitment",
        "expected_effect",
        "follow_along",
    ),
    FocusArea: ("promise_id", "number", "title", "definition"),
    Activity: (
        "focus_area_id",
        "number",
        "description",
        "responsible",
        "partners",
        "planned_start",
        "planned_end",
        "target_count",
        "target_unit",
        "target_period",
        "goal_text",
    ),
    StatusUpdate: ("activity_id", "date", "status", "description", "occurrences", "created_at"),
}

# When a history row is public at all (beside not being a deletion).
PUBLIC_ROW = {
    Promise: public_promise(),
    StatusUpdate: PUBLIC_UPDATE,
}


def _snapshot(model):
    """The public snapshot of a history row of ``model`` as text, or "" when it shows nothing."""
    fields = JSONObject(**{name: F(name) for name in PUBLIC_FIELDS[model]})
    shown = ~Q(history_type="-") & PUBLIC_ROW.get(model, Q())
    return Case(
        When(shown, then=Cast(fields, TextField())),
        default=Value(""),
        output_field=TextField(),
    )


@receiver(post_create_historical_record)
def note_public_change(sender, instance, history_instance, **kwargs):
    """Stamp the public revisions that a history row just written changes (nothing if none)."""
    model = instance._meta.concrete_model
    if model not in PUBLIC_FIELDS:
        return
    rows = list(
        model.history.model.objects.filter(
            id=history_instance.id, history_id__lte=history_instance.history_id
        )
        .annotate(snapshot=_snapshot(model))
        .order_by("-history_id")[:2]
    )
    previous = rows[1].snapshot if len(rows) > 1 else ""
    if rows[0].snapshot == previous:
        return
    stamp(_shown_in(model, rows))


def _values(rows, name: str) -> set:
    return {getattr(row, name) for row in rows} - {None}


def _public_promises(**filters) -> set[tuple[str, int]]:
    """The stamps of the public promises chosen by ``filters`` and of their kommuner."""
    found = Promise.objects.public().filter(**filters).values_list("pk", "agreement__municipality")
    return {(Kind.PROMISE, pk) for pk, _m in found} | {(Kind.MUNICIPALITY, m) for _p, m in found}


def _shown_in(model, rows) -> set[tuple[str, int]]:
    """The stamps of what shows the record of ``rows`` (its newest history rows, new state first):
    where it is now and where it was before, so that a move is seen from both sides."""
    if model is StatusUpdate:
        shown = _public_promises(focus_areas__activities__in=_values(rows, "activity_id"))
        return shown | {(Kind.UPDATE, rows[0].id)} if shown else set()
    if model is Activity:
        return _public_promises(focus_areas__in=_values(rows, "focus_area_id"))
    if model is FocusArea:
        return _public_promises(pk__in=_values(rows, "promise_id"))
    if model is Promise:
        pk = rows[0].id
        # The page of a predecessor or a successor shows this promise's title and link.
        linked = _values(rows, "supersedes_id") | set(
            Promise.objects.filter(supersedes_id=pk).values_list("pk", flat=True)
        )
        municipalities = Agreement.objects.filter(pk__in=_values(rows, "agreement_id")).values_list(
            "municipality", flat=True
        )
        return (
            {(Kind.HOME, 0), (Kind.PROMISE, pk)}
            | {(Kind.PROMISE, other) for other in linked}
            | {(Kind.MUNICIPALITY, m) for m in municipalities}
        )
    # An agreement or a police area shows only through the public promises under it; a kommun
    # also on its own page and in the list of kommuner.
    if model is Agreement:
        shown = _public_promises(agreement_id=rows[0].id)
        kommuner = _values(rows, "municipality_id") if shown else set()
    else:
        pk = rows[0].id
        shown = _public_promises(agreement__municipality=pk) | _public_promises(
            agreement__police_area=pk
        )
        is_kommun = any(row.kind == Organisation.Kind.MUNICIPALITY for row in rows)
        kommuner = {pk} if is_kommun else set()
    if not shown and not kommuner:
        return set()
    return shown | {(Kind.HOME, 0)} | {(Kind.MUNICIPALITY, m) for m in kommuner}


def stamp(targets: set[tuple[str, int]]) -> None:
    """Set the revisions ``targets`` (kind, id) to now. One query; a deletion that takes many rows
    along stamps each target once."""
    deletion = current_deletion()
    if deletion is not None:
        done = deletion.__dict__.setdefault("_public_stamps", set())
        targets = targets - done
        done |= targets
    if not targets:
        return
    now = timezone.now()
    PublicRevision.objects.bulk_create(
        # In one order in every transaction, so that two of them never wait for each other.
        [PublicRevision(kind=k, object_id=pk, changed_at=now) for k, pk in sorted(targets)],
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=["changed_at"],
    )


def stamp_everything() -> None:
    """Stamp every promise, every kommun and the list of kommuner as changed now: for a data load
    that wrote no history (``bulk_create``), or a repair in SQL. Caches revalidate once."""
    stamp(
        {(Kind.HOME, 0)}
        | {
            (Kind.MUNICIPALITY, pk)
            for pk in Organisation.objects.municipalities().values_list("pk", flat=True)
        }
        | {(Kind.PROMISE, pk) for pk in Promise.objects.values_list("pk", flat=True)}
    )
