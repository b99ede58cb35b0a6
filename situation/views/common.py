"""What the lägesbild's views share (an app renders its own pages: nothing from promises.views)."""

from django.contrib import messages
from django.shortcuts import redirect, render


def saved(request, message) -> None:
    messages.success(request, message)


def form_data(request):
    """The submitted data on POST (even when empty, so optional-only forms validate), else None."""
    return request.POST if request.method == "POST" else None


def editable_values(form) -> dict:
    """The cleaned values of the model's ``EDITABLE_FIELDS``, for a service."""
    return {name: form.cleaned_data[name] for name in type(form.instance).EDITABLE_FIELDS}


def confirm_and_delete(request, obj, *, delete, message, consequences, success_url, cancel_url):
    """GET: a page that says what goes with ``obj``. POST: ``delete()``, then to ``success_url``."""
    if request.method == "POST":
        delete()
        saved(request, message)
        return redirect(success_url)
    context = {"object": obj, "cancel_url": cancel_url, "consequences": consequences}
    return render(request, "situation/confirm_delete.html", context)
