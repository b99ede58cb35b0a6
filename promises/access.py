"""One access helper per object kind; views call these and never repeat permission logic.

Someone from another organisation gets 404 (existence is not disclosed); someone who may read but not
change the object gets PermissionDenied (403) when ``write=True``.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import (
    Activity,
    Agreement,
    Deletion,
    DueDate,
    FocusArea,
    Organisation,
    Promise,
    StatusUpdate,
)


def _get(queryset: QuerySet, user, pk, *, write: bool):
    obj = get_object_or_404(queryset.visible_to(user), pk=pk)
    if write and not queryset.editable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


def get_municipality_for_user(user, pk, *, write: bool = False) -> Organisation:
    obj = get_object_or_404(Organisation.objects.municipalities().visible_to(user), pk=pk)
    if write and not Organisation.objects.coordinated_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


def get_agreement_for_user(user, pk, *, write: bool = False) -> Agreement:
    queryset = Agreement.objects.select_related("municipality", "police_area")
    return _get(queryset, user, pk, write=write)


def get_promise_for_user(user, pk, *, write: bool = False) -> Promise:
    queryset = Promise.objects.select_related(
        "agreement__municipality", "agreement__police_area", "supersedes", "superseded_by"
    )
    return _get(queryset, user, pk, write=write)


def get_focus_area_for_user(user, pk, *, write: bool = False) -> FocusArea:
    queryset = FocusArea.objects.select_related("promise__agreement__municipality")
    return _get(queryset, user, pk, write=write)


def get_activity_for_user(user, pk, *, write: bool = False) -> Activity:
    queryset = Activity.objects.select_related(
        "focus_area__promise__agreement__municipality",
        "focus_area__promise__agreement__police_area",
    )
    return _get(queryset, user, pk, write=write)


def get_due_date_for_user(user, pk, *, write: bool = False) -> DueDate:
    queryset = DueDate.objects.select_related(
        "promise__agreement__municipality", "agreement__municipality"
    )
    return _get(queryset, user, pk, write=write)


def get_promise_for_period_report(user, pk) -> Promise:
    """The promise whose activities ``user`` reports on in one go ("Rapportera perioden"): 404
    outside the kommun, 403 for whoever may add no update to any of its activities."""
    promise = get_promise_for_user(user, pk)
    if not Activity.objects.updatable_by(user).filter(focus_area__promise=promise).exists():
        raise PermissionDenied
    return promise


def get_activity_for_update(user, pk) -> Activity:
    """The activity to which ``user`` adds a status update: coordinators and police contacts."""
    activity = get_activity_for_user(user, pk)
    if not Activity.objects.updatable_by(user).filter(pk=activity.pk).exists():
        raise PermissionDenied
    return activity


def get_status_update_for_user(user, pk, *, write: bool = False) -> StatusUpdate:
    queryset = StatusUpdate.objects.select_related(
        "activity__focus_area__promise__agreement__municipality", "author"
    )
    return _get(queryset, user, pk, write=write)


def get_status_update_for_edit(user, pk) -> StatusUpdate:
    """An update to correct or withdraw: 404 outside the kommun, 403 for anyone but its author and
    the kommun's coordinators."""
    return get_status_update_for_user(user, pk, write=True)


def get_activity_for_deletion(user, pk) -> Activity:
    """Deleting an activity removes a commitment of the promise: only its coordinators may."""
    activity = get_activity_for_user(user, pk)
    promise_id = activity.focus_area.promise_id
    if not Promise.objects.editable_by(user).filter(pk=promise_id).exists():
        raise PermissionDenied
    return activity


def get_deletion_for_user(user, pk, *, write: bool = False) -> Deletion:
    return _get(
        Deletion.objects.select_related("municipality", "deleted_by"), user, pk, write=write
    )


def require_coordinator(user) -> None:
    """Creating agreements and restoring deletions is for a kommun's coordinators."""
    if not Organisation.objects.coordinated_by(user).exists():
        raise PermissionDenied


def require_promise_author(user) -> None:
    """A promise belongs to an agreement: only coordinators with one may create promises."""
    if not Agreement.objects.editable_by(user).exists():
        raise PermissionDenied


def get_promise_for_deletion(user, pk) -> Promise:
    """Only a draft may be deleted: an adopted promise is part of the public record."""
    promise = get_promise_for_user(user, pk, write=True)
    if not promise.is_draft:
        raise PermissionDenied
    return promise
