"""History pages ("Historik") and deleted items ("Borttaget")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import services
from ..access import (
    get_activity_for_user,
    get_agreement_for_user,
    get_deletion_for_user,
    get_focus_area_for_user,
    get_promise_for_user,
    get_status_update_for_user,
    require_coordinator,
)
from ..history import (
    HISTORY_PAGE_PARAMETER,
    HISTORY_TEMPLATE,
    TREE_KINDS,
    history_context,
    object_history,
    promise_tree_history,
)
from ..models import Deletion
from .common import saved


def render_history(request, obj, **kwargs):
    page_number = request.GET.get(HISTORY_PAGE_PARAMETER)
    return render(
        request, HISTORY_TEMPLATE, history_context(obj, page_number=page_number, **kwargs)
    )


@require_GET
@login_required
def agreement_history(request, pk):
    agreement = get_agreement_for_user(request.user, pk)
    return render_history(
        request,
        agreement,
        heading=_("Historik: %(title)s") % {"title": agreement.title},
        back_url=agreement.get_absolute_url(),
        entries=object_history(agreement),
    )


@require_GET
@login_required
def promise_history(request, pk):
    promise = get_promise_for_user(request.user, pk)
    kind = request.GET.get("typ", "")
    if kind not in TREE_KINDS:
        kind = ""
    return render_history(
        request,
        promise,
        heading=_("Historik: %(title)s") % {"title": promise.title},
        back_url=promise.get_absolute_url(),
        entries=promise_tree_history(promise, kind=kind),
        kinds=TREE_KINDS,
        selected_kind=kind,
        show_objects=True,
    )


@require_GET
@login_required
def focus_area_history(request, pk):
    focus_area = get_focus_area_for_user(request.user, pk)
    return render_history(
        request,
        focus_area,
        heading=_("Historik: fokusområde %(area)s") % {"area": focus_area},
        back_url=focus_area.promise.get_absolute_url(),
        entries=object_history(focus_area),
    )


@require_GET
@login_required
def activity_history(request, pk):
    activity = get_activity_for_user(request.user, pk)
    return render_history(
        request,
        activity,
        heading=_("Historik: aktivitet %(code)s") % {"code": activity.code},
        back_url=activity.get_absolute_url(),
        entries=object_history(activity),
    )


@require_GET
@login_required
def status_update_history(request, pk):
    update = get_status_update_for_user(request.user, pk)
    return render_history(
        request,
        update,
        heading=_("Historik: uppdatering %(date)s av aktivitet %(code)s")
        % {"date": update.date.isoformat(), "code": update.activity.code},
        back_url=update.activity.get_absolute_url(),
        entries=object_history(update),
    )


@require_GET
@login_required
def deleted_list(request):
    """What was deleted in the coordinator's kommuner, newest first, with a restore button."""
    require_coordinator(request.user)
    deletions = (
        Deletion.objects.editable_by(request.user)
        .pending()
        .select_related("municipality", "deleted_by")
        .order_by("-deleted_at")
    )
    return render(request, "promises/deleted_list.html", {"deletions": deletions})


@require_POST
@login_required
def deletion_restore(request, pk):
    deletion = get_deletion_for_user(request.user, pk, write=True)
    try:
        count = services.restore_deletion(deletion=deletion, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        saved(
            request,
            _("%(what)s är återställt (%(count)s poster).")
            % {"what": deletion.description, "count": count},
        )
    return redirect("promises:deleted_list")
