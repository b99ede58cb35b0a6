"""A form's submission to a service, stated once for the views of every app.

The views that write share one shape: on a valid POST they call a service; when it refuses with a
ValidationError, its messages go next to the fields (``apply_service_errors``, which also keeps
what was typed after an edit conflict) and the form is shown again; when it writes, a message says
so and the browser goes on to the page that shows the result. Not a view itself, so that every
app's views may import it (an app renders its own pages: nothing from ``promises.views``).
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect

from .forms import apply_service_errors


def form_data(request):
    """The submitted data on POST (even when empty, so optional-only forms validate), else None."""
    return request.POST if request.method == "POST" else None


def editable_values(form, *also: str) -> dict:
    """What the user of a model form wrote, for a service: the cleaned values of the model's
    ``EDITABLE_FIELDS`` (declared once, on the model), and of the form's own fields in ``also``."""
    names = (*type(form.instance).EDITABLE_FIELDS, *also)
    return {name: form.cleaned_data[name] for name in names}


def edit_arguments(form, *also: str) -> dict:
    """An edit form's arguments for its service's ``update_…``: the fields written (as
    ``editable_values``), the reason given and the version the form was opened at."""
    data = form.cleaned_data
    return {
        "fields": editable_values(form, *also),
        "reason": data["change_reason"],
        "expected_version": data["version"],
    }


def submitted(
    request: HttpRequest,
    form,
    write: Callable[[], Any],
    *,
    message: str | Callable[[Any], str],
    success: Any,
) -> HttpResponseRedirect | None:
    """``write()`` the valid POSTed ``form``, then say ``message`` and redirect to ``success``.

    ``write`` takes no argument (a lambda that calls the service). ``message`` and ``success`` are
    a value, or a callable given what ``write`` returned (the created object, say); ``success`` is
    anything ``redirect()`` takes: a model instance, a URL. Returns None when the form is to be
    shown again: on GET, when it is invalid, or when the service refused with a ValidationError,
    whose messages are then the form's errors. The caller renders it (with its own status)::

        if response := submitted(request, form, lambda: services.update(...), message=..., ...):
            return response
        return render(...)
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = write()
    except ValidationError as error:
        apply_service_errors(form, error)
        return None
    messages.success(request, message(result) if callable(message) else message)
    return redirect(success(result) if callable(success) else success)
