"""Due dates: the planned follow-ups of a promise and the check-ins of an agreement, written by the
kommun's coordinators on the promise's and the agreement's pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import services
from ..access import get_agreement_for_user, get_due_date_for_user, get_promise_for_user
from ..forms import DueDateEditForm, DueDateForm
from ..models import DueDate
from ..submit import edit_arguments, editable_values, form_data, submitted
from .common import saved


def _create(request, document):
    form = DueDateForm(form_data(request), instance=DueDate(**_owner(document)))
    if response := submitted(
        request,
        form,
        lambda: services.create_due_date(
            user=request.user, document=document, **editable_values(form)
        ),
        message=_("Uppföljningen lades till."),
        success=document,
    ):
        return response
    return render(request, "promises/due_date_form.html", {"form": form, "document": document})


def _owner(document) -> dict:
    return {"promise": document} if hasattr(document, "agreement_id") else {"agreement": document}


@require_http_methods(["GET", "POST"])
@login_required
def promise_due_date_create(request, promise_pk):
    return _create(request, get_promise_for_user(request.user, promise_pk, write=True))


@require_http_methods(["GET", "POST"])
@login_required
def agreement_due_date_create(request, agreement_pk):
    return _create(request, get_agreement_for_user(request.user, agreement_pk, write=True))


@require_http_methods(["GET", "POST"])
@login_required
def due_date_edit(request, pk):
    due_date = get_due_date_for_user(request.user, pk, write=True)
    document = due_date.promise or due_date.agreement
    form = DueDateEditForm(form_data(request), instance=due_date)
    if response := submitted(
        request,
        form,
        lambda: services.update_due_date(
            due_date=due_date,
            user=request.user,
            **edit_arguments(form),
        ),
        message=_("Uppföljningen ändrades."),
        success=document,
    ):
        return response
    context = {"form": form, "document": document, "due_date": due_date}
    return render(request, "promises/due_date_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def due_date_delete(request, pk):
    due_date = get_due_date_for_user(request.user, pk, write=True)
    document = due_date.promise or due_date.agreement
    if request.method == "POST":
        try:
            services.delete_due_date(due_date=due_date, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            saved(request, _("Uppföljningen %(title)s togs bort.") % {"title": due_date.title})
        return redirect(document)
    context = {
        "object": due_date,
        "cancel_url": document.get_absolute_url(),
        "consequences": [],
    }
    return render(request, "promises/confirm_delete.html", context)
