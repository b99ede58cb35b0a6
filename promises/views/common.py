from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from ..forms import RenumberForm, apply_service_errors
from ..selectors import deletion_consequences
from ..services import EditConflict, group_version
from ..submit import form_data


def saved(request, message) -> None:
    messages.success(request, message)


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
    """A form with one number per item of the queryset ``items``; ``apply(numbers, version)``
    saves them all at once."""
    queryset, items = items, list(items)
    form = RenumberForm(form_data(request), items=items, initial={"version": group_version(items)})
    if request.method == "POST" and form.is_valid():
        try:
            apply(form.numbers(), form.cleaned_data["version"])
        except ValidationError as error:
            apply_service_errors(form, error)
            if isinstance(error, EditConflict):
                # The numbers typed are kept; saving again over the newer state is deliberate.
                form.data["version"] = group_version(queryset.all())
        else:
            saved(request, message)
            return redirect(success_url)
    context = {"form": form, "parent": parent, "heading": heading, "cancel_url": success_url}
    return render(request, "promises/renumber.html", context)
