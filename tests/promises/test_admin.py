"""The Django admin of our models speaks Swedish throughout and shows a kommun only what applies to
a kommun."""

import json

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

OUR_MODELS = sorted(
    f"{model._meta.app_label}_{model._meta.model_name}"
    for model in admin.site._registry
    if model._meta.app_label in {"promises", "followup", "notifications"}
)


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    return client


def test_it_registers_the_models_of_both_apps():
    assert "promises_organisation" in OUR_MODELS
    assert "followup_report" in OUR_MODELS
    assert len(OUR_MODELS) >= 12, OUR_MODELS


@pytest.mark.parametrize("name", OUR_MODELS)
def test_it_labels_the_empty_choice_in_swedish_on_every_admin_add_page(admin_client, name):
    response = admin_client.get(reverse(f"admin:{name}_add"))
    if response.status_code == 403:
        pytest.skip(f"{name} cannot be added in the admin")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Select an option" not in content
    if "<select" in content:
        assert "– Välj –" in content


def test_it_shows_kommuner_i_omradet_only_on_a_police_areas_form(
    admin_client, knivsta, uppsala_police
):
    kommun = admin_client.get(reverse("admin:promises_organisation_change", args=[knivsta.pk]))
    police = admin_client.get(
        reverse("admin:promises_organisation_change", args=[uppsala_police.pk])
    )
    assert kommun.status_code == police.status_code == 200
    assert "Kommuner i området" not in kommun.content.decode()
    assert 'name="covered_municipalities"' not in kommun.content.decode()
    assert "Kommuner i området" in police.content.decode()
    assert 'name="covered_municipalities"' in police.content.decode()


def test_it_saves_a_kommun_without_touching_a_police_areas_coverage(
    admin_client, knivsta, uppsala_police
):
    url = reverse("admin:promises_organisation_change", args=[knivsta.pk])
    response = admin_client.post(
        url,
        {
            "kind": knivsta.kind,
            "name": "Knivsta kommun",
            "slug": knivsta.slug,
            "municipality_code": "0330",
            "office": "Kommunledningskontoret",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(knivsta.police_areas.all()) == [uppsala_police]


def test_it_asks_for_the_kind_first_when_adding_an_organisation(admin_client):
    content = admin_client.get(reverse("admin:promises_organisation_add")).content.decode()
    positions = [content.index(f'name="{field}"') for field in ("kind", "name", "slug")]
    assert positions == sorted(positions)
    assert 'name="covered_municipalities"' in content


def test_it_translates_the_admins_time_zone_note(admin_client):
    """DateTimeShortcuts.js writes the note beside date-and-time fields (Deletion.deleted_at, the
    report's dates); Django's Swedish catalogue lacks it, locale/sv/LC_MESSAGES/djangojs.po has it."""
    catalog = admin_client.get(reverse("admin:jsi18n")).content.decode()
    for text in [
        "Obs! Ange tider i tidszonen %(timezone)s. (Du ligger %(offset)s timme efter.)",
        "Obs! Ange tider i tidszonen %(timezone)s. (Du ligger %(offset)s timmar före.)",
    ]:
        assert json.dumps(text)[1:-1] in catalog
