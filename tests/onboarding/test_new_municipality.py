"""Ny kommun: the service's administrator sets up a kommun, its police area and the area's
kommuner in three steps, in one transaction, with history."""

import re

import pytest
from django.urls import reverse

from promises.models import Organisation

URL = reverse("onboarding:new_municipality")


def step3(code="1981", area="ny"):
    return f"{URL}?kommunkod={code}&omrade={area}"


def details(**changes):
    data = {
        "name": "Sala kommun",
        "office": "Kommunledningskontoret",
        "contact_email": "trygghet@sala.se",
        "police_area_name": "Lokalpolisområde Sala",
    }
    return {key: value for key, value in (data | changes).items() if value is not None}


def history_reasons(organisation):
    return [
        (row.history_type, row.history_change_reason, row.history_user_id)
        for row in organisation.history.order_by("history_id")
    ]


def test_it_lists_every_kommun_by_lan_and_marks_those_already_set_up(admin_client, knivsta):
    response = admin_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r'<option value="\d{4}"', html)) == 290
    assert html.count("<optgroup") == 21
    assert '<optgroup label="Västmanlands län">' in html
    assert "Knivsta (0330) – finns redan" in html
    assert "Sala (1981)</option>" in html


def test_it_creates_the_kommun_a_new_police_area_and_its_kommuner_with_history(
    admin_client, administrator, knivsta, kungsor
):
    step2 = admin_client.get(URL, {"kommunkod": "1981"})
    assert "Steg 2 av 3" in step2.content.decode()
    form = admin_client.get(step3())
    html = form.content.decode()
    assert 'value="Sala kommun"' in html  # the name proposed from SCB's list
    assert 'value="Lokalpolisområde Sala"' in html
    assert "Kungsörs kommun" in html and "Knivsta kommun" not in html  # the same län only

    response = admin_client.post(step3(), details(also_covered=[kungsor.pk]))

    sala = Organisation.objects.get(municipality_code="1981")
    assert response.status_code == 302
    assert response["Location"] == reverse("onboarding:created", args=[sala.pk])
    assert (sala.name, sala.slug, sala.kind) == ("Sala kommun", "sala", "kommun")
    assert (sala.office, sala.contact_email) == ("Kommunledningskontoret", "trygghet@sala.se")
    area = Organisation.objects.get(name="Lokalpolisområde Sala")
    assert (area.kind, area.slug) == ("lokalpolisomrade", "lokalpolisomrade-sala")
    assert set(area.covered_municipalities.all()) == {sala, kungsor}
    assert history_reasons(sala) == [("+", "Ny kommun", administrator.pk)]
    # Created, then its kommuner added: both rows say who and why.
    assert history_reasons(area) == [
        ("+", "Ny kommun", administrator.pk),
        ("~", "Ny kommun", administrator.pk),
    ]
    assert set(
        area.history.latest().covered_municipalities.values_list("to_organisation", flat=True)
    ) == {
        sala.pk,
        kungsor.pk,
    }

    done = admin_client.get(response["Location"]).content.decode()
    assert "Sala kommun är upplagd" in done
    assert "Lokalpolisområde Sala: Kungsörs kommun, Sala kommun" in done


def test_it_adds_the_kommun_to_an_existing_police_area_and_keeps_its_kommuner(
    admin_client, knivsta, uppsala_police
):
    page = admin_client.get(URL, {"kommunkod": "0380"}).content.decode()
    assert (
        f'<option value="{uppsala_police.pk}">Lokalpolisområde Uppsala/Knivsta (Knivsta kommun)'
        in page
    )
    form = admin_client.get(step3("0380", uppsala_police.pk)).content.decode()
    assert "Knivsta kommun (redan i området)" in form
    assert "police_area_name" not in form

    response = admin_client.post(step3("0380", uppsala_police.pk), details(name="Uppsala kommun"))

    assert response.status_code == 302
    uppsala = Organisation.objects.get(municipality_code="0380")
    assert set(uppsala_police.covered_municipalities.all()) == {knivsta, uppsala}
    assert Organisation.objects.filter(kind="lokalpolisomrade").count() == 1


def test_it_refuses_a_kommun_that_exists_with_a_swedish_message(admin_client, knivsta):
    for response in (
        admin_client.get(URL, {"kommunkod": "0330"}),
        admin_client.post(step3("0330"), details(name="Knivsta kommun 2")),
    ):
        html = response.content.decode()
        assert response.status_code == 422
        assert "Knivsta finns redan i Löfteskollen (kommunkod 0330)." in html
        assert 'id="id_kommunkod_error"' in html
    assert Organisation.objects.count() == 1


def test_it_refuses_anyone_but_the_administrator(client, owner, police, knivsta):
    for user in (owner, police):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.post(step3(), details()).status_code == 403
        assert client.get(reverse("onboarding:created", args=[knivsta.pk])).status_code == 403
    client.logout()
    response = client.post(step3(), details())
    assert response.status_code == 302 and response["Location"].startswith("/logga-in/")
    assert not Organisation.objects.filter(municipality_code="1981").exists()


def test_it_shows_swedish_messages_next_to_the_fields_and_keeps_what_was_typed(admin_client):
    response = admin_client.post(
        step3(),
        details(name="", office="Kommunledningskontoret ", contact_email="trygghet(at)sala"),
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert re.search(r'id="id_name_error"><p>Detta fält måste fyllas i\.', html)
    assert re.search(r'id="id_contact_email_error"><p>Fyll i en giltig e-postadress\.', html)
    assert 'value="trygghet(at)sala"' in html
    assert 'value="Lokalpolisområde Sala"' in html
    assert 'value="Kommunledningskontoret "' in html or 'value="Kommunledningskontoret"' in html
    assert not Organisation.objects.exists()


def test_it_creates_nothing_when_the_new_police_area_is_refused(admin_client, uppsala_police):
    response = admin_client.post(step3(), details(police_area_name=uppsala_police.name))
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_police_area_name_error"' in html
    assert (
        "Det finns redan en organisation som heter Lokalpolisområde Uppsala/Knivsta. Välj den i "
        "steg 2, eller ge det nya lokalpolisområdet ett annat namn."
    ) in html
    assert not Organisation.objects.filter(municipality_code="1981").exists()


def test_it_gives_a_kommun_whose_short_name_is_taken_another_address(admin_client, make_user):
    Organisation.objects.create(
        kind="kommun", name="Habo kommun", slug="habo", municipality_code="0643"
    )
    response = admin_client.post(
        step3("0305"), details(name="Håbo kommun", police_area_name="LPO Håbo")
    )
    assert response.status_code == 302
    assert Organisation.objects.get(municipality_code="0305").slug == "habo-0305"


@pytest.mark.parametrize(
    "query",
    [
        {"kommunkod": "9999"},
        {"kommunkod": "abc"},
        {"kommunkod": ""},
        {"kommunkod": "1981", "omrade": "abc"},
        {"kommunkod": "1981", "omrade": "999999"},
        {"kommunkod": "1981", "omrade": ""},
    ],
)
def test_it_answers_a_bad_step_with_a_swedish_message(admin_client, query):
    response = admin_client.get(URL, query)
    html = response.content.decode()
    assert response.status_code == 422
    assert "Välj ett giltigt alternativ" in html or "Detta fält måste fyllas i" in html
    assert 'class="error-summary"' in html


def test_it_refuses_a_coverage_outside_the_choices(admin_client, knivsta):
    response = admin_client.post(step3(), details(also_covered=[knivsta.pk]))
    assert response.status_code == 422
    assert 'id="id_also_covered_error"' in response.content.decode()
    assert not Organisation.objects.filter(municipality_code="1981").exists()
