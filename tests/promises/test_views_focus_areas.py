"""Focus areas through their views: added with the next number, a taken number refused, edited,
deleted after showing what goes with them, and renumbered by swapping, refusing duplicate numbers and
a save over a newer change."""

import pytest
from django.urls import reverse

from promises import services
from promises.models import FocusArea, StatusUpdate
from tests.versions import current_version, group_version

pytestmark = pytest.mark.django_db


def test_it_adds_a_focus_area_with_the_next_number(client, chain, owner):
    client.force_login(owner)
    promise = chain["promise"]
    form = client.get(reverse("promises:focus_area_create", args=[promise.pk])).context["form"]
    assert form.initial["number"] == 2
    response = client.post(
        reverse("promises:focus_area_create", args=[promise.pk]),
        {"number": 2, "title": "Våld i nära relation", "definition": "Medvetandegöra våldet."},
    )
    assert response.status_code == 302
    assert promise.focus_areas.get(number=2).title == "Våld i nära relation"


def test_it_refuses_a_taken_focus_area_number(client, chain, owner):
    client.force_login(owner)
    promise = chain["promise"]
    response = client.post(
        reverse("promises:focus_area_create", args=[promise.pk]),
        {"number": 1, "title": "Dubblett", "definition": ""},
    )
    assert response.status_code == 200
    assert "finns redan" in response.context["form"].errors["number"][0]
    assert promise.focus_areas.count() == 1


def test_it_edits_a_focus_area(client, chain, owner):
    client.force_login(owner)
    area = chain["focus_area"]
    response = client.post(
        reverse("promises:focus_area_edit", args=[area.pk]),
        {
            "number": 1,
            "title": "Narkotika",
            "definition": "Ny definition.",
            "version": current_version(area),
        },
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert (area.title, area.definition) == ("Narkotika", "Ny definition.")


def test_it_confirms_what_goes_with_a_deleted_focus_area(client, chain, owner):
    client.force_login(owner)
    area = chain["focus_area"]
    confirm = client.get(reverse("promises:focus_area_delete", args=[area.pk]))
    content = confirm.content.decode()
    assert "2 aktiviteter" in content
    assert "1 statusuppdatering" in content
    response = client.post(reverse("promises:focus_area_delete", args=[area.pk]))
    assert response.status_code == 302
    assert not FocusArea.objects.filter(pk=area.pk).exists()
    assert not StatusUpdate.objects.filter(pk=chain["update"].pk).exists()


def test_it_renumbers_focus_areas_by_swapping(client, chain, owner):
    client.force_login(owner)
    promise = chain["promise"]
    second = services.create_focus_area(user=owner, promise=promise, title="Polisiär närvaro")
    first = chain["focus_area"]
    url = reverse("promises:focus_area_renumber", args=[promise.pk])
    version = client.get(url).context["form"]["version"].value()
    assert version == group_version([first, second])
    response = client.post(
        url, {f"number_{first.pk}": 2, f"number_{second.pk}": 1, "version": version}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, second.number) == (2, 1)
    assert first.history.first().history_user == owner


def test_it_refuses_duplicate_numbers_when_renumbering(client, chain, owner):
    client.force_login(owner)
    area = chain["focus_area"]
    first, second = chain["activity"], chain["municipal_activity"]
    response = client.post(
        reverse("promises:activity_renumber", args=[area.pk]),
        {
            f"number_{first.pk}": 1,
            f"number_{second.pk}": 1,
            "version": group_version([first, second]),
        },
    )
    assert response.status_code == 200
    assert "används redan" in str(response.context["form"].errors)
    second.refresh_from_db()
    assert second.number == 2


def test_it_refuses_renumbering_over_a_newer_change(client, chain, owner, police):
    client.force_login(owner)
    area = chain["focus_area"]
    first, second = chain["activity"], chain["municipal_activity"]
    url = reverse("promises:activity_renumber", args=[area.pk])
    version = client.get(url).context["form"]["version"].value()
    services.update_activity(activity=first, user=police, fields={"number": 3})
    response = client.post(
        url, {f"number_{first.pk}": 2, f"number_{second.pk}": 1, "version": version}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Någon annan ändrade medan du skrev" in content
    assert "Nummer: 3" in content  # who changed what since the form was opened
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, second.number) == (3, 2)
    # The form now carries the newer versions: saving again is a deliberate choice, and works.
    form = response.context["form"]
    assert form.data["version"] == group_version([first, second])
    response = client.post(
        url, {f"number_{first.pk}": 2, f"number_{second.pk}": 1, "version": form.data["version"]}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, second.number) == (2, 1)
