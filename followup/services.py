"""Every write to follow-up reports goes through these functions.

Keyword-only, in a transaction, validated with ``full_clean()``, with the user recorded in the
history. A draft is edited freely; issuing freezes it (snapshot, PDF, checksum) and from then on the
services refuse every change: a correction is a new draft version that names the one it replaces.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from promises.models import Activity, Organisation, Promise
from promises.services import delete_restorable
from promises.services.writes import delete as _delete
from promises.services.writes import save as _save

from . import selectors

# Issuing has its own module; its entry points are services like the rest.
from .issuing import (
    DraftChanged,
    complete_issue,
    issue_report,
    locked_draft,
    pdf_filename,
    readiness_errors,
    request_issue,
)
from .logos import Logo
from .models import DocumentProfile, Report, ReportActivityEntry, ReportDocument, ReportSignatory
from .outline import validate_sections
from .parts import create_parts, update_parts

__all__ = [
    "DraftChanged",
    "EntryInput",
    "complete_issue",
    "create_correction",
    "create_draft",
    "delete_draft",
    "issue_report",
    "pdf_filename",
    "readiness_errors",
    "request_issue",
    "save_draft",
    "save_profile",
]

# Fields a correction copies from the version it replaces: the whole editable content, except its
# date (a correction has its own, asked for when it is made).
CONTENT_FIELDS = (
    "promise_id",
    "kind",
    "due_date_id",
    *(name for name in Report.EDITABLE_FIELDS if name != "date"),
)

_DEFINITE_KIND = {
    Report.Kind.HALF_YEAR: gettext_lazy("halvårsuppföljningen"),
    Report.Kind.ANNUAL: gettext_lazy("årsuppföljningen"),
    Report.Kind.CLOSING: gettext_lazy("slutuppföljningen"),
}


# Drafting -------------------------------------------------------------------------------------


@transaction.atomic
def create_draft(
    *,
    user,
    promise: Promise,
    kind: str,
    period_start: date,
    period_end: date,
    **fields: Any,
) -> Report:
    """Start a report of ``promise`` for a period, pre-filled from the chain.

    Each activity gets the text of the status updates dated within the period; the header fields,
    signatories and barnchecklista setting start from the kommun's latest report, so that a
    coordinator does not retype them every half-year.
    """
    if promise.status == Promise.Status.DRAFT:
        raise ValidationError(
            {"promise": _("Ett utkast till löfte följs inte upp. Anta löftet först.")}
        )
    previous = selectors.latest_report_of_municipality(promise)
    report = Report(
        promise=promise,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        **{**_defaults(user=user, promise=promise, kind=kind, previous=previous), **fields},
    )
    report.summary = report.summary or _default_summary(report)
    _save(report, user=user)
    create_parts(
        [
            ReportActivityEntry(
                report=report, activity=row.activity, follow_up=selectors.prefill_text(row.updates)
            )
            for group in selectors.report_material(report)
            for row in group.rows
        ],
        user=user,
    )
    if previous is not None:
        create_parts(
            [
                ReportSignatory(
                    report=report, name=signatory.name, title=signatory.title, order=order
                )
                for order, signatory in enumerate(previous.signatories.all(), start=1)
            ],
            user=user,
        )
    return report


def _defaults(*, user, promise: Promise, kind: str, previous: Report | None) -> dict[str, Any]:
    municipality = promise.agreement.municipality
    committee = (previous.recipient_body if previous else "") or promise.adopted_by
    kind_label = Report.Kind(kind).label
    defaults: dict[str, Any] = {
        "date": timezone.localdate(),
        "title": f"{kind_label} {promise.title}",
        "office": (previous.office if previous else "") or municipality.office,
        "our_reference": promise.reference_number or promise.agreement.reference_number,
        "recipient_body": committee,
        "handler_name": user.get_full_name(),
        "handler_email": user.email,
    }
    if committee:
        defaults["proposals"] = _("%(committee)s godkänner %(kind)s av %(promise)s.") % {
            "committee": committee,
            "kind": _DEFINITE_KIND[Report.Kind(kind)],
            "promise": promise.title,
        }
    if previous is not None:
        defaults.update(
            document_type=previous.document_type,
            uses_child_checklist=previous.uses_child_checklist,
            recipients=previous.recipients,
        )
    profile = DocumentProfile.objects.filter(municipality=municipality).first()
    if profile is not None:  # the kommun's own document, as its coordinators set it up
        defaults.update(
            document_type=profile.document_type,
            uses_child_checklist=profile.uses_child_checklist,
        )
    return defaults


def _default_summary(report: Report) -> str:
    return _(
        "Detta är en %(kind)s av %(promise)s för perioden %(start)s–%(end)s. Uppföljningen "
        "redovisar per område vad som har gjorts med varje insats."
    ) % {
        "kind": Report.Kind(report.kind).label.lower(),
        "promise": report.promise.title,
        "start": report.period_start.isoformat(),
        "end": report.period_end.isoformat(),
    }


@dataclass(frozen=True)
class EntryInput:
    follow_up: str = ""
    verdict: str = ""
    verdict_justification: str = ""
    include_internal: bool = False


ENTRY_FIELDS = tuple(EntryInput.__dataclass_fields__)


@transaction.atomic
def save_draft(
    *,
    report: Report,
    user,
    fields: Mapping[str, Any],
    entries: Mapping[int, EntryInput] | None = None,
    signatories: Iterable[tuple[str, str]] | None = None,
    documents: Iterable[tuple[str, date | None]] | None = None,
    expected_version: int | None = None,
    reason: str = "",
) -> Report:
    """Save the coordinator's edits of a draft in one go.

    ``entries`` maps an activity's id to its follow-up; ``signatories`` and ``documents`` replace
    the current ones, in order. ``expected_version`` is the draft's version when the editor opened
    it: if someone saved it since, nothing is saved and the editor gets a conflict that keeps what
    they typed, never an overwrite.
    """
    locked = locked_draft(report)
    for name, value in fields.items():
        setattr(locked, name, value)
    _save(locked, user=user, reason=reason, expected_version=expected_version)
    if entries is not None:
        _save_entries(report=locked, user=user, entries=entries)
    if signatories is not None:
        _replace_parts(
            locked.signatories.all(),
            [
                ReportSignatory(report=locked, name=name, title=title, order=order)
                for order, (name, title) in enumerate(signatories, start=1)
            ],
            user=user,
        )
    if documents is not None:
        _replace_parts(
            locked.decision_documents.all(),
            [
                ReportDocument(report=locked, title=title, date=day, order=order)
                for order, (title, day) in enumerate(documents, start=1)
            ],
            user=user,
        )
    return locked


def _save_entries(*, report: Report, user, entries: Mapping[int, EntryInput]) -> None:
    """Create or change the entries of the given activities (the others stay as they are): the
    changed ones in one bulk update, each with its ``~`` history row."""
    allowed = set(
        Activity.objects.filter(
            focus_area__promise_id=report.promise_id, pk__in=list(entries)
        ).values_list("pk", flat=True)
    )
    unknown = set(entries) - allowed
    if unknown:
        raise ValidationError(_("Aktiviteten hör inte till rapportens löfte."))
    existing = {
        entry.activity_id: entry for entry in report.entries.filter(activity_id__in=list(entries))
    }
    created, changed = [], []
    for activity_id, data in entries.items():
        values = {name: getattr(data, name) for name in ENTRY_FIELDS}
        entry = existing.get(activity_id)
        if entry is None:
            created.append(ReportActivityEntry(report=report, activity_id=activity_id, **values))
        elif any(getattr(entry, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(entry, name, value)
            changed.append(entry)
    create_parts(created, user=user)
    update_parts(changed, fields=list(ENTRY_FIELDS), user=user)


def _replace_parts(current, new: list[Model], *, user) -> None:
    """Replace a report's ordered parts, keeping the rows (and their history) that did not change."""
    old = list(current)
    for index, part in enumerate(new):
        if index < len(old):
            kept = old[index]
            values = {f.attname: getattr(part, f.attname) for f in _part_fields(part)}
            if any(getattr(kept, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(kept, name, value)
                _save(kept, user=user)
        else:
            _save(part, user=user)
    for extra in old[len(new) :]:
        _delete(extra, user=user, restorable=False)


def _part_fields(part: Model):
    return [
        f
        for f in part._meta.concrete_fields
        if not f.primary_key and f.attname not in ("report_id",)
    ]


@transaction.atomic
def delete_draft(*, report: Report, user, reason: str = "") -> None:
    """A deleted draft is listed on "Borttaget" and can be restored with all its parts."""
    locked = locked_draft(report)
    delete_restorable(instance=locked, user=user, reason=reason)


@transaction.atomic
def create_correction(*, report: Report, user, date: date | None = None) -> Report:
    """A new draft version with the content of ``report``, naming it as the one it replaces,
    dated ``date`` (today unless given), which cannot be before the replaced version's date."""
    original = Report.objects.select_for_update().get(pk=report.pk)
    if original.status != Report.Status.ISSUED:
        raise ValidationError(
            _("Bara den gällande versionen av en utfärdad rapport kan rättas.")
            if original.status == Report.Status.SUPERSEDED
            else _("Ett utkast rättas inte: ändra det i stället.")
        )
    if Report.objects.filter(replaces=original).exists():
        raise ValidationError(_("Det finns redan en rättelse av rapporten."))
    date = date or timezone.localdate()
    if date < original.date:
        raise ValidationError(
            {
                "date": _(
                    "Rättelsen kan inte dateras före versionen den ersätter, daterad %(date)s."
                )
                % {"date": original.date.isoformat()}
            }
        )
    correction = Report(
        **{name: getattr(original, name) for name in CONTENT_FIELDS},
        date=date,
        version=original.version + 1,
        replaces=original,
    )
    reason = _("Rättelse av version %(v)s.") % {"v": original.version}
    _save(correction, user=user, reason=reason)
    create_parts(
        [
            ReportActivityEntry(
                report=correction,
                activity_id=entry.activity_id,
                **{name: getattr(entry, name) for name in ENTRY_FIELDS},
            )
            for entry in original.entries.exclude(activity=None)
        ],
        user=user,
        reason=reason,
    )
    create_parts(
        [
            ReportSignatory(
                report=correction, name=signatory.name, title=signatory.title, order=signatory.order
            )
            for signatory in original.signatories.all()
        ],
        user=user,
        reason=reason,
    )
    create_parts(
        [
            ReportDocument(
                report=correction, title=document.title, date=document.date, order=document.order
            )
            for document in original.decision_documents.all()
        ],
        user=user,
        reason=reason,
    )
    return correction


# Document profiles ----------------------------------------------------------------------------

PROFILE_FIELDS = ("document_type", "uses_child_checklist", "font", "footer", "logo_alt")


@transaction.atomic
def save_profile(
    *,
    municipality: Organisation,
    user,
    fields: Mapping[str, Any],
    sections: list[dict[str, Any]],
    logo: Logo | None = None,
    remove_logo: bool = False,
    expected_version: int | None = None,
    reason: str = "",
) -> DocumentProfile:
    """Save the kommun's document profile, creating it on its first save.

    ``fields`` are among PROFILE_FIELDS; ``sections`` the outline in order (validated by
    ``followup.outline.validate_sections``); ``logo`` a logo checked by ``followup.logos``.
    ``expected_version`` is the profile's version when the form was opened (0 when there was no
    profile yet): a save over someone else's newer save is an edit conflict, never an overwrite.

    Two first saves at once are serialised on the kommun's row (``FOR NO KEY UPDATE``, which does
    not block rows that merely refer to the kommun): the second finds the profile the first
    created, so it never meets the unique constraint, and gets the conflict as any later save.
    """
    if municipality.kind != Organisation.Kind.MUNICIPALITY:
        raise ValidationError(_("Bara en kommun har en dokumentprofil."))
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not fields of a document profile: {sorted(unknown)}")
    validate_sections(sections)
    list(
        Organisation.objects.select_for_update(no_key=True)
        .filter(pk=municipality.pk)
        .values_list("pk", flat=True)
    )
    profile = DocumentProfile.objects.filter(municipality=municipality).first()
    if profile is None:
        profile = DocumentProfile(municipality=municipality)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.sections = [
        {"key": row["key"], "heading": row["heading"].strip(), "level": int(row["level"])}
        for row in sections
    ]
    if logo is not None:
        profile.logo, profile.logo_type, profile.logo_sha256 = (
            logo.data,
            logo.media_type,
            logo.sha256,
        )
    elif remove_logo:
        profile.logo, profile.logo_type, profile.logo_sha256 = b"", "", ""
    _save(profile, user=user, reason=reason, expected_version=expected_version)
    return profile
