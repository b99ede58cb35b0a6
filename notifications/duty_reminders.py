"""The law's checklist reminder: a kommun's lägesbild is due for renewal.

A lägesbild is renewed every ``DutySettings.renewal_months`` (24 unless the kommun says otherwise,
``situation.duty``). From the day the newest adopted version is that old, the kommun's coordinators
are reminded once: the key names the kommun and the day the renewal fell due, so a new adoption
(a later due day) reminds again when it in turn grows old. A kommun with no adopted lägesbild is
reminded once a calendar year, but only if it has begun with the lägesbild here (a draft, or its
checklist settings saved): an installation that only follows medborgarlöften is not written to.

The reminder goes through the due-date reminders' kind (``Kind.DUE_DATE_REMINDER``, "Påminnelse om
uppföljningar till nämnd": the lägesbild is adopted by Kommunstyrelsen), so a coordinator who turned
those off gets none, and it links to the kommun's checklist. Two queries however many kommuner.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from promises.models import Membership, Organisation
from situation.duty import renewal_due
from situation.models import Assessment
from situation.models.duty import DEFAULT_RENEWAL_MONTHS

from .kinds import Kind
from .services import Item, Message
from .tokens import absolute

TEMPLATE = "emails/duty_reminder"


def _kommuner():
    newest = (
        Assessment.objects.adopted()
        .filter(municipality=OuterRef("pk"))
        .order_by("-adopted_on", "-version")
    )
    return (
        Organisation.objects.municipalities()
        .filter(
            Q(duty_settings__isnull=False)
            | Exists(Assessment.objects.filter(municipality=OuterRef("pk")))
        )
        .annotate(
            newest_adopted_on=Subquery(newest.values("adopted_on")[:1]),
            renewal_months=Coalesce("duty_settings__renewal_months", DEFAULT_RENEWAL_MONTHS),
        )
        .only("name")
        .order_by("pk")
    )


def _item(kommun, today: date) -> Item | None:
    due = renewal_due(kommun.newest_adopted_on, kommun.renewal_months)
    if due is not None and today < due:
        return None
    url = absolute(reverse("situation:duty_checklist", args=[kommun.pk]))
    if due is None:
        key = f"lagkrav-lagesbild/kommun-{kommun.pk}/saknas-{today.year}"
        text = _("%(place)s har ingen antagen lägesbild.") % {"place": kommun.name}
    else:
        key = f"lagkrav-lagesbild/kommun-{kommun.pk}/forfallen-{due.isoformat()}"
        text = _(
            "Lägesbilden för %(place)s antogs %(adopted)s och skulle ha förnyats senast "
            "%(due)s (efter %(months)s månader)."
        ) % {
            "place": kommun.name,
            "adopted": kommun.newest_adopted_on.isoformat(),
            "due": due.isoformat(),
            "months": kommun.renewal_months,
        }
    context = {"municipality": kommun.name, "text": text, "url": url, "summary": text}
    return Item(key=key, context=context, organisation_id=kommun.pk)


def plan_duty_reminders(today: date) -> list[Message]:
    items = [item for kommun in _kommuner() if (item := _item(kommun, today)) is not None]
    if not items:
        return []
    coordinators = defaultdict(list)
    for membership in (
        Membership.objects.filter(
            role=Membership.Role.COORDINATOR,
            organisation_id__in={item.organisation_id for item in items},
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user_id")
    ):
        coordinators[membership.organisation_id].append(membership.user)
    users, by_user = {}, defaultdict(list)
    for item in items:
        for user in coordinators[item.organisation_id]:
            users[user.pk] = user
            by_user[user.pk].append(item)
    return [_message(users[user_id], user_items) for user_id, user_items in by_user.items()]


def _message(user, items: list[Item]) -> Message:
    places = sorted({item.context["municipality"] for item in items})
    subject = ngettext(
        "Påminnelse: dags för en ny lägesbild i %(places)s",
        "Påminnelse: dags för nya lägesbilder i %(places)s",
        len(items),
    ) % {"places": ", ".join(places)}
    organisation_ids = {item.organisation_id for item in items}
    return Message(
        user=user,
        kind=Kind.DUE_DATE_REMINDER,
        subject=subject,
        template=TEMPLATE,
        context={"municipalities": places, "count": len(items)},
        items=tuple(items),
        organisation_id=organisation_ids.pop() if len(organisation_ids) == 1 else None,
    )
