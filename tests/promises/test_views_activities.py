"""Activities and their status updates through the views: an activity added with a quantified
target, bad input answered next to the field, edited and deleted with its updates; a status update
added by the police, refused to the secretary, outsiders, anonymous visitors and other methods, bad
input answered next to the field; and the activity page's timeline and Swedish empty choice."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from promises import services
from promises.models import Activity, StatusUpdate
from tests.versions import current_version

pytestmark = pytest.mark.django_db

# Activities -----------------------------------------------------------------------------------


def _activity_data(**overrides):
    data = {
        "number": 3,
        "description": "Minst en medborgardialog per termin.",
        "responsible": "gemensamt",
        "partners": "Kriminalvården",
        "contact_persons": "",
        "planned_start": "2024-08-01",
        "planned_end": "2025-06-30",
        "target_count": 1,
        "target_unit": "medborgardialoger",
        "target_period": "termin",
    }
    data.update(overrides)
    return data


def test_it_adds_an_activity_with_a_quantified_target(client, chain, owner):
    client.force_login(owner)
    area = chain["focus_area"]
    response = client.post(reverse("promises:activity_create", args=[area.pk]), _activity_data())
    assert response.status_code == 302
    activity = area.activities.get(number=3)
    assert (activity.target_count, activity.target_unit, activity.target_period) == (
        1,
        "medborgardialoger",
        "termin",
    )
    assert activity.code == "1:3"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"target_count": -2}, "target_count", "positivt heltal"),
        ({"target_count": 0}, "target_count", "positivt heltal"),
        ({"planned_end": "2024-07-01"}, "planned_end", "före startdatumet"),
        ({"planned_start": "2023-06-01"}, "planned_start", "före löftets period"),
        ({"planned_end": "2026-06-01"}, "planned_end", "efter löftets period"),
        ({"number": 1}, "number", "finns redan"),
        ({"description": ""}, "description", "Detta fält måste fyllas i."),
        ({"partners": "Kontakt 19121212-1212"}, "partners", "personnummer"),
    ],
)
def test_it_answers_bad_activity_input_next_to_the_field(
    client, chain, owner, overrides, field, message
):
    client.force_login(owner)
    area = chain["focus_area"]
    data = _activity_data(**overrides)
    response = client.post(reverse("promises:activity_create", args=[area.pk]), data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field]), (
        response.context["form"].errors
    )
    content = response.content.decode()
    assert f'id="id_{field}_error"' in content
    if data["description"]:
        assert data["description"] in content
    assert area.activities.count() == 2


def test_it_edits_an_activity(client, chain, owner):
    client.force_login(owner)
    activity = chain["municipal_activity"]
    response = client.post(
        reverse("promises:activity_edit", args=[activity.pk]),
        _activity_data(
            number=2,
            description="Ny beskrivning.",
            target_count="",
            version=current_version(activity),
        ),
    )
    assert response.status_code == 200  # unit and period without a count
    assert "Ange antalet" in response.context["form"].errors["target_count"][0]
    response = client.post(
        reverse("promises:activity_edit", args=[activity.pk]),
        _activity_data(
            number=2,
            description="Ny beskrivning.",
            target_count="",
            target_unit="",
            target_period="",
            version=current_version(activity),
        ),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.description == "Ny beskrivning."


def test_it_deletes_an_activity_with_its_updates(client, chain, owner):
    client.force_login(owner)
    activity = chain["activity"]
    confirm = client.get(reverse("promises:activity_delete", args=[activity.pk]))
    assert "1 statusuppdatering" in confirm.content.decode()
    response = client.post(reverse("promises:activity_delete", args=[activity.pk]))
    assert response.url == chain["promise"].get_absolute_url()
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert not StatusUpdate.objects.filter(activity_id=activity.pk).exists()


# Status updates -------------------------------------------------------------------------------


def _update_data(**overrides):
    data = {
        "date": "2025-05-02",
        "status": "genomford",
        "description": "Två insatser med sökhund vid stationen.",
        "occurrences": 2,
        "is_public": "true",
    }
    data.update(overrides)
    return data


def test_it_lets_the_police_add_a_status_update(client, chain, police):
    client.force_login(police)
    activity = chain["municipal_activity"]
    response = client.post(
        reverse("promises:status_update_create", args=[activity.pk]), _update_data()
    )
    assert response.status_code == 302
    assert response.url == activity.get_absolute_url()
    update = activity.status_updates.get()
    assert (update.author, update.occurrences, update.is_public) == (police, 2, True)
    assert update.history.first().history_user == police


def test_it_defaults_the_update_date_to_today(client, chain, police):
    client.force_login(police)
    response = client.get(chain["activity"].get_absolute_url())
    form = response.context["update_form"]
    assert form["date"].value() == timezone.localdate()


def test_it_refuses_status_updates_by_the_secretary(client, chain, secretary):
    client.force_login(secretary)
    activity = chain["activity"]
    response = client.post(
        reverse("promises:status_update_create", args=[activity.pk]), _update_data()
    )
    assert response.status_code == 403
    assert activity.status_updates.count() == 1


def test_it_hides_status_updates_from_outsiders(client, chain, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("promises:status_update_create", args=[chain["activity"].pk]), _update_data()
    )
    assert response.status_code == 404


def test_it_accepts_only_post_for_status_updates(client, chain, police):
    client.force_login(police)
    url = reverse("promises:status_update_create", args=[chain["activity"].pk])
    assert client.get(url).status_code == 405


def test_it_sends_anonymous_status_updates_to_the_login_page(client, chain):
    url = reverse("promises:status_update_create", args=[chain["activity"].pk])
    response = client.post(url, _update_data())
    assert response.status_code == 302
    assert StatusUpdate.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": "2999-01-01"}, "date", "framtiden"),
        ({"date": "2023-12-31"}, "date", "före löftets start"),
        ({"description": "Pojken 0101011234 hade ..."}, "description", None),
        ({"description": "Pojken 121212-1212 greps"}, "description", "personnummer"),
        ({"occurrences": -1}, "occurrences", "större än eller lika med 0"),
        ({"status": ""}, "status", "Detta fält måste fyllas i."),
    ],
)
def test_it_answers_bad_status_updates_next_to_the_field(
    client, chain, police, overrides, field, message
):
    client.force_login(police)
    activity = chain["activity"]
    data = _update_data(**overrides)
    response = client.post(reverse("promises:status_update_create", args=[activity.pk]), data)
    if message is None:
        # A number that fails the check digit is not a personnummer: it is accepted.
        assert response.status_code == 302
        return
    assert response.status_code == 422
    errors = response.context["update_form"].errors
    assert any(message in error for error in errors[field]), errors
    content = response.content.decode()
    assert f'id="id_{field}_error"' in content
    if field != "description":
        assert data["description"] in content
    assert activity.status_updates.count() == 1


def test_it_labels_the_empty_choice_in_swedish(client, chain, police):
    client.force_login(police)
    content = client.get(chain["activity"].get_absolute_url()).content.decode()
    assert "– Välj –" in content
    assert "Select an option" not in content


def test_it_shows_the_timeline_newest_first_with_who_when_and_visibility(
    client, chain, owner, police
):
    activity = chain["activity"]
    services.add_status_update(
        user=police,
        activity=activity,
        status="genomford",
        description="Den nyaste, offentliga.",
        date=date(2025, 9, 1),
        is_public=True,
    )
    client.force_login(owner)
    response = client.get(activity.get_absolute_url())
    updates = response.context["updates"]
    assert [u.date for u in updates] == sorted((u.date for u in updates), reverse=True)
    content = response.content.decode()
    newest, older = (
        content.index("Den nyaste, offentliga."),
        content.index("Två insatser genomförda i centrum."),
    )
    assert newest < older
    assert "2025-09-01" in content and "Offentlig" in content and "Intern" in content
    assert "Skriven av polis" in content and "Skriven av samordnare" in content
