"""Plain descriptions of what a data file (or, later, an imported plan) asks to exist.

A spec names its objects by their natural keys (an organisation's slug, a username, a promise's
title, a focus area's or an activity's number), never by a database id, and holds nothing but
values: ``demo.parsing`` builds specs from a document, ``demo.chain`` writes them through the
services. Each dataclass field is declared once here and named the same in the data files, the
specs and the services' keyword arguments.

A field's ``metadata`` may name the ``choices`` its value must be one of (checked when a document
is parsed, so a typo is reported with its file and key rather than by ``full_clean()`` later), or
the ``model`` whose fields a table may set.
"""

import datetime
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from followup.models import Report, ReportActivityEntry
from promises.models import (
    Activity,
    Agreement,
    DueDate,
    Membership,
    Organisation,
    Promise,
    StatusUpdate,
)
from promises.periods import Cadence, TargetPeriod


def choices(enum) -> dict:
    return {"choices": enum}


def model_default(model, name: str):
    """The model field's own default, so that a document may leave the value out."""
    return model._meta.get_field(name).default


@dataclass(frozen=True)
class SignatorySpec:
    name: str
    title: str


@dataclass(frozen=True)
class DueDateSpec:
    """A planned follow-up of a promise or a check-in of an agreement, known by its title and date
    ("Årsuppföljning till Kommunstyrelsen", 2025-02-28)."""

    title: str
    due_on: date
    recipient: str
    kind: str = field(default=DueDate.Kind.ANNUAL, metadata=choices(DueDate.Kind))
    met_on: date | None = None


@dataclass(frozen=True)
class StatusUpdateSpec:
    """Known by its date and text; ``author`` is the username of the account that wrote it."""

    date: datetime.date
    status: str = field(metadata=choices(StatusUpdate.Status))
    author: str
    description: str
    occurrences: int = 0
    is_public: bool = False


@dataclass(frozen=True)
class ActivitySpec:
    number: int
    description: str
    responsible: str = field(metadata=choices(Activity.Responsible))
    partners: str = ""
    contact_persons: str = ""
    planned_start: date | None = None
    planned_end: date | None = None
    target_count: int | None = None
    target_unit: str = ""
    target_period: str = field(default="", metadata=choices(TargetPeriod))
    goal_text: str = ""
    updates: tuple[StatusUpdateSpec, ...] = ()


@dataclass(frozen=True)
class FocusAreaSpec:
    number: int
    title: str
    definition: str = ""
    activities: tuple[ActivitySpec, ...] = ()


@dataclass(frozen=True)
class PromiseSpec:
    """A promise or action plan, walked to ``status`` through its decisions (adopt, close)."""

    title: str
    kind: str = field(metadata=choices(Promise.Kind))
    period_start: date
    period_end: date
    status: str = field(default=Promise.Status.DRAFT, metadata=choices(Promise.Status))
    adopted_by: str = ""
    adopted_on: date | None = None
    adoption_paragraph: str = ""
    reference_number: str = ""
    follow_up_cadence: str = field(
        default=model_default(Promise, "follow_up_cadence"), metadata=choices(Cadence)
    )
    purpose: str = ""
    situation: str = ""
    background: str = ""
    joint_commitment: str = ""
    expected_effect: str = ""
    follow_along: str = ""
    signatories: tuple[SignatorySpec, ...] = ()
    due_dates: tuple[DueDateSpec, ...] = ()
    focus_areas: tuple[FocusAreaSpec, ...] = ()


ADOPTION_FIELDS = ("adopted_by", "adopted_on", "adoption_paragraph")


@dataclass(frozen=True)
class AgreementSpec:
    """Known by its diarienummer within its kommun, or by its title when it has none."""

    municipality: str
    police_area: str
    title: str
    valid_from: date
    valid_to: date
    reference_number: str = ""
    check_in_cadence: str = field(
        default=model_default(Agreement, "check_in_cadence"), metadata=choices(Cadence)
    )
    goals: str = ""
    signatories: tuple[SignatorySpec, ...] = ()
    due_dates: tuple[DueDateSpec, ...] = ()
    promises: tuple[PromiseSpec, ...] = ()


@dataclass(frozen=True)
class DocumentSpec:
    title: str
    date: datetime.date | None = None  # the field's name hides the type in the class body


@dataclass(frozen=True)
class VerdictSpec:
    """The verdict on one activity of the report's promise, named by its code ("2:1")."""

    activity: str
    verdict: str = field(metadata=choices(ReportActivityEntry.Verdict))
    justification: str = ""


@dataclass(frozen=True)
class ReportSpec:
    """A follow-up report of the promise titled ``promise``, written by ``author``; issued when
    ``issue`` is true. ``fields`` sets the report's header and texts."""

    promise: str
    author: str
    kind: str = field(metadata=choices(Report.Kind))
    period_start: date
    period_end: date
    issue: bool = False
    # The title of the promise's due date the report meets (issuing it marks it met).
    due_date: str = ""
    fields: dict[str, Any] = field(default_factory=dict, metadata={"model": Report})
    signatories: tuple[SignatorySpec, ...] = ()
    documents: tuple[DocumentSpec, ...] = ()
    verdicts: tuple[VerdictSpec, ...] = ()


@dataclass(frozen=True)
class OrganisationSpec:
    """A kommun or a police area (``covers`` lists the slugs of the kommuner it covers)."""

    slug: str
    kind: str = field(metadata=choices(Organisation.Kind))
    name: str
    municipality_code: str = ""
    office: str = ""
    covers: tuple[str, ...] = ()


@dataclass(frozen=True)
class MembershipSpec:
    organisation: str
    role: str = field(metadata=choices(Membership.Role))
    title: str
    is_manager: bool = False


@dataclass(frozen=True)
class AccountSpec:
    username: str
    first_name: str
    last_name: str
    email: str
    is_staff: bool = False
    is_superuser: bool = False
    memberships: tuple[MembershipSpec, ...] = ()


@dataclass(frozen=True)
class ChainDocument:
    """One kommun's file: its agreement (with promises), the account that writes it, and its
    follow-up reports."""

    source: str
    owner: str
    agreement: AgreementSpec
    reports: tuple[ReportSpec, ...] = ()


@dataclass(frozen=True)
class PeopleDocument:
    """The organisations and the accounts with their memberships."""

    source: str
    organisations: tuple[OrganisationSpec, ...] = ()
    accounts: tuple[AccountSpec, ...] = ()


def values(spec, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The spec's own values (not its children, which are tuples), minus ``exclude``."""
    return {
        f.name: getattr(spec, f.name)
        for f in fields(spec)
        if f.name not in exclude and not isinstance(getattr(spec, f.name), tuple)
    }


def status_updates(spec: AgreementSpec):
    """Every status update of the agreement, with its path in the document."""
    for i, promise in enumerate(spec.promises):
        for j, area in enumerate(promise.focus_areas):
            for k, activity in enumerate(area.activities):
                for m, update in enumerate(activity.updates):
                    yield f"promises[{i}].focus_areas[{j}].activities[{k}].updates[{m}]", update
