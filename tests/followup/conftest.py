"""Fixtures for the report tests (followup). Stored PDFs go to a temporary MEDIA_ROOT."""

import pytest

from followup import services as report_services

from .report_factory import add_chain, complete_draft


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def chain(owner, promise):
    """Knivsta's promise 2024–2025, adopted, with two focus areas, three activities and updates."""
    return add_chain(owner=owner, promise=promise)


@pytest.fixture
def draft_report(owner, chain):
    return complete_draft(owner=owner, promise=chain.promise)


@pytest.fixture
def issued_report(owner, draft_report, media_root):
    return report_services.issue_report(report=draft_report, user=owner)


def run_ready_tasks() -> int:
    """Run every ready task as the database worker does (``db_worker``'s own Worker.run_task),
    inside the test's transaction: claim under a lock, then run. Returns how many ran.

    The worker's loop itself (``manage.py db_worker``) closes the connection between tasks, which a
    test transaction cannot survive; test_issuing_task runs the real command in its own process.
    """
    from django.db import transaction
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="pytest",
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        with transaction.atomic():
            result = DBTaskResult.objects.ready().get_locked()
            if result is None:
                return ran
            result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1


@pytest.fixture
def run_tasks():
    return run_ready_tasks
