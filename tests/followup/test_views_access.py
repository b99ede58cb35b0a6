"""Who may use each report view: anonymous visitors go to the login page, other kommuner get
404, the read-only roles (police and secretary) read issued reports but never draft, edit or issue
(403), and a wrong method gets 405, with the database unchanged after each refusal."""

from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from followup import services
from followup.models import Report
from tests.followup.view_urls import _url

pytestmark = pytest.mark.django_db

READ_VIEWS = ["report_detail", "report_preview", "report_download"]

WRITE_POSTS = ["report_issue", "report_correct", "report_delete"]

# Anonymous ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["report_list", "report_create"])
def test_it_sends_anonymous_visitors_of_lists_to_the_login_page(client, name):
    response = client.get(_url(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", [*READ_VIEWS, "report_edit"])
def test_it_sends_anonymous_visitors_to_the_login_page(client, issued_report, name):
    response = client.get(_url(name, issued_report))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", WRITE_POSTS)
def test_it_sends_anonymous_posts_to_the_login_page(client, draft_report, name):
    response = client.post(_url(name, draft_report))
    assert response.status_code == 302
    assert Report.objects.get(pk=draft_report.pk).is_draft


# Other kommuner: 404 -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*READ_VIEWS, "report_edit"])
def test_it_hides_reports_from_other_kommuner(client, issued_report, outsider, name):
    client.force_login(outsider)
    assert client.get(_url(name, issued_report)).status_code == 404


@pytest.mark.parametrize("name", WRITE_POSTS)
def test_it_hides_drafts_from_other_kommuner(client, draft_report, outsider, name):
    client.force_login(outsider)
    assert client.post(_url(name, draft_report)).status_code == 404
    assert Report.objects.get(pk=draft_report.pk).is_draft


def test_it_hides_another_kommuns_promise_when_drafting(client, chain, outsider):
    client.force_login(outsider)
    response = client.get(_url("report_create") + f"?promise={chain.promise.pk}")
    assert response.status_code == 404
    response = client.post(
        _url("report_create"),
        {
            "promise": chain.promise.pk,
            "kind": "arsuppfoljning",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
        },
    )
    assert response.status_code == 404
    assert not Report.objects.exists()


def test_it_lists_no_reports_of_other_kommuner(client, issued_report, outsider):
    client.force_login(outsider)
    response = client.get(_url("report_list"))
    assert response.status_code == 200
    assert issued_report.title not in response.content.decode()


# Police and secretary: read issued reports, never draft or issue (403) -----------------------------


@pytest.fixture(params=["police", "secretary"])
def reader(request):
    return request.getfixturevalue(request.param)


def test_it_refuses_drafting_to_read_only_roles(client, chain, reader):
    client.force_login(reader)
    assert client.get(_url("report_create")).status_code == 403
    assert client.get(_url("report_create") + f"?promise={chain.promise.pk}").status_code == 403
    response = client.post(
        _url("report_create"),
        {
            "promise": chain.promise.pk,
            "kind": "arsuppfoljning",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
        },
    )
    assert response.status_code == 403
    assert not Report.objects.exists()


@pytest.mark.parametrize("name", WRITE_POSTS)
def test_it_refuses_issuing_and_changes_to_read_only_roles(
    client, draft_report, reader, media_root, name
):
    client.force_login(reader)
    assert client.post(_url(name, draft_report)).status_code == 403
    assert Report.objects.get(pk=draft_report.pk).is_draft


def test_it_refuses_editing_to_read_only_roles(client, draft_report, reader):
    client.force_login(reader)
    assert client.get(_url("report_edit", draft_report)).status_code == 403
    assert client.post(_url("report_edit", draft_report), {"title": "X"}).status_code == 403


@pytest.mark.parametrize("name", ["report_detail", "report_preview"])
def test_it_hides_drafts_from_read_only_roles(client, draft_report, reader, name):
    client.force_login(reader)
    assert client.get(_url(name, draft_report)).status_code == 404


def test_it_lets_read_only_roles_download_issued_reports(client, issued_report, reader):
    client.force_login(reader)
    assert client.get(_url("report_detail", issued_report)).status_code == 200
    response = client.get(_url("report_download", issued_report))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        'filename="KS-2025-301-slutuppfoljning-medborgarlofte-2025-11-10.pdf"'
        in response["Content-Disposition"]
    )
    with default_storage.open(issued_report.pdf.name, "rb") as stored:
        assert response.content == stored.read()


def test_it_lists_issued_reports_for_the_secretary_but_not_drafts(
    client, issued_report, secretary, owner, chain
):
    draft = services.create_draft(
        user=owner,
        promise=chain.promise,
        kind=Report.Kind.HALF_YEAR,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 6, 30),
        title="Halvårsuppföljning i arbete",
    )
    client.force_login(secretary)
    content = client.get(_url("report_list")).content.decode()
    assert issued_report.title in content
    assert _url("report_download", issued_report) in content
    assert draft.title not in content
    assert _url("report_create") not in content


# Wrong methods: 405 --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", WRITE_POSTS)
def test_it_acts_only_on_post_and_shows_a_confirmation_page_on_get(
    client, draft_report, owner, media_root, name
):
    client.force_login(owner)
    report = draft_report
    if name == "report_correct":
        report = services.issue_report(report=draft_report, user=owner)
    before = Report.objects.count(), Report.objects.get(pk=report.pk).status

    assert client.get(_url(name, report)).status_code == 200
    assert client.put(_url(name, report)).status_code == 405

    assert (Report.objects.count(), Report.objects.get(pk=report.pk).status) == before


@pytest.mark.parametrize("name", READ_VIEWS)
def test_it_refuses_posts_to_read_pages(client, issued_report, owner, name):
    client.force_login(owner)
    assert client.post(_url(name, issued_report)).status_code == 405


def test_it_refuses_other_methods_on_lists_and_forms(client, draft_report, owner):
    client.force_login(owner)
    assert client.post(_url("report_list")).status_code == 405
    assert client.put(_url("report_create")).status_code == 405
    assert client.delete(_url("report_edit", draft_report)).status_code == 405
