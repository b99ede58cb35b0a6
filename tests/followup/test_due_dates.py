"""A report meets a planned follow-up: "Ny uppföljningsrapport" offers the earliest unmet one of the
promise pre-selected, and issuing the report (in the worker's task) marks it met."""

from datetime import date

import pytest
from django.urls import reverse

from followup import services as report_services
from followup.models import Report
from promises import services
from promises.models import DueDate
from tests.htmlforms import forms_of

from .report_factory import complete_draft, confirmed

pytestmark = pytest.mark.django_db


def _due(owner, document, title, due_on, **fields):
    return services.create_due_date(
        user=owner,
        document=document,
        title=title,
        due_on=due_on,
        recipient="Kommunstyrelsen",
        **fields,
    )


@pytest.fixture
def due_dates(owner, chain):
    promise = chain.promise
    return {
        "met": _due(
            owner, promise, "Halvårsuppföljning", date(2024, 8, 31), met_on=date(2024, 9, 2)
        ),
        "annual": _due(owner, promise, "Årsuppföljning till Kommunstyrelsen", date(2025, 2, 28)),
        "closing": _due(
            owner, promise, "Slutuppföljning", date(2026, 2, 28), kind=DueDate.Kind.CLOSING
        ),
    }


def _selected(html: str, name: str) -> str:
    form = max(forms_of(html), key=lambda f: len(f.fields))
    return form.data()[name][0]


def test_it_offers_the_earliest_unmet_due_date_pre_selected(client, owner, chain, due_dates):
    client.force_login(owner)

    response = client.get(reverse("followup:report_create") + f"?promise={chain.promise.pk}")

    assert response.status_code == 200
    html = response.content.decode()
    assert _selected(html, "due_date") == str(due_dates["annual"].pk)
    assert _selected(html, "kind") == Report.Kind.ANNUAL
    assert "Årsuppföljning till Kommunstyrelsen till Kommunstyrelsen, senast 2025-02-28" in html
    assert "senast 2024-08-31" not in html  # met: not offered again


def test_it_stores_the_chosen_due_date_on_the_draft(client, owner, chain, due_dates):
    client.force_login(owner)
    response = client.post(
        reverse("followup:report_create"),
        {
            "promise": chain.promise.pk,
            "kind": Report.Kind.CLOSING,
            "due_date": due_dates["closing"].pk,
            "period_start": "2024-01-01",
            "period_end": "2025-12-31",
        },
    )
    assert response.status_code == 302
    assert Report.objects.get().due_date == due_dates["closing"]


def test_it_refuses_a_due_date_of_another_promise_next_to_the_field(
    client, owner, chain, due_dates
):
    other = services.create_promise(
        user=owner,
        agreement=chain.promise.agreement,
        title="Annat löfte",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
    )
    services.adopt_promise(
        promise=other, user=owner, adopted_by="Kommunstyrelsen", adopted_on=date(2024, 2, 1)
    )
    client.force_login(owner)

    response = client.post(
        reverse("followup:report_create"),
        {
            "promise": other.pk,
            "kind": Report.Kind.ANNUAL,
            "due_date": due_dates["annual"].pk,
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
        },
    )

    assert response.status_code == 200
    assert "due_date" in response.context["form"].errors
    assert not Report.objects.exists()


def test_it_marks_the_due_date_met_when_the_worker_issues_the_report(
    client, owner, chain, due_dates, media_root, run_tasks, django_capture_on_commit_callbacks
):
    draft = complete_draft(owner=owner, promise=chain.promise, kind=Report.Kind.ANNUAL)
    Report.objects.filter(pk=draft.pk).update(due_date=due_dates["annual"])
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("followup:report_issue", args=[draft.pk]), confirmed(draft))
    due = DueDate.objects.get(pk=due_dates["annual"].pk)
    assert due.met_on is None  # asked for, not yet issued
    assert run_tasks() == 1

    report = Report.objects.get(pk=draft.pk)
    due.refresh_from_db()
    assert report.is_in_force
    assert due.met_on == report.date == date(2025, 11, 10)  # the document's day
    assert list(due.reports.all()) == [report]  # the link to the report that met it
    assert due.history.first().history_change_reason.endswith("utfärdades.")
    promise_page = client.get(chain.promise.get_absolute_url()).content.decode()
    assert f"Klar {due.met_on.isoformat()}" in promise_page


def test_it_keeps_the_first_met_date_when_a_correction_is_issued(
    owner, chain, due_dates, media_root
):
    draft = complete_draft(owner=owner, promise=chain.promise, kind=Report.Kind.ANNUAL)
    Report.objects.filter(pk=draft.pk).update(due_date=due_dates["annual"])
    issued = report_services.issue_report(report=draft, user=owner)
    DueDate.objects.filter(pk=due_dates["annual"].pk).update(met_on=date(2025, 3, 1))

    correction = report_services.create_correction(report=issued, user=owner)
    assert correction.due_date_id == due_dates["annual"].pk
    report_services.issue_report(report=correction, user=owner)

    assert DueDate.objects.get(pk=due_dates["annual"].pk).met_on == date(2025, 3, 1)


def test_it_refuses_to_delete_a_due_date_that_a_report_names(owner, chain, due_dates):
    draft = complete_draft(owner=owner, promise=chain.promise, kind=Report.Kind.ANNUAL)
    Report.objects.filter(pk=draft.pk).update(due_date=due_dates["annual"])
    with pytest.raises(Exception, match="uppföljningsrapport hör till"):
        services.delete_due_date(due_date=due_dates["annual"], user=owner)
    assert DueDate.objects.filter(pk=due_dates["annual"].pk).exists()
