"""Issuing in a background task: the request freezes and enqueues, the database worker issues.

The task backend is the real one of production (django-tasks' database backend on PostgreSQL):
the first test runs the real ``manage.py db_worker`` in a process of its own; the others run the
tasks through that worker's own code inside the test's transaction (``run_tasks``).
"""

import hashlib
import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import connection
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from followup import selectors, services
from followup.models import Report
from followup.tasks import issue_report_task

from .report_factory import confirmed

ROOT = Path(__file__).resolve().parents[2]
TASK_PATH = "followup.tasks.issue_report_task"


def _url(name, report):
    return reverse(f"followup:{name}", args=[report.pk])


def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def _database_url() -> str:
    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))


@pytest.mark.django_db(transaction=True)
def test_it_issues_a_report_through_the_database_worker(client, owner, draft_report, media_root):
    client.force_login(owner)

    response = client.post(_url("report_issue", draft_report), confirmed(draft_report))

    assert response.status_code == 302
    report = Report.objects.get(pk=draft_report.pk)
    assert report.is_issuing and not report.pdf
    (task,) = DBTaskResult.objects.filter(task_path=TASK_PATH)
    assert (task.task_path, task.status) == (TASK_PATH, TaskResultStatus.READY)
    assert task.args_kwargs["args"] == [report.pk]

    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": _database_url(), "MEDIA_ROOT": str(media_root)},
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert worker.returncode == 0, worker.stderr[-2000:]
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    report = Report.objects.get(pk=draft_report.pk)
    assert report.status == Report.Status.ISSUED
    assert report.issued_by == owner
    with storages["reports"].open(report.pdf.name, "rb") as stored:
        data = stored.read()
    assert data.startswith(b"%PDF-")
    assert hashlib.sha256(data).hexdigest() == report.pdf_sha256 == task.return_value
    assert selectors.verified_pdf(report) == data
    page = client.get(_url("report_detail", report)).content.decode()
    assert "data-issuing" not in page
    assert _url("report_download", report) in page


def test_it_shows_that_the_report_is_being_issued_until_the_task_has_run(
    client, owner, draft_report, media_root, django_capture_on_commit_callbacks, run_tasks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("report_issue", draft_report), confirmed(draft_report), follow=True
        )

    content = response.content.decode()
    assert "Rapporten utfärdas. PDF:en skapas och sparas nu." in content
    assert (
        DBTaskResult.objects.filter(task_path=TASK_PATH)
        .filter(status=TaskResultStatus.READY)
        .count()
        == 1
    )
    page = client.get(_url("report_detail", draft_report)).content.decode()
    assert '<div class="messages" role="status">' in page
    assert "Rapporten utfärdas: PDF:en skapas och sparas." in page
    assert 'class="badge report-status-utfardas">Utfärdas<' in page
    assert _url("report_issue", draft_report) not in page  # no second issue
    assert _url("report_edit", draft_report) not in page
    assert _url("report_delete", draft_report) not in page
    assert "js/issue-status.js" in page  # reloads itself when done
    assert f'href="{_url("report_detail", draft_report)}"' in page  # and a link without scripts
    assert _files(media_root) == []

    edit = client.get(_url("report_edit", draft_report), follow=True).content.decode()
    assert "Rapporten håller på att utfärdas och kan inte ändras." in edit
    with pytest.raises(ValidationError, match="håller på att utfärdas"):
        services.save_draft(report=draft_report, user=owner, fields={"summary": "Ändrad"})

    # The list of reports says so too, beside the draft.
    listed = client.get(reverse("followup:report_list")).content.decode()
    assert 'class="badge report-status-utfardas">Utfärdas<' in listed

    assert run_tasks() == 1
    page = client.get(_url("report_detail", draft_report)).content.decode()
    assert "data-issuing" not in page
    assert "js/issue-status.js" not in page
    assert Report.objects.get(pk=draft_report.pk).status == Report.Status.ISSUED


def test_it_enqueues_one_task_for_two_requests(
    client, owner, draft_report, media_root, django_capture_on_commit_callbacks, run_tasks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("report_issue", draft_report), confirmed(draft_report))
        second = client.post(
            _url("report_issue", draft_report), confirmed(draft_report), follow=True
        )

    assert "Rapporten håller på att utfärdas" in second.content.decode()
    assert DBTaskResult.objects.filter(task_path=TASK_PATH).count() == 1
    issue_report_task.enqueue(draft_report.pk)  # a task run twice does nothing the second time
    assert run_tasks() == 2
    assert (
        list(
            DBTaskResult.objects.filter(task_path=TASK_PATH).values_list("return_value", flat=True)
        ).count("")
        == 1
    )
    report = Report.objects.get(pk=draft_report.pk)
    assert report.status == Report.Status.ISSUED
    assert _files(media_root) == [media_root / report.pdf.name]


def test_it_returns_the_report_to_a_draft_when_rendering_fails(
    client,
    owner,
    draft_report,
    media_root,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
    run_tasks,
):
    settings.REPORT_FONT_DIR = tmp_path / "no-fonts-here"  # WeasyPrint cannot get its fonts
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("report_issue", draft_report), confirmed(draft_report))

    assert run_tasks() == 1

    assert DBTaskResult.objects.filter(task_path=TASK_PATH).get().status == TaskResultStatus.FAILED
    report = Report.objects.get(pk=draft_report.pk)
    assert (report.status, report.is_issuing, report.snapshot) == (Report.Status.DRAFT, False, None)
    assert not report.pdf and not report.pdf_sha256 and report.issued_at is None
    assert _files(media_root) == []
    page = client.get(_url("report_detail", report)).content.decode()
    assert 'role="alert"' in page
    assert "Rapporten utfärdades inte: PDF:en kunde inte skapas och sparas på servern" in page
    assert "inget av det du skrivit har gått förlorat" in page
    assert _url("report_issue", report) in page  # it may be issued again

    del settings.REPORT_FONT_DIR
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("report_issue", report), confirmed(report))
    run_tasks()
    report = Report.objects.get(pk=draft_report.pk)
    assert report.status == Report.Status.ISSUED
    assert report.issue_failure == ""
    assert "utfärdades inte" not in client.get(_url("report_detail", report)).content.decode()


def test_it_offers_to_issue_again_when_the_task_stalled(
    client, owner, draft_report, media_root, django_capture_on_commit_callbacks, run_tasks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("report_issue", draft_report), confirmed(draft_report))
    DBTaskResult.objects.filter(
        task_path=TASK_PATH
    ).delete()  # its worker was killed: the task is gone
    Report.objects.filter(pk=draft_report.pk).update(
        issue_requested_at=Report.objects.get(pk=draft_report.pk).issue_requested_at
        - timedelta(hours=1)
    )

    page = client.get(_url("report_detail", draft_report)).content.decode()
    assert "Försök utfärda igen" in page
    assert "js/issue-status.js" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("report_issue", draft_report), confirmed(draft_report))

    assert run_tasks() == 1
    assert Report.objects.get(pk=draft_report.pk).status == Report.Status.ISSUED


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_the_same_moment_enqueue_one_task(owner, draft_report, media_root):
    """Two coordinators (two threads, two database connections) press "Utfärda" together."""
    barrier = threading.Barrier(2)
    outcomes = []

    def press():
        try:
            barrier.wait(timeout=10)
            services.request_issue(report=Report.objects.get(pk=draft_report.pk), user=owner)
            outcomes.append("enqueued")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == [
        "Rapporten håller på att utfärdas och kan inte ändras. Vänta tills den är klar.",
        "enqueued",
    ]
    assert DBTaskResult.objects.filter(task_path=TASK_PATH).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_immediate_backend_issues_within_the_request(
    client, owner, draft_report, media_root, settings
):
    """`make run` (SQLite) runs the task at once, in the web process, when the request commits."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(owner)
    response = client.post(_url("report_issue", draft_report), confirmed(draft_report), follow=True)

    assert "Rapporten är utfärdad. PDF:en är sparad och låst." in response.content.decode()
    assert Report.objects.get(pk=draft_report.pk).status == Report.Status.ISSUED
    assert not DBTaskResult.objects.filter(task_path=TASK_PATH).exists()
