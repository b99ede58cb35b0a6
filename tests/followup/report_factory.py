"""Builders for report tests: a small adopted chain with updates, and a complete draft report.

Plain functions rather than fixtures so that a module-scoped fixture (one rendered PDF shared by
the PDF tests) and the function-scoped fixtures in conftest.py build the same thing.
"""

from datetime import date
from types import SimpleNamespace

from django.contrib.auth import get_user_model

from followup import services as report_services
from followup.models import Report
from promises import services
from promises.models import Membership, Organisation, Promise

# (focus area number, title, definition, [(activity number, description, responsible, target)]),
# where target is (count, unit, period) or None.
AREAS = [
    (
        1,
        "Insatser i samverkan mot narkotika",
        "Kommunen och polisen arbetar tillsammans mot narkotika bland unga.",
        [
            (
                1,
                "Planerade narkotikainsatser med beroendemottagningen.",
                "gemensamt",
                (4, "narkotikainsatser", "ar"),
            ),
            (2, "Kommunen skriver en ANDTS-handlingsplan.", "kommunen", None),
        ],
    ),
    (
        2,
        "Arbete mot våld i nära relation",
        "Fler ska känna till vart man vänder sig när någon utsätts för våld i hemmet.",
        [
            (
                1,
                "Gemensamma informationsträffar om våld i nära relation.",
                "gemensamt",
                (1, "informationsträffar", "termin"),
            ),
        ],
    ),
]

# The one internal update: a tip that must never reach a report unless the coordinator chooses.
INTERNAL_TEXT = (
    "Internt: tips från skolan om langning vid busstationen, följs upp med socialtjänsten."
)

# (area, activity, date, occurrences, text, public)
UPDATES = [
    (1, 1, date(2024, 3, 10), 2, "Två insatser vid pendeltågsstationen under våren.", True),
    (1, 1, date(2024, 6, 1), 3, INTERNAL_TEXT, False),
    (1, 1, date(2024, 9, 15), 2, "Två insatser i centrum under hösten.", True),
    (1, 1, date(2025, 4, 2), 1, "En insats under Valborg.", True),
    (1, 2, date(2024, 5, 1), 0, "Handlingsplanen är på remiss hos nämnderna.", True),
    (2, 1, date(2025, 2, 1), 1, "Informationsträff på biblioteket med kvinnojouren.", True),
]


def add_chain(*, owner, promise: Promise) -> SimpleNamespace:
    """Focus areas, activities and updates on ``promise`` (a draft), which is then adopted. The
    updates are public but one, ``INTERNAL_TEXT`` on 1:1 in June 2024 with 3 occurrences."""
    activities = {}
    for number, title, definition, rows in AREAS:
        area = services.create_focus_area(
            user=owner, promise=promise, number=number, title=title, definition=definition
        )
        for activity_number, description, responsible, target in rows:
            fields = {}
            if target:
                fields = dict(
                    zip(("target_count", "target_unit", "target_period"), target, strict=True)
                )
            activities[(number, activity_number)] = services.create_activity(
                user=owner,
                focus_area=area,
                number=activity_number,
                description=description,
                responsible=responsible,
                **fields,
            )
    if promise.status == Promise.Status.DRAFT:
        services.adopt_promise(
            promise=promise,
            user=owner,
            adopted_by="Kommunstyrelsen",
            adopted_on=date(2024, 1, 29),
            adoption_paragraph="§ 6",
        )
    updates = []
    for area_number, activity_number, day, occurrences, text, public in UPDATES:
        updates.append(
            services.add_status_update(
                user=owner,
                activity=activities[(area_number, activity_number)],
                status="pagar",
                description=text,
                date=day,
                occurrences=occurrences,
                is_public=public,
            )
        )
    return SimpleNamespace(promise=promise, activities=activities, updates=updates)


def complete_draft(*, owner, promise: Promise, kind: str = Report.Kind.CLOSING) -> Report:
    """A draft with every section filled in, ready to issue."""
    report = report_services.create_draft(
        user=owner,
        promise=promise,
        kind=kind,
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
        date=date(2025, 11, 10),
        our_reference="KS-2025/301",
        recipient_body="Kommunstyrelsen",
        office="Kommunledningskontoret",
        handler_name="Alex Testsson",
        handler_email="alex.testsson@knivsta.example",
    )
    return fill_draft(owner=owner, report=report, kind=kind)


def fill_draft(*, owner, report: Report, kind: str = Report.Kind.CLOSING) -> Report:
    """Every section of ``report`` filled in, ready to issue."""
    entries = {
        entry.activity_id: report_services.EntryInput(
            follow_up=entry.follow_up or "Arbetet har genomförts enligt plan.",
            verdict="hallet" if kind == Report.Kind.CLOSING else "",
            verdict_justification="Målet nåddes." if kind == Report.Kind.CLOSING else "",
        )
        for entry in report.entries.all()
    }
    return report_services.save_draft(
        report=report,
        user=owner,
        fields={
            "our_reference": report.our_reference or "KS-2025/301",
            "recipient_body": report.recipient_body or "Kommunstyrelsen",
            "title": "Uppföljning av medborgarlöfte 2024–2025",
            "proposals": "Uppföljningen anmäls till Kommunstyrelsen.\n"
            "Kommunstyrelsen lägger uppföljningen till handlingarna.",
            "summary": "Knivsta kommun har haft ett medborgarlöfte tillsammans med polisen.",
            "case_text": "Ärendet väcktes på kommunstyrelsens sammanträde.",
            "legal_review": "Medborgarlöften regleras inte i någon lag.",
            "economic_consequences": "Uppföljningen medför inga kostnader.",
            "gender_equality": "Våld i nära relation drabbar främst kvinnor och barn.",
            "child_perspective": "Flera insatser riktar sig till barn och unga.",
            "recipients": "Akten\nPolismyndigheten",
            "attachments": "Medborgarlöfte 2024–2025",
            "uses_child_checklist": True,
            "child_affects_answer": "nej",
            "child_consulted_answer": "inte_aktuellt",
            "child_consulted_comment": "Beslutet rör inte en flerårig plan.",
        },
        entries=entries,
        signatories=[("Maja Provsson", "Chef kommunledningskontoret")],
        documents=[("Uppföljning medborgarlöfte 2024–2025", date(2025, 11, 10))],
    )


def create_world() -> SimpleNamespace:
    """Everything from scratch (for module-scoped fixtures that cannot use conftest's)."""
    kommun = Organisation.objects.create(
        kind=Organisation.Kind.MUNICIPALITY,
        name="Knivsta kommun",
        slug="knivsta",
        municipality_code="0330",
        office="Kommunledningskontoret",
    )
    area = Organisation.objects.create(
        kind=Organisation.Kind.POLICE_AREA, name="Lokalpolisområde Uppsala/Knivsta", slug="lpo-uk"
    )
    area.covered_municipalities.add(kommun)
    owner = get_user_model().objects.create_user(username="samordnare", password="x")
    Membership.objects.create(user=owner, organisation=kommun, role=Membership.Role.COORDINATOR)
    agreement = services.create_agreement(
        user=owner,
        municipality=kommun,
        police_area=area,
        title="Samverkansöverenskommelse Knivsta 2023–2026",
        reference_number="KS-2023/147",
        valid_from=date(2023, 1, 1),
        valid_to=date(2026, 12, 31),
    )
    promise = services.create_promise(
        user=owner,
        agreement=agreement,
        title="Medborgarlöfte Knivsta 2024–2025",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
    )
    chain = add_chain(owner=owner, promise=promise)
    return SimpleNamespace(owner=owner, kommun=kommun, **vars(chain))


def activity_codes() -> list[str]:
    return [f"{area[0]}:{row[0]}" for area in AREAS for row in area[3]]


def confirmed(report: Report) -> dict[str, str]:
    """What the confirmation page of issuing posts for ``report`` as it reads now: the digest of
    the snapshot it shows (followup.page_count)."""
    from followup.page_count import issuing_snapshot, snapshot_digest

    return {"digest": snapshot_digest(issuing_snapshot(Report.objects.get(pk=report.pk)))}
