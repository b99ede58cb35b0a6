"""What the lägesbild's views share (an app renders its own pages: nothing from promises.views)."""

from django.contrib import messages
from django.shortcuts import redirect, render


def saved(request, message) -> None:
    messages.success(request, message)


def confirm_and_delete(request, obj, *, delete, message, consequences, success_url, cancel_url):
    """GET: a page that says what goes with ``obj``. POST: ``delete()``, then to ``success_url``."""
    if request.method == "POST":
        delete()
        saved(request, message)
        return redirect(success_url)
    context = {"object": obj, "cancel_url": cancel_url, "consequences": consequences}
    return render(request, "situation/confirm_delete.html", context)
