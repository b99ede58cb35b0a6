"""The "reports" storage: the local disk by default, S3-compatible object storage when the
environment says so, and issuing and ``pdf_orphans`` through Django's storage API either way.

No S3 server is available here: the S3 configuration is checked by starting Django with the
variables set and reading the storage it builds (django-storages connects only on first use). The
object-store path of ``followup.storage`` runs for real on Django's InMemoryStorage, which, like
S3Storage, has no local path.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.storage import InMemoryStorage, storages
from django.core.management import call_command

from followup import selectors, services
from followup.models import Report

ROOT = Path(__file__).resolve().parents[2]

SHOW_STORAGE = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
reports = storages["reports"]
print(json.dumps({
    "class": f"{type(reports).__module__}.{type(reports).__name__}",
    "options": settings.STORAGES["reports"].get("OPTIONS", {}),
    "bucket": getattr(reports, "bucket_name", None),
    "endpoint": getattr(reports, "endpoint_url", None),
    "location": getattr(reports, "location", None),
    "overwrite": getattr(reports, "file_overwrite", None),
    "tasks": settings.TASKS["default"]["BACKEND"],
}))
"""


def _settings_with(environment: dict) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "REPORTS_", "TASKS_"))
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="true", **environment)
    out = subprocess.run(
        [sys.executable, "-c", SHOW_STORAGE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_the_environment_selects_s3_storage_with_its_options():
    shown = _settings_with(
        {
            "REPORTS_S3_BUCKET": "lofteskollen-rapporter",
            "REPORTS_S3_PREFIX": "/produktion/",
            "AWS_S3_ENDPOINT_URL": "https://s3.example.se",
            "AWS_S3_REGION_NAME": "se-sto-1",
            "AWS_ACCESS_KEY_ID": "key-id",
            "AWS_SECRET_ACCESS_KEY": "secret",
        }
    )

    assert shown["class"] == "storages.backends.s3.S3Storage"
    assert shown["bucket"] == "lofteskollen-rapporter"
    assert shown["endpoint"] == "https://s3.example.se"
    assert shown["location"] == "produktion"
    assert shown["overwrite"] is False
    assert shown["options"]["region_name"] == "se-sto-1"
    assert shown["options"]["access_key"] == "key-id"
    assert shown["options"]["default_acl"] is None


def test_the_local_disk_is_the_default_and_sqlite_runs_tasks_at_once():
    shown = _settings_with({"DATABASE_URL": "sqlite:///:memory:"})

    assert shown["class"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert shown["options"] == {}
    assert shown["tasks"] == "django_tasks.backends.immediate.ImmediateBackend"


def test_postgresql_uses_the_database_task_backend_unless_told_otherwise():
    url = "postgres://user@localhost/lofteskollen"
    assert _settings_with({"DATABASE_URL": url})["tasks"] == "django_tasks_db.DatabaseBackend"
    shown = _settings_with({"DATABASE_URL": url, "TASKS_BACKEND": "immediate"})
    assert shown["tasks"] == "django_tasks.backends.immediate.ImmediateBackend"


@pytest.fixture
def object_store(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "reports": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    store = storages["reports"]
    assert isinstance(store, InMemoryStorage)
    return store


def test_it_issues_into_an_object_store_under_a_name_of_its_own(owner, draft_report, object_store):
    issued = services.issue_report(report=draft_report, user=owner)

    stem = services.pdf_filename(issued).removesuffix(".pdf")
    folder, name = issued.pdf.name.rsplit("/", 1)
    assert folder == "rapporter/knivsta/" + str(issued.date.year)
    assert name.startswith(stem + "-") and name.endswith(".pdf")
    assert len(name) == len(stem) + 1 + 16 + 4  # the random token: no key is ever written twice
    assert object_store.exists(issued.pdf.name)
    assert selectors.verified_pdf(Report.objects.get(pk=issued.pk)).startswith(b"%PDF-")


def test_pdf_orphans_finds_and_removes_debris_in_an_object_store(
    owner, draft_report, object_store, capsys
):
    issued = services.issue_report(report=draft_report, user=owner)
    orphan = object_store.save("rapporter/knivsta/2024/knivsta-avbruten.pdf", _pdf())

    call_command("pdf_orphans", "--older-than", "0")
    out = capsys.readouterr().out
    assert f"{orphan}\tingen rapport" in out
    assert issued.pdf.name not in out

    call_command("pdf_orphans", "--older-than", "0", "--delete")
    assert not object_store.exists(orphan)
    assert object_store.exists(issued.pdf.name)


def _pdf():
    from django.core.files.base import ContentFile

    return ContentFile(b"%PDF-1.7 partial")
