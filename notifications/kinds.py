"""Every kind of message the app sends, how often each may come, and who may get it: stated once.

A user chooses a ``Frequency`` per kind on "E-postinställningar" (``NotificationPreference``);
without a choice the kind's default applies. ``RULES`` says which frequencies make sense for a kind:

- an activity reminder may wait for the weekly digest: it comes ``REMINDER_DAYS_BEFORE_PERIOD_END``
  days (default 10, more than a week) before the period ends, so the next digest still comes in time;
- a due-date reminder is about a date to a committee: it comes at once or not at all (the digest
  already lists what is due next, so "in the digest" would say nothing new);
- the weekly digest is itself weekly: it comes or it does not;
- what others did (a followed promise updated, an activity assigned to the police) may come at once
  or in the digest.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from promises.models import Membership


class Kind(models.TextChoices):
    ACTIVITY_REMINDER = "aktivitetspaminnelse", _("Påminnelse om aktiviteter att följa upp")
    DUE_DATE_REMINDER = "forfallodatum", _("Påminnelse om uppföljningar till nämnd")
    WEEKLY_DIGEST = "veckosammanfattning", _("Veckosammanfattning")
    FOLLOWED_PROMISE_UPDATED = "foljt-lofte", _("Nya uppdateringar i löften jag följer")
    POLICE_ASSIGNMENT = "polisaktivitet", _("Aktivitet som polisen blivit ansvarig för")


class Frequency(models.TextChoices):
    IMMEDIATELY = "direkt", _("Direkt")
    WEEKLY = "veckovis", _("I veckosammanfattningen")
    NEVER = "aldrig", _("Aldrig")


@dataclass(frozen=True)
class Rule:
    frequencies: tuple[str, ...]
    default: str
    roles: tuple[str, ...]  # who may get the kind at all (the page offers it to them only)
    help_text: str
    # At most one e-mail of the kind a day: what falls due later that day waits for tomorrow's.
    once_a_day: bool = False


COORDINATOR, POLICE = Membership.Role.COORDINATOR, Membership.Role.POLICE
ANY = (Frequency.IMMEDIATELY, Frequency.WEEKLY, Frequency.NEVER)
ON_OR_OFF = (Frequency.IMMEDIATELY, Frequency.NEVER)

RULES: dict[str, Rule] = {
    Kind.ACTIVITY_REMINDER: Rule(
        ANY,
        Frequency.IMMEDIATELY,
        (COORDINATOR, POLICE),
        _(
            "När en aktivitet du ansvarar för saknar statusuppdatering och perioden snart tar "
            "slut. Högst ett mejl per dag."
        ),
        once_a_day=True,
    ),
    Kind.DUE_DATE_REMINDER: Rule(
        ON_OR_OFF,
        Frequency.IMMEDIATELY,
        (COORDINATOR,),
        _("Innan en planerad uppföljning till nämnden ska vara klar."),
    ),
    Kind.WEEKLY_DIGEST: Rule(
        ON_OR_OFF,
        Frequency.IMMEDIATELY,
        (COORDINATOR, POLICE),
        _("En gång i veckan: vad som rapporterats, vad som saknas och vad som ska vara klart."),
    ),
    Kind.FOLLOWED_PROMISE_UPDATED: Rule(
        ANY,
        Frequency.WEEKLY,
        (COORDINATOR,),
        _("När polisen rapporterar i ett löfte som du följer."),
    ),
    Kind.POLICE_ASSIGNMENT: Rule(
        ANY,
        Frequency.IMMEDIATELY,
        (POLICE,),
        _("När polisen blir ansvarig, ensam eller gemensamt, för en aktivitet."),
    ),
}

# The weekly digest's own choice reads "Varje vecka", not "Direkt".
FREQUENCY_LABELS = {Kind.WEEKLY_DIGEST: {Frequency.IMMEDIATELY: _("Varje vecka")}}


def frequency_label(kind: str, frequency: str) -> str:
    return FREQUENCY_LABELS.get(kind, {}).get(frequency, Frequency(frequency).label)


def kinds_for_roles(roles) -> list[str]:
    """The kinds a person with ``roles`` may get, in the order of ``Kind``."""
    return [kind for kind in Kind.values if set(RULES[kind].roles) & set(roles)]
