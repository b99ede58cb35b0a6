"""Every write to the chain goes through these functions.

Each one is keyword-only, runs in a transaction, validates with ``full_clean()`` (so the Swedish
message lands on the field it concerns) and records who made the change, and why when a reason is
given, in the object's history.
"""

from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from datetime import date
from types import SimpleNamespace
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from .audit import recording_deletion
from .history import describe_entries, entries_for
from .models import (
    Activity,
    Agreement,
    Deletion,
    FocusArea,
    Organisation,
    Promise,
    Signatory,
    StatusUpdate,
)
from .selectors import deletion_consequences


class EditConflict(ValidationError):
    """Someone else saved the object after the editor opened it: nothing was overwritten."""

    def __init__(self, message, *, current_version: int, changes: list[str]):
        super().__init__(message, code="conflict")
        self.current_version = current_version
        self.changes = changes


def current_version(instance: Model) -> int | None:
    """The version an edit form is opened on: the id of the object's newest history row."""
    return instance.history.order_by("-history_id").values_list("history_id", flat=True).first()


def _check_version(instance: Model, expected_version: int | None) -> None:
    """Refuse to save over changes made since ``expected_version``, naming who changed what.

    The row lock serialises two saves of the same object, so the second always sees the first.
    """
    if expected_version is None or instance.pk is None:
        return
    model = type(instance)
    if not model._default_manager.select_for_update().filter(pk=instance.pk).exists():
        raise ValidationError(_("Någon annan har tagit bort det här medan du skrev."))
    newer = list(
        instance.history.filter(history_id__gt=expected_version)
        .select_related("history_user")
        .order_by("history_id")
    )
    if not newer:
        return
    older = instance.history.filter(history_id__lte=expected_version).order_by("-history_id")
    previous = {instance.pk: row} if (row := older.first()) else {}
    changes = describe_entries(entries_for(model, newer, previous=previous))
    raise EditConflict(
        _(
            "Någon annan sparade ändringar medan du skrev, så dina ändringar är inte sparade. "
            "Det du skrev finns kvar i formuläret: jämför, slå ihop och spara igen."
        ),
        current_version=newer[-1].history_id,
        changes=changes,
    )


def _save(instance: Model, *, user, reason: str = "", expected_version: int | None = None) -> Model:
    _check_version(instance, expected_version)
    instance.full_clean()
    instance._history_user = user
    if reason:
        instance._change_reason = reason
    instance.save()
    return instance


def _assign(instance: Model, fields: Mapping[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)


@contextmanager
def _acting_user(user):
    """Attribute to ``user`` the history rows of objects a service never holds: the focus areas,
    activities and updates that a deletion cascades to. In a request HistoryRequestMiddleware does
    this; outside one (a management command, the shell) nothing else would."""
    context = HistoricalRecords.context
    if getattr(context, "request", None) is not None or user is None:
        yield
        return
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        del context.request


def _municipality_of(instance: Model) -> Organisation:
    """The kommun a restorable object belongs to (models declare it as ``deletion_municipality``)."""
    if not hasattr(instance, "deletion_municipality"):
        raise TypeError(f"{type(instance).__name__} is not restorable")
    return instance.deletion_municipality


def _delete(instance: Model, *, user, reason: str = "", restorable: bool = True) -> None:
    """Delete ``instance`` and what cascades with it; a restorable deletion is recorded as one unit
    that "Borttaget" can bring back whole."""
    instance._history_user = user
    if reason:
        instance._change_reason = reason
    if not restorable:
        with _acting_user(user):
            instance.delete()
        return
    deletion = Deletion(
        municipality=_municipality_of(instance),
        kind=str(instance._meta.verbose_name).capitalize(),
        description=_deletion_description(instance)[:300],
        contents=", ".join(deletion_consequences(instance))[:300],
        deleted_by=user if getattr(user, "is_authenticated", False) else None,
    )
    _save(deletion, user=user, reason=reason)
    with _acting_user(user), recording_deletion(deletion):
        instance.delete()


def _deletion_description(instance: Model) -> str:
    if isinstance(instance, Activity):
        return f"{instance.code} {instance.description}"
    if isinstance(instance, StatusUpdate):
        return f"{instance.activity.code}: {instance} – {instance.description}"
    return str(instance)


# Agreements ---------------------------------------------------------------------------------


@transaction.atomic
def create_agreement(
    *,
    user,
    municipality: Organisation,
    police_area: Organisation,
    title: str,
    valid_from: date,
    valid_to: date,
    signatories: Iterable[tuple[str, str]] | None = None,
    **fields: Any,
) -> Agreement:
    agreement = Agreement(
        municipality=municipality,
        police_area=police_area,
        title=title,
        valid_from=valid_from,
        valid_to=valid_to,
        **fields,
    )
    _save(agreement, user=user)
    if signatories is not None:
        set_signatories(document=agreement, user=user, signatories=signatories)
    return agreement


@transaction.atomic
def update_agreement(
    *,
    agreement: Agreement,
    user,
    fields: Mapping[str, Any],
    reason: str = "",
    expected_version: int | None = None,
) -> Agreement:
    fields = dict(fields)
    signatories = fields.pop("signatories", None)
    _assign(agreement, fields)
    _save(agreement, user=user, reason=reason, expected_version=expected_version)
    if signatories is not None:
        set_signatories(document=agreement, user=user, signatories=signatories)
    return agreement


@transaction.atomic
def set_signatories(
    *,
    document: Agreement | Promise,
    user,
    signatories: Iterable[tuple[str, str]],
) -> list[Signatory]:
    """Replace a document's signatories with ``(name, title)`` pairs, in signing order."""
    owner = {"agreement": document} if isinstance(document, Agreement) else {"promise": document}
    signatories = list(signatories)
    existing = list(document.signatories.all())
    if [(s.name, s.title) for s in existing] == signatories:
        return existing
    for signatory in existing:
        _delete(signatory, user=user, restorable=False)
    return [
        _save(Signatory(name=name, title=title, order=order, **owner), user=user)
        for order, (name, title) in enumerate(signatories, start=1)
    ]


# Promises -----------------------------------------------------------------------------------


@transaction.atomic
def create_promise(
    *,
    user,
    agreement: Agreement,
    title: str,
    period_start: date,
    period_end: date,
    kind: str = Promise.Kind.CITIZEN_PROMISE,
    signatories: Iterable[tuple[str, str]] | None = None,
    **fields: Any,
) -> Promise:
    promise = Promise(
        agreement=agreement,
        title=title,
        period_start=period_start,
        period_end=period_end,
        kind=kind,
        status=Promise.Status.DRAFT,
        **fields,
    )
    _save(promise, user=user)
    if signatories is not None:
        set_signatories(document=promise, user=user, signatories=signatories)
    return promise


@transaction.atomic
def update_promise(
    *,
    promise: Promise,
    user,
    fields: Mapping[str, Any],
    reason: str = "",
    expected_version: int | None = None,
) -> Promise:
    if "status" in fields and fields["status"] != promise.status:
        raise ValidationError(
            {"status": _("Statusen ändras genom att anta, avsluta eller ersätta löftet.")}
        )
    fields = dict(fields)
    signatories = fields.pop("signatories", None)
    _assign(promise, fields)
    _save(promise, user=user, reason=reason, expected_version=expected_version)
    if signatories is not None:
        set_signatories(document=promise, user=user, signatories=signatories)
    return promise


@transaction.atomic
def adopt_promise(
    *,
    promise: Promise,
    user,
    adopted_by: str,
    adopted_on: date,
    adoption_paragraph: str = "",
    reason: str = "",
) -> Promise:
    """Record the decision that adopts a draft; the promise it supersedes is then ersatt."""
    if promise.status != Promise.Status.DRAFT:
        raise ValidationError({"status": _("Bara ett utkast kan antas.")})
    errors = {}
    if not adopted_by.strip():
        errors["adopted_by"] = _("Ange vilket organ som antog löftet.")
    if not adopted_on:
        errors["adopted_on"] = _("Ange datum för beslutet.")
    if errors:
        raise ValidationError(errors)
    promise.status = Promise.Status.ADOPTED
    promise.adopted_by = adopted_by.strip()
    promise.adopted_on = adopted_on
    promise.adoption_paragraph = adoption_paragraph.strip()
    _save(promise, user=user, reason=reason or _("Löftet antogs."))
    previous = promise.supersedes
    if previous is not None and previous.status != Promise.Status.SUPERSEDED:
        previous.status = Promise.Status.SUPERSEDED
        _save(previous, user=user, reason=_("Ersatt av %(title)s.") % {"title": promise.title})
    return promise


@transaction.atomic
def close_promise(*, promise: Promise, user, reason: str = "") -> Promise:
    if promise.status != Promise.Status.ADOPTED:
        raise ValidationError({"status": _("Bara ett antaget löfte kan avslutas.")})
    promise.status = Promise.Status.CLOSED
    return _save(promise, user=user, reason=reason or _("Löftet avslutades."))


@transaction.atomic
def draft_successor(
    *, promise: Promise, user, title: str, period_start: date, period_end: date
) -> Promise:
    """Start the promise that will supersede ``promise``: a draft with the same texts, focus
    areas and activities (without their updates). ``promise`` becomes ersatt when it is adopted."""
    if promise.status == Promise.Status.DRAFT:
        raise ValidationError({"status": _("Ett utkast kan inte ersättas; ändra det i stället.")})
    if Promise.objects.filter(supersedes=promise).exists():
        raise ValidationError({"supersedes": _("Det finns redan ett löfte som ersätter detta.")})
    text_fields = (
        "purpose",
        "situation",
        "background",
        "joint_commitment",
        "expected_effect",
        "follow_along",
        "follow_up_cadence",
        "reference_number",
    )
    successor = create_promise(
        user=user,
        agreement=promise.agreement,
        title=title,
        period_start=period_start,
        period_end=period_end,
        supersedes=promise,
        kind=promise.kind,
        **{name: getattr(promise, name) for name in text_fields},
    )
    for area in promise.focus_areas.prefetch_related("activities"):
        new_area = create_focus_area(
            user=user,
            promise=successor,
            number=area.number,
            title=area.title,
            definition=area.definition,
        )
        for activity in area.activities.all():
            create_activity(
                user=user,
                focus_area=new_area,
                number=activity.number,
                description=activity.description,
                responsible=activity.responsible,
                partners=activity.partners,
                contact_persons=activity.contact_persons,
                target_count=activity.target_count,
                target_unit=activity.target_unit,
                target_period=activity.target_period,
            )
    return successor


@transaction.atomic
def delete_promise(*, promise: Promise, user, reason: str = "") -> None:
    """Only a draft may be deleted: an adopted promise is part of the public record."""
    if promise.status != Promise.Status.DRAFT:
        raise ValidationError(
            {"status": _("Ett antaget löfte tas aldrig bort; avsluta eller ersätt det i stället.")}
        )
    _delete(promise, user=user, reason=reason)


# Focus areas and activities ------------------------------------------------------------------


def next_focus_area_number(promise: Promise) -> int:
    last = promise.focus_areas.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def next_activity_number(focus_area: FocusArea) -> int:
    last = focus_area.activities.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def create_focus_area(
    *, user, promise: Promise, title: str, number: int | None = None, definition: str = ""
) -> FocusArea:
    area = FocusArea(
        promise=promise,
        number=number if number is not None else next_focus_area_number(promise),
        title=title,
        definition=definition,
    )
    return _save(area, user=user)


@transaction.atomic
def update_focus_area(
    *,
    focus_area: FocusArea,
    user,
    fields: Mapping[str, Any],
    reason: str = "",
    expected_version: int | None = None,
) -> FocusArea:
    _assign(focus_area, fields)
    return _save(focus_area, user=user, reason=reason, expected_version=expected_version)


@transaction.atomic
def delete_focus_area(*, focus_area: FocusArea, user, reason: str = "") -> None:
    _delete(focus_area, user=user, reason=reason)


@transaction.atomic
def create_activity(
    *,
    user,
    focus_area: FocusArea,
    description: str,
    number: int | None = None,
    **fields: Any,
) -> Activity:
    activity = Activity(
        focus_area=focus_area,
        number=number if number is not None else next_activity_number(focus_area),
        description=description,
        **fields,
    )
    return _save(activity, user=user)


@transaction.atomic
def update_activity(
    *,
    activity: Activity,
    user,
    fields: Mapping[str, Any],
    reason: str = "",
    expected_version: int | None = None,
) -> Activity:
    _assign(activity, fields)
    return _save(activity, user=user, reason=reason, expected_version=expected_version)


@transaction.atomic
def delete_activity(*, activity: Activity, user, reason: str = "") -> None:
    _delete(activity, user=user, reason=reason)


# Status updates ------------------------------------------------------------------------------


@transaction.atomic
def add_status_update(
    *,
    user,
    activity: Activity,
    status: str,
    description: str,
    date: date | None = None,
    occurrences: int = 0,
    is_public: bool = False,
) -> StatusUpdate:
    update = StatusUpdate(
        activity=activity,
        status=status,
        description=description,
        occurrences=occurrences,
        is_public=is_public,
        author=user if getattr(user, "is_authenticated", False) else None,
    )
    if date is not None:
        update.date = date
    return _save(update, user=user)


@transaction.atomic
def update_status_update(
    *,
    status_update: StatusUpdate,
    user,
    fields: Mapping[str, Any],
    reason: str = "",
    expected_version: int | None = None,
) -> StatusUpdate:
    _assign(status_update, fields)
    return _save(status_update, user=user, reason=reason, expected_version=expected_version)


# Renumbering ---------------------------------------------------------------------------------


def group_version(items: Iterable[Model]) -> int | None:
    """The version a form over several objects is opened on: their newest history row."""
    items = list(items)
    if not items:
        return None
    rows = type(items[0]).history.filter(id__in=[item.pk for item in items])
    return rows.aggregate(newest=Max("history_id"))["newest"]


def _check_group_version(items: list[Model], expected_version: int | None) -> None:
    if expected_version is None or not items:
        return
    model = type(items[0])
    newer = list(
        model.history.filter(
            id__in=[item.pk for item in items], history_id__gt=expected_version
        ).select_related("history_user")
    )
    if newer:
        raise EditConflict(
            _(
                "Någon annan ändrade numren medan du skrev, så dina ändringar är inte sparade. "
                "Kontrollera numren och spara igen."
            ),
            current_version=max(row.history_id for row in newer),
            changes=describe_entries(entries_for(model, newer)),
        )


def _renumber(
    items: Iterable[Model],
    numbers: Mapping[int, int],
    *,
    user,
    reason: str,
    expected_version: int | None = None,
) -> None:
    """Give each item its new number without tripping the unique constraint midway: first move
    every changed item out of the way, then set the final numbers (each save is in the history)."""
    items = list(items)
    _check_group_version(items, expected_version)
    final = {item.pk: numbers.get(item.pk, item.number) for item in items}
    if len(set(final.values())) != len(final) or any(n < 1 for n in final.values()):
        raise ValidationError(_("Numren måste vara olika positiva heltal."))
    changed = [item for item in items if final[item.pk] != item.number]
    offset = 10_000
    for item in changed:
        type(item).objects.filter(pk=item.pk).update(number=item.number + offset)
    for item in changed:
        item.number = final[item.pk]
        item._history_user = user
        item._change_reason = reason
        item.save(update_fields=["number"])


@transaction.atomic
def renumber_focus_areas(
    *,
    promise: Promise,
    user,
    numbers: Mapping[int, int],
    expected_version: int | None = None,
) -> None:
    areas = list(promise.focus_areas.select_for_update())
    _renumber(
        areas,
        numbers,
        user=user,
        reason=_("Fokusområdena numrerades om."),
        expected_version=expected_version,
    )


@transaction.atomic
def renumber_activities(
    *,
    focus_area: FocusArea,
    user,
    numbers: Mapping[int, int],
    expected_version: int | None = None,
) -> None:
    activities = list(focus_area.activities.select_for_update())
    _renumber(
        activities,
        numbers,
        user=user,
        reason=_("Aktiviteterna numrerades om."),
        expected_version=expected_version,
    )


@transaction.atomic
def delete_restorable(*, instance: Model, user, reason: str = "") -> None:
    """Delete a promise, focus area, activity or status update so that it can be restored."""
    _delete(instance, user=user, reason=reason)


# Restoring ------------------------------------------------------------------------------------


def _restorable_models() -> list[type[Model]]:
    """Every model whose history rows can belong to a deletion, parents before children (each
    model's ``restore_order``), so that every restored row finds what it belongs to."""
    models = [
        model
        for model in apps.get_models()
        if hasattr(model, "restore_order") and hasattr(model, "history")
    ]
    return sorted(models, key=lambda model: model.restore_order)


@transaction.atomic
def restore_deletion(*, deletion: Deletion, user) -> int:
    """Bring back everything ``deletion`` removed, with the same ids so that each object's history
    continues where it stopped. Returns how many objects came back."""
    deletion = Deletion.objects.select_for_update().get(pk=deletion.pk)
    if deletion.restored_at is not None:
        raise ValidationError(_("Det här är redan återställt."))
    restored = 0
    for model in _restorable_models():
        rows = model.history.filter(deletion=deletion, history_type="-").order_by("history_id")
        for row in rows:
            instance = row.instance
            if model._default_manager.filter(pk=instance.pk).exists():
                continue
            try:
                instance.full_clean()
            except ValidationError as error:
                raise ValidationError(
                    _("%(object)s kan inte återställas: %(reason)s")
                    % {
                        "object": _deletion_description(instance),
                        "reason": "; ".join(error.messages),
                    }
                ) from error
            instance._history_user = user
            instance._change_reason = _("Återställd")
            instance.save(force_insert=True)
            # auto_now_add fields stamped the restore time; keep when the object was written.
            stamped = {
                field.attname: getattr(row, field.attname)
                for field in model._meta.concrete_fields
                if getattr(field, "auto_now_add", False)
            }
            if stamped:
                model._default_manager.filter(pk=instance.pk).update(**stamped)
            restored += 1
    deletion.restored_at = timezone.now()
    deletion.restored_by = user
    _save(deletion, user=user, reason=_("Återställd"))
    return restored
