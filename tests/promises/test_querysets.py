"""Who sees and who changes what: the visibility rules of ``promises/querysets.py``.

Knivsta's chain (a draft promise with a joint and a municipal activity) sits next to Upplands-Bro's,
so that every rule is shown both to let in what it should and to keep out what it should.
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from promises import services
from promises.models import (
    Activity,
    Agreement,
    FocusArea,
    Membership,
    Organisation,
    Promise,
    StatusUpdate,
)

pytestmark = pytest.mark.django_db

CHAIN = (Agreement, Promise, FocusArea, Activity, StatusUpdate)


def ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def _update(user, activity, *, is_public=False, day=date(2024, 3, 1)) -> StatusUpdate:
    return services.add_status_update(
        user=user,
        activity=activity,
        status=StatusUpdate.Status.IN_PROGRESS,
        description="Arbetet pågår.",
        date=day,
        is_public=is_public,
    )


@pytest.fixture
def knivsta_chain(owner, promise, focus_area, activity, municipal_activity):
    police_activity = services.create_activity(
        user=owner,
        focus_area=focus_area,
        description="Polisen genomför trafikkontroller.",
        responsible=Activity.Responsible.POLICE,
    )
    _update(owner, activity)
    _update(owner, municipal_activity)
    return {
        Agreement: {promise.agreement_id},
        Promise: {promise.pk},
        FocusArea: {focus_area.pk},
        Activity: {activity.pk, municipal_activity.pk, police_activity.pk},
        StatusUpdate: set(StatusUpdate.objects.values_list("pk", flat=True)),
        "joint": activity,
        "municipal": municipal_activity,
        "police": police_activity,
    }


def make_chain(user, municipality, police_area, *, title: str) -> dict:
    """A kommun's whole chain, built through the services by its coordinator."""
    agreement = services.create_agreement(
        user=user,
        municipality=municipality,
        police_area=police_area,
        title=f"Samverkansöverenskommelse {title}",
        valid_from=date(2022, 1, 1),
        valid_to=date(2025, 12, 31),
    )
    promise = services.create_promise(
        user=user,
        agreement=agreement,
        title=f"Medborgarlöfte {title}",
        period_start=date(2022, 1, 1),
        period_end=date(2025, 12, 31),
    )
    area = services.create_focus_area(user=user, promise=promise, title="Trygg miljö")
    activity = services.create_activity(
        user=user,
        focus_area=area,
        description="Trygghetsvandringar.",
        responsible=Activity.Responsible.JOINT,
    )
    update = _update(user, activity)
    return {
        Agreement: {agreement.pk},
        Promise: {promise.pk},
        FocusArea: {area.pk},
        Activity: {activity.pk},
        StatusUpdate: {update.pk},
    }


@pytest.fixture
def bro_chain(outsider, upplands_bro, jarfalla_police):
    return make_chain(outsider, upplands_bro, jarfalla_police, title="Upplands-Bro")


# Coordinator -------------------------------------------------------------------------------


def test_it_lets_the_coordinator_see_and_edit_the_kommuns_chain(owner, knivsta_chain, bro_chain):
    for model in CHAIN:
        assert ids(model.objects.visible_to(owner)) == knivsta_chain[model], model
    for model in (Agreement, Promise, FocusArea, Activity, StatusUpdate):
        assert ids(model.objects.editable_by(owner)) == knivsta_chain[model], model
    assert ids(Activity.objects.updatable_by(owner)) == knivsta_chain[Activity]


def test_it_gives_the_coordinator_the_own_kommun_only(owner, knivsta, upplands_bro):
    assert list(Organisation.objects.visible_to(owner)) == [knivsta]
    assert list(Organisation.objects.coordinated_by(owner)) == [knivsta]


# Police -------------------------------------------------------------------------------------


def test_it_lets_the_police_see_the_chain_of_a_covered_kommun_drafts_included(
    police, knivsta_chain, bro_chain
):
    assert Promise.objects.get(pk=next(iter(knivsta_chain[Promise]))).is_draft
    for model in CHAIN:
        assert ids(model.objects.visible_to(police)) == knivsta_chain[model], model


def test_it_lets_the_police_edit_only_the_activities_the_police_answer_for(police, knivsta_chain):
    assert ids(Activity.objects.editable_by(police)) == {
        knivsta_chain["joint"].pk,
        knivsta_chain["police"].pk,
    }
    assert knivsta_chain["municipal"].pk not in ids(Activity.objects.editable_by(police))


def test_it_lets_the_police_add_updates_to_every_activity_of_a_covered_kommun(
    police, knivsta_chain, bro_chain
):
    assert ids(Activity.objects.updatable_by(police)) == knivsta_chain[Activity]
    # Updates are corrected by their authors and the kommun's coordinators only.
    assert ids(StatusUpdate.objects.editable_by(police)) == set()


def test_it_lets_the_police_change_nothing_above_the_activities(police, knivsta_chain):
    for model in (Agreement, Promise, FocusArea):
        assert not model.objects.editable_by(police).exists(), model
    assert not Organisation.objects.coordinated_by(police).exists()


def test_it_lets_a_police_area_that_covers_two_kommuner_see_both(
    police, uppsala_police, knivsta, upplands_bro, knivsta_chain, bro_chain
):
    uppsala_police.covered_municipalities.add(upplands_bro)
    for model in CHAIN:
        assert ids(model.objects.visible_to(police)) == knivsta_chain[model] | bro_chain[model]
    assert ids(Activity.objects.updatable_by(police)) == (
        knivsta_chain[Activity] | bro_chain[Activity]
    )
    assert set(Organisation.objects.visible_to(police)) == {knivsta, upplands_bro}


def test_it_gives_the_police_nothing_of_a_kommun_their_area_does_not_cover(police, bro_chain):
    for model in CHAIN:
        assert not model.objects.visible_to(police).exists(), model


# Secretary, outsider, anonymous ---------------------------------------------------------------


def test_it_lets_the_secretary_see_but_change_nothing(secretary, knivsta_chain):
    for model in CHAIN:
        assert ids(model.objects.visible_to(secretary)) == knivsta_chain[model], model
        assert not model.objects.editable_by(secretary).exists(), model
    assert not Activity.objects.updatable_by(secretary).exists()
    assert not Organisation.objects.coordinated_by(secretary).exists()


def test_it_shows_the_outsider_nothing_of_knivsta(outsider, knivsta_chain, bro_chain):
    for model in CHAIN:
        assert ids(model.objects.visible_to(outsider)) == bro_chain[model], model
        assert not ids(model.objects.editable_by(outsider)) & knivsta_chain[model], model
    assert not ids(Activity.objects.updatable_by(outsider)) & knivsta_chain[Activity]


def test_it_shows_anonymous_users_nothing(knivsta_chain, bro_chain):
    anonymous = AnonymousUser()
    assert not Organisation.objects.visible_to(anonymous).exists()
    for model in CHAIN:
        assert not model.objects.visible_to(anonymous).exists(), model
        assert not model.objects.editable_by(anonymous).exists(), model
    assert not Activity.objects.updatable_by(anonymous).exists()


def test_it_shows_a_user_without_membership_nothing(make_user, knivsta_chain):
    stranger = make_user("utan-medlemskap")
    for model in CHAIN:
        assert not model.objects.visible_to(stranger).exists(), model


def test_it_keeps_each_role_to_its_own_kommun(
    make_user, knivsta, upplands_bro, knivsta_chain, bro_chain
):
    # Coordinator in Knivsta, secretary in Upplands-Bro: edits the first, only reads the second.
    user = make_user("tva-roller", organisation=knivsta, role=Membership.Role.COORDINATOR)
    Membership.objects.create(user=user, organisation=upplands_bro, role=Membership.Role.SECRETARY)
    for model in CHAIN:
        assert ids(model.objects.visible_to(user)) == knivsta_chain[model] | bro_chain[model]
        assert ids(model.objects.editable_by(user)) == knivsta_chain[model]


# Public ------------------------------------------------------------------------------------


def test_it_shows_the_public_no_draft(owner, promise, adopted_promise, agreement):
    draft = services.create_promise(
        user=owner,
        agreement=agreement,
        title="Nästa löfte",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    assert ids(Promise.objects.public()) == {adopted_promise.pk}
    assert draft.pk not in ids(Promise.objects.public())


def test_it_shows_the_public_closed_and_superseded_promises(owner, adopted_promise):
    successor = services.draft_successor(
        promise=adopted_promise,
        user=owner,
        title="Medborgarlöfte 2026",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    services.adopt_promise(
        promise=successor, user=owner, adopted_by="Kommunstyrelsen", adopted_on=date(2025, 12, 1)
    )
    services.close_promise(promise=successor, user=owner)
    adopted_promise.refresh_from_db()
    assert adopted_promise.status == Promise.Status.SUPERSEDED
    assert ids(Promise.objects.public()) == {adopted_promise.pk, successor.pk}


def test_it_shows_the_public_only_public_updates_of_adopted_promises(
    owner, agreement, adopted_promise, activity
):
    public = _update(owner, activity, is_public=True)
    _update(owner, activity, is_public=False)
    draft = services.create_promise(
        user=owner,
        agreement=agreement,
        title="Utkast",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )
    draft_area = services.create_focus_area(user=owner, promise=draft, title="Utkastets område")
    draft_activity = services.create_activity(
        user=owner, focus_area=draft_area, description="Utkastets aktivitet."
    )
    _update(owner, draft_activity, is_public=True)

    assert ids(StatusUpdate.objects.public()) == {public.pk}
    assert ids(Activity.objects.public()) == {activity.pk}


# Query counts ---------------------------------------------------------------------------------


def _grow(user, role: str, count: int) -> None:
    """Give ``user`` ``count`` more memberships, each in a new kommun (or its police area) with a
    chain of its own, so that a filter that queried per membership would show it."""
    for index in range(count):
        municipality = Organisation.objects.create(
            kind=Organisation.Kind.MUNICIPALITY,
            name=f"Exempelkommun {index}",
            slug=f"exempel-{index}",
            municipality_code=f"{9000 + index}",
        )
        area = Organisation.objects.create(
            kind=Organisation.Kind.POLICE_AREA, name=f"LPO Exempel {index}", slug=f"lpo-{index}"
        )
        area.covered_municipalities.add(municipality)
        coordinator = get_user_model().objects.create_user(username=f"samordnare-{index}")
        Membership.objects.create(
            user=coordinator, organisation=municipality, role=Membership.Role.COORDINATOR
        )
        member_of = area if role == Membership.Role.POLICE else municipality
        Membership.objects.create(user=user, organisation=member_of, role=role)
        make_chain(coordinator, municipality, area, title=f"Exempel {index}")


def _run_every_filter(user) -> None:
    list(Organisation.objects.visible_to(user))
    list(Organisation.objects.coordinated_by(user))
    for model in CHAIN:
        list(model.objects.visible_to(user))
        list(model.objects.editable_by(user))
    list(Activity.objects.updatable_by(user))


# At most one query per filter, plus one read of the user's memberships for all of them (a filter
# whose list of kommuner is empty runs no query at all).
EVERY_FILTER_QUERIES = 2 + 2 * len(CHAIN) + 1 + 1


def _count_every_filter(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        _run_every_filter(user)
    return len(queries)


@pytest.mark.parametrize("role_fixture", ["owner", "police", "secretary"])
def test_it_answers_every_visibility_filter_in_one_query_however_many_memberships(
    role_fixture, request, knivsta_chain
):
    user = request.getfixturevalue(role_fixture)
    role = Membership.objects.get(user=user).role
    before = _count_every_filter(user)
    assert before <= EVERY_FILTER_QUERIES
    visible_before = ids(Activity.objects.visible_to(user))

    _grow(user, role, 10)

    assert _count_every_filter(user) == before
    # The growth really reached the user (the same user object: what it remembered was voided):
    # there is ten times more to see now.
    assert len(ids(Activity.objects.visible_to(user))) == len(visible_before) + 10


def test_it_reads_a_users_memberships_once_and_again_after_a_change(owner, activity):
    with CaptureQueriesContext(connection) as first:
        assert ids(Activity.objects.visible_to(owner)) == {activity.pk}
    with CaptureQueriesContext(connection) as again:
        assert ids(Activity.objects.visible_to(owner)) == {activity.pk}
    assert len(again) == len(first) - 1

    Membership.objects.filter(user=owner).delete()
    assert ids(Activity.objects.visible_to(owner)) == set()


def test_it_answers_for_an_anonymous_user_without_more_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(EVERY_FILTER_QUERIES):
        _run_every_filter(AnonymousUser())


# One visibility rule (issue 9 §7) --------------------------------------------------------------


def _chain_with_every_status(owner, agreement) -> dict[str, tuple]:
    """One promise per status, each with an activity and a public and an internal update."""
    chains = {}
    for index, status in enumerate(Promise.Status):
        promise = services.create_promise(
            user=owner,
            agreement=agreement,
            title=f"Löfte {status}",
            period_start=date(2024, 1, 1),
            period_end=date(2024, 12, 31),
        )
        Promise.objects.filter(pk=promise.pk).update(
            status=status, adopted_by="Kommunstyrelsen", adopted_on=date(2024, 1, 1)
        )
        area = services.create_focus_area(user=owner, promise=promise, title=f"Område {index}")
        activity = services.create_activity(user=owner, focus_area=area, description="Aktivitet.")
        public = _update(owner, activity, is_public=True)
        _update(owner, activity, is_public=False)
        chains[status] = (promise, activity, public)
    return chains


@pytest.mark.parametrize(
    "public_statuses",
    [
        Promise.PUBLIC_STATUSES,
        # Change the one constant, and every query and property follows.
        (Promise.Status.ADOPTED,),
    ],
)
def test_it_decides_public_promises_by_one_set_of_statuses(
    owner, agreement, monkeypatch, public_statuses
):
    from public import selectors as public_selectors

    monkeypatch.setattr(Promise, "PUBLIC_STATUSES", public_statuses)
    chains = _chain_with_every_status(owner, agreement)
    expected = {status for status in Promise.Status if status in public_statuses}
    assert expected

    def statuses(pks, position):
        return {status for status, chain in chains.items() if chain[position].pk in pks}

    assert statuses(ids(Promise.objects.public()), 0) == expected
    assert statuses(ids(Activity.objects.public()), 1) == expected
    assert statuses(ids(StatusUpdate.objects.public()), 2) == expected
    for status, (promise, *_rest) in chains.items():
        promise.refresh_from_db()
        assert promise.is_public == (status in expected), status
        assert promise.is_draft == (status == Promise.Status.DRAFT), status
    split = public_selectors.public_promises(agreement.municipality)
    assert {p.status for p in split["current"] + split["earlier"]} == expected
    (kommun,) = public_selectors.public_municipalities()
    assert kommun.public_count == len(expected)


def test_it_never_makes_a_draft_public():
    assert Promise.Status.DRAFT not in Promise.PUBLIC_STATUSES
    assert set(Promise.PUBLIC_STATUSES) == set(Promise.Status) - {Promise.Status.DRAFT}
