from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import selectors, services
from ..access import (
    get_activity_for_deletion,
    get_activity_for_update,
    get_activity_for_user,
    get_focus_area_for_user,
    get_promise_for_user,
    get_status_update_for_edit,
)
from ..forms import (
    ActivityEditForm,
    ActivityForm,
    FocusAreaEditForm,
    FocusAreaForm,
    StatusUpdateEditForm,
    StatusUpdateForm,
    WithdrawForm,
)
from ..models import Activity, StatusUpdate
from ..paging import page_number
from ..submit import edit_arguments, editable_values, form_data, submitted
from .common import confirm_and_delete, renumber

# Focus areas --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def focus_area_create(request, promise_pk):
    promise = get_promise_for_user(request.user, promise_pk, write=True)
    form = FocusAreaForm(
        form_data(request), initial={"number": services.next_focus_area_number(promise)}
    )
    form.instance.promise = promise
    if response := submitted(
        request,
        form,
        lambda: services.create_focus_area(
            user=request.user, promise=promise, **editable_values(form)
        ),
        message=_("Fokusområdet lades till."),
        success=promise,
    ):
        return response
    return render(request, "promises/focus_area_form.html", {"form": form, "promise": promise})


@require_http_methods(["GET", "POST"])
@login_required
def focus_area_edit(request, pk):
    focus_area = get_focus_area_for_user(request.user, pk, write=True)
    form = FocusAreaEditForm(form_data(request), instance=focus_area)
    if response := submitted(
        request,
        form,
        lambda: services.update_focus_area(
            focus_area=focus_area,
            user=request.user,
            **edit_arguments(form),
        ),
        message=_("Ändringarna sparades."),
        success=focus_area.promise,
    ):
        return response
    context = {"form": form, "promise": focus_area.promise, "focus_area": focus_area}
    return render(request, "promises/focus_area_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def focus_area_delete(request, pk):
    focus_area = get_focus_area_for_user(request.user, pk, write=True)
    return confirm_and_delete(
        request,
        focus_area,
        delete=lambda: services.delete_focus_area(focus_area=focus_area, user=request.user),
        message=_("Fokusområdet %(area)s togs bort.") % {"area": focus_area},
        success_url=focus_area.promise.get_absolute_url(),
        cancel_url=focus_area.promise.get_absolute_url(),
    )


# Activities ---------------------------------------------------------------------------------


@require_GET
@login_required
def activity_detail(request, pk):
    activity = get_activity_for_user(request.user, pk)
    return _render_activity(request, activity, StatusUpdateForm())


def _render_activity(request, activity: Activity, update_form, status=200):
    timeline = selectors.activity_timeline(activity, page_number(request))
    context = {
        "activity": activity,
        "promise": activity.focus_area.promise,
        "timeline": timeline,
        "progress_periods": selectors.activity_progress(activity),
        "update_form": update_form,
        **selectors.activity_permissions(request.user, activity, timeline.object_list),
    }
    return render(request, "promises/activity_detail.html", context, status=status)


@require_POST
@login_required
def status_update_create(request, pk):
    activity = get_activity_for_update(request.user, pk)
    form = StatusUpdateForm(request.POST, instance=StatusUpdate(activity=activity))
    if response := submitted(
        request,
        form,
        lambda: services.add_status_update(
            user=request.user, activity=activity, **editable_values(form)
        ),
        message=_("Statusuppdateringen sparades."),
        success=activity,
    ):
        return response
    return _render_activity(request, activity, form, status=422)


@require_http_methods(["GET", "POST"])
@login_required
def status_update_edit(request, pk):
    update = get_status_update_for_edit(request.user, pk)
    form = StatusUpdateEditForm(form_data(request), instance=update)
    if response := submitted(
        request,
        form,
        lambda: services.update_status_update(
            status_update=update,
            user=request.user,
            **edit_arguments(form),
        ),
        message=_("Statusuppdateringen ändrades."),
        success=update.activity,
    ):
        return response
    context = {"form": form, "update": update, "activity": update.activity}
    return render(request, "promises/status_update_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def status_update_withdraw(request, pk):
    update = get_status_update_for_edit(request.user, pk)
    form = WithdrawForm(form_data(request), initial={"version": update.lock_version})
    if response := submitted(
        request,
        form,
        lambda: services.withdraw_status_update(
            status_update=update,
            user=request.user,
            reason=form.cleaned_data["change_reason"],
            expected_version=form.cleaned_data["version"],
        ),
        message=_("Uppdateringen visas inte längre på de offentliga sidorna."),
        success=update.activity,
    ):
        return response
    context = {"form": form, "update": update, "activity": update.activity}
    return render(request, "promises/status_update_withdraw.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def activity_create(request, focus_area_pk):
    focus_area = get_focus_area_for_user(request.user, focus_area_pk, write=True)
    form = ActivityForm(
        form_data(request), initial={"number": services.next_activity_number(focus_area)}
    )
    form.instance.focus_area = focus_area
    if response := submitted(
        request,
        form,
        lambda: services.create_activity(
            user=request.user, focus_area=focus_area, **editable_values(form)
        ),
        message=lambda activity: _("Aktiviteten %(code)s lades till.") % {"code": activity.code},
        success=focus_area.promise,
    ):
        return response
    context = {"form": form, "focus_area": focus_area, "promise": focus_area.promise}
    return render(request, "promises/activity_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def activity_edit(request, pk):
    activity = get_activity_for_user(request.user, pk, write=True)
    form = ActivityEditForm(form_data(request), instance=activity)
    if response := submitted(
        request,
        form,
        lambda: services.update_activity(
            activity=activity,
            user=request.user,
            **edit_arguments(form),
        ),
        message=_("Ändringarna sparades."),
        success=activity,
    ):
        return response
    context = {
        "form": form,
        "activity": activity,
        "focus_area": activity.focus_area,
        "promise": activity.focus_area.promise,
    }
    return render(request, "promises/activity_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def activity_delete(request, pk):
    activity = get_activity_for_deletion(request.user, pk)
    return confirm_and_delete(
        request,
        activity,
        delete=lambda: services.delete_activity(activity=activity, user=request.user),
        message=_("Aktiviteten %(code)s togs bort.") % {"code": activity.code},
        success_url=activity.focus_area.promise.get_absolute_url(),
        cancel_url=activity.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@login_required
def activity_renumber(request, focus_area_pk):
    focus_area = get_focus_area_for_user(request.user, focus_area_pk, write=True)
    return renumber(
        request,
        items=focus_area.activities.order_by("number"),
        apply=lambda numbers, version: services.renumber_activities(
            focus_area=focus_area, user=request.user, numbers=numbers, expected_version=version
        ),
        message=_("Aktiviteterna numrerades om."),
        heading=_("Numrera om aktiviteter i %(area)s") % {"area": focus_area},
        parent=focus_area,
        success_url=focus_area.promise.get_absolute_url(),
    )
