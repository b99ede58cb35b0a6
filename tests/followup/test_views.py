"""Every report view: anonymous, outsider (404), read-only roles (403), wrong method (405), and the
happy paths with the database state after them."""

from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from followup import services
from followup.models import Report
from promises import services as chain_services
from tests.followup.report_factory import confirmed
from tests.form_data import as_sent

pytestmark = pytest.mark.django_db


def _url(name, report=None):
    return reverse(f"followup:{name}", args=[report.pk] if report else None)


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


# Happy paths ---------------------------------------------------------------------------------------


def test_it_offers_the_promises_period_when_drafting(client, chain, owner):
    client.force_login(owner)
    response = client.get(_url("report_create") + f"?promise={chain.promise.pk}")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["promise"].value() == chain.promise.pk
    assert form["period_start"].value() == date(2024, 1, 1)
    assert reverse("promises:promise_detail", args=[chain.promise.pk]) in response.content.decode()


def test_it_creates_a_prefilled_draft(client, chain, owner):
    client.force_login(owner)
    response = client.post(
        _url("report_create"),
        {
            "promise": chain.promise.pk,
            "kind": "halvarsuppfoljning",
            "period_start": "2024-01-01",
            "period_end": "2024-06-30",
        },
    )
    report = Report.objects.get()
    assert response.status_code == 302
    assert response.url == _url("report_edit", report)
    assert report.kind == Report.Kind.HALF_YEAR
    assert report.entries.count() == 3
    assert report.history.first().history_user == owner


def test_it_answers_a_bad_period_next_to_the_field(client, chain, owner):
    client.force_login(owner)
    response = client.post(
        _url("report_create"),
        {
            "promise": chain.promise.pk,
            "kind": "halvarsuppfoljning",
            "period_start": "2023-01-01",
            "period_end": "2023-06-30",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["period_start"]
    assert not Report.objects.exists()


def _edit_data(client, report):
    """The edit form as the browser would send it back unchanged."""
    response = client.get(_url("report_edit", report))
    assert response.status_code == 200
    context = response.context
    forms = [context["form"], context["signatories"], context["documents"]]
    forms += [row.form for group in context["groups"] for row in group["rows"]]
    return as_sent(*forms), context


def test_it_saves_the_sections_entries_and_signatories_of_a_draft(client, draft_report, owner):
    client.force_login(owner)
    data, context = _edit_data(client, draft_report)
    entry_form = context["groups"][0]["rows"][0].form
    activity = entry_form.activity
    data["summary"] = "Ny sammanfattning."
    data[entry_form["follow_up"].html_name] = "Omskriven uppföljning."
    data[entry_form["verdict"].html_name] = "delvis_hallet"
    data["undertecknare-1-name"] = "Nils Nilsson"
    data["undertecknare-1-title"] = "Kommundirektör"

    response = client.post(_url("report_edit", draft_report), data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    report = Report.objects.get(pk=draft_report.pk)
    assert report.summary == "Ny sammanfattning."
    entry = report.entries.get(activity=activity)
    assert (entry.follow_up, entry.verdict) == ("Omskriven uppföljning.", "delvis_hallet")
    assert list(report.signatories.values_list("name", flat=True)) == [
        "Maja Provsson",
        "Nils Nilsson",
    ]


def test_it_reports_a_conflict_instead_of_overwriting(client, draft_report, owner):
    client.force_login(owner)
    data, _context = _edit_data(client, draft_report)
    services.save_draft(report=draft_report, user=owner, fields={"summary": "Sparad av någon."})
    data["summary"] = "Min text."

    response = client.post(_url("report_edit", draft_report), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Någon annan sparade ändringar medan du skrev" in content
    assert "Sparad av någon." in content  # what changed since the editor opened the draft
    assert "Min text." in content  # what the user typed is kept, not to be retyped
    assert Report.objects.get(pk=draft_report.pk).summary == "Sparad av någon."
    # Saving again with the version the conflict page carries is a deliberate overwrite.
    form = response.context["form"]
    data["version"] = form.data["version"]
    response = client.post(_url("report_edit", draft_report), data)
    assert response.status_code == 302
    assert Report.objects.get(pk=draft_report.pk).summary == "Min text."


def test_it_refuses_a_personal_identity_number_next_to_the_activity(client, draft_report, owner):
    client.force_login(owner)
    data, context = _edit_data(client, draft_report)
    entry_form = context["groups"][0]["rows"][0].form
    data[entry_form["follow_up"].html_name] = "Ungdomen 19811218-9876 deltog."

    response = client.post(_url("report_edit", draft_report), data)

    assert response.status_code == 200
    errors = response.context["groups"][0]["rows"][0].form.errors
    assert "follow_up" in errors
    assert (
        "19811218"
        not in Report.objects.get(pk=draft_report.pk).entries.values_list("follow_up", flat=True)[0]
    )


def test_it_previews_exactly_the_snapshot_of_the_draft(client, draft_report, owner):
    client.force_login(owner)
    response = client.get(_url("report_preview", draft_report))
    content = response.content.decode()
    assert response.status_code == 200
    doc = response.context["doc"]
    assert doc["title"] in content
    for area in doc["focus_areas"]:
        for activity in area["activities"]:
            assert activity["label"] in content
    assert "Mål: 4 av 4 narkotikainsatser, 2024" in content
    assert content.count("<h1") == 1
    assert " style=" not in content
    assert "<style" not in content


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


@pytest.mark.parametrize("value", ["²", "٣", "１", "1e3", "-1", "99999999999999999999"])
def test_it_answers_404_not_500_to_a_strange_promise_number(client, owner, chain, value):
    client.force_login(owner)
    response = client.get(_url("report_create"), {"promise": value})
    assert response.status_code == 404


def test_it_deletes_a_draft(client, draft_report, owner):
    client.force_login(owner)
    response = client.post(_url("report_delete", draft_report))
    assert response.url == _url("report_list")
    assert not Report.objects.exists()


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


def test_it_explains_that_a_draft_promise_is_not_followed_up(client, promise, owner):
    client.force_login(owner)
    response = client.get(_url("report_create") + f"?promise={promise.pk}")
    assert response.status_code == 200
    assert "Löftet är ett utkast." in response.content.decode()


# Free text --------------------------------------------------------------------------------------


def test_it_stores_a_report_edited_with_control_characters_normalised(client, owner, draft_report):
    client.force_login(owner)
    data, _context = _edit_data(client, draft_report)
    data["summary"] = "Rad ett\x0bRad två\r\nRad tre\x00\x01 slut"
    data["handler_name"] = "Kim\x00 Exempel"
    response = client.post(_url("report_edit", draft_report), data)
    assert response.status_code == 302
    draft_report.refresh_from_db()
    assert draft_report.summary == "Rad ett\nRad två\nRad tre slut"
    assert draft_report.handler_name == "Kim Exempel"


def test_it_refuses_an_over_long_follow_up_next_to_it_keeping_what_was_typed(
    client, owner, draft_report
):
    from promises.text import FOLLOW_UP_MAX_LENGTH

    client.force_login(owner)
    data, context = _edit_data(client, draft_report)
    entry_form = context["groups"][0]["rows"][0].form
    typed = "x" * (FOLLOW_UP_MAX_LENGTH + 1)
    data[entry_form["follow_up"].html_name] = typed
    response = client.post(_url("report_edit", draft_report), data)
    assert response.status_code == 200
    bound = response.context["groups"][0]["rows"][0].form
    assert "Säkerställ att detta värde har som mest" in bound.errors["follow_up"][0]
    assert bound["follow_up"].value() == typed


def test_it_shows_the_maximum_length_of_each_follow_up(client, owner, draft_report):
    from promises.text import FOLLOW_UP_MAX_LENGTH

    client.force_login(owner)
    content = client.get(_url("report_edit", draft_report)).content.decode()
    assert f'maxlength="{FOLLOW_UP_MAX_LENGTH}"' in content
    assert f"Högst {FOLLOW_UP_MAX_LENGTH} tecken." in content
