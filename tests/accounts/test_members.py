"""The förvaltare's members page: roles and titles changed with history, the last förvaltare kept,
accounts deactivated with every session ended, and nothing of another organisation reachable."""

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import Invitation
from promises.models import Membership


@pytest.fixture
def member(make_user, knivsta):
    return make_user("kim", organisation=knivsta, role=Membership.Role.SECRETARY)


def membership_of(user, organisation) -> Membership:
    return Membership.objects.get(user=user, organisation=organisation)


def test_a_forvaltare_changes_a_role_with_who_and_why_in_the_history(
    client, manager, member, knivsta
):
    client.force_login(manager)
    target = membership_of(member, knivsta)
    response = client.post(
        reverse("accounts:membership_edit", args=[target.pk]),
        {
            "role": "samordnare",
            "title": "Trygghetssamordnare",
            "is_manager": "on",
            "change_reason": "Ny tjänst från januari",
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.role, target.title, target.is_manager) == (
        "samordnare",
        "Trygghetssamordnare",
        True,
    )
    latest = target.history.latest()
    assert latest.history_user == manager
    assert latest.history_change_reason == "Ny tjänst från januari"


def test_another_kommuns_forvaltare_gets_404_for_every_page_and_change(
    client, manager, member, other_manager, owner, knivsta
):
    target = membership_of(member, knivsta)
    invitation = services.invite(
        organisation=knivsta, email="a@x.example", role="samordnare", user=manager
    )
    for person in (other_manager, owner, member):
        client.force_login(person)
        for url in (
            reverse("accounts:members", args=[knivsta.pk]),
            reverse("accounts:membership_edit", args=[target.pk]),
            reverse("accounts:membership_remove", args=[target.pk]),
        ):
            assert client.get(url).status_code == 404, (person, url)
        assert (
            client.post(
                reverse("accounts:membership_edit", args=[target.pk]),
                {"role": "samordnare", "is_manager": "on"},
            ).status_code
            == 404
        )
        assert (
            client.post(
                reverse("accounts:membership_remove", args=[target.pk]), {"action": "deactivate"}
            ).status_code
            == 404
        )
        assert (
            client.post(reverse("accounts:invitation_revoke", args=[invitation.pk])).status_code
            == 404
        )
    target.refresh_from_db()
    member.refresh_from_db()
    assert (target.role, target.is_manager, member.is_active) == ("sekreterare", False, True)


def test_the_last_forvaltare_cannot_be_removed_or_unmade(client, manager, knivsta):
    mine = membership_of(manager, knivsta)
    client.force_login(manager)
    response = client.post(
        reverse("accounts:membership_edit", args=[mine.pk]),
        {"role": "sekreterare", "title": "", "is_manager": ""},
    )
    assert response.status_code == 422
    assert "den enda förvaltaren" in response.content.decode()
    for action in ("remove", "deactivate"):
        response = client.post(
            reverse("accounts:membership_remove", args=[mine.pk]), {"action": action}
        )
        assert response.status_code == 422, action
    mine.refresh_from_db()
    manager.refresh_from_db()
    assert mine.is_manager and manager.is_active


def test_with_a_second_forvaltare_the_first_may_step_down(manager, member, knivsta):
    target = membership_of(member, knivsta)
    services.change_membership(
        membership=target, user=manager, role="sekreterare", title="", is_manager=True
    )
    services.change_membership(
        membership=membership_of(manager, knivsta),
        user=manager,
        role="sekreterare",
        title="",
        is_manager=False,
    )
    with pytest.raises(ValidationError):
        services.remove_membership(membership=target, user=manager)


def test_deactivating_ends_the_persons_sessions_at_once(client, manager, member, knivsta):
    signed_in = Client()
    signed_in.force_login(member)
    assert signed_in.get(reverse("promises:start")).status_code == 200
    key = signed_in.session.session_key
    client.force_login(manager)
    response = client.post(
        reverse("accounts:membership_remove", args=[membership_of(member, knivsta).pk]),
        {"action": "deactivate", "change_reason": "Slutat"},
    )
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()  # gone from the store
    response = signed_in.get(reverse("promises:start"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    member.refresh_from_db()
    assert not member.is_active
    assert not Membership.objects.filter(user=member).exists()
    deleted = Membership.history.filter(user_id=member.pk, history_type="-").get()
    assert (deleted.history_user, deleted.history_change_reason) == (manager, "Slutat")
    # The förvaltare's own session is untouched.
    assert client.get(reverse("accounts:members", args=[knivsta.pk])).status_code == 200


def test_a_member_of_another_organisation_loses_only_the_membership(
    client, manager, police, knivsta, uppsala_police
):
    Membership.objects.create(user=police, organisation=knivsta, role="sekreterare")
    target = membership_of(police, knivsta)
    client.force_login(manager)
    page = client.get(reverse("accounts:membership_remove", args=[target.pk]))
    assert "Avaktivera kontot" not in page.content.decode()
    response = client.post(
        reverse("accounts:membership_remove", args=[target.pk]), {"action": "deactivate"}
    )
    assert response.status_code == 422
    police.refresh_from_db()
    assert police.is_active
    response = client.post(
        reverse("accounts:membership_remove", args=[target.pk]), {"action": "remove"}
    )
    assert response.status_code == 302
    assert list(Membership.objects.filter(user=police).values_list("organisation", flat=True)) == [
        uppsala_police.pk
    ]


def test_a_superuser_manages_any_organisation(client, make_user, knivsta):
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    assert client.get(reverse("accounts:invite", args=[knivsta.pk])).status_code == 200


def _members(make_user, knivsta, manager, count):
    for i in range(count):
        make_user(f"person-{i}", organisation=knivsta, role="sekreterare", email=f"p{i}@x.example")
        Invitation.objects.create(
            organisation=knivsta,
            email=f"ny{i}@x.example",
            role="samordnare",
            invited_by=manager,
            expires_at="2099-01-01T00:00Z",
        )


@pytest.mark.parametrize("count", [1, 10])
def test_the_members_page_runs_the_same_queries_whatever_the_number_of_members(
    client, manager, make_user, knivsta, count, django_assert_num_queries
):
    _members(make_user, knivsta, manager, count)
    client.force_login(manager)
    url = reverse("accounts:members", args=[knivsta.pk])
    # session, user, organisation, the menu's roles, members, invitations
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("Skicka igen") == count


@pytest.mark.parametrize("count", [1, 10])
def test_my_account_runs_the_same_queries_whatever_the_number_of_memberships(
    client, manager, knivsta, count, django_assert_num_queries
):
    from promises.models import Organisation

    for i in range(count):
        organisation = Organisation.objects.create(
            kind="kommun", name=f"Kommun {i}", slug=f"k{i}", municipality_code=f"{9000 + i}"
        )
        Membership.objects.create(
            user=manager, organisation=organisation, role="samordnare", is_manager=True
        )
    client.force_login(manager)
    # session, user, the menu's roles, memberships, managed organisations
    with django_assert_num_queries(5):
        assert client.get(reverse("accounts:account")).status_code == 200


def test_the_members_page_links_the_organisations_sign_in_settings(client, manager, knivsta):
    client.force_login(manager)
    html = client.get(reverse("accounts:members", args=[knivsta.pk])).content.decode()
    settings_url = reverse("identity:settings", args=[knivsta.pk])
    assert (
        f'<a href="{settings_url}">Inloggning via organisationens identitetsleverantör</a>' in html
    )
