"""Setting an åtgärd's follow-up colour for one follow-up period: the rule, the form and the write.

Only an activity of an åtgärdsplan (``Promise.Kind.ACTION_PLAN``) gets colours, and only from the
coordinators of its kommun (``Promise.objects.editable_by``: they follow the plan up to the
committee). One colour per activity and period; setting it again changes it (with its history).
"""

from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from promises.access import get_activity_for_user
from promises.forms import SwedishBlankChoiceMixin, VersionMixin
from promises.models import Activity, Promise
from promises.periods import Window
from promises.services import writes

from .models.ratings import MEANINGS, SHAPES, Colour, FollowUpRating
from .plan import begun_windows


def get_activity_for_rating(user, pk, *, write: bool = False) -> Activity:
    """An åtgärdsplan's activity whose colours ``user`` reads (or, with ``write``, sets): 404 for
    outsiders and for an activity of a medborgarlöfte, 403 for whoever is not a coordinator."""
    activity = get_activity_for_user(user, pk)
    promise = activity.focus_area.promise
    if not promise.is_action_plan:
        raise Http404
    if write and not Promise.objects.editable_by(user).filter(pk=promise.pk).exists():
        raise PermissionDenied
    return activity


def window_for(activity: Activity, period_start: date | None, *, today=None) -> Window:
    """The begun follow-up period that starts on ``period_start`` (by default the newest)."""
    windows = begun_windows(activity.focus_area.promise, today)
    if period_start is None:
        return windows[-1]
    for window in windows:
        if window.start == period_start:
            return window
    raise Http404


def colour_choices():
    return [
        (colour.value, f"{SHAPES[colour]} {colour.label.capitalize()} – {MEANINGS[colour]}")
        for colour in Colour
    ]


class RatingForm(SwedishBlankChoiceMixin, VersionMixin, forms.ModelForm):
    """The colour and its reason for one period; it carries the rating's version (0 for a new
    one), so a colour someone else set meanwhile is never silently replaced."""

    class Meta:
        model = FollowUpRating
        fields = FollowUpRating.EDITABLE_FIELDS
        widgets = {"colour": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colour"].choices = colour_choices()


def rating_for(activity: Activity, window: Window) -> FollowUpRating:
    """The activity's rating for ``window``, or a new one to fill in."""
    return FollowUpRating.objects.filter(activity=activity, period_start=window.start).first() or (
        FollowUpRating(activity=activity, period_start=window.start, period_end=window.end)
    )


@transaction.atomic
def set_rating(
    *,
    user,
    activity: Activity,
    window: Window,
    colour: str,
    reason: str = "",
    expected_version: int | None = None,
) -> FollowUpRating:
    """Set (or change) the colour of ``activity`` for the follow-up period ``window``."""
    if not activity.focus_area.promise.is_action_plan:
        raise ValidationError(_("Bara åtgärder i en åtgärdsplan får en uppföljningsfärg."))
    rating = (
        FollowUpRating.objects.select_for_update()
        .filter(activity=activity, period_start=window.start)
        .first()
    )
    if rating is None:
        # A new colour: nothing to compare with. One set meanwhile makes ``rating`` not None, and
        # the form's version (0 for a new one) then refuses the save as a conflict.
        rating = FollowUpRating(activity=activity, period_start=window.start)
        expected_version = None
    rating.period_end = window.end
    rating.colour = colour
    rating.reason = reason
    return writes.save(rating, user=user, expected_version=expected_version)
