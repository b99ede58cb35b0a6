"""The åtgärdsplan in Brå's table, and the coordinator's follow-up colour per activity and period."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from promises.forms import apply_service_errors
from promises.models import Promise

from . import plan, ratings
from .models.ratings import MEANINGS, SHAPES, Colour
from .plan_access import get_action_plan_for_user


def legend() -> list[dict]:
    """The colours as the table's legend shows them: shape, word and meaning."""
    return [
        {
            "value": colour.value,
            "shape": SHAPES[colour],
            "label": colour.label,
            "meaning": MEANINGS[colour],
        }
        for colour in Colour
    ]


@require_GET
@login_required
def plan_table(request, pk):
    promise = get_action_plan_for_user(request.user, pk)
    context = {
        "promise": promise,
        "table": plan.plan_table(promise),
        "legend": legend(),
        "can_rate": Promise.objects.editable_by(request.user).filter(pk=promise.pk).exists(),
    }
    return render(request, "situation/plan/table.html", context)


def _period(request) -> date | None:
    value = request.GET.get("period", "")
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
@login_required
def activity_rating(request, pk):
    activity = ratings.get_activity_for_rating(request.user, pk, write=True)
    promise = activity.focus_area.promise
    window = ratings.window_for(activity, _period(request))
    rating = ratings.rating_for(activity, window)
    form = ratings.RatingForm(request.POST if request.method == "POST" else None, instance=rating)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ratings.set_rating(
                user=request.user,
                activity=activity,
                window=window,
                colour=data["colour"],
                reason=data["reason"],
                expected_version=data["version"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Uppföljningsfärgen sparades."))
            return redirect("situation:plan_table", pk=promise.pk)
    context = {
        "activity": activity,
        "promise": promise,
        "window": window,
        "windows": plan.begun_windows(promise),
        "form": form,
        "legend": legend(),
    }
    return render(request, "situation/plan/rating_form.html", context)
