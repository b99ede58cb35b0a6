"""Restoring what was deleted, in the browser: an activity or a focus area comes back with
everything under it and its history, what was deleted separately stays deleted, an impossible restore
is explained, only the kommun's coordinators may restore, and the list of deletions reads in a fixed
number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promises import services
from promises.models import Activity, Deletion, FocusArea, StatusUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(audit_chain):
    # The audit trail's own chain (see conftest), under the name these tests use.
    return audit_chain


def test_it_restores_a_deleted_activity_with_its_updates_and_history(client, chain, owner):
    activity, update = chain["activity"], chain["update"]
    history_before = activity.history.count()
    client.force_login(owner)
    client.post(reverse("promises:activity_delete", args=[activity.pk]))
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert not StatusUpdate.objects.filter(pk=update.pk).exists()

    listing = client.get(reverse("promises:deleted_list"))
    deletion = Deletion.objects.get()
    assert listing.context["deletions"][0] == deletion
    content = listing.content.decode()
    assert "1:1" in content and "1 statusuppdatering" in content

    response = client.post(reverse("promises:deletion_restore", args=[deletion.pk]))
    assert response.status_code == 302
    restored = Activity.objects.get(pk=activity.pk)
    assert restored.description == activity.description
    restored_update = StatusUpdate.objects.get(pk=update.pk)
    assert restored_update.created_at == update.created_at
    assert restored_update.author == update.author
    # The history goes on: created, deleted, restored — nothing is lost.
    assert restored.history.count() == history_before + 2
    assert restored.history.first().history_change_reason == "Återställd"
    assert restored.history.first().history_user == owner
    deletion.refresh_from_db()
    assert deletion.restored_by == owner
    assert deletion not in client.get(reverse("promises:deleted_list")).context["deletions"]


def test_it_restores_a_focus_area_with_everything_under_it(client, chain, owner):
    client.force_login(owner)
    client.post(reverse("promises:focus_area_delete", args=[chain["area"].pk]))
    deletion = Deletion.objects.get()
    assert deletion.contents == "1 aktivitet, 1 statusuppdatering"
    client.post(reverse("promises:deletion_restore", args=[deletion.pk]))
    assert FocusArea.objects.filter(pk=chain["area"].pk).exists()
    assert Activity.objects.filter(pk=chain["activity"].pk).exists()
    assert StatusUpdate.objects.filter(pk=chain["update"].pk).exists()


def test_it_does_not_bring_back_what_was_deleted_separately(client, chain, owner, police):
    """An update deleted on its own before its activity stays deleted when the activity returns."""
    client.force_login(owner)
    services.delete_restorable(instance=chain["update"], user=owner)
    client.post(reverse("promises:activity_delete", args=[chain["activity"].pk]))
    activity_deletion = Deletion.objects.get(kind="Aktivitet")
    client.post(reverse("promises:deletion_restore", args=[activity_deletion.pk]))
    assert Activity.objects.filter(pk=chain["activity"].pk).exists()
    assert not StatusUpdate.objects.filter(pk=chain["update"].pk).exists()


def test_it_explains_why_a_restore_is_impossible(client, chain, owner):
    client.force_login(owner)
    client.post(reverse("promises:activity_delete", args=[chain["activity"].pk]))
    services.create_activity(user=owner, focus_area=chain["area"], number=1, description="Ny.")
    deletion = Deletion.objects.get()
    response = client.post(reverse("promises:deletion_restore", args=[deletion.pk]), follow=True)
    assert "kan inte återställas" in response.content.decode()
    assert "numret" in response.content.decode()
    deletion.refresh_from_db()
    assert deletion.restored_at is None


def test_it_lets_only_the_kommuns_coordinators_restore(
    client, chain, owner, police, secretary, outsider
):
    services.delete_activity(activity=chain["activity"], user=owner)
    deletion = Deletion.objects.get()
    url = reverse("promises:deletion_restore", args=[deletion.pk])
    assert client.post(url).status_code == 302 and not Activity.objects.exists()  # to login
    client.force_login(outsider)
    assert client.post(url).status_code == 404
    assert deletion not in client.get(reverse("promises:deleted_list")).context["deletions"]
    for reader in (police, secretary):
        client.force_login(reader)
        assert client.post(url).status_code == 403
        assert client.get(reverse("promises:deleted_list")).status_code == 403
    client.force_login(owner)
    assert client.get(url).status_code == 405
    assert not Activity.objects.filter(pk=chain["activity"].pk).exists()


def test_it_lists_deletions_in_a_fixed_number_of_queries(client, chain, owner):
    client.force_login(owner)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("promises:deleted_list")).status_code == 200
        return len(queries)

    services.delete_restorable(instance=chain["update"], user=owner)
    baseline = count()
    for n in range(10):
        extra = services.create_activity(
            user=owner, focus_area=chain["area"], description=f"Tillfällig {n}."
        )
        services.delete_activity(activity=extra, user=owner)
    assert count() == baseline
