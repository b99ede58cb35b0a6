from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from promises.access import get_promise_for_user
from promises.start_page import user_roles

from . import follows, selectors, services
from .forms import FollowForm, PreferencesForm
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
    context = {"form": form, "follows": follows.follows_of(request.user)}
    return render(request, "notifications/preferences.html", context, status=status)


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


@require_POST
@login_required
def follow(request, pk):
    """The "Följ löftet" / "Sluta följa" button (on the promise page and E-postinställningar).
    Following needs what reading the promise needs (404 otherwise) and a role that may follow
    (403); stopping needs only one's own follow."""
    form = FollowForm(request.POST)
    if not form.is_valid():
        raise BadRequest
    if form.cleaned_data["action"] == FollowForm.STOP:
        if not follows.unfollow(user=request.user, promise_id=pk):
            get_promise_for_user(request.user, pk)  # says nothing of a promise one may not read
        messages.success(request, _("Du följer inte längre löftet."))
    else:
        promise = get_promise_for_user(request.user, pk)
        if not follows.may_follow(request.user, promise):
            raise PermissionDenied
        follows.follow(user=request.user, promise=promise)
        messages.success(
            request,
            _(
                "Du följer löftet. Du får veta när polisen rapporterar i det, så som du valt "
                "under E-postinställningar."
            ),
        )
    if form.cleaned_data["back"] == FollowForm.BACK_TO_PREFERENCES:
        return redirect("notifications:preferences")
    return redirect("promises:promise_detail", pk)
