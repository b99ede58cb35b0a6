"""Due-date reminders: the coordinators are reminded before each follow-up that a promise owes its
committee ("Årsuppföljning till Kommunstyrelsen, senast 2025-02-28") and each check-in of an
agreement.

From ``DUE_DATE_REMINDER_DAYS_BEFORE`` days before the date until the date itself, every unmet due
date of an adopted promise or a valid agreement (``promises.selectors.due_dates_to_remind``: never a
draft or closed promise, never one already met) is reminded of to the coordinators of its kommun,
once per person and date: the key names the due date and its day, so a date moved later reminds
again. The reminder links to the promise (or agreement) and, for a promise, to "Ny
uppföljningsrapport" with the due date pre-selected (``?uppfoljning=<id>``); a check-in, a meeting
rather than a report, links to the form where the coordinator records it as held. Each coordinator
gets one e-mail per run listing their due dates. Two queries however many due dates.
"""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from promises.models import Membership
from promises.selectors import due_dates_to_remind

from .kinds import Kind
from .services import Item, Message
from .tokens import absolute

TEMPLATE = "emails/due_date_reminder"


def due_date_key(due_date) -> str:
    """What a coordinator never gets twice: this due date on this day."""
    return f"uppfoljning-{due_date.pk}/{due_date.due_on.isoformat()}"


def report_url(due_date) -> str:
    """ "Ny uppföljningsrapport" for the due date's promise, with the due date pre-selected."""
    return absolute(
        reverse("followup:report_create")
        + f"?promise={due_date.promise_id}&uppfoljning={due_date.pk}"
    )


def _item(due_date, today: date) -> Item:
    document = due_date.promise or due_date.agreement
    municipality = due_date.municipality
    context = {
        "title": due_date.title,
        "kind": due_date.get_kind_display(),
        "due_on": due_date.due_on.isoformat(),
        "days_left": (due_date.due_on - today).days,
        "recipient": due_date.recipient,
        "document": document.title,
        "document_url": absolute(document.get_absolute_url()),
        "is_promise": bool(due_date.promise_id),
        "municipality": municipality.name,
        "summary": f"{municipality.name}: {due_date}",
    }
    if due_date.promise_id:
        context["action_url"] = report_url(due_date)
    else:
        context["action_url"] = absolute(reverse("promises:due_date_edit", args=[due_date.pk]))
    return Item(key=due_date_key(due_date), context=context, organisation_id=municipality.pk)


def plan_due_date_reminders(today: date) -> list[Message]:
    due_dates = due_dates_to_remind(today, settings.DUE_DATE_REMINDER_DAYS_BEFORE)
    if not due_dates:
        return []
    coordinators = defaultdict(list)
    for membership in (
        Membership.objects.filter(
            role=Membership.Role.COORDINATOR,
            organisation_id__in={due_date.municipality.pk for due_date in due_dates},
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user_id")
    ):
        coordinators[membership.organisation_id].append(membership.user)
    users, items = {}, defaultdict(list)
    for due_date in due_dates:
        item = _item(due_date, today)
        for user in coordinators[due_date.municipality.pk]:
            users[user.pk] = user
            items[user.pk].append(item)
    return [_message(users[user_id], user_items) for user_id, user_items in items.items()]


def _message(user, items: list[Item]) -> Message:
    municipalities = sorted({item.context["municipality"] for item in items})
    organisation_ids = {item.organisation_id for item in items}
    if len(items) == 1:
        context = items[0].context
        subject = _("Påminnelse: %(title)s, senast %(day)s") % {
            "title": context["title"],
            "day": context["due_on"],
        }
    else:
        subject = ngettext(
            "Påminnelse: %(count)s uppföljning i %(place)s ska snart vara klar",
            "Påminnelse: %(count)s uppföljningar i %(place)s ska snart vara klara",
            len(items),
        ) % {"count": len(items), "place": ", ".join(municipalities)}
    return Message(
        user=user,
        kind=Kind.DUE_DATE_REMINDER,
        subject=subject,
        template=TEMPLATE,
        context={"municipalities": municipalities, "count": len(items)},
        items=tuple(items),
        organisation_id=organisation_ids.pop() if len(organisation_ids) == 1 else None,
    )
