"""An activity became the police's (``Kind.POLICE_ASSIGNMENT``): created with responsible "Polisen"
or "Gemensamt", or changed to one of them from "Kommunen".

The event is the activity's history row that made it so: a row ("+" created, "~" changed) with
a police responsibility whose previous row had none (or that has no previous row). A restored
activity is not news (its previous row, the deletion's, had the same responsibility); a change
between "Polisen" and "Gemensamt" is not news either (the police had it already).

The police contacts of every police area covering the activity's kommun hear of it, each by
their preference, except the one who made the change. An activity that is no longer the police's
when the message is planned is left out, and of several events of one activity only the newest is
told. One e-mail per recipient per run; each item keyed by its history row. Three queries.
"""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from promises.models import Activity, Membership, Promise

from .kinds import Kind
from .news import news_window, without_sent
from .services import Item, Message
from .tokens import absolute

TEMPLATE = "emails/police_assignment"
POLICE_RESPONSIBLE = [
    str(value) for value in (Activity.Responsible.POLICE, Activity.Responsible.JOINT)
]


def history():
    return Activity.history.model.objects


def assignment_rows(rows: QuerySet) -> QuerySet:
    """The history rows of ``rows`` that made their activity the police's."""
    previous = (
        history()
        .filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("responsible")[:1]
    )
    return (
        rows.filter(responsible__in=POLICE_RESPONSIBLE, history_type__in=["+", "~"])
        .annotate(previous=Subquery(previous))
        .filter(Q(previous__isnull=True) | ~Q(previous__in=POLICE_RESPONSIBLE))
    )


def messages_for_assignments(rows: QuerySet) -> list[Message]:
    """One message per police contact who has activities newly theirs among ``rows``."""
    events = {}
    for history_id, activity_id, user_id, when in (
        assignment_rows(rows)
        .order_by("history_id")
        .values_list("history_id", "id", "history_user_id", "history_date")
    ):
        events[activity_id] = (history_id, user_id, when)  # the newest event of each activity
    if not events:
        return []
    activities = list(
        Activity.objects.filter(pk__in=list(events), responsible__in=POLICE_RESPONSIBLE)
        .order_by("focus_area__promise_id", "focus_area__number", "number")
        .values("pk", "number", "description", "responsible", "focus_area__number")
        .annotate(
            promise_title=F("focus_area__promise__title"),
            promise_status=F("focus_area__promise__status"),
            municipality_id=F("focus_area__promise__agreement__municipality_id"),
            municipality=F("focus_area__promise__agreement__municipality__name"),
        )
    )
    if not activities:
        return []
    police = defaultdict(list)
    for membership in (
        Membership.objects.filter(
            role=Membership.Role.POLICE,
            organisation__covered_municipalities__in={a["municipality_id"] for a in activities},
            user__is_active=True,
        )
        .annotate(municipality_id=F("organisation__covered_municipalities"))
        .select_related("user")
        .order_by("user_id")
    ):
        police[membership.municipality_id].append(membership.user)
    users, items = {}, defaultdict(list)
    with translation.override(settings.LANGUAGE_CODE):
        for activity in activities:
            history_id, actor_id, when = events[activity["pk"]]
            item = _item(activity, history_id, when)
            for user in police[activity["municipality_id"]]:
                if user.pk == actor_id or item in items[user.pk]:
                    continue
                users[user.pk] = user
                items[user.pk].append(item)
        return [_message(users[user_id], user_items) for user_id, user_items in items.items()]


def plan_police_assignments(day: date) -> list[Message]:
    """What ``send_reminders`` sends: the activities that became the police's in the last days and
    whose news has not gone out."""
    start, end = news_window(day)
    return without_sent(
        messages_for_assignments(history().filter(history_date__gte=start, history_date__lt=end))
    )


def _item(activity: dict, history_id: int, when) -> Item:
    code = f"{activity['focus_area__number']}:{activity['number']}"
    responsible = Activity.Responsible(activity["responsible"]).label
    draft = activity["promise_status"] == Promise.Status.DRAFT
    return Item(
        key=f"ansvar-{history_id}",
        organisation_id=activity["municipality_id"],
        context={
            "code": code,
            "description": Truncator(activity["description"]).words(30),
            "promise": activity["promise_title"],
            "draft": draft,
            "municipality": activity["municipality"],
            "responsible": str(responsible),
            "date": timezone.localdate(when).isoformat(),
            "text": _("%(code)s: ansvarig %(responsible)s")
            % {
                "code": code,
                "responsible": str(responsible).lower(),
            },
            "url": absolute(reverse("promises:activity_detail", args=[activity["pk"]])),
        },
    )


def _message(user, items: list[Item]) -> Message:
    items = sorted(items, key=lambda item: item.context["municipality"])  # stable: by promise
    places = sorted({item.context["municipality"] for item in items})
    organisation_ids = {item.organisation_id for item in items}
    count = len(items)
    if len(places) == 1:
        subject = ngettext(
            "Polisen har blivit ansvarig för en aktivitet i %(place)s",
            "Polisen har blivit ansvarig för %(count)s aktiviteter i %(place)s",
            count,
        ) % {"count": count, "place": places[0]}
    else:
        subject = _(
            "Polisen har blivit ansvarig för %(count)s aktiviteter i %(places)s kommuner"
        ) % {
            "count": count,
            "places": len(places),
        }
    return Message(
        user=user,
        kind=Kind.POLICE_ASSIGNMENT,
        subject=subject,
        template=TEMPLATE,
        context={"count": count, "places": places},
        items=tuple(items),
        organisation_id=organisation_ids.pop() if len(organisation_ids) == 1 else None,
    )
