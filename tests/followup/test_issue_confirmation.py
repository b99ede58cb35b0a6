"""Issuing is a deliberate act: "Utfärda" from the preview leads to a confirmation page that shows
what will be frozen (its page count laid out by a task, never in the request) and asks once; the
confirmation posts the digest of what it showed, and a draft changed since is not issued. Deleting a
draft and making a correction have their own confirmation pages."""

import io
import threading
from datetime import date, timedelta

import pikepdf
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from followup import page_count, pdf_parts, services
from followup.models import DraftLayout, Report
from followup.selectors import report_with_parts
from followup.snapshot import build_snapshot

from .report_factory import confirmed

COUNT_TASK = "followup.tasks.count_pages_task"
ISSUE_TASK = "followup.tasks.issue_report_task"


def _url(name, report):
    return reverse(f"followup:{name}", args=[report.pk])


def _tasks(path: str) -> int:
    return DBTaskResult.objects.filter(task_path=path).count()


def _pdf_pages(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


# The preview offers it --------------------------------------------------------------------------


def test_the_preview_of_a_ready_draft_offers_to_issue_it(client, owner, draft_report):
    client.force_login(owner)
    page = client.get(_url("report_preview", draft_report)).content.decode()
    assert f'href="{_url("report_issue", draft_report)}"' in page
    assert "Innan rapporten kan utfärdas:" not in page


def test_the_preview_of_a_draft_not_ready_lists_what_is_missing(client, owner, draft_report):
    services.save_draft(report=draft_report, user=owner, fields={}, signatories=[])
    client.force_login(owner)
    page = client.get(_url("report_preview", draft_report)).content.decode()
    assert "Innan rapporten kan utfärdas:" in page
    assert "Ange minst en undertecknare." in page
    assert _url("report_issue", draft_report) not in page


# The confirmation page ----------------------------------------------------------------------------


def test_the_confirmation_shows_what_will_be_frozen_and_counts_its_pages_in_a_task(
    client, owner, draft_report, django_capture_on_commit_callbacks, run_tasks
):
    services.save_draft(report=draft_report, user=owner, fields={"your_reference": "Dnr 12/2025"})
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(_url("report_issue", draft_report))

    page = response.content.decode()
    assert response.status_code == 200
    report = Report.objects.get(pk=draft_report.pk)
    for shown in (
        report.title,
        report.recipient_body,
        "2025-11-10",
        "KS-2025/301",
        "Dnr 12/2025",
        "2024-01-01 – 2025-12-31",
        "Utfärda rapporten",
    ):
        assert shown in page, shown
    assert "räknas …" in page  # nothing laid out in the request
    assert "js/issue-status.js" in page and "data-issuing" in page
    assert f'href="{_url("report_issue", draft_report)}"' in page  # reload without scripts
    assert _tasks(COUNT_TASK) == 1
    assert report.is_draft and not report.is_issuing

    with django_capture_on_commit_callbacks(execute=True):
        again = client.get(_url("report_issue", draft_report)).content.decode()
    assert "räknas …" in again
    assert _tasks(COUNT_TASK) == 1  # asked once, however often the page is reloaded

    assert run_tasks() == 1
    layout = DraftLayout.objects.get(report=draft_report)
    counted = client.get(_url("report_issue", draft_report)).content.decode()
    assert "räknas …" not in counted
    assert "data-issuing" not in counted and "js/issue-status.js" not in counted
    assert f"<dt>Antal sidor</dt>\n  <dd>{layout.pages}</dd>" in counted
    assert layout.digest == confirmed(draft_report)["digest"]
    assert f'value="{layout.digest}"' in counted


def test_the_confirmation_names_the_internal_material_included(client, owner, draft_report):
    entry = draft_report.entries.get(activity__focus_area__number=1, activity__number=1)
    services.save_draft(
        report=draft_report,
        user=owner,
        fields={},
        entries={
            entry.activity_id: services.EntryInput(
                follow_up=entry.follow_up,
                verdict=entry.verdict,
                verdict_justification=entry.verdict_justification,
                include_internal=True,
            )
        },
    )
    client.force_login(owner)
    page = client.get(_url("report_issue", draft_report)).content.decode()
    assert "Insats 1:1" in page
    assert "räknas med i måluppfyllelsen" in page


def test_a_changed_draft_counts_again(
    client, owner, draft_report, django_capture_on_commit_callbacks, run_tasks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(_url("report_issue", draft_report))
    run_tasks()
    services.save_draft(report=draft_report, user=owner, fields={"summary": "Ny sammanfattning."})

    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(_url("report_issue", draft_report)).content.decode()

    assert "räknas …" in page
    assert _tasks(COUNT_TASK) == 2


@pytest.mark.django_db(transaction=True)
def test_the_immediate_backend_counts_within_the_request(client, owner, draft_report, settings):
    """`make run` runs the task at once: the count is on the page at the first visit."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(owner)
    page = client.get(_url("report_issue", draft_report)).content.decode()
    pages = DraftLayout.objects.get(report=draft_report).pages
    assert pages and pages > 0
    assert "räknas …" not in page
    assert f"<dd>{pages}</dd>" in page


def test_confirming_issues_the_draft(
    client, owner, draft_report, media_root, django_capture_on_commit_callbacks, run_tasks
):
    client.force_login(owner)
    page = client.get(_url("report_issue", draft_report)).content.decode()
    digest = confirmed(draft_report)["digest"]
    assert f'name="digest" value="{digest}"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("report_issue", draft_report), {"digest": digest})

    assert response.status_code == 302
    assert response.url == _url("report_detail", draft_report)
    assert _tasks(ISSUE_TASK) == 1
    run_tasks()
    assert Report.objects.get(pk=draft_report.pk).status == Report.Status.ISSUED


@pytest.mark.parametrize("digest", ["", "0" * 64, "x" * 65])
def test_it_issues_nothing_without_the_digest_of_what_was_shown(
    client, owner, draft_report, django_capture_on_commit_callbacks, digest
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("report_issue", draft_report), {"digest": digest})
    assert response.status_code == 409
    assert "Utkastet har ändrats sedan sidan visades" in response.content.decode()
    assert _tasks(ISSUE_TASK) == 0
    assert not Report.objects.get(pk=draft_report.pk).is_issuing


def test_it_issues_nothing_when_the_draft_changed_since_the_page_was_shown(
    client, owner, draft_report, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    shown = confirmed(draft_report)
    client.get(_url("report_issue", draft_report))
    services.save_draft(report=draft_report, user=owner, fields={"title": "En ny rubrik"})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("report_issue", draft_report), shown)

    page = response.content.decode()
    assert response.status_code == 409
    assert 'role="alert"' in page
    assert "Utkastet har ändrats sedan sidan visades, så ingenting har utfärdats." in page
    assert "En ny rubrik" in page  # the page shows the draft as it reads now
    assert f'value="{confirmed(draft_report)["digest"]}"' in page  # and asks again
    report = Report.objects.get(pk=draft_report.pk)
    assert report.is_draft and not report.is_issuing and report.snapshot is None
    assert _tasks(ISSUE_TASK) == 0


def test_a_draft_not_ready_is_not_offered_and_not_issued(
    client, owner, draft_report, django_capture_on_commit_callbacks
):
    services.save_draft(report=draft_report, user=owner, fields={}, signatories=[])
    client.force_login(owner)

    page = client.get(_url("report_issue", draft_report)).content.decode()
    assert "Innan rapporten kan utfärdas:" in page
    assert "Ange minst en undertecknare." in page
    assert "Utfärda rapporten" not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("report_issue", draft_report), confirmed(draft_report))
    assert response.status_code == 422
    assert "Ange minst en undertecknare." in response.content.decode()
    assert not Report.objects.get(pk=draft_report.pk).is_issuing
    assert _tasks(ISSUE_TASK) == 0


def test_a_report_being_issued_is_not_confirmed_again(
    client, owner, draft_report, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("report_issue", draft_report), confirmed(draft_report))

    response = client.get(_url("report_issue", draft_report))
    assert response.status_code == 302
    assert response.url == _url("report_detail", draft_report)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            _url("report_issue", draft_report), confirmed(draft_report), follow=True
        )
    assert "Rapporten håller på att utfärdas" in again.content.decode()
    assert _tasks(ISSUE_TASK) == 1


def test_a_stalled_report_is_confirmed_with_what_was_frozen_then(
    client, owner, draft_report, media_root, django_capture_on_commit_callbacks, run_tasks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("report_issue", draft_report), confirmed(draft_report))
    DBTaskResult.objects.filter(task_path=ISSUE_TASK).delete()  # its worker was killed
    frozen = Report.objects.get(pk=draft_report.pk)
    Report.objects.filter(pk=frozen.pk).update(
        issue_requested_at=frozen.issue_requested_at - timedelta(hours=1)
    )

    detail = client.get(_url("report_detail", draft_report)).content.decode()
    assert f'href="{_url("report_issue", draft_report)}"' in detail  # "Försök utfärda igen"
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(_url("report_issue", draft_report)).content.decode()
    assert "Utfärdandet har inte blivit klart" in page
    digest = page_count.snapshot_digest(frozen.snapshot)
    assert f'value="{digest}"' in page
    assert run_tasks() == 1  # the page count, of the frozen snapshot
    assert DraftLayout.objects.get(report=draft_report).digest == digest

    with django_capture_on_commit_callbacks(execute=True):
        stale = client.post(_url("report_issue", draft_report), {"digest": "0" * 64})
    assert stale.status_code == 409
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("report_issue", draft_report), {"digest": digest})
    assert run_tasks() == 1
    assert Report.objects.get(pk=draft_report.pk).status == Report.Status.ISSUED


def test_an_issued_report_has_no_confirmation_page(client, owner, issued_report):
    client.force_login(owner)
    response = client.get(_url("report_issue", issued_report))
    assert response.status_code == 302
    assert response.url == _url("report_detail", issued_report)


@pytest.mark.parametrize("name", ["report_issue", "report_delete"])
def test_the_confirmation_pages_are_for_coordinators_only(
    client, secretary, outsider, draft_report, name
):
    client.force_login(outsider)
    assert client.get(_url(name, draft_report)).status_code == 404
    client.force_login(secretary)
    assert client.get(_url(name, draft_report)).status_code in (403, 404)


# Two confirmations at once ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_the_same_moment_issue_once(owner, draft_report, media_root):
    """Two browsers (two threads, two database connections) confirm the same page together."""
    digest = confirmed(draft_report)
    barrier = threading.Barrier(2)
    statuses = []

    def confirm():
        try:
            client = Client()
            client.force_login(owner)
            barrier.wait(timeout=10)
            response = client.post(_url("report_issue", draft_report), digest)
            statuses.append((response.status_code, response.url))
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert statuses == [(302, _url("report_detail", draft_report))] * 2
    assert _tasks(ISSUE_TASK) == 1
    report = Report.objects.get(pk=draft_report.pk)
    assert report.is_issuing
    assert report.history.filter(history_change_reason="Utfärdandet begärdes.").count() == 1


# The page-count task ----------------------------------------------------------------------------


def test_the_count_is_the_page_count_of_the_pdf_issued_from_the_same_snapshot(
    owner, draft_report, media_root
):
    pages = page_count.count_pages(report_pk=draft_report.pk)
    layout = DraftLayout.objects.get(report=draft_report)

    issued = services.issue_report(report=draft_report, user=owner)

    assert layout.digest == page_count.snapshot_digest(issued.snapshot)
    assert pages == layout.pages == _pdf_pages((media_root / issued.pdf.name).read_bytes())
    assert pages > 1
    assert layout.counted_at is not None


def test_the_count_of_a_long_report_counts_every_part(owner, draft_report, media_root, settings):
    settings.REPORT_PART_CHARACTERS = 1  # a part per activity, joined into one PDF
    snapshot = build_snapshot(report_with_parts(draft_report.pk))
    assert len(pdf_parts.split(snapshot)) > 1
    pages = page_count.count_pages(report_pk=draft_report.pk)

    issued = services.issue_report(report=draft_report, user=owner)

    assert pages == _pdf_pages((media_root / issued.pdf.name).read_bytes())


def test_the_count_of_an_issued_report_is_not_taken(issued_report):
    assert page_count.count_pages(report_pk=issued_report.pk) is None
    assert not DraftLayout.objects.exists()


def test_the_count_of_a_deleted_draft_is_not_taken_and_goes_with_it(owner, draft_report):
    page_count.count_pages(report_pk=draft_report.pk)
    pk = draft_report.pk
    services.delete_draft(report=draft_report, user=owner)
    assert not DraftLayout.objects.exists()
    assert page_count.count_pages(report_pk=pk) is None
    assert not DraftLayout.objects.exists()


def test_a_count_already_taken_is_kept(owner, draft_report):
    digest = confirmed(draft_report)["digest"]
    DraftLayout.objects.create(
        report=draft_report, digest=digest, pages=7, requested_at=timezone.now()
    )
    assert page_count.count_pages(report_pk=draft_report.pk) == 7


def test_a_stalled_count_is_asked_for_again(
    client, owner, draft_report, django_capture_on_commit_callbacks
):
    digest = confirmed(draft_report)["digest"]
    DraftLayout.objects.create(
        report=draft_report,
        digest=digest,
        pages=None,
        requested_at=timezone.now() - page_count.COUNT_STALLED_AFTER - timedelta(seconds=1),
    )
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(_url("report_issue", draft_report))
    assert _tasks(COUNT_TASK) == 1


# Deleting a draft ---------------------------------------------------------------------------------


def test_deleting_a_draft_asks_first_and_says_what_goes(client, owner, draft_report):
    written = draft_report.entries.exclude(follow_up="").count()
    assert written > 0
    client.force_login(owner)
    detail = client.get(_url("report_detail", draft_report)).content.decode()
    assert f'href="{_url("report_delete", draft_report)}"' in detail

    response = client.get(_url("report_delete", draft_report))

    page = response.content.decode()
    assert response.status_code == 200
    assert draft_report.title in page
    assert "<dt>Version</dt><dd>1</dd>" in page
    assert f"{written} insatser har en skriven uppföljning." in page
    assert Report.objects.filter(pk=draft_report.pk).exists()

    response = client.post(_url("report_delete", draft_report))
    assert response.url == reverse("followup:report_list")
    assert not Report.objects.filter(pk=draft_report.pk).exists()


def test_an_issued_report_has_no_delete_page(client, owner, issued_report):
    client.force_login(owner)
    response = client.get(_url("report_delete", issued_report))
    assert response.status_code == 302
    assert Report.objects.get(pk=issued_report.pk).is_issued


# A correction -------------------------------------------------------------------------------------


def test_a_correction_asks_for_its_date_and_says_which_version_it_replaces(
    client, owner, issued_report
):
    client.force_login(owner)
    detail = client.get(_url("report_detail", issued_report)).content.decode()
    assert f'href="{_url("report_correct", issued_report)}"' in detail

    page = client.get(_url("report_correct", issued_report)).content.decode()

    issued_on = timezone.localdate(issued_report.issued_at).isoformat()
    assert f"Rättelsen ersätter version 1, daterad 2025-11-10, utfärdad {issued_on}." in page
    assert f'value="{timezone.localdate().isoformat()}"' in page  # today, unless changed
    assert not Report.objects.filter(replaces=issued_report).exists()

    response = client.post(_url("report_correct", issued_report), {"date": "2025-12-01"})

    correction = Report.objects.get(replaces=issued_report)
    assert response.url == _url("report_edit", correction)
    assert (correction.version, correction.date) == (2, date(2025, 12, 1))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "2025-11-09",
            "Rättelsen kan inte dateras före versionen den ersätter, daterad 2025-11-10.",
        ),
        ("9999-12-31", "Ange ett datum mellan 2000-01-01 och 2100-12-31."),
        ("abc", "Fyll i ett giltigt datum."),
        ("", "Detta fält måste fyllas i."),
    ],
)
def test_a_correction_refuses_a_date_it_cannot_have(client, owner, issued_report, value, message):
    client.force_login(owner)
    response = client.post(_url("report_correct", issued_report), {"date": value})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Report.objects.filter(replaces=issued_report).exists()


def test_a_replaced_version_offers_no_second_correction(client, owner, issued_report):
    services.create_correction(report=issued_report, user=owner)
    client.force_login(owner)
    page = client.get(_url("report_correct", issued_report)).content.decode()
    assert "har redan en rättelse" in page
    assert "<form" not in page.split("<main", 1)[-1]
    response = client.post(_url("report_correct", issued_report), {"date": "2025-12-01"})
    assert response.status_code == 422
    assert "Det finns redan en rättelse av rapporten." in response.content.decode()


def test_a_draft_is_not_corrected(client, owner, draft_report):
    client.force_login(owner)
    assert client.get(_url("report_correct", draft_report)).status_code == 302


def test_create_correction_takes_its_date(owner, issued_report):
    correction = services.create_correction(
        report=issued_report, user=owner, date=date(2026, 1, 15)
    )
    assert correction.date == date(2026, 1, 15)
    assert build_snapshot(report_with_parts(correction.pk))["replaces"] == {
        "version": 1,
        "date": "2025-11-10",
        "issued_at": issued_report.issued_at.date().isoformat(),
    }
