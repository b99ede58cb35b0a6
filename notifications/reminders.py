"""Reminders that follow a promise's cadence: who must update which activity before its period
ends.

For each adopted promise (not a draft, not closed or superseded) that runs on the day, the current
follow-up period comes from its cadence (``promises.periods.cadence_window``); it ends at the
period's end or the promise's, whichever is first. From ``REMINDER_DAYS_BEFORE_PERIOD_END`` days
before that end, every activity with no status update since the period began, and not finished
(``promises.start_page.awaiting_follow_up``) and not planned to begin after the period, is
reminded of:

- police and joint activities to the police area's police contacts: the police edit those and list
  them under "Mina aktiviteter", and the issue assigns joint ones to them; the coordinator, who owns
  the whole chain, sees every missing activity in the weekly digest instead of a second reminder
  about the same update;
- the kommun's activities to its coordinators;
- when no police contact exists, the coordinators (a reminder must not vanish).

Each person gets one e-mail a day listing all their activities, each with a link to its update
form; an activity is reminded of once per period (its key names the activity and the period).
Three queries however many activities.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from promises.models import Activity, Membership, Promise
from promises.periods import cadence_window
from promises.start_page import awaiting_follow_up

from .kinds import Kind
from .services import Item, Message
from .tokens import absolute

TEMPLATE = "emails/activity_reminder"


def reminder_windows(promises, today: date) -> dict[int, tuple]:
    """Per promise id, (period, its end) for the promises whose reminders are due on ``today``."""
    days = timedelta(days=settings.REMINDER_DAYS_BEFORE_PERIOD_END)
    due = {}
    for promise in promises:
        window = cadence_window(promise.follow_up_cadence, today)
        end = min(window.end, promise.period_end)
        if end - days <= today <= end:
            due[promise.pk] = (window, end)
    return due


def plan_activity_reminders(today: date) -> list[Message]:
    promises = {
        promise.pk: promise
        for promise in Promise.objects.filter(
            status=Promise.Status.ADOPTED, period_start__lte=today, period_end__gte=today
        )
        .select_related("agreement__municipality")
        .only(
            "title",
            "follow_up_cadence",
            "period_start",
            "period_end",
            "agreement__police_area",
            "agreement__municipality__name",
        )
    }
    due = reminder_windows(promises.values(), today)
    if not due:
        return []
    activities = list(
        awaiting_follow_up({pk: window for pk, (window, _end) in due.items()})
        .order_by("focus_area__promise_id", "focus_area__number", "number")
        .values("pk", "number", "description", "responsible", "planned_start", "focus_area__number")
        .annotate(promise_id=F("focus_area__promise_id"))
    )
    if not activities:
        return []
    agreements = {pk: promises[pk].agreement for pk in due}
    members = defaultdict(list)
    for membership in (
        Membership.objects.filter(
            Q(
                role=Membership.Role.POLICE,
                organisation_id__in={a.police_area_id for a in agreements.values()},
            )
            | Q(
                role=Membership.Role.COORDINATOR,
                organisation_id__in={a.municipality_id for a in agreements.values()},
            ),
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user_id")
    ):
        members[(membership.organisation_id, membership.role)].append(membership.user)

    items_by_user: dict[int, list[Item]] = defaultdict(list)
    users = {}
    for activity in activities:
        promise = promises[activity["promise_id"]]
        window, end = due[promise.pk]
        if activity["planned_start"] and activity["planned_start"] > end:
            continue  # planned to begin after this period: nothing to report yet
        agreement = agreements[promise.pk]
        coordinators = members[(agreement.municipality_id, Membership.Role.COORDINATOR)]
        police = members[(agreement.police_area_id, Membership.Role.POLICE)]
        if activity["responsible"] == Activity.Responsible.MUNICIPALITY:
            recipients = coordinators
        else:
            recipients = police or coordinators
        item = Item(
            key=f"aktivitet-{activity['pk']}/period-{window.start.isoformat()}",
            organisation_id=agreement.municipality_id,
            context={
                "code": f"{activity['focus_area__number']}:{activity['number']}",
                "description": Truncator(activity["description"]).words(20),
                "promise": promise.title,
                "municipality": agreement.municipality.name,
                "period": str(window.label),
                "period_end": end.isoformat(),
                "url": absolute(
                    reverse("promises:activity_detail", args=[activity["pk"]])
                    + "#new-update-heading"
                ),
            },
        )
        for user in recipients:
            users[user.pk] = user
            items_by_user[user.pk].append(item)
    return [_message(users[user_id], items) for user_id, items in items_by_user.items()]


def _message(user, items: list[Item]) -> Message:
    municipalities = sorted({item.context["municipality"] for item in items})
    organisation_ids = {item.organisation_id for item in items}
    count = len(items)
    if len(municipalities) == 1:
        subject = ngettext(
            "Påminnelse: %(count)s aktivitet i %(place)s väntar på statusuppdatering",
            "Påminnelse: %(count)s aktiviteter i %(place)s väntar på statusuppdatering",
            count,
        ) % {"count": count, "place": municipalities[0]}
    else:
        subject = _(
            "Påminnelse: %(count)s aktiviteter i %(places)s kommuner väntar på statusuppdatering"
        ) % {"count": count, "places": len(municipalities)}
    return Message(
        user=user,
        kind=Kind.ACTIVITY_REMINDER,
        subject=subject,
        template=TEMPLATE,
        context={"municipalities": municipalities, "count": count},
        items=tuple(items),
        organisation_id=organisation_ids.pop() if len(organisation_ids) == 1 else None,
    )
