"""The weekly digest ("Veckosammanfattning"), every Monday, to the coordinators and police contacts.

A coordinator's digest covers her kommun; a police contact's every kommun his police area covers,
in one e-mail grouped per kommun (``digest_content.municipality_sections``: what was recorded in
the week before, what is missing in the current period per party, what is due next). It also
carries what the recipient chose to get "in the weekly digest" (``SentNotification`` rows waiting
for it); the sending task marks those as sent in the digest once the e-mail has gone
(``sending.send_batch``, by the ids in the context's ``in_digest``), so a digest that fails leaves
them waiting for the next one.

Once per ISO week and person (the key names the week). Whoever turned the digest off, or has had
this week's already, is left out before anything is read; a recipient with nothing to read gets
no e-mail. The digests are built in a batch: nine queries for all recipients together, however
many kommuner, promises and people there are.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from promises.models import Membership, Organisation

from .digest_content import Week, municipality_sections, waiting_line
from .kinds import Frequency, Kind
from .models import NotificationPreference, SentNotification
from .selectors import waiting_for_digests
from .services import Item, Message
from .tokens import absolute

TEMPLATE = "emails/weekly_digest"
WEEKDAY = 0  # Monday


def _recipients(week: Week) -> dict[int, tuple[object, set[int]]]:
    """Per user id: the user and the kommuner their digest covers (two queries)."""
    turned_off = NotificationPreference.objects.filter(
        user=OuterRef("user"), kind=Kind.WEEKLY_DIGEST, frequency=Frequency.NEVER
    )
    already = SentNotification.objects.filter(
        user=OuterRef("user"), kind=Kind.WEEKLY_DIGEST, key=week.key
    )
    memberships = list(
        Membership.objects.filter(
            Q(role=Membership.Role.COORDINATOR, organisation__kind=Organisation.Kind.MUNICIPALITY)
            | Q(role=Membership.Role.POLICE, organisation__kind=Organisation.Kind.POLICE_AREA),
            user__is_active=True,
        )
        .exclude(Exists(turned_off))
        .exclude(Exists(already))
        .select_related("user")
        .order_by("user_id", "pk")
    )
    areas = {m.organisation_id for m in memberships if m.role == Membership.Role.POLICE}
    covered = defaultdict(set)
    if areas:
        for area_id, municipality_id in Organisation.covered_municipalities.through.objects.filter(
            from_organisation_id__in=areas,
            to_organisation__kind=Organisation.Kind.MUNICIPALITY,
        ).values_list("from_organisation_id", "to_organisation_id"):
            covered[area_id].add(municipality_id)
    recipients: dict[int, tuple[object, set[int]]] = {}
    for membership in memberships:
        _user, municipalities = recipients.setdefault(membership.user_id, (membership.user, set()))
        if membership.role == Membership.Role.POLICE:
            municipalities |= covered[membership.organisation_id]
        else:
            municipalities.add(membership.organisation_id)
    return recipients


def _waiting(user_ids) -> dict[int, list]:
    """What waits for each user's digest (one query)."""
    waiting = defaultdict(list)
    for row in waiting_for_digests(user_ids):
        waiting[row.user_id].append(row)
    return waiting


def _waiting_groups(rows) -> list[dict]:
    """The waiting rows, one group per kind in the order of ``Kind``."""
    groups = []
    for kind in Kind.values:
        lines = [waiting_line(kind, row.subject, row.context) for row in rows if row.kind == kind]
        if lines:
            groups.append({"label": str(Kind(kind).label), "items": lines})
    return groups


def plan_weekly_digests(today: date) -> list[Message]:
    """Monday's digests of everyone who has not had this week's; nothing on other days."""
    if today.weekday() != WEEKDAY:
        return []
    week = Week(today)
    recipients = _recipients(week)
    if not recipients:
        return []
    sections = municipality_sections(
        set().union(*(ids for _user, ids in recipients.values())), week
    )
    waiting = _waiting(list(recipients))
    messages = []
    for user_id, (user, municipality_ids) in recipients.items():
        shown = [pk for pk in municipality_ids if pk in sections]
        own = sorted((sections[pk] for pk in shown), key=lambda section: section["name"])
        rows = waiting.get(user_id, [])
        if own or rows:
            # One kommun shown: its name is the sender's, as in every e-mail about one kommun.
            organisation_id = shown[0] if len(shown) == 1 else None
            messages.append(_message(user, week, own, rows, organisation_id))
    return messages


def _message(user, week: Week, sections: list[dict], rows: list, organisation_id) -> Message:
    names = [section["name"] for section in sections]
    if not names:  # only what waited for the digest
        subject = _("Veckosammanfattning, vecka %(week)s") % {"week": week.number}
    elif len(names) == 1:
        subject = _("Veckosammanfattning för %(place)s, vecka %(week)s") % {
            "place": names[0],
            "week": week.number,
        }
    else:
        subject = ngettext(
            "Veckosammanfattning för %(count)s kommun, vecka %(week)s",
            "Veckosammanfattning för %(count)s kommuner, vecka %(week)s",
            len(names),
        ) % {"count": len(names), "week": week.number}
    updates = sum(section["update_count"] for section in sections)
    missing = sum(section["missing_count"] for section in sections)
    due = sum(len(section["due"]) for section in sections)
    summary = _(
        "%(places)s, vecka %(week)s: %(updates)s rapporterade, %(missing)s saknas i perioden, "
        "%(due)s att lämna, %(waiting)s sparade till sammanfattningen"
    ) % {
        "places": ", ".join(names) or "–",
        "week": week.number,
        "updates": updates,
        "missing": missing,
        "due": due,
        "waiting": len(rows),
    }
    return Message(
        user=user,
        kind=Kind.WEEKLY_DIGEST,
        subject=subject,
        template=TEMPLATE,
        context={
            "week": week.number,
            "week_start": week.start.isoformat(),
            "week_end": week.end.isoformat(),
            "municipalities": sections,
            "waiting": _waiting_groups(rows),
            "standing_url": absolute(reverse("promises:standing")),
            "in_digest": [row.pk for row in rows],
        },
        items=(Item(key=week.key, context={"summary": summary}, organisation_id=organisation_id),),
        organisation_id=organisation_id,
    )
