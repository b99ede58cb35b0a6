"""The reports in the Django admin: listed with history; an issued report cannot be changed there."""

import pytest
from django.urls import reverse

from followup.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    return client


def test_it_lists_reports_and_their_history(admin_client, issued_report):
    assert admin_client.get(reverse("admin:followup_report_changelist")).status_code == 200
    history = reverse("admin:followup_report_history", args=[issued_report.pk])
    assert admin_client.get(history).status_code == 200
    for name in ["reportactivityentry", "reportsignatory", "reportdocument"]:
        assert admin_client.get(reverse(f"admin:followup_{name}_changelist")).status_code == 200


def test_it_shows_an_issued_report_read_only(admin_client, issued_report):
    url = reverse("admin:followup_report_change", args=[issued_report.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert b'name="summary"' not in page.content
    response = admin_client.post(url, {"title": "Ändrad i admin"})
    assert response.status_code == 403
    assert Report.objects.get(pk=issued_report.pk).title != "Ändrad i admin"
    delete = reverse("admin:followup_report_delete", args=[issued_report.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Report.objects.filter(pk=issued_report.pk).exists()


def test_it_lets_an_administrator_edit_a_draft(admin_client, draft_report):
    url = reverse("admin:followup_report_change", args=[draft_report.pk])
    assert b'name="summary"' in admin_client.get(url).content


def test_it_shows_a_document_profile_with_its_sections_and_logo_read_only(
    admin_client, owner, knivsta
):
    from followup import services
    from followup.models import DocumentProfile
    from followup.outline import default_sections

    profile = services.save_profile(
        municipality=knivsta, user=owner, fields={"footer": "Rad ett"}, sections=default_sections()
    )
    assert admin_client.get(reverse("admin:followup_documentprofile_changelist")).status_code == 200
    url = reverse("admin:followup_documentprofile_change", args=[profile.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="footer"' in html
    assert 'name="sections"' not in html and 'name="logo_type"' not in html
    assert admin_client.get(reverse("admin:followup_documentprofile_add")).status_code == 403
    history = reverse("admin:followup_documentprofile_history", args=[profile.pk])
    assert admin_client.get(history).status_code == 200
    assert DocumentProfile.objects.count() == 1
