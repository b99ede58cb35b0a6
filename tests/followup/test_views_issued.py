"""Issuing a report and the issued report through the views: a draft issued (or why it cannot be
yet, or that nothing was issued when the disk refuses), the same stored bytes served after the chain
changes and a tampered or missing file refused, no download of drafts, corrections from the detail
page, and the list of issued reports filtered by committee and year."""

from datetime import date

import pytest

from followup import services
from followup.models import Report
from promises import services as chain_services
from tests.followup.report_factory import confirmed
from tests.followup.view_urls import _url

pytestmark = pytest.mark.django_db


def test_it_issues_a_draft(
    client, draft_report, owner, media_root, django_capture_on_commit_callbacks, run_tasks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("report_issue", draft_report), confirmed(draft_report))
    assert response.status_code == 302
    assert run_tasks() == 1
    report = Report.objects.get(pk=draft_report.pk)
    assert report.status == Report.Status.ISSUED
    assert (media_root / report.pdf.name).is_file()


def test_it_explains_why_a_draft_cannot_be_issued_yet(client, draft_report, owner, media_root):
    services.save_draft(report=draft_report, user=owner, fields={}, signatories=[])
    client.force_login(owner)
    response = client.post(_url("report_issue", draft_report), confirmed(draft_report), follow=True)
    assert "Ange minst en undertecknare." in response.content.decode()
    assert Report.objects.get(pk=draft_report.pk).is_draft


def test_it_tells_in_swedish_that_nothing_was_issued_when_the_disk_refuses(
    client, draft_report, owner, settings, tmp_path, django_capture_on_commit_callbacks, run_tasks
):
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"  # a real ENOTDIR on every write
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("report_issue", draft_report), confirmed(draft_report))
    run_tasks()
    response = client.get(_url("report_detail", draft_report))

    content = response.content.decode()
    assert 'role="alert"' in content
    assert "Rapporten utfärdades inte: PDF:en kunde inte skapas och sparas på servern" in content
    assert "kvar som utkast" in content
    assert "Försök igen om en stund" in content
    assert _url("report_issue", draft_report) in content  # it may be issued again
    report = Report.objects.get(pk=draft_report.pk)
    assert report.status == Report.Status.DRAFT
    assert not report.is_issuing
    assert not report.pdf
    assert not report.pdf_sha256
    assert sorted(tmp_path.rglob("*")) == [blocker]


def test_it_serves_the_same_bytes_after_the_chain_changes(client, issued_report, owner, chain):
    client.force_login(owner)
    first = client.get(_url("report_download", issued_report))
    chain_services.update_activity(
        activity=chain.activities[(1, 1)], user=owner, fields={"description": "Ändrad insats."}
    )
    chain_services.update_status_update(
        status_update=chain.updates[0], user=owner, fields={"description": "Ändrad uppdatering."}
    )
    second = client.get(_url("report_download", issued_report))
    preview = client.get(_url("report_preview", issued_report)).content.decode()

    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert first["X-Checksum-SHA256"] == second["X-Checksum-SHA256"]
    assert Report.objects.get(pk=issued_report.pk).pdf_sha256 == issued_report.pdf_sha256
    assert "Ändrad insats." not in preview
    assert "Planerade narkotikainsatser med beroendemottagningen." in preview


def test_it_refuses_to_serve_a_tampered_file(client, issued_report, owner, media_root, caplog):
    path = media_root / issued_report.pdf.name
    original = path.read_bytes()
    middle = len(original) // 2
    tampered = original[:middle] + bytes([original[middle] ^ 0xFF]) + original[middle + 1 :]
    path.write_bytes(tampered)
    client.force_login(owner)

    response = client.get(_url("report_download", issued_report))

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert "stämmer inte med kontrollsumman" in response.content.decode()
    assert any("Refused to serve the PDF" in record.message for record in caplog.records)


def test_it_refuses_to_serve_a_missing_file(client, issued_report, secretary, media_root):
    (media_root / issued_report.pdf.name).unlink()
    client.force_login(secretary)
    assert client.get(_url("report_download", issued_report)).status_code == 500


def test_it_does_not_download_drafts(client, draft_report, owner):
    client.force_login(owner)
    assert client.get(_url("report_download", draft_report)).status_code == 404


def test_it_sends_the_editor_of_an_issued_report_back(client, issued_report, owner):
    client.force_login(owner)
    response = client.get(_url("report_edit", issued_report))
    assert response.status_code == 302
    assert response.url == _url("report_detail", issued_report)


def test_it_creates_a_correction_from_the_detail_page(client, issued_report, owner):
    client.force_login(owner)
    page = client.get(_url("report_detail", issued_report)).content.decode()
    assert _url("report_correct", issued_report) in page

    response = client.post(_url("report_correct", issued_report), {"date": "2025-12-01"})

    correction = Report.objects.get(replaces=issued_report)
    assert response.url == _url("report_edit", correction)
    assert correction.version == 2 and correction.is_draft


def test_it_hides_a_draft_correction_from_the_secretary_in_the_versions_list(
    client, issued_report, owner, secretary
):
    correction = services.create_correction(report=issued_report, user=owner)
    correction_url = _url("report_detail", correction)
    client.force_login(owner)
    assert correction_url in client.get(_url("report_detail", issued_report)).content.decode()

    client.force_login(secretary)
    response = client.get(_url("report_detail", issued_report))

    assert response.status_code == 200
    assert [v.pk for v in response.context["versions"]] == [issued_report.pk]
    assert correction_url not in response.content.decode()
    assert client.get(correction_url).status_code == 404


def test_it_filters_issued_reports_by_committee_and_year(client, issued_report, owner, chain):
    other = Report.objects.create(
        promise=chain.promise,
        kind=Report.Kind.HALF_YEAR,
        status=Report.Status.ISSUED,
        title="Halvår till utskottet",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 6, 30),
        date=date(2024, 8, 20),
        recipient_body="Trygghetsutskottet",
    )
    client.force_login(owner)

    everything = client.get(_url("report_list")).content.decode()
    by_committee = client.get(_url("report_list"), {"committee": "Trygghetsutskottet"})
    by_year = client.get(_url("report_list"), {"year": "2025"})

    assert everything.index(issued_report.title) < everything.index(other.title)
    assert list(by_committee.context["page"].object_list) == [other]
    assert list(by_year.context["page"].object_list) == [Report.objects.get(pk=issued_report.pk)]
