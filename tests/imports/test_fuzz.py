"""No file content breaks the import: generated cells in a CSV and an .xlsx, uploaded and
checked, never give a server error, and what the check accepts is imported cleanly."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imports.models import ImportJob
from imports.services import check_import, request_import, run_import
from tests.test_forms_fuzz import HOSTILE_TEXT

from .conftest import HEADER, KNIVSTA_ROWS, xlsx_bytes

pytestmark = pytest.mark.django_db


def _csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(data=st.data())
def test_it_never_answers_500_to_generated_cells(owner, draft, data):
    rows = [["" if v is None else str(v) for v in row] for row in KNIVSTA_ROWS[:3]]
    for _ in range(data.draw(st.integers(1, 3))):
        row = data.draw(st.integers(0, len(rows) - 1))
        column = data.draw(st.integers(0, len(HEADER) - 1))
        rows[row][column] = data.draw(HOSTILE_TEXT)
    as_xlsx = data.draw(st.booleans())
    content = xlsx_bytes(rows) if as_xlsx else _csv(rows)
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    name = "plan.xlsx" if as_xlsx else "plan.csv"
    response = client.post(
        reverse("imports:upload", args=[draft.pk]), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code < 500, rows
    job = ImportJob.objects.order_by("-pk").first()
    if response.status_code != 302 or job is None:
        return
    check_import(job.pk)
    job.refresh_from_db()
    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 200
    if job.status == ImportJob.Status.READY:
        request_import(job=job)
        run_import(job.pk)
        job.refresh_from_db()
        assert job.status == ImportJob.Status.DONE, job.problems
        assert client.get(draft.get_absolute_url()).status_code == 200
