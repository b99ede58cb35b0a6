"""Background tasks of an import (django-tasks; settings.TASKS chooses the backend). Reading a file
of 1,000 activities takes up to a second, checking and importing it write every activity through
the services (the check in a transaction it rolls back): seconds of work, never inside a request
(benchmarks/import_plan.py). What they do is ``imports.services``."""

from django_tasks import task

from .services import check_import, run_import


@task()
def check_import_task(job_pk: int) -> None:
    check_import(job_pk)


@task()
def run_import_task(job_pk: int) -> None:
    run_import(job_pk)
