"""Writes to the chain: agreements, promises, focus areas, activities and status updates.

Each function is keyword-only, runs in a transaction, validates with ``full_clean()`` (so the Swedish
message lands on the field it concerns) and records who made the change, and why when a reason is
given, in the object's history. Edits carry the version the editor saw (``expected_version``).
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    Activity,
    Agreement,
    FocusArea,
    Organisation,
    Promise,
    Signatory,
    StatusUpdate,
)
from .writes import assign as _assign
from .writes import delete as _delete
from .writes import save as _save

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
    # The successor is given its own title and period; the rest of what a coordinator writes is
    # copied, and so are the focus areas and activities, except the activities' planned dates,
    # which belong to the old period.
    successor = create_promise(
        user=user,
        title=title,
        period_start=period_start,
        period_end=period_end,
        supersedes=promise,
        **_copy(promise, Promise.EDITABLE_FIELDS, leave=("title", "period_start", "period_end")),
    )
    for area in promise.focus_areas.prefetch_related("activities"):
        new_area = create_focus_area(
            user=user, promise=successor, **_copy(area, FocusArea.EDITABLE_FIELDS)
        )
        for activity in area.activities.all():
            create_activity(
                user=user,
                focus_area=new_area,
                **_copy(activity, Activity.EDITABLE_FIELDS, leave=("planned_start", "planned_end")),
            )
    return successor


def _copy(obj, names: Iterable[str], *, leave: Iterable[str] = ()) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names if name not in leave}


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
    *,
    user,
    promise: Promise,
    title: str,
    number: int | None = None,
    definition: str = "",
    reason: str = "",
) -> FocusArea:
    area = FocusArea(
        promise=promise,
        number=number if number is not None else next_focus_area_number(promise),
        title=title,
        definition=definition,
    )
    return _save(area, user=user, reason=reason)


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
    reason: str = "",
    **fields: Any,
) -> Activity:
    activity = Activity(
        focus_area=focus_area,
        number=number if number is not None else next_activity_number(focus_area),
        description=description,
        **fields,
    )
    return _save(activity, user=user, reason=reason)


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
    """Correct an update, or move it between public and internal; the reason is kept."""
    _assign(status_update, fields)
    return _save(status_update, user=user, reason=reason, expected_version=expected_version)


@transaction.atomic
def withdraw_status_update(
    *, status_update: StatusUpdate, user, reason: str, expected_version: int | None = None
) -> StatusUpdate:
    """Take a public update off the public pages, feeds and open data; it stays, internal, in the
    chain and its history."""
    if not status_update.is_public:
        raise ValidationError(_("Uppdateringen är redan intern."))
    if not reason.strip():
        raise ValidationError({"change_reason": _("Skriv varför uppdateringen dras tillbaka.")})
    status_update.is_public = False
    return _save(status_update, user=user, reason=reason, expected_version=expected_version)
