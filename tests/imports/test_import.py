"""Importing a plan: upload, the check's preview with every problem by row and column, and the
import that writes all of it through the services, or nothing."""

from datetime import date

import pytest
from django.urls import reverse

from imports.models import ImportJob
from imports.readers import read
from imports.rows import plan_rows
from imports.services import write_plan
from promises.models import Activity, FocusArea

from .conftest import KNIVSTA_ROWS, confirm, csv_bytes, upload, upplands_bro_docx, xlsx_bytes

pytestmark = pytest.mark.django_db


def _job():
    return ImportJob.objects.order_by("-pk").first()


def _import(client, promise, name, data, run_tasks, committed):
    response = upload(client, promise, name, data, committed)
    assert response.status_code == 302, response.content.decode()[:2000]
    run_tasks()
    job = _job()
    assert job.status == ImportJob.Status.READY, job.problems
    confirm(client, job, committed)
    run_tasks()
    job.refresh_from_db()
    return job


def test_it_imports_a_knivsta_like_promise_from_an_xlsx(
    coordinator_client, draft, run_tasks, committed
):
    job = _import(
        coordinator_client,
        draft,
        "åtgärdsplan.xlsx",
        xlsx_bytes(KNIVSTA_ROWS),
        run_tasks,
        committed,
    )
    assert job.status == ImportJob.Status.DONE, job.problems
    areas = list(draft.focus_areas.order_by("number"))
    assert [(a.number, a.title) for a in areas] == [
        (1, "Unga i riskzon"),
        (2, "Polisiär närvaro"),
        (3, "Narkotika"),
        (4, "Våld i nära relation"),
    ]
    school = Activity.objects.get(focus_area__promise=draft, focus_area__number=2, number=1)
    assert school.responsible == Activity.Responsible.POLICE
    assert (school.target_count, school.target_unit, school.target_period) == (
        1,
        "skolbesök",
        "termin",
    )
    campaign = Activity.objects.get(focus_area__promise=draft, focus_area__number=4)
    assert (campaign.planned_start, campaign.planned_end) == (
        date(2024, 11, 18),
        date(2024, 11, 24),
    )
    assert campaign.partners == "Kvinnojouren"
    reasons = set(
        Activity.history.filter(focus_area__promise=draft).values_list(
            "history_change_reason", flat=True
        )
    ) | set(FocusArea.history.filter(promise=draft).values_list("history_change_reason", flat=True))
    assert reasons == {"Importerad från åtgärdsplan.xlsx"}


def test_it_shows_the_preview_before_anything_is_written(
    coordinator_client, draft, run_tasks, committed
):
    upload(coordinator_client, draft, "plan.xlsx", xlsx_bytes(KNIVSTA_ROWS), committed)
    run_tasks()
    page = coordinator_client.get(reverse("imports:job", args=[_job().pk])).content.decode()
    assert "Unga i riskzon" in page and "2:2" in page and "4 trafikkontroller per år" in page
    assert "Importera" in page
    assert not FocusArea.objects.filter(promise=draft).exists()
    assert not FocusArea.history.filter(promise=draft).exists()


def test_it_imports_an_upplands_bro_like_plan_from_word(
    coordinator_client, draft, run_tasks, committed
):
    job = _import(coordinator_client, draft, "plan.docx", upplands_bro_docx(), run_tasks, committed)
    assert job.status == ImportJob.Status.DONE
    areas = list(draft.focus_areas.order_by("number"))
    assert [(a.number, a.title) for a in areas] == [
        (1, "Inget utsatt område i Upplands-Bro"),
        (2, "Våld"),
    ]
    assert areas[0].definition.startswith("Kommunen och polisen arbetar tillsammans")
    holiday = areas[0].activities.get(number=2)
    # The row split over two pages is one activity.
    assert holiday.description.endswith("deltar i evenemang för att skapa relationer med de unga.")
    assert areas[1].activities.count() == 2
    assert any("2 rader ”Uppföljning” hoppades över" in notice for notice in job.notices)


ERROR_ROWS = [
    (
        1,
        "Unga i riskzon",
        "",
        1,
        "Samverkansmöten.",
        "Gemensamt",
        "",
        "2025-13-01",
        None,
        None,
        None,
        None,
    ),
    (1, None, None, 2, "Fältarbete.", "Gemensamt", "", None, None, "fyra", "möten", "år"),
    (
        1,
        None,
        None,
        3,
        "Möte om 19811218-9876 i skolan.",
        "Gemensamt",
        "",
        None,
        None,
        None,
        None,
        None,
    ),
    (1, None, None, 3, "Samma nummer igen.", "Gemensamt", "", None, None, None, None, None),
    (1, None, None, 4, "Okänd ansvarig.", "Socialtjänsten", "", None, None, None, None, None),
]


@pytest.mark.parametrize("name, data", [("fel.xlsx", xlsx_bytes), ("fel.csv", csv_bytes)])
def test_it_names_every_problem_by_row_and_column(
    coordinator_client, draft, run_tasks, committed, name, data
):
    upload(coordinator_client, draft, name, data(ERROR_ROWS), committed)
    run_tasks()
    job = _job()
    assert job.status == ImportJob.Status.INVALID
    assert "Rad 2, kolumn Planerad start: datumet 2025-13-01 finns inte." in job.problems
    assert "Rad 3, kolumn Målvärde: ”fyra” är inget heltal." in job.problems
    assert "Rad 5, kolumn Insatsens nummer: insats 1:3 finns redan på rad 4." in job.problems
    assert (
        "Rad 6, kolumn Ansvarig: ”Socialtjänsten” är inget giltigt värde. "
        "Skriv Kommunen, Polisen eller Gemensamt." in job.problems
    )
    page = coordinator_client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "Rad 3, kolumn Målvärde" in page
    assert "Importera</button>" not in page


def test_it_applies_the_models_rules_in_the_check(coordinator_client, draft, run_tasks, committed):
    rows = [
        (
            1,
            "Unga",
            "",
            1,
            "Möte om 19811218-9876 i skolan.",
            "Gemensamt",
            "",
            None,
            None,
            None,
            None,
            None,
        ),
        (
            1,
            None,
            None,
            2,
            "Efter perioden.",
            "Polisen",
            "",
            "2024-05-01",
            "2026-06-30",
            None,
            None,
            None,
        ),
        (2, "", "", 1, "Ett område utan rubrik.", "Kommunen", "", None, None, 4, None, "år"),
        (3, "Långt", "", 1, "Insats.", "Kommunen", "x" * 251, None, None, None, None, None),
    ]
    upload(coordinator_client, draft, "regler.csv", csv_bytes(rows), committed)
    run_tasks()
    job = _job()
    assert job.status == ImportJob.Status.INVALID
    problems = "\n".join(job.problems)
    assert "Rad 2, kolumn Insatsens text: Texten innehåller ett personnummer" in problems
    assert (
        "Rad 3, kolumn Planerat slut: Aktiviteten kan inte sluta efter löftets period (2025-12-31)."
        in problems
    )
    assert "Rad 4, kolumn Områdets rubrik:" in problems
    assert (
        "Rad 5, kolumn Samverkanspartner: Säkerställ att detta värde har som mest 250 tecken "
        "(den har 251)." in problems
    )
    assert not FocusArea.objects.filter(promise=draft).exists()


def test_a_failure_at_the_last_row_leaves_nothing(owner, draft):
    rows = [*KNIVSTA_ROWS]
    rows.append(
        (
            4,
            None,
            None,
            2,
            "Slutar före start.",
            "Kommunen",
            "",
            "2025-05-01",
            "2025-04-01",
            None,
            None,
            None,
        )
    )
    areas, problems = plan_rows(read("plan.csv", csv_bytes(rows)))
    assert problems == []
    problems, _preview = write_plan(
        promise=draft, areas=areas, user=owner, reason="Importerad från plan.csv", dry_run=False
    )
    assert [str(p) for p in problems] == [
        "Rad 8, kolumn Planerat slut: Slutdatumet kan inte ligga före startdatumet."
    ]
    assert not FocusArea.objects.filter(promise=draft).exists()
    assert not Activity.history.filter(history_change_reason__startswith="Importerad").exists()


def test_the_import_writes_nothing_when_the_promise_changed_since_the_check(
    coordinator_client, owner, draft, run_tasks, committed
):
    from promises import services

    upload(coordinator_client, draft, "plan.xlsx", xlsx_bytes(KNIVSTA_ROWS), committed)
    run_tasks()
    job = _job()
    # Someone shortens the promise's period after the check: 4:1 now ends after it.
    services.update_promise(promise=draft, user=owner, fields={"period_end": date(2024, 6, 30)})
    confirm(coordinator_client, job, committed)
    run_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert any(p.startswith("Rad 7, kolumn Planerad start") for p in job.problems)
    assert not FocusArea.objects.filter(promise=draft).exists()


def test_it_reads_a_csv_with_a_bom_and_semicolons(draft):
    areas, problems = plan_rows(read("plan.csv", csv_bytes(KNIVSTA_ROWS, delimiter=";", bom=True)))
    assert problems == []
    assert areas[0].title == "Unga i riskzon"  # the BOM is not in the first header
    areas, problems = plan_rows(read("plan.csv", csv_bytes(KNIVSTA_ROWS, delimiter=",", bom=False)))
    assert problems == [] and len(areas) == 4


def test_a_second_import_of_the_same_file_changes_nothing(
    coordinator_client, draft, run_tasks, committed
):
    _import(coordinator_client, draft, "plan.xlsx", xlsx_bytes(KNIVSTA_ROWS), run_tasks, committed)
    before = Activity.history.count()
    job = _import(
        coordinator_client, draft, "plan.xlsx", xlsx_bytes(KNIVSTA_ROWS), run_tasks, committed
    )
    assert job.status == ImportJob.Status.DONE
    assert Activity.history.count() == before
    assert {a["action"] for area in job.preview for a in area["activities"]} == {"oforandrad"}


def test_two_clicks_on_importera_at_once_queue_one_import(
    coordinator_client, draft, run_tasks, committed
):
    from django.core.exceptions import ValidationError

    from imports.services import request_import

    upload(coordinator_client, draft, "plan.xlsx", xlsx_bytes(KNIVSTA_ROWS), committed)
    run_tasks()
    # Two requests that both loaded the job while it was ready.
    first, second = _job(), _job()
    request_import(job=first)
    with pytest.raises(ValidationError):
        request_import(job=second)
    page = confirm(coordinator_client, first, committed)
    assert page.status_code == 302
    messages = coordinator_client.get(page["Location"]).content.decode()
    assert "Importen kan inte startas" in messages
