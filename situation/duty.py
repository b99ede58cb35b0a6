"""The law's checklist per kommun ("Lagkrav enligt lag (2023:196)"), and its settings.

Four duties, each shown as uppfyllt / inte uppfyllt in words:

- **lägesbild**: an adopted version, no older than the kommun's renewal cycle
  (``DutySettings.renewal_months``, 24 months unless the kommun says otherwise);
- **åtgärdsplan**: an adopted åtgärdsplan in force (a promise of ``Promise.Kind.ACTION_PLAN``);
- **samordningsfunktion**: a function named in the kommun's settings, with its contact;
- **uppföljning gjord**: a follow-up report issued for one of the kommun's promises.

The last one is known only to ``followup``, which sits above this app in the layers. So followup
registers a source here when it starts (``register_follow_up_source`` in ``FollowupConfig.ready``),
as it registers its start-page section with promises: the page stays in this app, the query that
needs followup stays in followup, and no import goes up the layers.

The page reads a fixed number of queries (``duty_checklist``): the newest adopted lägesbild, the
newest adopted åtgärdsplan, the settings, and the source's one query.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from promises.forms import SwedishBlankChoiceMixin, VersionMixin
from promises.models import Organisation, Promise
from promises.services import writes

from .models import Assessment
from .models.duty import DutySettings


@dataclass(frozen=True)
class FollowUpDone:
    """The newest issued follow-up of a kommun, as the source (followup) reports it."""

    title: str
    date: date
    url: str


FollowUpSource = Callable[[list[int]], dict[int, FollowUpDone]]
_sources: dict[str, FollowUpSource] = {}


def register_follow_up_source(name: str, source: FollowUpSource) -> None:
    """Add (or replace) a source of follow-ups done: given kommun ids, the newest per kommun."""
    _sources[name] = source


def follow_ups_done(municipality_ids: list[int]) -> dict[int, FollowUpDone]:
    """The newest follow-up done per kommun, over every registered source."""
    newest: dict[int, FollowUpDone] = {}
    for source in _sources.values():
        for pk, done in source(municipality_ids).items():
            if pk not in newest or done.date > newest[pk].date:
                newest[pk] = done
    return newest


def add_months(day: date, months: int) -> date:
    """``day`` ``months`` months later (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def renewal_due(adopted_on: date | None, months: int) -> date | None:
    """When a lägesbild adopted on ``adopted_on`` should be renewed; None when there is none."""
    return add_months(adopted_on, months) if adopted_on else None


def settings_for(municipality: Organisation) -> DutySettings:
    """The kommun's settings, or unsaved defaults."""
    return DutySettings.objects.filter(municipality=municipality).first() or DutySettings(
        municipality=municipality
    )


@dataclass(frozen=True)
class Duty:
    key: str
    title: str
    fulfilled: bool
    text: str
    url: str = ""


@dataclass(frozen=True)
class Checklist:
    municipality: Organisation
    settings: DutySettings
    duties: list[Duty]
    renewal_due: date | None

    @property
    def fulfilled_count(self) -> int:
        return sum(duty.fulfilled for duty in self.duties)


def latest_adopted_assessment(municipality) -> Assessment | None:
    return (
        Assessment.objects.adopted()
        .in_municipality(municipality)
        .order_by("-adopted_on", "-version")
        .first()
    )


def latest_action_plan(municipality) -> Promise | None:
    return (
        Promise.objects.in_municipality(municipality)
        .filter(kind=Promise.Kind.ACTION_PLAN, status=Promise.Status.ADOPTED)
        .order_by("-adopted_on", "-pk")
        .first()
    )


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def duty_checklist(municipality: Organisation, *, today: date | None = None) -> Checklist:
    today = today or timezone.localdate()
    settings = settings_for(municipality)
    assessment = latest_adopted_assessment(municipality)
    due = renewal_due(assessment.adopted_on if assessment else None, settings.renewal_months)
    if assessment is None:
        situation = Duty("lagesbild", _("Lägesbild"), False, _("Ingen antagen lägesbild finns."))
    else:
        fresh = due is not None and today < due
        text = _("Version %(version)s antagen %(date)s av %(body)s %(paragraph)s.") % {
            "version": assessment.version,
            "date": _iso(assessment.adopted_on),
            "body": assessment.adopted_by,
            "paragraph": assessment.adopted_paragraph,
        }
        text = text.replace(" .", ".")
        if fresh:
            text += " " + _("Ska förnyas senast %(due)s.") % {"due": _iso(due)}
        else:
            text += " " + _(
                "Äldre än %(months)s månader: en ny lägesbild skulle ha antagits senast %(due)s."
            ) % {"months": settings.renewal_months, "due": _iso(due)}
        situation = Duty(
            "lagesbild", _("Lägesbild"), fresh, text.strip(), assessment.get_absolute_url()
        )
    plan = latest_action_plan(municipality)
    if plan is None:
        action_plan = Duty(
            "atgardsplan", _("Åtgärdsplan"), False, _("Ingen antagen åtgärdsplan gäller.")
        )
    else:
        action_plan = Duty(
            "atgardsplan",
            _("Åtgärdsplan"),
            True,
            _("%(title)s, antagen %(date)s.")
            % {"title": plan.title, "date": _iso(plan.adopted_on)},
            plan.get_absolute_url(),
        )
    if settings.has_coordination_function:
        text = settings.coordination_function
        if settings.coordination_contact:
            text += " " + _("(kontakt: %(contact)s)") % {"contact": settings.coordination_contact}
        coordination = Duty("samordning", _("Samordningsfunktion"), True, text)
    else:
        coordination = Duty(
            "samordning",
            _("Samordningsfunktion"),
            False,
            _("Ingen samordningsfunktion är angiven."),
        )
    done = follow_ups_done([municipality.pk]).get(municipality.pk)
    if done is None:
        follow_up = Duty(
            "uppfoljning",
            _("Uppföljning gjord"),
            False,
            _("Ingen uppföljningsrapport är utfärdad."),
        )
    else:
        follow_up = Duty(
            "uppfoljning",
            _("Uppföljning gjord"),
            True,
            _("%(title)s, utfärdad %(date)s.") % {"title": done.title, "date": _iso(done.date)},
            done.url,
        )
    return Checklist(
        municipality=municipality,
        settings=settings,
        duties=[situation, action_plan, coordination, follow_up],
        renewal_due=due,
    )


class DutySettingsForm(SwedishBlankChoiceMixin, VersionMixin, forms.ModelForm):
    class Meta:
        model = DutySettings
        fields = DutySettings.EDITABLE_FIELDS


@transaction.atomic
def save_duty_settings(
    *,
    user,
    municipality: Organisation,
    fields: dict,
    expected_version: int | None = None,
) -> DutySettings:
    """Create or change the kommun's settings (compare-and-swap on the version the form had)."""
    settings = DutySettings.objects.select_for_update().filter(municipality=municipality).first()
    if settings is None:
        settings = DutySettings(municipality=municipality)
        expected_version = None
    writes.assign(settings, fields)
    return writes.save(settings, user=user, expected_version=expected_version)
