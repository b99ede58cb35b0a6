"""The access helpers that every view calls: 404 for anyone outside the kommun (existence is not
disclosed), PermissionDenied for those who may read but not change."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from promises import access, services
from promises.models import Activity, Membership, Organisation, StatusUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def update(owner, activity):
    return services.add_status_update(
        user=owner,
        activity=activity,
        status=StatusUpdate.Status.IN_PROGRESS,
        description="Arbetet pågår.",
        date=date(2024, 3, 1),
    )


@pytest.fixture
def police_activity(owner, focus_area):
    return services.create_activity(
        user=owner,
        focus_area=focus_area,
        description="Polisen genomför trafikkontroller.",
        responsible=Activity.Responsible.POLICE,
    )


@pytest.fixture
def objects(knivsta, agreement, promise, focus_area, activity, municipal_activity, update):
    """Each access helper with Knivsta's object of its kind."""
    return [
        (access.get_municipality_for_user, knivsta),
        (access.get_agreement_for_user, agreement),
        (access.get_promise_for_user, promise),
        (access.get_focus_area_for_user, focus_area),
        (access.get_activity_for_user, activity),
        (access.get_activity_for_user, municipal_activity),
        (access.get_status_update_for_user, update),
    ]


# Coordinator -------------------------------------------------------------------------------


def test_it_gives_the_coordinator_every_object_to_read_and_change(owner, objects, activity):
    for helper, obj in objects:
        assert helper(owner, obj.pk) == obj
        assert helper(owner, obj.pk, write=True) == obj
    assert access.get_activity_for_update(owner, activity.pk) == activity


def test_it_lets_the_coordinator_delete_an_activity(owner, municipal_activity):
    assert access.get_activity_for_deletion(owner, municipal_activity.pk) == municipal_activity


# Police -------------------------------------------------------------------------------------


def test_it_lets_the_police_read_everything_in_a_covered_kommun(police, objects):
    for helper, obj in objects:
        assert helper(police, obj.pk) == obj


def test_it_refuses_the_police_changes_above_the_activities(
    police, knivsta, agreement, promise, focus_area
):
    for helper, obj in [
        (access.get_municipality_for_user, knivsta),
        (access.get_agreement_for_user, agreement),
        (access.get_promise_for_user, promise),
        (access.get_focus_area_for_user, focus_area),
    ]:
        with pytest.raises(PermissionDenied):
            helper(police, obj.pk, write=True)


def test_it_lets_the_police_edit_the_activities_they_answer_for(
    police, activity, police_activity, municipal_activity
):
    assert access.get_activity_for_user(police, activity.pk, write=True) == activity
    assert access.get_activity_for_user(police, police_activity.pk, write=True) == police_activity
    with pytest.raises(PermissionDenied):
        access.get_activity_for_user(police, municipal_activity.pk, write=True)


def test_it_lets_the_police_add_updates_to_any_activity_in_a_covered_kommun(
    police, activity, municipal_activity, update
):
    assert access.get_activity_for_update(police, activity.pk) == activity
    assert access.get_activity_for_update(police, municipal_activity.pk) == municipal_activity


def test_it_lets_only_the_author_and_the_coordinators_correct_an_update(
    police, owner, activity, update
):
    # ``update`` was written by the coordinator: a police contact may read it, not correct it.
    assert access.get_status_update_for_user(police, update.pk) == update
    with pytest.raises(PermissionDenied):
        access.get_status_update_for_edit(police, update.pk)
    assert access.get_status_update_for_edit(owner, update.pk) == update
    own = services.add_status_update(
        user=police,
        activity=activity,
        status=StatusUpdate.Status.IN_PROGRESS,
        description="Polisens egen.",
    )
    assert access.get_status_update_for_edit(police, own.pk) == own


def test_it_refuses_the_police_to_delete_an_activity(police, activity):
    with pytest.raises(PermissionDenied):
        access.get_activity_for_deletion(police, activity.pk)


def test_it_opens_a_second_kommun_when_the_police_area_covers_it(
    police, uppsala_police, upplands_bro, outsider, jarfalla_police
):
    agreement = services.create_agreement(
        user=outsider,
        municipality=upplands_bro,
        police_area=jarfalla_police,
        title="Samverkansöverenskommelse Upplands-Bro",
        valid_from=date(2022, 1, 1),
        valid_to=date(2023, 12, 31),
    )
    with pytest.raises(Http404):
        access.get_agreement_for_user(police, agreement.pk)
    uppsala_police.covered_municipalities.add(upplands_bro)
    assert access.get_agreement_for_user(police, agreement.pk) == agreement
    assert access.get_municipality_for_user(police, upplands_bro.pk) == upplands_bro


# Secretary -----------------------------------------------------------------------------------


def test_it_lets_the_secretary_read_but_change_nothing(secretary, objects, activity):
    for helper, obj in objects:
        assert helper(secretary, obj.pk) == obj
        with pytest.raises(PermissionDenied):
            helper(secretary, obj.pk, write=True)
    with pytest.raises(PermissionDenied):
        access.get_activity_for_update(secretary, activity.pk)
    with pytest.raises(PermissionDenied):
        access.get_activity_for_deletion(secretary, activity.pk)


# Outsider, anonymous, strangers --------------------------------------------------------------


@pytest.mark.parametrize("write", [False, True])
def test_it_hides_every_object_from_the_outsider(outsider, objects, write):
    for helper, obj in objects:
        with pytest.raises(Http404):
            helper(outsider, obj.pk, write=write)


@pytest.mark.parametrize("write", [False, True])
def test_it_hides_every_object_from_anonymous_users(objects, write):
    for helper, obj in objects:
        with pytest.raises(Http404):
            helper(AnonymousUser(), obj.pk, write=write)


def test_it_hides_the_update_and_deletion_paths_from_the_outsider(outsider, activity):
    with pytest.raises(Http404):
        access.get_activity_for_update(outsider, activity.pk)
    with pytest.raises(Http404):
        access.get_activity_for_deletion(outsider, activity.pk)
    with pytest.raises(Http404):
        access.get_activity_for_update(AnonymousUser(), activity.pk)


def test_it_answers_404_for_an_object_that_does_not_exist(owner, objects):
    for helper, obj in objects:
        with pytest.raises(Http404):
            helper(owner, obj.pk + 10_000)


def test_it_hides_the_police_area_itself_from_its_police(police, uppsala_police):
    # Only kommuner are objects of the chain; the police area is no municipality page.
    with pytest.raises(Http404):
        access.get_municipality_for_user(police, uppsala_police.pk)


# Query counts ------------------------------------------------------------------------------


def test_it_checks_access_in_a_fixed_number_of_queries_however_many_memberships(
    make_user, knivsta, promise, django_assert_num_queries
):
    user = make_user("manga-roller", organisation=knivsta, role=Membership.Role.COORDINATOR)
    # One read of the memberships (promises.querysets.municipality_ids), then the promise and the
    # check whether the user may write it, whatever the number of memberships.
    with django_assert_num_queries(3):
        access.get_promise_for_user(user, promise.pk, write=True)
    for index in range(10):
        municipality = Organisation.objects.create(
            kind=Organisation.Kind.MUNICIPALITY,
            name=f"Exempel {index}",
            slug=f"ex-{index}",
            municipality_code=f"{9100 + index}",
        )
        Membership.objects.create(
            user=user, organisation=municipality, role=Membership.Role.COORDINATOR
        )
    with django_assert_num_queries(3):
        access.get_promise_for_user(user, promise.pk, write=True)
