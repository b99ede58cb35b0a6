"""No lost update, in the browser: a save based on an older version is refused with the newer
change shown and the user's input kept, every edit form carries a version, and two status updates
written at the same time are both kept."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.promises.view_data import _activity_form
from tests.versions import current_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(audit_chain):
    # The audit trail's own chain (see conftest), under the name these tests use.
    return audit_chain


def test_it_refuses_a_save_based_on_an_older_version(owner, police, chain):
    activity = chain["activity"]
    first, second = Client(), Client()
    first.force_login(owner)
    second.force_login(police)
    edit_url = reverse("promises:activity_edit", args=[activity.pk])
    first_version = first.get(edit_url).context["form"]["version"].value()
    second_version = second.get(edit_url).context["form"]["version"].value()
    assert first_version == second_version

    saved = first.post(
        edit_url,
        _activity_form(activity, version=first_version, description="Samordnarens text."),
    )
    assert saved.status_code == 302

    refused = second.post(
        edit_url,
        _activity_form(activity, version=second_version, description="Polisens egen text."),
    )
    assert refused.status_code == 200
    content = refused.content.decode()
    assert "Någon annan sparade ändringar medan du skrev" in content
    assert "Samordnarens text." in content  # who changed what in the meantime
    assert owner.get_username() in content
    assert "Polisens egen text." in content  # the user's own input is kept
    activity.refresh_from_db()
    assert activity.description == "Samordnarens text."  # the first change survives

    # The re-rendered form now carries the newest version: saving again is a deliberate merge.
    merged_version = refused.context["form"]["version"].value()
    assert int(merged_version) > int(second_version)
    merged = second.post(
        edit_url,
        _activity_form(activity, version=merged_version, description="Sammanslagen text."),
    )
    assert merged.status_code == 302
    activity.refresh_from_db()
    assert activity.description == "Sammanslagen text."


@pytest.mark.parametrize(
    ("url_name", "key", "data"),
    [
        ("promise_edit", "promise", None),
        ("focus_area_edit", "area", {"number": 1, "title": "Ny rubrik", "definition": ""}),
    ],
)
def test_it_carries_a_version_in_every_edit_form(client, chain, owner, url_name, key, data):
    client.force_login(owner)
    url = reverse(f"promises:{url_name}", args=[chain[key].pk])
    form = client.get(url).context["form"]
    assert form["version"].value() == current_version(chain[key])
    assert 'name="version"' in client.get(url).content.decode()
    if data is not None:
        stale = {**data, "version": form["version"].value() - 1}
        response = client.post(url, stale)
        assert response.status_code == 200
        assert "Någon annan sparade ändringar" in response.content.decode()


def test_it_keeps_two_simultaneous_status_updates(owner, police, chain):
    activity = chain["activity"]
    first, second = Client(), Client()
    first.force_login(owner)
    second.force_login(police)
    url = reverse("promises:status_update_create", args=[activity.pk])
    for client, text in ((first, "Kommunens notering."), (second, "Polisens notering.")):
        response = client.post(
            url,
            {
                "date": "2025-05-01",
                "status": "pagar",
                "description": text,
                "occurrences": 1,
                "is_public": "false",
            },
        )
        assert response.status_code == 302
    descriptions = set(activity.status_updates.values_list("description", flat=True))
    assert {"Kommunens notering.", "Polisens notering."} <= descriptions
