"""Correcting and withdrawing a saved status update: its author and the kommun's coordinators may,
with a reason and the same conflict protection as every edit; the public side follows at once."""

import json
from datetime import date

import pytest
from django.urls import reverse

from promises import services
from promises.models import Membership, StatusUpdate
from tests.versions import current_version


@pytest.fixture
def public_update(police, adopted_promise, activity):
    return services.add_status_update(
        user=police,
        activity=activity,
        status=StatusUpdate.Status.IN_PROGRESS,
        description="Narkotikainsats vid stationen.",
        date=date(2025, 3, 1),
        occurrences=1,
        is_public=True,
    )


def _edit_url(update):
    return reverse("promises:status_update_edit", args=[update.pk])


def _withdraw_url(update):
    return reverse("promises:status_update_withdraw", args=[update.pk])


def _edit_data(update, **overrides):
    data = {
        "date": update.date.isoformat(),
        "status": update.status,
        "description": update.description,
        "occurrences": update.occurrences,
        "is_public": "true" if update.is_public else "false",
        "change_reason": "Fel antal.",
        "version": current_version(update),
    }
    data.update(overrides)
    return data


def _public_texts(client, promise):
    slug = promise.agreement.municipality.slug
    pages = [
        reverse("public:promise", args=[slug, promise.pk]),
        reverse("public:municipality_feed", args=[slug]),
        reverse("public:promise_json", args=[slug, promise.pk]),
        reverse("public:promise_csv", args=[slug, promise.pk]),
    ]
    return [_body(client.get(url)).decode("utf-8-sig") for url in pages]


def _body(response) -> bytes:
    """The whole body, read to the end when it streams (the data files)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("url", [_edit_url, _withdraw_url])
def test_it_sends_anonymous_visitors_to_login(client, public_update, url):
    response = client.get(url(public_update))
    assert response.status_code == 302
    assert reverse("login") in response.url


@pytest.mark.parametrize("url", [_edit_url, _withdraw_url])
def test_it_hides_an_update_from_another_kommun(client, public_update, outsider, url):
    client.force_login(outsider)
    assert client.get(url(public_update)).status_code == 404


@pytest.mark.parametrize("url", [_edit_url, _withdraw_url])
def test_it_refuses_the_secretary_and_a_police_contact_who_did_not_write_it(
    client, public_update, secretary, make_user, uppsala_police, url
):
    other_police = make_user("polis-2", organisation=uppsala_police, role=Membership.Role.POLICE)
    for user in (secretary, other_police):
        client.force_login(user)
        assert client.get(url(public_update)).status_code == 403
        assert client.post(url(public_update), _edit_data(public_update)).status_code == 403
    public_update.refresh_from_db()
    assert public_update.is_public


@pytest.mark.parametrize("url", [_edit_url, _withdraw_url])
def test_it_answers_405_to_other_methods(client, public_update, owner, url):
    client.force_login(owner)
    assert client.put(url(public_update)).status_code == 405


@pytest.mark.parametrize("who", ["police", "owner"])
def test_it_lets_the_author_and_a_coordinator_correct_an_update(
    client, public_update, request, who
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(_edit_url(public_update)).status_code == 200

    response = client.post(
        _edit_url(public_update), _edit_data(public_update, occurrences=2, change_reason="Två.")
    )

    assert response.status_code == 302
    public_update.refresh_from_db()
    assert public_update.occurrences == 2
    newest = public_update.history.first()
    assert (newest.history_user, newest.history_change_reason) == (user, "Två.")


def test_it_requires_a_reason_to_correct_an_update(client, public_update, owner):
    client.force_login(owner)
    response = client.post(
        _edit_url(public_update), _edit_data(public_update, description="Ny text", change_reason="")
    )
    assert response.status_code == 200
    assert "change_reason" in response.context["form"].errors
    assert "Ny text" in response.content.decode()
    public_update.refresh_from_db()
    assert public_update.description == "Narkotikainsats vid stationen."


def test_it_refuses_a_correction_over_a_newer_one(client, public_update, owner, police):
    client.force_login(owner)
    opened = current_version(public_update)
    services.update_status_update(
        status_update=public_update, user=police, fields={"occurrences": 3}, reason="Tre."
    )
    response = client.post(
        _edit_url(public_update),
        _edit_data(public_update, description="Min rättelse", version=opened),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Någon annan sparade ändringar medan du skrev" in content
    assert "Min rättelse" in content
    public_update.refresh_from_db()
    assert (public_update.description, public_update.occurrences) == (
        "Narkotikainsats vid stationen.",
        3,
    )


def test_it_withdraws_an_update_from_every_public_output_at_once(
    client, public_update, owner, adopted_promise
):
    assert all(
        "Narkotikainsats vid stationen." in text for text in _public_texts(client, adopted_promise)
    )
    client.force_login(owner)

    response = client.post(
        _withdraw_url(public_update),
        {"change_reason": "Skulle inte publiceras.", "version": current_version(public_update)},
    )

    assert response.status_code == 302
    public_update.refresh_from_db()
    assert not public_update.is_public
    assert public_update.history.first().history_change_reason == "Skulle inte publiceras."
    client.logout()
    for text in _public_texts(client, adopted_promise):
        assert "Narkotikainsats vid stationen." not in text
    data = json.loads(
        _body(client.get(reverse("public:promise_json", args=["knivsta", adopted_promise.pk])))
    )
    assert "Narkotikainsats vid stationen." not in json.dumps(data, ensure_ascii=False)


def test_it_requires_a_reason_to_withdraw(client, public_update, owner):
    client.force_login(owner)
    response = client.post(
        _withdraw_url(public_update), {"change_reason": "", "version": public_update.lock_version}
    )
    assert response.status_code == 200
    assert "change_reason" in response.context["form"].errors
    public_update.refresh_from_db()
    assert public_update.is_public


def test_it_links_correction_and_withdrawal_only_for_those_who_may(
    client, public_update, owner, secretary, activity
):
    url = reverse("promises:activity_detail", args=[activity.pk])
    client.force_login(owner)
    content = client.get(url).content.decode()
    assert _edit_url(public_update) in content
    assert _withdraw_url(public_update) in content
    client.force_login(secretary)
    content = client.get(url).content.decode()
    assert _edit_url(public_update) not in content
