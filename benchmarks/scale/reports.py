"""Follow-up reports: half-year, annual and closing reports of the public promises, most issued
(with a frozen snapshot, a PDF name and checksum), a few corrected (version 2), some drafts.

No PDF file is written: the pages the benchmark drives list reports, they do not download them.
"""

import json
import random
from datetime import date, timedelta

from followup.models import Report, ReportActivityEntry, ReportDocument, ReportSignatory

from . import names
from .chain import PromiseInfo, at
from .writer import Event, Writer

K, S = Report.Kind, Report.Status


def _reports_of(promise: PromiseInfo, today: date) -> list[tuple[str, date, date]]:
    """(kind, period start, period end) of the reports a promise has had by ``today``."""
    first_year = promise.start.year
    result = [(K.HALF_YEAR, promise.start, date(first_year, 6, 30))]
    result.append((K.ANNUAL, promise.start, date(first_year, 12, 31)))
    if promise.status == "avslutad":
        result.append((K.CLOSING, promise.start, promise.end))
    return result


def write_reports(writer: Writer, rng: random.Random, promises: list[PromiseInfo], today: date):
    for promise in promises:
        if promise.status == "utkast" or promise.start > today:
            continue
        for kind, start, end in _reports_of(promise, today):
            report_date = end + timedelta(days=rng.randrange(20, 60))
            issued = report_date < today and rng.random() < 0.92
            # A few issued reports are corrected: version 2 supersedes ("ersatt") the first.
            correction = report_date + timedelta(days=14)
            corrected = issued and correction < today and rng.random() < 0.03
            report_id = _report(
                writer,
                rng,
                promise,
                kind,
                start,
                end,
                report_date,
                issued,
                superseded_on=correction if corrected else None,
            )
            if corrected:
                _report(
                    writer, rng, promise, kind, start, end, correction, True, replaces=report_id
                )
    for model in (Report, ReportActivityEntry, ReportSignatory, ReportDocument):
        writer.table(model).flush()


def _snapshot(promise: PromiseInfo, kind: str, start: date, end: date, follow_ups) -> str:
    areas: dict[int, dict] = {}
    for activity, follow_up in follow_ups:
        area = areas.setdefault(
            activity.area_number,
            {
                "number": activity.area_number,
                "title": activity.area_title,
                "definition": "",
                "activities": [],
            },
        )
        area["activities"].append(
            {
                "code": activity.code,
                "label": f"Insats {activity.code}",
                "description": activity.description,
                "responsible": activity.responsible,
                "partners": "",
                "follow_up": follow_up,
                "progress": [],
                "verdict": "",
                "verdict_label": "",
                "verdict_justification": "",
                "includes_internal": False,
                "unchosen_internal_text": False,
            }
        )
    return json.dumps(
        {
            "schema": 2,
            "language": "sv",
            "municipality": {"name": promise.kommun.name, "slug": promise.kommun.slug},
            "kind": kind,
            "title": f"Uppföljning av {promise.title}",
            "period": {"start": start.isoformat(), "end": end.isoformat()},
            "promise": {"title": promise.title},
            "focus_areas": list(areas.values()),
            "internal_material": [],
        },
        ensure_ascii=False,
    )


def _report(
    writer,
    rng,
    promise,
    kind,
    start,
    end,
    report_date,
    issued,
    replaces=None,
    superseded_on=None,
) -> int:
    reports = writer.table(Report)
    report_id = reports.new_id()
    kommun = promise.kommun
    author = rng.choice(kommun.coordinators)
    created = at(report_date - timedelta(days=20), 9)
    issued_at = at(report_date + timedelta(days=1), 10) if issued else None
    follow_ups = [(a, " ".join(rng.sample(names.UPDATE_SENTENCES, 3))) for a in promise.activities]
    committee = rng.choice(names.COMMITTEES)
    handler = f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)}"
    row = {
        "id": report_id,
        "promise_id": promise.id,
        "kind": kind,
        "status": (S.SUPERSEDED if superseded_on else S.ISSUED) if issued else S.DRAFT,
        "version": 2 if replaces else 1,
        "due_date_id": None,  # the generator writes no due dates
        "replaces_id": replaces,
        "document_type": Report.DocumentType.STATEMENT,
        "period_start": start,
        "period_end": end,
        "date": report_date,
        "our_reference": f"KS {report_date.year % 100:02d}/{rng.randrange(1000, 9999)}",
        "recipient_body": committee,
        "your_reference": "",
        "office": names.OFFICES[0],
        "handler_name": handler,
        "handler_email": f"handlaggare@{kommun.slug}.example",
        "title": f"{Report.Kind(kind).label} av {promise.title}",
        "proposals": f"{committee} lägger uppföljningen till handlingarna.",
        "summary": " ".join(rng.sample(names.UPDATE_SENTENCES, 4)),
        "case_text": names.PROMISE_TEXT,
        "legal_review": "",
        "economic_consequences": "Uppföljningen medför inga kostnader.",
        "gender_equality": "",
        "child_perspective": "",
        "uses_child_checklist": False,
        "child_affects_answer": "",
        "child_affects_comment": "",
        "child_best_interest_comment": "",
        "child_conflicts_comment": "",
        "child_consulted_answer": "",
        "child_consulted_comment": "",
        "recipients": "Akten\nPolisen",
        "attachments": "",
        "include_update_appendix": False,
        "snapshot": _snapshot(promise, kind, start, end, follow_ups) if issued else None,
        "pdf": f"rapporter/{kommun.slug}/{report_date.year}/uppfoljning-{report_id}.pdf"
        if issued
        else "",
        "pdf_sha256": f"{rng.getrandbits(256):064x}" if issued else "",
        "issued_at": issued_at,
        "issued_by_id": author if issued else None,
        "issue_requested_at": issued_at,
        "issue_requested_by_id": author if issued else None,
        "issue_failure": "",
        "created_at": created,
        "updated_at": issued_at or created,
    }
    draft = {
        "status": S.DRAFT,
        "snapshot": None,
        "pdf": "",
        "pdf_sha256": "",
        "issued_at": None,
        "issued_by_id": None,
        "issue_requested_at": None,
        "issue_requested_by_id": None,
        "updated_at": created,
    }
    events = [Event(created, author, before=draft if issued else {})]
    if issued:
        before = {"status": S.ISSUED} if superseded_on else {}
        events.append(Event(issued_at, author, "~", before=before))
    if superseded_on:
        events.append(Event(at(superseded_on + timedelta(days=1), 10), author, "~"))
    reports.add(row, events)
    _parts(writer, rng, report_id, promise, kind, follow_ups, created, author)
    return report_id


def _parts(writer, rng, report_id, promise, kind, follow_ups, created, author) -> None:
    entries = writer.table(ReportActivityEntry)
    verdicts = ReportActivityEntry.Verdict.values
    for activity, follow_up in follow_ups:
        verdict = rng.choice(verdicts) if kind == K.CLOSING else ""
        entries.add(
            {
                "id": entries.new_id(),
                "report_id": report_id,
                "activity_id": activity.id,
                "follow_up": follow_up,
                "verdict": verdict,
                "verdict_justification": "Se uppföljningen." if verdict else "",
                "include_internal": False,
            },
            [Event(created + timedelta(minutes=5), author)],
        )
    signatories = writer.table(ReportSignatory)
    for order, title in enumerate(("Kommundirektör", "Trygghetssamordnare"), start=1):
        signatories.add(
            {
                "id": signatories.new_id(),
                "report_id": report_id,
                "order": order,
                "title": title,
                "name": f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)}",
            },
            [Event(created + timedelta(minutes=6), author)],
        )
    documents = writer.table(ReportDocument)
    documents.add(
        {
            "id": documents.new_id(),
            "report_id": report_id,
            "order": 1,
            "date": promise.start,
            "title": f"{promise.title}, antaget",
        },
        [Event(created + timedelta(minutes=7), author)],
    )
