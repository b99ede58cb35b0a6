"""A report's history page: its changes and its issuing, and the lock on an issued report."""

import pytest
from django.urls import reverse

from followup.models import Report

pytestmark = pytest.mark.django_db


def test_it_shows_the_issuing_in_the_reports_history(client, owner, issued_report):
    client.force_login(owner)
    response = client.get(reverse("followup:report_history", args=[issued_report.pk]))
    assert response.status_code == 200
    entries = response.context["entries"]
    issuing = entries[0]
    assert issuing.user == owner
    changes = {change.label: change.new for change in issuing.changes}
    assert changes["Status"] == str(Report.Status.ISSUED.label)
    assert any(issued_report.pdf_sha256 == value for value in changes.values())
    assert entries[-1].action == "Skapades"
    # The frozen snapshot is not spelled out as a field: the PDF and its checksum stand for it.
    assert all(change.name != "snapshot" for entry in entries for change in entry.changes)


def test_it_links_the_history_from_the_report_page(client, owner, issued_report):
    client.force_login(owner)
    page = client.get(reverse("followup:report_detail", args=[issued_report.pk]))
    assert reverse("followup:report_history", args=[issued_report.pk]) in page.content.decode()


def test_it_guards_the_reports_history(client, issued_report, outsider, secretary):
    url = reverse("followup:report_history", args=[issued_report.pk])
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(secretary)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405


def test_it_never_edits_or_deletes_an_issued_report_through_the_app(client, owner, issued_report):
    client.force_login(owner)
    detail_url = issued_report.get_absolute_url()
    edit = client.post(reverse("followup:report_edit", args=[issued_report.pk]), {"title": "x"})
    assert (edit.status_code, edit.url) == (302, detail_url)
    delete = client.post(reverse("followup:report_delete", args=[issued_report.pk]), follow=True)
    assert "Rapporten är utfärdad och kan inte ändras." in delete.content.decode()
    issued_report.refresh_from_db()
    assert issued_report.status == Report.Status.ISSUED
    assert Report.objects.filter(pk=issued_report.pk).exists()


def test_it_restores_a_deleted_draft_with_all_its_parts(client, owner, draft_report, police):
    from promises.models import Deletion

    entries = set(draft_report.entries.values_list("pk", "follow_up"))
    signatories = set(draft_report.signatories.values_list("pk", "name"))
    assert entries and signatories
    client.force_login(owner)
    client.post(reverse("followup:report_delete", args=[draft_report.pk]))
    assert not Report.objects.filter(pk=draft_report.pk).exists()

    deletion = Deletion.objects.get()
    listing = client.get(reverse("promises:deleted_list"))
    assert deletion in listing.context["deletions"]
    client.force_login(police)
    assert client.post(reverse("promises:deletion_restore", args=[deletion.pk])).status_code == 403
    client.force_login(owner)
    client.post(reverse("promises:deletion_restore", args=[deletion.pk]))

    restored = Report.objects.get(pk=draft_report.pk)
    assert restored.is_draft
    assert set(restored.entries.values_list("pk", "follow_up")) == entries
    assert set(restored.signatories.values_list("pk", "name")) == signatories
    assert restored.history.first().history_change_reason == "Återställd"
