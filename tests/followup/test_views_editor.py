"""The report editor and the issue step: internal material kept apart and included only by choice,
and a draft of any size saved page by page (through the real views, on PostgreSQL)."""

import subprocess
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup import services
from followup.models import Report
from promises.models import Activity, FocusArea, Promise

from .form_data import form_data
from .report_factory import INTERNAL_TEXT, confirmed

pytestmark = pytest.mark.django_db

INTERNAL_LABEL = "Intern – kommer inte med i rapporten om du inte väljer det"


def _url(name, report, query=""):
    return reverse(f"followup:{name}", args=[report.pk]) + query


def _entry(report, code):
    return next(
        e for e in report.entries.select_related("activity__focus_area") if e.activity.code == code
    )


def test_it_shows_internal_updates_beside_the_editor_marked_as_internal(
    client, owner, draft_report
):
    client.force_login(owner)
    response = client.get(_url("report_edit", draft_report))
    html = response.content.decode()

    assert response.status_code == 200
    box = html[html.index('<div class="report-internal"') :]
    box = box[: box.index("</div>")]
    assert INTERNAL_LABEL in box
    assert INTERNAL_TEXT in box
    assert html.count(INTERNAL_TEXT) == 1
    data = form_data(html)
    entry = _entry(draft_report, "1:1")
    assert INTERNAL_TEXT not in data[f"insats-{entry.activity_id}-follow_up"]
    # The choice is offered where there is internal material, and is off until made.
    assert f"insats-{entry.activity_id}-include_internal" in html
    assert f"insats-{entry.activity_id}-include_internal" not in data
    other = _entry(draft_report, "2:1")
    assert f"insats-{other.activity_id}-include_internal" not in html


def test_it_includes_internal_material_by_choice_and_lists_it_on_the_issue_step(
    client, owner, draft_report, media_root, django_capture_on_commit_callbacks, run_tasks
):
    client.force_login(owner)
    detail = client.get(_url("report_detail", draft_report)).content.decode()
    assert "Internt material som kommer med" not in detail
    assert "Inget internt material kommer med" in detail

    data = form_data(client.get(_url("report_edit", draft_report)).content.decode())
    entry = _entry(draft_report, "1:1")
    data[f"insats-{entry.activity_id}-include_internal"] = "on"
    response = client.post(_url("report_edit", draft_report), data)
    assert response.status_code == 302, response.context and response.context["form"].errors

    entry.refresh_from_db()
    assert entry.include_internal is True
    assert entry.history.first().history_user == owner
    detail = client.get(_url("report_detail", draft_report)).content.decode()
    assert "Internt material som kommer med: 1:1" in detail
    preview = client.get(_url("report_preview", draft_report)).content.decode()
    assert "Internt material som kommer med: 1:1" in preview
    assert INTERNAL_TEXT not in preview
    assert "Mål: 7 av 4 narkotikainsatser, 2024" in preview

    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.post(_url("report_issue", draft_report), confirmed(draft_report)).status_code
            == 302
        )
    assert run_tasks() == 1
    issued = Report.objects.get(pk=draft_report.pk)
    assert issued.status == Report.Status.ISSUED
    assert [item["code"] for item in issued.snapshot["internal_material"]] == ["1:1"]
    detail = client.get(_url("report_detail", issued)).content.decode()
    assert "Internt material som kom med" in detail
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(media_root / issued.pdf.name), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    text = " ".join(text.split())
    assert "Mål: 7 av 4 narkotikainsatser, 2024" in text
    assert INTERNAL_TEXT[:30] not in text


def test_it_keeps_the_entries_of_rows_the_browser_did_not_send(client, owner, draft_report):
    client.force_login(owner)
    data = form_data(client.get(_url("report_edit", draft_report)).content.decode())
    kept = _entry(draft_report, "2:1")
    for name in [name for name in data if name.startswith(f"insats-{kept.activity_id}-")]:
        del data[name]
    data["summary"] = "Ny sammanfattning."

    response = client.post(_url("report_edit", draft_report), data)

    assert response.status_code == 302
    assert Report.objects.get(pk=draft_report.pk).summary == "Ny sammanfattning."
    after = _entry(draft_report, "2:1")
    assert (after.follow_up, after.verdict) == (kept.follow_up, kept.verdict)
    assert after.history.count() == kept.history.count()


def _draft(owner, agreement, *, areas: int, per_area: int) -> Report:
    """A closing draft of a promise with ``areas`` focus areas of ``per_area`` activities."""
    promise = Promise.objects.create(
        agreement=agreement,
        title=f"Löfte med {areas * per_area} insatser",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
        status=Promise.Status.ADOPTED,
        adopted_by="Kommunstyrelsen",
        adopted_on=date(2024, 1, 15),
    )
    created = FocusArea.objects.bulk_create(
        FocusArea(promise=promise, number=n, title=f"Område {n}") for n in range(1, areas + 1)
    )
    Activity.objects.bulk_create(
        (
            Activity(focus_area=area, number=n, description=f"Insats {area.number}:{n}.")
            for area in created
            for n in range(1, per_area + 1)
        ),
        batch_size=2000,
    )
    return services.create_draft(
        user=owner,
        promise=promise,
        kind=Report.Kind.CLOSING,
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
    )


@pytest.fixture
def huge_draft(owner, agreement):
    """A closing draft of a promise with 10,000 activities (20 focus areas of 500)."""
    return _draft(owner, agreement, areas=20, per_area=500)


def test_it_runs_the_same_queries_for_a_page_of_a_draft_ten_times_larger(client, owner, agreement):
    client.force_login(owner)
    counts = []
    for per_area in (150, 1500):
        report = _draft(owner, agreement, areas=2, per_area=per_area)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_url("report_edit", report, "?sida=2"))
        assert response.status_code == 200
        assert response.context["page"].number == 2
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_it_saves_a_draft_of_ten_thousand_activities_page_by_page(client, owner, huge_draft):
    assert huge_draft.entries.count() == 10_000
    client.force_login(owner)
    response = client.get(_url("report_edit", huge_draft, "?sida=57"))
    assert response.status_code == 200
    # What the browser sends back must fit Django's limit, or the save answers 400.
    data = form_data(response.content.decode())
    assert len(data) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    page = response.context["page"]
    assert (page.number, page.count, page.labels[56]) == (57, 100, "12:101–12:200")

    rows = [row for group in response.context["groups"] for row in group["rows"]]
    assert [row.activity.code for row in (rows[0], rows[-1])] == ["12:101", "12:200"]
    first, last = rows[0].activity, rows[-1].activity
    data[f"insats-{first.pk}-follow_up"] = "Genomfört enligt plan."
    data[f"insats-{last.pk}-verdict"] = "delvis_hallet"
    data["till_sida"] = "58"
    response = client.post(_url("report_edit", huge_draft, "?sida=57"), data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    assert response.url == _url("report_edit", huge_draft, "?sida=58")
    entries = huge_draft.entries
    assert entries.get(activity=first).follow_up == "Genomfört enligt plan."
    assert entries.get(activity=last).verdict == "delvis_hallet"
    assert entries.exclude(activity__in=[first, last]).filter(verdict="").count() == 9_998
    assert entries.filter(follow_up="Genomfört enligt plan.").count() == 1
    next_page = client.get(response.url)
    assert next_page.context["page"].number == 58
    assert next_page.context["groups"][0]["rows"][0].activity.code == "12:201"
