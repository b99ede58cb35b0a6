"""Demo data for a local run, read from the plain data files in ``demo/data/``.

``organisations.toml`` holds the kommuner, police areas and accounts (invented people, password
``demo``); each kommun's file (``knivsta.toml``, …) holds its agreement, promises, focus areas,
activities and status updates, and its follow-up reports. The files are modelled on the reference
documents in ``seeds/`` but written in our own words.

``load_demo_data()`` writes the organisations and accounts, then every chain through
``demo.chain.create_chain``; ``load_demo_reports()`` then writes the reports through
``followup.services``. Both are idempotent: a second run creates no rows and no history, and puts
back a demo value that someone changed.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Invitation
from followup import services as report_services
from followup.models import Report
from promises import services
from promises.models import Membership, Organisation, Promise

from .chain import create_chain, differences
from .chain_spec import (
    AccountSpec,
    ChainDocument,
    PeopleDocument,
    ReportSpec,
    status_updates,
    values,
)
from .parsing import SpecError, parse_chain, parse_people, read_toml
from .profiles import load_demo_profiles
from .summary import DemoSummary, Outcome

DEMO_PASSWORD = "demo"
ADMIN_USERNAME = "admin"
# An invented colleague whom Knivsta's förvaltare has invited but who has not answered yet.
DEMO_INVITATION = {"email": "ny.kollega@knivsta.example", "role": Membership.Role.COORDINATOR}
DATA_DIR = Path(__file__).resolve().parent / "data"
PEOPLE_FILE = "organisations.toml"
# The kommuner's files, in the order they are written (which fixes the order of their rows).
CHAIN_FILES = ("knivsta.toml", "upplands-bro.toml", "kungsor.toml")


@dataclass(frozen=True)
class DemoData:
    people: PeopleDocument
    chains: tuple[ChainDocument, ...]


def read_demo_data(directory: Path = DATA_DIR) -> DemoData:
    """Parse every data file and check that each names only accounts, organisations and promises
    that exist in the files; a SpecError names the file and the key at fault."""
    data = DemoData(
        people=parse_people(read_toml(directory / PEOPLE_FILE), PEOPLE_FILE),
        chains=tuple(parse_chain(read_toml(directory / name), name) for name in CHAIN_FILES),
    )
    usernames = {account.username for account in data.people.accounts}
    slugs = {organisation.slug for organisation in data.people.organisations}
    for i, organisation in enumerate(data.people.organisations):
        _check(PEOPLE_FILE, f"organisations[{i}].covers", organisation.covers, slugs)
    for i, account in enumerate(data.people.accounts):
        for j, membership in enumerate(account.memberships):
            path = f"accounts[{i}].memberships[{j}].organisation"
            _check(PEOPLE_FILE, path, [membership.organisation], slugs)
    for chain in data.chains:
        spec = chain.agreement
        _check(chain.source, "owner", [chain.owner], usernames)
        _check(chain.source, "municipality", [spec.municipality], slugs)
        _check(chain.source, "police_area", [spec.police_area], slugs)
        for path, update in status_updates(spec):
            _check(chain.source, f"{path}.author", [update.author], usernames)
        titles = {promise.title for promise in spec.promises}
        for i, report in enumerate(chain.reports):
            _check(chain.source, f"reports[{i}].author", [report.author], usernames)
            _check(chain.source, f"reports[{i}].promise", [report.promise], titles)
    return data


def _check(source: str, path: str, names, known: set[str]) -> None:
    unknown = [name for name in names if name not in known]
    if unknown:
        raise SpecError(
            source,
            path,
            _("%(name)r finns inte i demodatan; kända är %(known)s")
            % {"name": unknown[0], "known": ", ".join(sorted(known))},
        )


@cache
def demo_data() -> DemoData:
    return read_demo_data()


def demo_accounts() -> tuple[AccountSpec, ...]:
    return demo_data().people.accounts


# Organisations and accounts ------------------------------------------------------------------


def _load_users(accounts, summary: DemoSummary) -> dict:
    User = get_user_model()
    users = {}
    for spec in accounts:
        fields = {**values(spec, exclude=("username",)), "is_active": True}
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(username=spec.username, **fields)
            new_password, outcome = True, Outcome.CREATED
        else:
            changes = differences(user, fields)
            for name, value in changes.items():
                setattr(user, name, value)
            # Hash again only when the password differs, so that a rerun leaves the row alone.
            new_password = not user.check_password(DEMO_PASSWORD)
            outcome = Outcome.UPDATED if changes or new_password else Outcome.UNCHANGED
        if outcome is not Outcome.UNCHANGED:
            if new_password:
                user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
        summary.record(_("användare"), outcome)
        users[spec.username] = user
    return users


def _save_or_update(model, existing, create_with: dict, wanted: dict, *, admin, summary):
    """For the objects that only the Django admin writes (organisations, memberships)."""
    if existing is None:
        instance, outcome = model(**create_with, **wanted), Outcome.CREATED
        services.save(instance, user=admin)
    elif changes := differences(existing, wanted):
        services.assign(existing, changes)
        services.save(existing, user=admin)
        instance, outcome = existing, Outcome.UPDATED
    else:
        instance, outcome = existing, Outcome.UNCHANGED
    summary.record_model(model, outcome)
    return instance


def _load_organisations(people: PeopleDocument, admin, summary: DemoSummary) -> dict:
    organisations = {}
    for spec in people.organisations:
        organisations[spec.slug] = _save_or_update(
            Organisation,
            Organisation.objects.filter(slug=spec.slug).first(),
            {"slug": spec.slug},
            values(spec, exclude=("slug",)),
            admin=admin,
            summary=summary,
        )
    for spec in people.organisations:
        area = organisations[spec.slug]
        wanted = [organisations[slug] for slug in spec.covers]
        present = set(area.covered_municipalities.values_list("pk", flat=True))
        missing = [municipality for municipality in wanted if municipality.pk not in present]
        if missing:
            area._history_user = admin
            area.covered_municipalities.add(*missing)
        for municipality in wanted:
            outcome = Outcome.CREATED if municipality in missing else Outcome.UNCHANGED
            summary.record(_("kommuner i lokalpolisområden"), outcome)
    return organisations


def _load_memberships(people: PeopleDocument, users, organisations, admin, summary) -> None:
    for account in people.accounts:
        user = users[account.username]
        for spec in account.memberships:
            organisation = organisations[spec.organisation]
            _save_or_update(
                Membership,
                Membership.objects.filter(user=user, organisation=organisation).first(),
                {"user": user, "organisation": organisation},
                values(spec, exclude=("organisation",)),
                admin=admin,
                summary=summary,
            )


def _load_invitation(users, organisations, summary: DemoSummary) -> None:
    """A pending invitation to Knivsta (no e-mail is sent: nobody reads that address)."""
    knivsta, inviter = organisations["knivsta"], users["forvaltare"]
    pending = Invitation.objects.pending().filter(
        organisation=knivsta, email=DEMO_INVITATION["email"]
    )
    outcome = Outcome.UNCHANGED
    if not pending.exists():
        invitation = Invitation(
            organisation=knivsta,
            invited_by=inviter,
            title="Trygghetssamordnare",
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_LINK_DAYS),
            **DEMO_INVITATION,
        )
        invitation._history_user = inviter
        invitation.save()
        outcome = Outcome.CREATED
    summary.record_model(Invitation, outcome)


@transaction.atomic
def load_demo_data(*, summary: DemoSummary | None = None, today: date | None = None) -> DemoSummary:
    """Write the demo organisations, accounts and chains; safe to run any number of times."""
    data = demo_data()
    summary = summary if summary is not None else DemoSummary()
    users = _load_users(data.people.accounts, summary)
    admin = users[ADMIN_USERNAME]
    organisations = _load_organisations(data.people, admin, summary)
    _load_memberships(data.people, users, organisations, admin, summary)
    _load_invitation(users, organisations, summary)
    for chain in data.chains:
        create_chain(chain.agreement, user=users[chain.owner], summary=summary, today=today)
    return summary


# Reports ---------------------------------------------------------------------------------------


@transaction.atomic
def load_demo_reports(*, summary: DemoSummary | None = None) -> DemoSummary:
    """Write the demo document profiles and reports, after ``load_demo_data``; safe to run any
    number of times.

    A report is looked up by its natural key (promise, kind, period, version 1) and left alone
    when it exists: an issued report never changes, and a demo user may have edited the draft.
    """
    summary = summary if summary is not None else DemoSummary()
    # The kommuner's document profiles first: a report takes its kommun's profile.
    load_demo_profiles(DATA_DIR, summary=summary)
    reports = [report for chain in demo_data().chains for report in chain.reports]
    users = get_user_model().objects.in_bulk(
        {report.author for report in reports}, field_name="username"
    )
    for spec in reports:
        _load_report(spec, users, summary)
    return summary


def _load_report(spec: ReportSpec, users, summary: DemoSummary) -> None:
    promise = Promise.objects.filter(title=spec.promise).first()
    author = users.get(spec.author)
    if promise is None or author is None:
        raise LookupError(
            _("Demorapporterna bygger på kedjans demodata: läs in den först (seed_demo).")
        )
    key = {"kind": spec.kind, "period_start": spec.period_start, "period_end": spec.period_end}
    if Report.objects.filter(promise=promise, version=1, **key).exists():
        summary.record_model(Report, Outcome.UNCHANGED)
        return
    due_date = promise.due_dates.get(title=spec.due_date) if spec.due_date else None
    report = report_services.create_draft(
        user=author, promise=promise, due_date=due_date, **key, **spec.fields
    )
    verdicts = {verdict.activity: verdict for verdict in spec.verdicts}
    entries = {}
    for entry in report.entries.select_related("activity__focus_area"):
        verdict = verdicts.get(entry.activity.code)
        entries[entry.activity_id] = report_services.EntryInput(
            follow_up=entry.follow_up,
            verdict=verdict.verdict if verdict else "",
            verdict_justification=verdict.justification if verdict else "",
        )
    unknown = set(verdicts) - {entry.activity.code for entry in report.entries.all()}
    if unknown:
        raise LookupError(
            _("%(promise)s har inga aktiviteter %(codes)s")
            % {"promise": spec.promise, "codes": ", ".join(sorted(unknown))}
        )
    report = report_services.save_draft(
        report=report,
        user=author,
        fields={},
        entries=entries,
        signatories=[(s.name, s.title) for s in spec.signatories],
        documents=[(d.title, d.date) for d in spec.documents],
    )
    if spec.issue:
        report_services.issue_report(report=report, user=author)
    summary.record_model(Report, Outcome.CREATED)
