"""The export of a promise's chain (.xlsx, the import's columns) and history (.csv), the import's
pages: who may use them, and their queries."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from imports.columns import ACTIVITY_KEYS
from imports.export import chain_rows
from imports.models import ImportJob
from imports.readers import read
from imports.rows import plan_rows
from imports.services import write_plan
from promises import services
from promises.models import Activity, Promise
from tests.followup.report_factory import add_chain

from .conftest import KNIVSTA_ROWS, csv_bytes, upload

pytestmark = pytest.mark.django_db


def test_an_exported_chain_imported_into_a_draft_is_the_same_chain(client, owner, promise, draft):
    add_chain(owner=owner, promise=promise)
    services.update_activity(
        activity=promise.focus_areas.first().activities.first(),
        user=owner,
        fields={
            "partners": "=Kriminalvården",
            "contact_persons": "Fältgruppen",
            "goal_text": "Alla skolor har en kontaktperson för trygghetsfrågor.",
        },
    )
    client.force_login(owner)
    response = client.get(reverse("imports:export_chain", args=[promise.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    exported = response.content
    areas, problems = plan_rows(read("export.xlsx", exported))
    assert problems == []
    problems, _preview = write_plan(
        promise=draft, areas=areas, user=owner, reason="Importerad från export.xlsx", dry_run=False
    )
    assert problems == []
    assert list(chain_rows(draft)) == list(chain_rows(promise))
    goals = Activity.objects.filter(focus_area__promise=draft).values_list("goal_text", flat=True)
    assert "Alla skolor har en kontaktperson för trygghetsfrågor." in goals
    # Edited in the spreadsheet and imported again: only the edited activity changes.
    book = load_workbook(io.BytesIO(exported))
    book.active["E2"] = "En ny text för den första insatsen."
    out = io.BytesIO()
    book.save(out)
    areas, problems = plan_rows(read("ändrad.xlsx", out.getvalue()))
    problems, preview = write_plan(
        promise=draft, areas=areas, user=owner, reason="Importerad från ändrad.xlsx", dry_run=False
    )
    assert problems == []
    actions = [
        (a["code"], a["action"], a["changed"]) for area in preview for a in area["activities"]
    ]
    assert actions[0][1:] == ("andras", ["Insatsens text"])
    assert {action for _code, action, _changed in actions[1:]} == {"oforandrad"}


def test_every_field_a_coordinator_writes_of_an_activity_is_a_column():
    """What the activity form edits, the spreadsheet carries, so an export and import loses
    nothing (a new field without a column fails here)."""
    assert set(ACTIVITY_KEYS) == set(Activity.EDITABLE_FIELDS)


def test_the_template_has_a_header_an_example_and_swedish_instructions(client, owner, draft):
    client.force_login(owner)
    book = load_workbook(io.BytesIO(client.get(reverse("imports:template")).content))
    assert book.sheetnames == ["Plan", "Instruktioner"]
    header = [cell.value for cell in book["Plan"][1]]
    assert header[:5] == [
        "Områdets nummer",
        "Områdets rubrik",
        "Områdets beskrivning",
        "Insatsens nummer",
        "Insatsens text",
    ]
    assert "Så fyller du i planen" in book["Instruktioner"]["A1"].value
    # The template as downloaded imports cleanly: its example row is a valid activity.
    areas, problems = plan_rows(read("mall.xlsx", client.get(reverse("imports:template")).content))
    assert problems == [] and len(areas[0].activities) == 1


def _history_rows(client, promise) -> list[list[str]]:
    response = client.get(reverse("imports:export_history", args=[promise.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_the_history_csv_says_who_did_what_and_why(client, owner, draft):
    areas, _problems = plan_rows(read("plan.csv", csv_bytes(KNIVSTA_ROWS)))
    write_plan(
        promise=draft, areas=areas, user=owner, reason="Importerad från plan.csv", dry_run=False
    )
    owner.first_name, owner.last_name = "Sara", "Samordnare"
    owner.save()
    client.force_login(owner)
    rows = _history_rows(client, draft)
    assert rows[0] == [
        "Tidpunkt",
        "Vem",
        "Vad",
        "Objekt",
        "Händelse",
        "Fält",
        "Före",
        "Efter",
        "Anledning",
    ]
    school = [r for r in rows if r[3] == "Aktivitet 2:1" and r[5] == "Mål, antal"]
    assert school and school[0][1:] == [
        "Sara Samordnare",
        "Aktivitet",
        "Aktivitet 2:1",
        "Skapades",
        "Mål, antal",
        "",
        "1",
        "Importerad från plan.csv",
    ]
    assert any(r[3] == draft.title and r[4] == "Skapades" for r in rows)


def test_it_lets_readers_export_and_only_coordinators_import_into_a_draft(
    client, owner, secretary, outsider, police, draft, adopted_promise
):
    export = reverse("imports:export_chain", args=[draft.pk])
    history = reverse("imports:export_history", args=[draft.pk])
    upload_url = reverse("imports:upload", args=[draft.pk])
    assert client.get(export).status_code == 302  # to the login page
    for user, export_status, upload_status in (
        (secretary, 200, 403),
        (police, 200, 403),
        (outsider, 404, 404),
        (owner, 200, 200),
    ):
        client.force_login(user)
        assert client.get(export).status_code == export_status, user
        assert client.get(history).status_code == export_status, user
        assert client.get(upload_url).status_code == upload_status, user
    assert client.get(reverse("imports:upload", args=[adopted_promise.pk])).status_code == 403
    assert client.put(upload_url).status_code == 405
    assert client.get(reverse("imports:confirm", args=[1])).status_code == 405


def test_an_upload_is_its_uploaders_alone(client, owner, outsider, make_user, knivsta, draft):
    from promises.models import Membership

    client.force_login(owner)
    upload(client, draft, "plan.csv", csv_bytes(KNIVSTA_ROWS))
    job = ImportJob.objects.get()
    colleague = make_user("kollega", organisation=knivsta, role=Membership.Role.COORDINATOR)
    for user in (outsider, colleague):
        client.force_login(user)
        assert client.get(reverse("imports:job", args=[job.pk])).status_code == 404
        assert client.post(reverse("imports:confirm", args=[job.pk])).status_code == 404


def test_the_job_page_says_what_is_wrong_with_a_file(client, owner, draft, run_tasks, committed):
    client.force_login(owner)
    response = upload(client, draft, "plan.xlsx", b"not a spreadsheet", committed)
    assert response.status_code == 302
    run_tasks()
    job = ImportJob.objects.get()
    assert (job.status, job.problems) == (
        ImportJob.Status.INVALID,
        ["Filen är ingen giltig .xlsx-fil."],
    )
    assert job.content == b""  # kept only until the check has read it
    page = client.get(response["Location"]).content.decode()
    assert "Filen är ingen giltig .xlsx-fil." in page


def _chain_of(owner, promise, areas: int):
    for number in range(1, areas + 1):
        area = services.create_focus_area(user=owner, promise=promise, title=f"Område {number}")
        for _ in range(3):
            services.create_activity(
                user=owner, focus_area=area, description="Insats.", responsible="polisen"
            )


EXPORT_QUERIES = 6
# The history is read 500 changes at a time (promises.history.PagedHistory): one slice, and the
# empty one after it that ends the file.
HISTORY_QUERIES = 28


@pytest.mark.parametrize("areas", [1, 10])
def test_the_pages_run_the_same_queries_whatever_the_size(
    client, owner, draft, areas, django_assert_num_queries, run_tasks, committed
):
    _chain_of(owner, draft, areas)
    client.force_login(owner)
    rows = [
        (n, f"Nytt {n}", "", 1, "Insats.", "Polisen", "", None, None, None, None, None)
        for n in range(50, 50 + areas)
    ]
    upload(client, draft, "plan.csv", csv_bytes(rows), committed)
    run_tasks()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.READY, job.problems
    # session, user, the user's kommuner, the promise and whether the user may change it
    with django_assert_num_queries(5):
        assert client.get(reverse("imports:upload", args=[draft.pk])).status_code == 200
    # session, user, the user's kommuner, the job, the promise and whether the user may change it
    with django_assert_num_queries(6):
        assert client.get(reverse("imports:job", args=[job.pk])).status_code == 200
    with django_assert_num_queries(EXPORT_QUERIES):
        assert client.get(reverse("imports:export_chain", args=[draft.pk])).status_code == 200
    with django_assert_num_queries(HISTORY_QUERIES):
        response = client.get(reverse("imports:export_history", args=[draft.pk]))
        b"".join(response.streaming_content)
    assert Promise.objects.filter(pk=draft.pk, status=Promise.Status.DRAFT).exists()
