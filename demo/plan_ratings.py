"""Demo follow-up colours for Upplands-Bro's åtgärdsplan 2022–2023 (invented, in words modelled on
the plan's own status updates), so that Brå's table of the demo shows grön, gul and röd with their
reasons. Set through the service as the kommun's coordinator; a second run changes nothing."""

from datetime import date

from django.contrib.auth import get_user_model

from promises.models import Activity
from situation.models import FollowUpRating
from situation.plan import follow_up_windows
from situation.ratings import set_rating

from .summary import DemoSummary, Outcome

PLAN = "Åtgärdsplan 2022–2023 till samverkansöverenskommelsen"
AUTHOR = "samordnare-ub"
G, Y, R = FollowUpRating.Colour.GREEN, FollowUpRating.Colour.YELLOW, FollowUpRating.Colour.RED
# (activity code, first day of the follow-up period, colour, reason)
RATINGS = (
    ("1:1", date(2022, 1, 1), Y, "Arbetet med handlingsplanen har börjat men är försenat."),
    ("1:1", date(2022, 7, 1), G, "Handlingsplanen skrivs enligt den nya tidplanen."),
    ("1:2", date(2022, 1, 1), G, ""),
    ("1:2", date(2022, 7, 1), G, ""),
    ("1:3", date(2022, 1, 1), R, "Ingen samordnare utsedd; bemanningen saknades under våren."),
    ("1:3", date(2022, 7, 1), Y, "Samordnaren är på plats, men bara hälften av träffarna hölls."),
)


def load_demo_plan_ratings(*, summary: DemoSummary) -> DemoSummary:
    author = get_user_model().objects.filter(username=AUTHOR).first()
    if author is None:
        return summary
    activities = {
        activity.code: activity
        for activity in Activity.objects.filter(focus_area__promise__title=PLAN).select_related(
            "focus_area__promise"
        )
    }
    for code, start, colour, reason in RATINGS:
        activity = activities.get(code)
        if activity is None:
            continue
        window = next(w for w in follow_up_windows(activity.focus_area.promise) if w.start == start)
        current = FollowUpRating.objects.filter(activity=activity, period_start=start).first()
        if current is not None and (current.colour, current.reason) == (colour, reason):
            summary.record_model(FollowUpRating, Outcome.UNCHANGED)
            continue
        set_rating(
            user=author,
            activity=activity,
            window=window,
            colour=colour,
            reason=reason,
            expected_version=current.lock_version if current else None,
        )
        outcome = Outcome.UPDATED if current else Outcome.CREATED
        summary.record_model(FollowUpRating, outcome)
    return summary
