"""The åtgärdsplan in Brå's table, and the coordinator's follow-up colour per activity and period."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from promises.models import Promise
from promises.submit import submitted

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
    if response := submitted(
        request,
        form,
        lambda: ratings.set_rating(
            user=request.user,
            activity=activity,
            window=window,
            colour=form.cleaned_data["colour"],
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        ),
        message=_("Uppföljningsfärgen sparades."),
        success=reverse("situation:plan_table", args=[promise.pk]),
    ):
        return response
    context = {
        "activity": activity,
        "promise": promise,
        "window": window,
        "windows": plan.begun_windows(promise),
        "form": form,
        "legend": legend(),
    }
    return render(request, "situation/plan/rating_form.html", context)
