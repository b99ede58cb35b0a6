"""A report draft through the views: created prefilled from the promise's period, a bad period
or promise number answered, its sections, entries and signatories saved, a conflict reported instead
of overwriting, a personnummer or an over-long text refused next to the field, control characters
normalised, the preview showing exactly its snapshot, and deleted."""

from datetime import date

import pytest
from django.urls import reverse

from followup import services
from followup.models import Report
from tests.followup.view_urls import _url
from tests.form_data import as_sent

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize("value", ["²", "٣", "１", "1e3", "-1", "99999999999999999999"])
def test_it_answers_404_not_500_to_a_strange_promise_number(client, owner, chain, value):
    client.force_login(owner)
    response = client.get(_url("report_create"), {"promise": value})
    assert response.status_code == 404


def test_it_explains_that_a_draft_promise_is_not_followed_up(client, promise, owner):
    client.force_login(owner)
    response = client.get(_url("report_create") + f"?promise={promise.pk}")
    assert response.status_code == 200
    assert "Löftet är ett utkast." in response.content.decode()


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


def test_it_deletes_a_draft(client, draft_report, owner):
    client.force_login(owner)
    response = client.post(_url("report_delete", draft_report))
    assert response.url == _url("report_list")
    assert not Report.objects.exists()


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
