"""Agreements through their forms: created with signatories, refused for the secretary and for a
police area that does not cover the kommun, bad input answered next to the field with what was typed
kept, and edited; and a missing, forged or stale version refused as a conflict (promises too)."""

import pytest
from django.urls import reverse

from promises import services
from promises.models import Agreement
from tests.promises.view_data import _promise_data
from tests.versions import current_version

pytestmark = pytest.mark.django_db


def _agreement_data(knivsta, police_area, **overrides):
    data = {
        "municipality": knivsta.pk,
        "police_area": police_area.pk,
        "title": "Samverkansöverenskommelse 2027–2029",
        "reference_number": "KS 26/0101",
        "valid_from": "2027-01-01",
        "valid_to": "2029-12-31",
        "goals": "Minskad brottslighet\nÖkad trygghet",
        "check_in_cadence": "kvartal",
        "signatories": "Eva Exempel, Kommunstyrelsens ordförande\nOlle Prov, Lokalpolisområdeschef",
    }
    data.update(overrides)
    return data


def test_it_creates_an_agreement_with_signatories(client, owner, knivsta, uppsala_police):
    client.force_login(owner)
    response = client.post(
        reverse("promises:agreement_create"), _agreement_data(knivsta, uppsala_police)
    )
    agreement = Agreement.objects.get(reference_number="KS 26/0101")
    assert response.status_code == 302
    assert response.url == agreement.get_absolute_url()
    assert [(s.name, s.title) for s in agreement.signatories.all()] == [
        ("Eva Exempel", "Kommunstyrelsens ordförande"),
        ("Olle Prov", "Lokalpolisområdeschef"),
    ]
    assert agreement.history.first().history_user == owner
    follow = client.get(response.url)
    assert "Överenskommelsen sparades." in follow.content.decode()


def test_it_refuses_agreement_creation_for_the_secretary(
    client, secretary, knivsta, uppsala_police
):
    client.force_login(secretary)
    response = client.post(
        reverse("promises:agreement_create"), _agreement_data(knivsta, uppsala_police)
    )
    assert response.status_code == 403
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"valid_to": "2026-12-31"}, "valid_to", "Slutdatumet kan inte ligga före startdatumet."),
        ({"title": ""}, "title", "Detta fält måste fyllas i."),
        (
            {"goals": "Elev 121212-1212 ska följas"},
            "goals",
            "Texten innehåller ett personnummer",
        ),
        ({"signatories": "Bara ett namn"}, "signatories", "skriv namn, komma och titel"),
    ],
)
def test_it_answers_bad_agreement_input_next_to_the_field(
    client, owner, knivsta, uppsala_police, overrides, field, message
):
    client.force_login(owner)
    data = _agreement_data(knivsta, uppsala_police, **overrides)
    response = client.post(reverse("promises:agreement_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    content = response.content.decode()
    assert f'id="id_{field}_error"' in content
    assert 'aria-invalid="true"' in content
    # What the user typed is kept.
    if overrides.get("title", None) != "":
        assert data["title"] in content
    assert not Agreement.objects.exists()


def test_it_refuses_a_police_area_that_does_not_cover_the_kommun(
    client, owner, knivsta, jarfalla_police
):
    client.force_login(owner)
    response = client.post(
        reverse("promises:agreement_create"), _agreement_data(knivsta, jarfalla_police)
    )
    assert response.status_code == 200
    assert "omfattar inte" in response.context["form"].errors["police_area"][0]


def test_it_edits_an_agreement(client, chain, owner, uppsala_police, knivsta):
    client.force_login(owner)
    agreement = chain["agreement"]
    data = _agreement_data(
        knivsta,
        uppsala_police,
        title="Ny titel",
        valid_from="2023-01-01",
        version=current_version(agreement),
    )
    response = client.post(reverse("promises:agreement_edit", args=[agreement.pk]), data)
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Ny titel"
    assert agreement.signatories.count() == 2


# Conflicts -----------------------------------------------------------------------------------


@pytest.mark.parametrize("forged", [None, "", "0", "-1", "abc", "٣", "99999999999999999999"])
def test_it_treats_a_missing_or_forged_version_as_a_conflict(
    client, chain, owner, knivsta, uppsala_police, forged
):
    client.force_login(owner)
    agreement = chain["agreement"]
    data = _agreement_data(knivsta, uppsala_police, title="Utan version", valid_from="2023-01-01")
    if forged is not None:
        data["version"] = forged
    response = client.post(reverse("promises:agreement_edit", args=[agreement.pk]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Någon annan sparade ändringar medan du skrev" in content
    assert "Utan version" in content  # what was typed is kept
    assert response.context["form"]["version"].value() == current_version(agreement)
    agreement.refresh_from_db()
    assert agreement.title != "Utan version"


@pytest.mark.parametrize("name", ["agreement_edit", "promise_edit"])
def test_it_refuses_a_stale_save_of_agreements_and_promises(
    client, chain, owner, police, knivsta, uppsala_police, name
):
    client.force_login(owner)
    obj = chain["agreement"] if name == "agreement_edit" else chain["promise"]
    stale_version = current_version(obj)
    if name == "agreement_edit":
        services.update_agreement(agreement=obj, user=police, fields={"goals": "Nytt mål"})
        data = _agreement_data(
            knivsta,
            uppsala_police,
            title="Min titel",
            valid_from="2023-01-01",
            version=stale_version,
        )
    else:
        services.update_promise(promise=obj, user=police, fields={"purpose": "Nytt syfte"})
        data = _promise_data(
            obj.agreement,
            title="Min titel",
            period_start="2024-01-01",
            period_end="2025-12-31",
            version=stale_version,
        )
    response = client.post(reverse(f"promises:{name}", args=[obj.pk]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Någon annan sparade ändringar medan du skrev" in content
    assert "Min titel" in content
    obj.refresh_from_db()
    assert obj.title != "Min titel"
