"""Issuing is all-or-nothing on disk: real disk and database faults leave no file and no half state.

Nothing of ours is mocked: the disk refuses for real (a folder that is a file, a file size limit
of the process), the database refuses through a real trigger, a worker is really killed.
"""

import os
import resource
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DatabaseError, connection

from followup import selectors, services, storage
from followup.models import Report
from followup.pdf import render_pdf
from followup.snapshot import build_snapshot
from followup.storage import PENDING_PREFIX, PdfStorageError

ROOT = Path(__file__).resolve().parents[2]


def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def _assert_not_issued(report: Report) -> Report:
    report = Report.objects.get(pk=report.pk)
    assert report.status == Report.Status.DRAFT
    assert report.pdf.name == ""
    assert report.pdf_sha256 == ""
    assert report.issued_at is None
    assert not report.history.filter(status=Report.Status.ISSUED).exists()
    return report


def _assert_still_a_draft(report: Report) -> None:
    """Not issued, and an ordinary draft again: the attempt's snapshot dropped, its failure told."""
    report = _assert_not_issued(report)
    assert report.snapshot is None
    assert not report.is_issuing
    assert report.issue_failure


def test_it_issues_nothing_when_the_storage_folder_cannot_be_created(
    owner, draft_report, settings, tmp_path
):
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"  # every write fails with ENOTDIR

    with pytest.raises(PdfStorageError):
        services.issue_report(report=draft_report, user=owner)

    _assert_still_a_draft(draft_report)
    assert _files(tmp_path) == [blocker]


@contextmanager
def file_size_limit(limit: int):
    """A real "disk full" for this process: the kernel refuses writes past ``limit`` bytes of a
    file (EFBIG; Python ignores SIGXFSZ), after the first ``limit`` bytes have reached the disk."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def test_it_leaves_no_partial_file_when_the_disk_fills_up_mid_write(draft_report, media_root):
    data = render_pdf(build_snapshot(selectors.report_with_parts(draft_report.pk)))
    limit = 8 * 1024
    assert len(data) > 2 * limit

    with file_size_limit(limit), pytest.raises(PdfStorageError):
        storage.store(default_storage, "rapporter/knivsta/2025/rapport.pdf", data)

    assert _files(media_root) == []


def test_it_issues_nothing_when_the_disk_is_full_while_rendering(owner, draft_report, media_root):
    with file_size_limit(8 * 1024), pytest.raises(PdfStorageError):
        services.issue_report(report=draft_report, user=owner)

    _assert_still_a_draft(draft_report)
    assert _files(media_root) == []


def test_it_removes_the_file_when_a_later_step_of_the_same_transaction_fails(
    owner, draft_report, media_root
):
    table = Report.history.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_issue() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'history refused'; END $$"
        )
        cursor.execute(
            f"CREATE TRIGGER refuse_issue BEFORE INSERT ON {table} FOR EACH ROW "
            f"WHEN (NEW.status = '{Report.Status.ISSUED}') EXECUTE FUNCTION refuse_issue()"
        )

    with pytest.raises(DatabaseError, match="history refused"):
        services.issue_report(report=draft_report, user=owner)

    _assert_still_a_draft(draft_report)
    assert _files(media_root) == []


def test_it_never_replaces_an_existing_file_of_the_same_name(owner, draft_report, media_root):
    name = Report.pdf.field.generate_filename(draft_report, services.pdf_filename(draft_report))
    stray = media_root / name
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"another report's PDF")

    issued = services.issue_report(report=draft_report, user=owner)

    assert issued.pdf.name != name
    assert stray.read_bytes() == b"another report's PDF"
    assert selectors.verified_pdf(Report.objects.get(pk=issued.pk))
    assert not any(path.name.startswith(PENDING_PREFIX) for path in _files(media_root))


def _refuse_at_commit(message: str) -> None:
    """A real failure of COMMIT itself: a deferred constraint trigger on the report's history."""
    table = Report.history.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{message}'; END $$"
        )
        cursor.execute(
            f"CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON {table} "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            f"WHEN (NEW.status = '{Report.Status.ISSUED}') "
            "EXECUTE FUNCTION refuse_at_commit()"
        )


def _drop_triggers() -> None:
    table = Report.history.model._meta.db_table
    with connection.cursor() as cursor:
        for trigger in ("refuse_at_commit", "stall_issue"):
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {trigger}()")


@pytest.mark.django_db(transaction=True)
def test_it_removes_the_file_when_the_commit_itself_fails(owner, draft_report, media_root):
    _refuse_at_commit("refused at commit")
    try:
        with pytest.raises(DatabaseError, match="refused at commit"):
            services.issue_report(report=draft_report, user=owner)
    finally:
        _drop_triggers()

    _assert_still_a_draft(draft_report)
    assert _files(media_root) == []


def _database_url() -> str:
    """The server the suite runs on (DATABASE_URL), with the test database in it."""
    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))


@pytest.mark.django_db(transaction=True)
def test_it_leaves_only_an_orphan_that_pdf_orphans_removes_when_a_worker_is_killed(
    owner, draft_report, media_root, capsys
):
    """SIGKILL after the PDF is stored and before the commit: no row names the file."""
    table = Report.history.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION stall_issue() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN PERFORM pg_sleep(60); RETURN NEW; END $$"
        )
        cursor.execute(
            f"CREATE TRIGGER stall_issue BEFORE INSERT ON {table} FOR EACH ROW "
            f"WHEN (NEW.status = '{Report.Status.ISSUED}') EXECUTE FUNCTION stall_issue()"
        )
    script = (
        "import django; django.setup()\n"
        "from django.contrib.auth import get_user_model\n"
        "from followup import services\n"
        "from followup.models import Report\n"
        f"services.issue_report(report=Report.objects.get(pk={draft_report.pk}), "
        f"user=get_user_model().objects.get(pk={owner.pk}))\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(media_root),
    }
    worker = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 60
        # Stored under its final name, the temporary one removed: the worker is at the database.
        while not (
            (files := _files(media_root))
            and not any(p.name.startswith(PENDING_PREFIX) for p in files)
        ):
            assert worker.poll() is None, "the worker ended before it was killed"
            assert time.monotonic() < deadline, "the worker never stored the PDF"
            time.sleep(0.1)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        _drop_triggers()

    # The killed worker's report is still being issued (nothing could record the failure) and
    # not issued: its snapshot is kept for the attempt that follows.
    assert _assert_not_issued(draft_report).is_issuing
    (orphan,) = _files(media_root)
    assert orphan.suffix == ".pdf"
    name = orphan.relative_to(media_root).as_posix()

    call_command("pdf_orphans", "--older-than", "0")
    assert name in capsys.readouterr().out
    assert orphan.exists()

    call_command("pdf_orphans", "--older-than", "0", "--delete")
    assert _files(media_root) == []

    issued = services.complete_issue(report_pk=draft_report.pk)  # the task, run again
    assert selectors.verified_pdf(issued)
