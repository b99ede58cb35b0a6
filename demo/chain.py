"""Write a described chain (``demo.chain_spec``) through ``promises.services``, idempotently.

Each object is looked up by its natural key (the agreement's diarienummer or title within its
kommun, the promise's title, the focus area's and activity's numbers, the status update's date and
text) and only written when something differs, so a second run creates no rows and no history.
Every write goes through the services as ``user`` (status updates as their authors), so the
history shows who made each change exactly as when someone uses the app.

``create_chain(spec, user=…)`` is the whole of it for a caller that holds a parsed document: the
demo loader, or an import of a plan.
"""

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from promises import services
from promises.models import (
    Activity,
    Agreement,
    DueDate,
    FocusArea,
    Organisation,
    Promise,
    Signatory,
    StatusUpdate,
)

from .chain_spec import (
    ADOPTION_FIELDS,
    ActivitySpec,
    AgreementSpec,
    DueDateSpec,
    FocusAreaSpec,
    PromiseSpec,
    SignatorySpec,
    StatusUpdateSpec,
    status_updates,
    values,
)
from .summary import DemoSummary, Outcome


def differences(instance: Model, wanted: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in wanted.items() if getattr(instance, name) != value}


def _sync(
    model: type[Model],
    existing: Model | None,
    wanted: Mapping[str, Any],
    *,
    create: Callable[[], Model],
    update: Callable[[dict[str, Any]], Any],
    summary: DemoSummary,
) -> Model:
    """Create the object, or update what differs from ``wanted``, and record which it was."""
    if existing is None:
        instance, outcome = create(), Outcome.CREATED
    elif changes := differences(existing, wanted):
        update(changes)
        instance, outcome = existing, Outcome.UPDATED
    else:
        instance, outcome = existing, Outcome.UNCHANGED
    summary.record_model(model, outcome)
    return instance


class _ChainWriter:
    def __init__(self, *, user, authors, organisations, summary: DemoSummary, today: date):
        self.user, self.authors, self.organisations = user, authors, organisations
        self.summary, self.today = summary, today

    def agreement(self, spec: AgreementSpec) -> Agreement:
        municipality = self.organisations[spec.municipality]
        wanted = {
            **values(spec, exclude=("municipality", "police_area")),
            "police_area": self.organisations[spec.police_area],
        }
        # The diarienummer is the natural key; an agreement without one is known by its title.
        key = "reference_number" if spec.reference_number else "title"
        existing = Agreement.objects.filter(municipality=municipality, **{key: wanted[key]}).first()
        agreement = _sync(
            Agreement,
            existing,
            wanted,
            create=lambda: services.create_agreement(
                user=self.user, municipality=municipality, **wanted
            ),
            update=lambda changes: services.update_agreement(
                agreement=existing, user=self.user, fields=changes
            ),
            summary=self.summary,
        )
        self.signatories(agreement, spec.signatories)
        self.due_dates(agreement, spec.due_dates)
        for promise_spec in spec.promises:
            self.promise(promise_spec, agreement)
        return agreement

    def signatories(self, document, specs: tuple[SignatorySpec, ...]) -> None:
        wanted = [(s.name, s.title) for s in specs]
        current = list(document.signatories.order_by("order", "pk").values_list("name", "title"))
        if current == wanted:
            outcome = Outcome.UNCHANGED
        else:
            outcome = Outcome.UPDATED if current else Outcome.CREATED
            services.set_signatories(document=document, user=self.user, signatories=wanted)
        for _pair in wanted:
            self.summary.record_model(Signatory, outcome)

    def due_dates(self, document, specs: tuple[DueDateSpec, ...]) -> None:
        existing = {(d.title, d.due_on): d for d in document.due_dates.all()}
        for spec in specs:
            # A due date the data leaves unmet may be met since, by a report it loads: kept.
            wanted = values(spec, exclude=("met_on",) if spec.met_on is None else ())
            current = existing.get((spec.title, spec.due_on))
            _sync(
                DueDate,
                current,
                wanted,
                create=lambda wanted=wanted: services.create_due_date(
                    user=self.user, document=document, **wanted
                ),
                update=lambda changes, current=current: services.update_due_date(
                    due_date=current, user=self.user, fields=changes
                ),
                summary=self.summary,
            )

    def promise(self, spec: PromiseSpec, agreement: Agreement) -> Promise:
        fields = values(spec, exclude=("title", "status", *ADOPTION_FIELDS))
        adoption = {name: getattr(spec, name) for name in ADOPTION_FIELDS}
        promise = Promise.objects.filter(agreement=agreement, title=spec.title).first()
        if promise is None:
            promise = services.create_promise(
                user=self.user, agreement=agreement, title=spec.title, **fields
            )
            outcome = Outcome.CREATED
        else:
            wanted = {**fields, **(adoption if not promise.is_draft else {})}
            changes = differences(promise, wanted)
            if changes:
                services.update_promise(promise=promise, user=self.user, fields=changes)
            outcome = Outcome.UPDATED if changes else Outcome.UNCHANGED

        # Walk the promise through its decisions as its owner would, so the history shows them.
        if promise.is_draft and spec.status != Promise.Status.DRAFT:
            services.adopt_promise(promise=promise, user=self.user, **adoption)
            outcome = Outcome.UPDATED if outcome is Outcome.UNCHANGED else outcome
        if promise.status == Promise.Status.ADOPTED and spec.status == Promise.Status.CLOSED:
            services.close_promise(promise=promise, user=self.user)
            outcome = Outcome.UPDATED if outcome is Outcome.UNCHANGED else outcome
        self.summary.record_model(Promise, outcome)

        self.signatories(promise, spec.signatories)
        self.due_dates(promise, spec.due_dates)
        # One query per parent finds the existing children, instead of one query per child; the
        # related managers also hand each child its parent, so validation needs no further query.
        areas = {area.number: area for area in promise.focus_areas.all()}
        for area_spec in spec.focus_areas:
            self.focus_area(area_spec, areas.get(area_spec.number), promise)
        return promise

    def focus_area(self, spec: FocusAreaSpec, existing: FocusArea | None, promise: Promise):
        wanted = values(spec, exclude=("number",))
        area = _sync(
            FocusArea,
            existing,
            wanted,
            create=lambda: services.create_focus_area(
                user=self.user, promise=promise, number=spec.number, **wanted
            ),
            update=lambda changes: services.update_focus_area(
                focus_area=existing, user=self.user, fields=changes
            ),
            summary=self.summary,
        )
        activities = {a.number: a for a in area.activities.all()} if existing else {}
        for activity_spec in spec.activities:
            self.activity(activity_spec, activities.get(activity_spec.number), area)

    def activity(self, spec: ActivitySpec, existing: Activity | None, area: FocusArea):
        wanted = values(spec, exclude=("number",))
        activity = _sync(
            Activity,
            existing,
            wanted,
            create=lambda: services.create_activity(
                user=self.user, focus_area=area, number=spec.number, **wanted
            ),
            update=lambda changes: services.update_activity(
                activity=existing, user=self.user, fields=changes
            ),
            summary=self.summary,
        )
        updates = (
            {(u.date, u.description): u for u in activity.status_updates.all()} if existing else {}
        )
        for update_spec in spec.updates:
            self.status_update(update_spec, updates, activity)

    def status_update(self, spec: StatusUpdateSpec, existing_updates, activity: Activity):
        if spec.date > self.today:
            # Only possible with a clock set in the past; the model refuses future dates.
            self.summary.record(
                _("statusuppdateringar med framtida datum (hoppades över)"), Outcome.UNCHANGED
            )
            return
        author = self.authors[spec.author]
        existing = existing_updates.get((spec.date, spec.description))
        wanted = {
            **values(spec, exclude=("author", "date", "description")),
            "author_id": author.pk,
        }
        _sync(
            StatusUpdate,
            existing,
            wanted,
            create=lambda: services.add_status_update(
                user=author,
                activity=activity,
                **values(spec, exclude=("author",)),
            ),
            update=lambda changes: services.update_status_update(
                status_update=existing, user=author, fields=changes
            ),
            summary=self.summary,
        )


def _by_key(model, field_name: str, keys: set[str], what: str) -> dict[str, Any]:
    found = model.objects.in_bulk(keys, field_name=field_name)
    missing = sorted(keys - set(found))
    if missing:
        raise LookupError(_("%(what)s finns inte: %(keys)s") % {"what": what, "keys": missing})
    return found


@transaction.atomic
def create_chain(
    spec: AgreementSpec,
    *,
    user,
    summary: DemoSummary | None = None,
    today: date | None = None,
) -> Agreement:
    """Make the agreement of ``spec`` with its promises, focus areas, activities and status
    updates exist as described, written as ``user`` (each status update as its author).

    The organisations and the authors must exist (LookupError names those that do not).
    """
    organisations = _by_key(
        Organisation, "slug", {spec.municipality, spec.police_area}, _("Organisationer")
    )
    authors = _by_key(
        get_user_model(),
        "username",
        {update.author for _path, update in status_updates(spec)},
        _("Konton"),
    )
    writer = _ChainWriter(
        user=user,
        authors=authors,
        organisations=organisations,
        summary=summary if summary is not None else DemoSummary(),
        today=today or timezone.localdate(),
    )
    return writer.agreement(spec)
