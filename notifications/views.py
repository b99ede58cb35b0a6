from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from promises.start_page import user_roles

from . import selectors, services
from .forms import PreferencesForm
from .kinds import Kind
from .tokens import read_token


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request):
    """E-postinställningar: how often the user gets each kind of message they may get."""
    rows = selectors.preference_rows(request.user, user_roles(request.user))
    form = PreferencesForm(request.POST if request.method == "POST" else None, rows=rows)
    if request.method == "POST" and form.is_valid():
        services.set_preferences(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Dina e-postinställningar är sparade."))
        return redirect("notifications:preferences")
    status = 422 if form.errors else 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)


# A mail client's one-click POST (RFC 8058) carries no CSRF token and no session: the signed token
# in the address is what authorises it.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET: a page with a button. POST (the button, or a mail client's one-click): that kind of
    message is never sent to the token's user again. A bad or expired token: a Swedish page."""
    found = read_token(token)
    user = None
    if found is not None:
        user = get_user_model().objects.filter(pk=found[0], is_active=True).first()
    if user is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    kind = Kind(found[1])
    context = {"kind": kind, "email": user.email}
    if request.method == "POST":
        services.unsubscribe(user=user, kind=kind)
        return render(request, "notifications/unsubscribed.html", context)
    return render(request, "notifications/unsubscribe.html", context)
