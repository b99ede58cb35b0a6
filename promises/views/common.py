from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.shortcuts import redirect, render

from ..forms import RenumberForm
from ..selectors import deletion_consequences
from ..services import EditConflict, current_version, group_version


def apply_service_errors(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names, or above the form.

    After an edit conflict the form keeps what the user typed and now carries the newest version,
    so that saving again (after merging) is a deliberate choice."""
    if isinstance(error, EditConflict):
        data = form.data.copy()
        data["version"] = error.current_version
        form.data = data
        form.conflict_changes = error.changes
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def saved(request, message) -> None:
    messages.success(request, message)


def form_data(request):
    """The submitted data on POST (even when empty, so optional-only forms validate), else None."""
    return request.POST if request.method == "POST" else None


def edit_initial(obj) -> dict:
    """Initial data of an edit form: the version of ``obj`` it is opened on."""
    return {"version": current_version(obj)}


def confirm_and_delete(request, obj, *, delete, message: str, success_url, cancel_url: str):
    """GET: a confirmation page that says what goes with ``obj``. POST: ``delete()``, then away."""
    if request.method == "POST":
        delete()
        saved(request, message)
        return redirect(success_url)
    context = {
        "object": obj,
        "cancel_url": cancel_url,
        "consequences": deletion_consequences(obj),
    }
    return render(request, "promises/confirm_delete.html", context)


def renumber(request, *, items, apply, message: str, heading: str, parent, success_url):
    """A form with one number per item; ``apply(numbers, version)`` saves them all at once."""
    items = list(items)
    form = RenumberForm(form_data(request), items=items, initial={"version": group_version(items)})
    if request.method == "POST" and form.is_valid():
        try:
            apply(form.numbers(), form.cleaned_data["version"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            saved(request, message)
            return redirect(success_url)
    context = {"form": form, "parent": parent, "heading": heading, "cancel_url": success_url}
    return render(request, "promises/renumber.html", context)
