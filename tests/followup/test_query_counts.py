"""Every report list and detail page runs the same number of queries with ten times the data."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup import services
from followup.models import Report, ReportDocument, ReportSignatory
from followup.selectors import report_with_parts
from followup.snapshot import build_snapshot
from promises.models import Activity, Agreement, FocusArea, Promise, StatusUpdate

pytestmark = pytest.mark.django_db


def _grow(agreement, owner, *, scale: int) -> dict:
    """A promise with two focus areas of ``scale`` activities carrying ``scale`` updates each (with
    targets), a draft report of it with ``scale`` signatories and documents, and ``scale`` issued
    reports per committee."""
    promise = Promise.objects.create(
        agreement=agreement,
        title=f"Löfte {scale}",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
        status=Promise.Status.ADOPTED,
        adopted_by="Kommunstyrelsen",
        adopted_on=date(2024, 1, 15),
    )
    for f in range(2):
        area = FocusArea.objects.create(promise=promise, number=f + 1, title=f"Område {f}")
        for a in range(scale):
            activity = Activity.objects.create(
                focus_area=area,
                number=a + 1,
                description=f"Aktivitet {a}",
                target_count=4,
                target_unit="insatser",
                target_period="termin",
            )
            StatusUpdate.objects.bulk_create(
                StatusUpdate(
                    activity=activity,
                    date=date(2024, 2, 1) + timedelta(days=40 * u),
                    status="pagar",
                    description=f"Uppdatering {u}",
                    occurrences=1,
                )
                for u in range(scale)
            )
    draft = services.create_draft(
        user=owner,
        promise=promise,
        kind=Report.Kind.CLOSING,
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
    )
    ReportSignatory.objects.bulk_create(
        ReportSignatory(report=draft, name=f"Namn {n}", title="Titel", order=n)
        for n in range(scale)
    )
    ReportDocument.objects.bulk_create(
        ReportDocument(report=draft, title=f"Handling {n}", date=date(2025, 1, 1), order=n)
        for n in range(scale)
    )
    issued = [
        Report.objects.create(
            promise=promise,
            kind=Report.Kind.HALF_YEAR,
            status=Report.Status.ISSUED,
            title=f"Utfärdad {scale}-{n}",
            period_start=date(2024, 1, 1),
            period_end=date(2024, 6, 30),
            date=date(2024, 8, 1) + timedelta(days=n),
            recipient_body=committee,
            snapshot=build_snapshot(report_with_parts(draft.pk)),
        )
        for n in range(scale)
        for committee in ("Kommunstyrelsen", "Trygghetsutskottet")
    ]
    return {"draft": draft, "issued": issued[0]}


PAGES = {
    "list": lambda objs: reverse("followup:report_list"),
    "list_filtered": lambda objs: reverse("followup:report_list") + "?committee=Kommunstyrelsen",
    "draft_detail": lambda objs: reverse("followup:report_detail", args=[objs["draft"].pk]),
    "draft_preview": lambda objs: reverse("followup:report_preview", args=[objs["draft"].pk]),
    "draft_edit": lambda objs: reverse("followup:report_edit", args=[objs["draft"].pk]),
    "draft_delete": lambda objs: reverse("followup:report_delete", args=[objs["draft"].pk]),
    "issued_detail": lambda objs: reverse("followup:report_detail", args=[objs["issued"].pk]),
    "issued_correct": lambda objs: reverse("followup:report_correct", args=[objs["issued"].pk]),
    "issued_preview": lambda objs: reverse("followup:report_preview", args=[objs["issued"].pk]),
    # The start page, whose secretary section lists the issued reports.
    "start": lambda objs: reverse("promises:start"),
}


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", PAGES)
def test_it_runs_a_fixed_number_of_queries(client, agreement, owner, page):
    client.force_login(owner)
    small = _grow(agreement, owner, scale=1)
    baseline = _count_queries(client, PAGES[page](small))
    large = _grow(agreement, owner, scale=10)
    assert _count_queries(client, PAGES[page](small)) == baseline
    assert _count_queries(client, PAGES[page](large)) == baseline


def test_the_confirmation_of_issuing_runs_a_fixed_number_of_queries(
    client, agreement, owner, run_tasks, django_capture_on_commit_callbacks
):
    """When it asks for the page count, while it is being counted and once it is counted,
    whatever the draft's size."""
    client.force_login(owner)
    small = _grow(agreement, owner, scale=1)
    large = _grow(agreement, owner, scale=10)
    urls = [reverse("followup:report_issue", args=[objs["draft"].pk]) for objs in (small, large)]
    with django_capture_on_commit_callbacks(execute=True):
        asking = [_count_queries(client, url) for url in urls]
    waiting = [_count_queries(client, url) for url in urls]
    assert run_tasks() == 2
    counted = [_count_queries(client, url) for url in urls]
    assert "räknas" not in client.get(urls[1]).content.decode()
    assert asking[0] == asking[1]
    assert waiting[0] == waiting[1]
    assert counted[0] == counted[1]


@pytest.mark.parametrize("page", ["list", "issued_detail", "issued_preview", "start"])
def test_it_runs_a_fixed_number_of_queries_for_the_secretary(
    client, agreement, owner, secretary, page
):
    client.force_login(secretary)
    small = _grow(agreement, owner, scale=1)
    baseline = _count_queries(client, PAGES[page](small))
    large = _grow(agreement, owner, scale=10)
    assert _count_queries(client, PAGES[page](large)) == baseline


def test_it_caps_the_number_of_queries_of_the_list(
    client, agreement, owner, django_assert_max_num_queries
):
    _grow(agreement, owner, scale=10)
    client.force_login(owner)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("followup:report_list")).status_code == 200


@pytest.mark.parametrize(("page", "role"), [("list", "owner"), ("start", "secretary")])
def test_report_lists_read_no_long_texts(client, agreement, owner, secretary, page, role):
    """A list of reports reads none of their texts or frozen snapshots, nor the long texts of
    their promises and agreements: only what the list shows."""
    objs = _grow(agreement, owner, scale=2)
    client.force_login({"owner": owner, "secretary": secretary}[role])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGES[page](objs)).status_code == 200
    long_columns = [
        f'"{model._meta.db_table}"."{field.column}"'
        for model in (Report, Promise, Agreement)
        for field in model._meta.concrete_fields
        if field.get_internal_type() in ("TextField", "JSONField")
    ]
    report_queries = [q["sql"] for q in queries if '"followup_report"' in q["sql"]]
    assert report_queries
    for sql in report_queries:
        assert not [column for column in long_columns if column in sql]
