"""The kept public revision: every change a visitor can see stamps it, in the same transaction,
whatever path wrote it (services, the admin, a restore); an internal change never does."""

from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse

from promises import services
from promises.models import Deletion, Organisation, PublicRevision, StatusUpdate
from public import selectors
from tests.form_data import as_sent

Kind = PublicRevision.Kind


def _stamp(kind, object_id):
    row = PublicRevision.objects.filter(kind=kind, object_id=object_id).first()
    return row.changed_at if row else None


def _stamps(world) -> dict[str, object]:
    return {
        "promise": _stamp(Kind.PROMISE, world.promise.pk),
        "kommun": _stamp(Kind.MUNICIPALITY, world.municipality.pk),
        "home": _stamp(Kind.HOME, 0),
    }


def _all_stamps() -> set:
    return set(PublicRevision.objects.values_list("kind", "object_id", "changed_at"))


# Each public change, and which stamps it must move beside the promise's and the kommun's.


def _add_public_update(world):
    services.add_status_update(
        user=world.owner,
        activity=world.activity,
        status=StatusUpdate.Status.DONE,
        description="Klart.",
        date=date(2025, 12, 30),
        is_public=True,
    )


def _edit_public_update(world):
    services.update_status_update(
        status_update=world.public_update, user=world.owner, fields={"occurrences": 3}
    )


def _make_update_internal(world):
    services.update_status_update(
        status_update=world.public_update, user=world.owner, fields={"is_public": False}
    )


def _make_update_public(world):
    services.update_status_update(
        status_update=world.internal_update, user=world.owner, fields={"is_public": True}
    )


def _delete_public_update(world):
    services.delete_restorable(instance=world.public_update, user=world.owner)


def _edit_activity(world):
    services.update_activity(
        activity=world.activity, user=world.owner, fields={"partners": "Kriminalvården"}
    )


def _add_activity(world):
    services.create_activity(
        user=world.owner, focus_area=world.activity.focus_area, description="Ny aktivitet."
    )


def _delete_activity(world):
    services.delete_activity(activity=world.activity, user=world.owner)


def _add_focus_area(world):
    services.create_focus_area(user=world.owner, promise=world.promise, title="Nytt område")


def _rename_focus_area(world):
    services.update_focus_area(
        focus_area=world.activity.focus_area, user=world.owner, fields={"title": "Nytt namn"}
    )


def _edit_promise(world):
    services.update_promise(promise=world.promise, user=world.owner, fields={"title": "Ny rubrik"})


def _close_promise(world):
    services.close_promise(promise=world.promise, user=world.owner)


def _adopt_the_successor(world):
    """The predecessor's page now links to its successor."""
    services.adopt_promise(
        promise=world.draft,
        user=world.owner,
        adopted_by="Kommunstyrelsen",
        adopted_on=date(2026, 1, 20),
    )


def _rename_the_kommun(world):
    kommun = Organisation.objects.get(pk=world.municipality.pk)
    kommun.name = "Knivsta kommun (ny)"
    kommun.save()


def _rename_the_police_area(world):
    police = world.promise.agreement.police_area
    police.name = "Lokalpolisområde Nytt namn"
    police.save()


PUBLIC_CHANGES = {
    _add_public_update: set(),
    _edit_public_update: set(),
    _make_update_internal: set(),
    _make_update_public: set(),
    _delete_public_update: set(),
    _edit_activity: set(),
    _add_activity: set(),
    _delete_activity: set(),
    _add_focus_area: set(),
    _rename_focus_area: set(),
    _edit_promise: {"home"},
    _close_promise: {"home"},
    _adopt_the_successor: {"home"},
    _rename_the_kommun: {"home"},
    _rename_the_police_area: {"home"},
}


@pytest.mark.parametrize("change", PUBLIC_CHANGES, ids=lambda change: change.__name__)
def test_it_stamps_the_promise_and_its_kommun_on_every_public_change(world, change):
    before = _stamps(world)
    change(world)
    after = _stamps(world)
    for name in {"promise", "kommun"} | PUBLIC_CHANGES[change]:
        assert after[name] is not None and after[name] != before[name], name


def test_it_stamps_the_feed_entry_of_a_public_update_it_changes(world):
    before = _stamp(Kind.UPDATE, world.public_update.pk)
    _edit_public_update(world)
    assert _stamp(Kind.UPDATE, world.public_update.pk) not in (None, before)


def test_it_stamps_a_renumbering(world):
    area = world.activity.focus_area
    other = services.create_focus_area(user=world.owner, promise=world.promise, title="Två")
    before = _stamps(world)
    with transaction.atomic():
        services.renumber_focus_areas(
            promise=world.promise,
            user=world.owner,
            numbers={area.pk: other.number, other.pk: area.number},
        )
    assert _stamps(world)["promise"] != before["promise"]


def test_it_stamps_a_restored_deletion(world, owner):
    services.delete_restorable(instance=world.activity, user=owner)
    before = _stamps(world)
    services.restore_deletion(deletion=Deletion.objects.get(), user=owner)
    after = _stamps(world)
    assert after["promise"] != before["promise"]
    assert after["kommun"] != before["kommun"]


def test_it_stamps_a_change_made_in_the_admin(client, world, make_user):
    """The admin saves the model itself, not through the services: the stamp follows anyway."""
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    url = reverse("admin:promises_statusupdate_change", args=[world.public_update.pk])
    data = as_sent(client.get(url).context["adminform"].form)
    data["description"] = "Rättat i förvaltningen."
    before = _stamps(world)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert _stamps(world)["promise"] != before["promise"]


def test_it_gives_a_promise_page_the_version_of_its_stamp(world):
    _add_public_update(world)
    version = selectors.promise_version(world.municipality.slug, world.promise.pk)
    assert version == selectors.day_floor(_stamps(world)["promise"])


# Internal changes stamp nothing at all.


def _change_internal_update(world):
    services.update_status_update(
        status_update=world.internal_update,
        user=world.owner,
        fields={"description": "Internt, omskrivet.", "occurrences": 6},
    )


def _add_internal_update(world):
    services.add_status_update(
        user=world.owner,
        activity=world.activity,
        status=StatusUpdate.Status.DELAYED,
        description="Bara för oss.",
        date=date(2025, 12, 22),
        is_public=False,
    )


def _delete_internal_update(world):
    services.delete_restorable(instance=world.internal_update, user=world.owner)


def _change_contact_persons(world):
    services.update_activity(
        activity=world.activity, user=world.owner, fields={"contact_persons": "Ny kontaktperson"}
    )


def _change_follow_up_cadence(world):
    services.update_promise(
        promise=world.promise, user=world.owner, fields={"follow_up_cadence": "kvartal"}
    )


def _change_the_draft(world):
    services.update_promise(promise=world.draft, user=world.owner, fields={"title": "Nytt utkast"})
    area = services.create_focus_area(user=world.owner, promise=world.draft, title="Ett område")
    activity = services.create_activity(user=world.owner, focus_area=area, description="Ny.")
    services.add_status_update(
        user=world.owner,
        activity=activity,
        status=StatusUpdate.Status.DONE,
        description="Offentlig, men i ett utkast.",
        date=date(2026, 3, 1),
        is_public=True,
    )


def _change_the_kommuns_office(world):
    kommun = Organisation.objects.get(pk=world.municipality.pk)
    kommun.office = "Socialförvaltningen"
    kommun.save()


@pytest.mark.parametrize(
    "change",
    [
        _change_internal_update,
        _add_internal_update,
        _delete_internal_update,
        _change_contact_persons,
        _change_follow_up_cadence,
        _change_the_draft,
        _change_the_kommuns_office,
    ],
    ids=lambda change: change.__name__,
)
def test_it_stamps_nothing_on_an_internal_change(world, change):
    before = _all_stamps()
    change(world)
    assert _all_stamps() == before


def test_it_stamps_everything_after_a_bulk_load_that_wrote_no_history(world):
    from promises.public_revision import stamp_everything

    before = _stamps(world)
    StatusUpdate.objects.bulk_create(
        [
            StatusUpdate(
                activity=world.activity,
                status=StatusUpdate.Status.DONE,
                description="Inläst i klump.",
                date=date(2025, 12, 31),
                is_public=True,
            )
        ]
    )
    assert _stamps(world) == before  # no history row, no stamp: the loader must stamp
    stamp_everything()
    after = _stamps(world)
    assert all(after[name] != before[name] for name in after)
