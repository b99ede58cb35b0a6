"""Plans as a kommun would upload them, written in our own words and modelled on the reference
documents: Knivsta's medborgarlöfte with four focus areas as an .xlsx, Upplands-Bro's action plan
as a Word document whose tables hold "Insats 1:1 | text" rows."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import Workbook

from imports.columns import COLUMNS
from promises import services
from tests.followup.conftest import run_ready_tasks

# The columns a coordinator fills in this file: all but the optional "Kontaktpersoner" and
# "Operativt mål" (a file made before that column existed imports as it did).
HEADER = [
    str(column.label) for column in COLUMNS if column.key not in ("contact_persons", "goal_text")
]

# (area, title, definition, activity, text, responsible, partners, start, end, count, unit, period)
KNIVSTA_ROWS = [
    (
        1,
        "Unga i riskzon",
        "Vi upptäcker tidigt unga som riskerar att hamna fel.",
        1,
        "Socialtjänsten och polisen håller samverkansmöten om unga i riskzon varje månad.",
        "Gemensamt",
        "Skolan",
        date(2024, 1, 1),
        date(2025, 12, 31),
        10,
        "möten",
        "år",
    ),
    (
        1,
        None,
        None,
        2,
        "Fältassistenter och polis rör sig i centrum på fredagskvällar.",
        "Kommunen",
        "",
        date(2024, 3, 1),
        None,
        None,
        None,
        None,
    ),
    (
        2,
        "Polisiär närvaro",
        "Polisen syns där invånarna finns.",
        1,
        "Polisen besöker varje skola i kommunen minst en gång per termin.",
        "Polisen",
        "",
        None,
        None,
        1,
        "skolbesök",
        "termin",
    ),
    (
        2,
        None,
        None,
        2,
        "Trafikkontroller av hastighet och nykterhet vid infarterna.",
        "Polisen",
        "",
        None,
        None,
        4,
        "trafikkontroller",
        "år",
    ),
    (
        3,
        "Narkotika",
        "",
        1,
        "Gemensamma narkotikainsatser i centrala Knivsta.",
        "Gemensamt",
        "Kriminalvården",
        None,
        None,
        4,
        "narkotikainsatser",
        "år",
    ),
    (
        4,
        "Våld i nära relation",
        "Fler ska våga berätta och få stöd.",
        1,
        "Kampanj om våld i nära relation under vecka 47 tillsammans med kvinnojouren.",
        "Kommunen",
        "Kvinnojouren",
        date(2024, 11, 18),
        date(2024, 11, 24),
        None,
        None,
        None,
    ),
]


def xlsx_bytes(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows, *, delimiter=";", bom=True, header=HEADER) -> bytes:
    lines = [delimiter.join(header)]
    for row in rows:
        lines.append(
            delimiter.join(
                "" if v is None else v.isoformat() if isinstance(v, date) else str(v) for v in row
            )
        )
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode()


def upplands_bro_docx() -> bytes:
    document = Document()
    document.add_paragraph("Halvårsuppföljning Samverkansöverenskommelse 2022–2023")
    document.add_paragraph("Förslag till beslut")
    document.add_paragraph("1. Trygghetsutskottet godkänner halvårsuppföljningen.")
    areas = [
        (
            1,
            "Inget utsatt område i Upplands-Bro",
            "Kommunen och polisen arbetar tillsammans så att inget område blir utsatt.",
            [
                (
                    "Insats 1:1",
                    "En handlingsplan mot alkohol och narkotika skrivs fram med polisen.",
                ),
                ("Uppföljning", "Arbetet pågår."),
                ("Insats 1:2", "Lovverksamhet för barn i Bro där kommunpolisen deltar i"),
                ("", "evenemang för att skapa relationer med de unga."),
                ("Uppföljning", "Välbesökt under sommaren."),
            ],
        ),
        (
            2,
            "Våld",
            "Våldet i offentlig miljö och i nära relationer ska minska.",
            [
                ("Insats 2:1", "Gemensamma utbildningar om våld i nära relation för personal."),
                (
                    "Insats 2:2",
                    "Polisen och socialtjänsten samverkar kring ärenden om hedersrelaterat våld.",
                ),
            ],
        ),
    ]
    for number, title, definition, rows in areas:
        document.add_paragraph(f"{number}. {title}")
        document.add_paragraph(definition)
        table = document.add_table(rows=0, cols=2)
        for first, second in rows:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = first, second
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(client, promise, name: str, data: bytes, committed=None):
    from contextlib import nullcontext

    from django.urls import reverse

    with committed() if committed else nullcontext():
        return client.post(
            reverse("imports:upload", args=[promise.pk]),
            {"file": SimpleUploadedFile(name, data)},
        )


def confirm(client, job, committed):
    from django.urls import reverse

    with committed():
        return client.post(reverse("imports:confirm", args=[job.pk]))


@pytest.fixture
def run_tasks():
    return run_ready_tasks


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a request queues when it commits (the test's transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def coordinator_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def draft(owner, agreement):
    """An empty draft: Knivsta's next medborgarlöfte."""
    return services.create_promise(
        user=owner,
        agreement=agreement,
        title="Medborgarlöfte Knivsta 2024–2025 (utkast)",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
    )
