from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import selectors, services
from ..access import (
    get_municipality_for_user,
    get_promise_for_deletion,
    get_promise_for_user,
    require_promise_author,
)
from ..forms import (
    AdoptPromiseForm,
    CloseOrReasonForm,
    PromiseEditForm,
    PromiseForm,
    SuccessorForm,
)
from ..models import Agreement
from ..paging import page_number
from ..submit import edit_arguments, editable_values, form_data, submitted
from .common import confirm_and_delete, renumber


@require_GET
@login_required
def promise_list(request):
    municipality = None
    if "kommun" in request.GET:
        try:
            municipality = get_municipality_for_user(request.user, int(request.GET["kommun"]))
        except ValueError:
            municipality = None
    context = {
        "groups": selectors.promises_by_municipality(
            request.user, municipality_id=municipality.pk if municipality else None
        ),
        "municipality": municipality,
        "can_create": Agreement.objects.editable_by(request.user).exists(),
    }
    return render(request, "promises/promise_list.html", context)


@require_GET
@login_required
def promise_detail(request, pk):
    promise = get_promise_for_user(request.user, pk)
    context = {
        "promise": promise,
        "tree": selectors.promise_page(promise, page_number(request)),
        "signatories": list(promise.signatories.all()),
        "permissions": selectors.promise_permissions(request.user, promise),
        "due_dates": selectors.due_dates_of(promise),
    }
    return render(request, "promises/promise_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def promise_create(request):
    require_promise_author(request.user)
    initial = {"agreement": request.GET.get("agreement")} if request.method == "GET" else None
    form = PromiseForm(form_data(request), user=request.user, initial=initial)
    if response := submitted(
        request,
        form,
        lambda: services.create_promise(user=request.user, **editable_values(form, "signatories")),
        message=_("Löftet sparades som utkast."),
        success=lambda promise: promise,
    ):
        return response
    return render(request, "promises/promise_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def promise_edit(request, pk):
    promise = get_promise_for_user(request.user, pk, write=True)
    form = PromiseEditForm(form_data(request), instance=promise, user=request.user)
    if response := submitted(
        request,
        form,
        lambda: services.update_promise(
            promise=promise,
            user=request.user,
            **edit_arguments(form, "signatories"),
        ),
        message=_("Ändringarna sparades."),
        success=promise,
    ):
        return response
    return render(request, "promises/promise_form.html", {"form": form, "promise": promise})


@require_http_methods(["GET", "POST"])
@login_required
def promise_adopt(request, pk):
    promise = get_promise_for_user(request.user, pk, write=True)
    form = AdoptPromiseForm(form_data(request))
    if response := submitted(
        request,
        form,
        lambda: services.adopt_promise(promise=promise, user=request.user, **form.cleaned_data),
        message=_("Löftet är antaget."),
        success=promise,
    ):
        return response
    return render(request, "promises/promise_adopt.html", {"form": form, "promise": promise})


@require_http_methods(["GET", "POST"])
@login_required
def promise_close(request, pk):
    promise = get_promise_for_user(request.user, pk, write=True)
    form = CloseOrReasonForm(form_data(request))
    if response := submitted(
        request,
        form,
        lambda: services.close_promise(
            promise=promise, user=request.user, reason=form.cleaned_data["change_reason"]
        ),
        message=_("Löftet är avslutat."),
        success=promise,
    ):
        return response
    return render(request, "promises/promise_close.html", {"form": form, "promise": promise})


@require_http_methods(["GET", "POST"])
@login_required
def promise_successor(request, pk):
    promise = get_promise_for_user(request.user, pk, write=True)
    form = SuccessorForm(form_data(request))
    if response := submitted(
        request,
        form,
        lambda: services.draft_successor(promise=promise, user=request.user, **form.cleaned_data),
        message=lambda _successor: (
            _("Ett nytt utkast skapades. %(old)s ersätts när det nya löftet antas.")
            % {"old": promise.title}
        ),
        success=lambda successor: successor,
    ):
        return response
    return render(request, "promises/promise_successor.html", {"form": form, "promise": promise})


@require_http_methods(["GET", "POST"])
@login_required
def promise_delete(request, pk):
    promise = get_promise_for_deletion(request.user, pk)
    return confirm_and_delete(
        request,
        promise,
        delete=lambda: services.delete_promise(promise=promise, user=request.user),
        message=_("Utkastet %(title)s togs bort.") % {"title": promise.title},
        success_url="promises:promise_list",
        cancel_url=promise.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@login_required
def focus_area_renumber(request, pk):
    promise = get_promise_for_user(request.user, pk, write=True)
    return renumber(
        request,
        items=promise.focus_areas.order_by("number"),
        apply=lambda numbers, version: services.renumber_focus_areas(
            promise=promise, user=request.user, numbers=numbers, expected_version=version
        ),
        message=_("Fokusområdena numrerades om."),
        heading=_("Numrera om fokusområden"),
        parent=promise,
        success_url=promise.get_absolute_url(),
    )
