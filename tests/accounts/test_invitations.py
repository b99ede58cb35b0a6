"""Invitations: the signed, single-use, expiring link; accepting creates the account and the
membership once; the förvaltare lists, re-sends and revokes pending invitations."""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Invitation
from accounts.tokens import make_token
from promises.models import Membership

from .conftest import link_in

NEW_ACCOUNT = {
    "first_name": "Kim",
    "last_name": "Exempelsson",
    "username": "",
    "password1": "ett-långt-lösenord-42",
    "password2": "ett-långt-lösenord-42",
}


def invite(client, organisation, **data) -> Invitation:
    data = {"email": "kim@knivsta.example", "role": "samordnare", "title": "", **data}
    response = client.post(reverse("accounts:invite", args=[organisation.pk]), data)
    assert response.status_code == 302, response.content.decode()
    return Invitation.objects.get(email=data["email"], organisation=organisation)


@pytest.fixture
def signed_in_manager(client, manager):
    client.force_login(manager)
    return client


def test_an_invitation_is_mailed_and_accepting_it_creates_the_account_and_signs_in(
    signed_in_manager, knivsta, smtp, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(signed_in_manager, knivsta, title="Trygghetssamordnare")
    assert smtp.received == []  # sent by the task, never in the request
    assert run_tasks() == 1
    [message] = smtp.to("kim@knivsta.example")
    assert "Knivsta kommun" in message["Subject"]
    path = link_in(message)

    visitor = Client()
    page = visitor.get(path)
    assert page.status_code == 200
    assert "Knivsta kommun" in page.content.decode() and "Samordnare" in page.content.decode()
    response = visitor.post(path, NEW_ACCOUNT)
    assert response.status_code == 302 and response["Location"] == reverse("promises:start")
    user = get_user_model().objects.get(email="kim@knivsta.example")
    assert user.username == "kim@knivsta.example"  # the address, when no user name was chosen
    assert user.get_full_name() == "Kim Exempelsson"
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role, membership.title) == (
        knivsta,
        "samordnare",
        "Trygghetssamordnare",
    )
    assert membership.history.get().history_change_reason == "Accepterade inbjudan"
    assert visitor.get(reverse("promises:start")).status_code == 200  # signed in
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None and invitation.user == user
    assert invitation.history.filter(history_user=manager_of(invitation)).exists()


def manager_of(invitation):
    return invitation.invited_by


def test_a_used_link_gives_a_swedish_page_and_no_second_account(manager, knivsta):
    invitation = services.invite(
        organisation=knivsta, email="a@x.example", role="samordnare", user=manager
    )
    path = reverse("accounts:accept", args=[make_token(invitation)])
    assert Client().post(path, NEW_ACCOUNT).status_code == 302
    again = Client().post(path, {**NEW_ACCOUNT, "username": "annan"})
    assert again.status_code == 410
    assert "Inbjudan har redan använts" in again.content.decode()
    assert Membership.objects.filter(organisation=knivsta, user__email="a@x.example").count() == 1


def test_an_expired_link_gives_a_swedish_page(manager, knivsta):
    invitation = services.invite(
        organisation=knivsta, email="a@x.example", role="samordnare", user=manager
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    path = reverse("accounts:accept", args=[make_token(invitation)])
    for response in (Client().get(path), Client().post(path, NEW_ACCOUNT)):
        assert response.status_code == 410
        assert "Länken har slutat gälla" in response.content.decode()
    assert not get_user_model().objects.filter(email="a@x.example").exists()


def test_a_revoked_link_gives_a_swedish_page(signed_in_manager, manager, knivsta):
    invitation = services.invite(
        organisation=knivsta, email="a@x.example", role="samordnare", user=manager
    )
    response = signed_in_manager.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 302
    page = Client().get(reverse("accounts:accept", args=[make_token(invitation)]))
    assert page.status_code == 410 and "återkallats" in page.content.decode()
    members = signed_in_manager.get(reverse("accounts:members", args=[knivsta.pk]))
    assert list(members.context["invitations"]) == []


@pytest.mark.parametrize("change", ["flip", "truncate", "garbage", "other-id"])
def test_a_tampered_link_is_refused_with_a_swedish_page(manager, knivsta, change):
    invitation = services.invite(
        organisation=knivsta, email="a@x.example", role="samordnare", user=manager
    )
    token = make_token(invitation)
    tampered = {
        "flip": token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1],
        "truncate": token[:10],
        "garbage": "not:a:token",
        "other-id": token.replace(token.split(":")[0], "WzEsImFiYyJd"),  # [1,"abc"], unsigned
    }[change]
    response = Client().post(reverse("accounts:accept", args=[tampered]), NEW_ACCOUNT)
    assert response.status_code == 404
    assert "Länken är felaktig" in response.content.decode()
    assert not get_user_model().objects.filter(email="a@x.example").exists()


def test_sending_again_voids_the_old_link(
    signed_in_manager, knivsta, smtp, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(signed_in_manager, knivsta)
    run_tasks()
    old = link_in(smtp.to("kim@knivsta.example")[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in_manager.post(
            reverse("accounts:invitation_resend", args=[invitation.pk])
        )
    assert response.status_code == 302
    run_tasks()
    new = link_in(smtp.to("kim@knivsta.example")[1])
    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().post(new, NEW_ACCOUNT).status_code == 302


def test_an_existing_account_signs_in_and_accepts(manager, knivsta, uppsala_police, make_user):
    existing = make_user("kim", email="Kim@Polisen.example")
    invitation = Invitation.objects.create(
        organisation=uppsala_police,
        email="kim@polisen.example",
        role="polis",
        expires_at=timezone.now() + timedelta(days=1),
    )
    path = reverse("accounts:accept", args=[make_token(invitation)])
    page = Client().get(path)
    assert "Logga in och acceptera" in page.content.decode()
    # A new account for an address that has one is refused.
    assert Client().post(path, NEW_ACCOUNT).status_code == 200
    assert get_user_model().objects.filter(email__iexact="kim@polisen.example").count() == 1
    # Someone signed in with another address cannot take it.
    stranger = Client()
    stranger.force_login(manager)
    assert "inbjudan gäller en annan e-postadress" in stranger.post(path).content.decode()
    assert not Membership.objects.filter(organisation=uppsala_police).exists()
    owner = Client()
    owner.force_login(existing)
    assert owner.post(path).status_code == 302
    assert Membership.objects.get(organisation=uppsala_police).user == existing


def test_only_the_organisations_roles_and_no_member_or_second_invitation(manager, knivsta, owner):
    owner.email = "linnea@knivsta.example"
    owner.save()
    with pytest.raises(ValidationError):
        services.invite(organisation=knivsta, email="a@x.example", role="polis", user=manager)
    with pytest.raises(ValidationError):
        services.invite(
            organisation=knivsta, email="LINNEA@knivsta.example", role="samordnare", user=manager
        )
    services.invite(organisation=knivsta, email="a@x.example", role="samordnare", user=manager)
    with pytest.raises(ValidationError):
        services.invite(organisation=knivsta, email="A@x.example", role="samordnare", user=manager)


def test_another_kommuns_forvaltare_and_a_coordinator_get_404(
    client, manager, other_manager, owner, knivsta
):
    invitation = services.invite(
        organisation=knivsta, email="a@x.example", role="samordnare", user=manager
    )
    for person in (other_manager, owner):
        client.force_login(person)
        assert client.get(reverse("accounts:invite", args=[knivsta.pk])).status_code == 404
        assert (
            client.post(
                reverse("accounts:invite", args=[knivsta.pk]),
                {"email": "b@x.example", "role": "samordnare"},
            ).status_code
            == 404
        )
        for name in ("accounts:invitation_resend", "accounts:invitation_revoke"):
            assert client.post(reverse(name, args=[invitation.pk])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert Invitation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_accepts_at_the_same_moment_make_one_account_and_membership(manager, knivsta):
    invitation = services.invite(
        organisation=knivsta, email="a@x.example", role="samordnare", user=manager
    )
    token = make_token(invitation)
    barrier = threading.Barrier(2)
    outcomes = []

    def accept(username):
        try:
            barrier.wait()
            services.accept(
                token=token,
                new_account={
                    "first_name": "A",
                    "last_name": "B",
                    "username": username,
                    "password": "ett-långt-lösenord-42",
                },
            )
            outcomes.append("accepted")
        except (services.InvitationProblem, ValidationError) as problem:
            outcomes.append(type(problem).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(name,)) for name in ("en", "tva")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["InvitationProblem", "accepted"]
    assert Membership.objects.filter(organisation=knivsta, user__email="a@x.example").count() == 1
    assert get_user_model().objects.filter(email="a@x.example").count() == 1
