"""The police recorded an update in a promise someone follows (``Kind.FOLLOWED_PROMISE_UPDATED``).

An update counts when its author is a police contact (``Role.POLICE``) of a police area that
covers the promise's kommun. Its followers hear of it (``follows.py`` says who may follow), each by
their preference: at once, in the weekly digest, or never. Nobody hears of their own update, nor of
one recorded before they followed. Internal updates are told as well, marked "Intern": the
followers are the kommun's coordinators, who read them in the app anyway; the e-mail says that
they are not public.

Each follower gets one e-mail per run (the transaction's task, or the planner) listing every
update they have not had, each item keyed by the update so that it is never told twice. Two
queries however many updates and followers.
"""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db.models import Exists, F, OuterRef, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from promises.models import Membership, StatusUpdate

from .follows import FOLLOWER_ROLES
from .kinds import Kind
from .models import PromiseFollow
from .news import news_window, without_sent
from .services import Item, Message
from .tokens import absolute

TEMPLATE = "emails/followed_update"
PROMISE = "activity__focus_area__promise"
MUNICIPALITY = f"{PROMISE}__agreement__municipality"


def police_author() -> Exists:
    """The update's author is a police contact of an area covering the update's kommun."""
    return Exists(
        Membership.objects.filter(
            user=OuterRef("author"),
            role=Membership.Role.POLICE,
            organisation__covered_municipalities=OuterRef(MUNICIPALITY),
        )
    )


def messages_for_updates(updates: QuerySet) -> list[Message]:
    """One message per follower of the promises of ``updates``, with the ones the police wrote."""
    rows = list(
        updates.filter(police_author(), author__isnull=False)
        .order_by("created_at", "pk")
        .values(
            "pk",
            "date",
            "status",
            "description",
            "is_public",
            "created_at",
            "author_id",
            "author__first_name",
            "author__last_name",
            "author__username",
            "activity_id",
            "activity__number",
            "activity__description",
            "activity__focus_area__number",
        )
        .annotate(
            promise_id=F(f"{PROMISE}_id"),
            promise_title=F(f"{PROMISE}__title"),
            municipality_id=F(f"{MUNICIPALITY}_id"),
            municipality=F(f"{MUNICIPALITY}__name"),
        )
    )
    if not rows:
        return []
    by_promise = defaultdict(list)
    for row in rows:
        by_promise[row["promise_id"]].append(row)
    follows = (
        PromiseFollow.objects.filter(promise_id__in=list(by_promise), user__is_active=True)
        .filter(
            Exists(
                Membership.objects.filter(
                    user=OuterRef("user"),
                    role__in=FOLLOWER_ROLES,
                    organisation=OuterRef("promise__agreement__municipality"),
                )
            )
        )
        .select_related("user")
        .order_by("user_id", "promise_id")
    )
    users, items = {}, defaultdict(list)
    with translation.override(settings.LANGUAGE_CODE):
        for follow in follows:
            for row in by_promise[follow.promise_id]:
                if row["author_id"] == follow.user_id or row["created_at"] < follow.created_at:
                    continue
                users[follow.user_id] = follow.user
                items[follow.user_id].append(_item(row))
        return [_message(users[user_id], user_items) for user_id, user_items in items.items()]


def plan_followed_updates(day: date) -> list[Message]:
    """What ``send_reminders`` sends: the police updates of the last days not yet told."""
    start, end = news_window(day)
    updates = StatusUpdate.objects.filter(
        created_at__gte=start,
        created_at__lt=end,
        **{f"{PROMISE}__in": PromiseFollow.objects.values("promise_id")},
    )
    return without_sent(messages_for_updates(updates))


def _item(row: dict) -> Item:
    author = " ".join(
        part for part in (row["author__first_name"], row["author__last_name"]) if part
    )
    code = f"{row['activity__focus_area__number']}:{row['activity__number']}"
    return Item(
        key=f"uppdatering-{row['pk']}",
        organisation_id=row["municipality_id"],
        context={
            "code": code,
            "description": Truncator(row["activity__description"]).words(20),
            "promise": row["promise_title"],
            "municipality": row["municipality"],
            "status": str(StatusUpdate.Status(row["status"]).label),
            "date": row["date"].isoformat(),
            "public": row["is_public"],
            "visibility": _("Offentlig") if row["is_public"] else _("Intern"),
            "author": author or row["author__username"],
            "update": Truncator(row["description"]).words(80),
            # What the digest, or any generic list, shows of the item.
            "text": _("Polisen rapporterade i %(code)s: %(status)s")
            % {
                "code": code,
                "status": StatusUpdate.Status(row["status"]).label,
            },
            "url": absolute(
                reverse("promises:activity_detail", args=[row["activity_id"]]) + "#timeline-heading"
            ),
        },
    )


def _message(user, items: list[Item]) -> Message:
    items = sorted(items, key=lambda item: (item.context["municipality"], item.context["promise"]))
    promises = sorted({item.context["promise"] for item in items})
    organisation_ids = {item.organisation_id for item in items}
    count = len(items)
    if len(promises) == 1:
        subject = ngettext(
            "Ny uppdatering från polisen i %(promise)s",
            "%(count)s nya uppdateringar från polisen i %(promise)s",
            count,
        ) % {"count": count, "promise": promises[0]}
    else:
        subject = _("%(count)s nya uppdateringar från polisen i %(promises)s löften du följer") % {
            "count": count,
            "promises": len(promises),
        }
    return Message(
        user=user,
        kind=Kind.FOLLOWED_PROMISE_UPDATED,
        subject=subject,
        template=TEMPLATE,
        context={"count": count, "promises": promises},
        items=tuple(items),
        organisation_id=organisation_ids.pop() if len(organisation_ids) == 1 else None,
    )
