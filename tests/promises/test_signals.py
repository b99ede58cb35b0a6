"""A change reason: the form, the services and the history agree on its length (200 characters).

The history column held 100 characters while the form allowed 200, so a reason of 101–200
characters gave a server error on PostgreSQL.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from promises import services
from promises.text import CHANGE_REASON_MAX_LENGTH
from tests.form_data import page_form

pytestmark = pytest.mark.django_db

EDIT_VIEWS = [("promises:promise_edit", "promise"), ("promises:activity_edit", "activity")]


def _reason(length: int) -> str:
    return ("Förtydligat efter mötet med skolan. " * 10)[:length]


@pytest.mark.parametrize(("view", "key"), EDIT_VIEWS)
@pytest.mark.parametrize("length", [150, CHANGE_REASON_MAX_LENGTH])
def test_it_saves_a_long_change_reason_in_the_history(client, owner, request, view, key, length):
    obj = request.getfixturevalue(key)
    client.force_login(owner)
    url = reverse(view, args=[obj.pk])
    data = page_form(client, url)
    data["title" if key == "promise" else "description"] = "Nytt namn på insatsen"
    data["change_reason"] = _reason(length)
    response = client.post(url, data)
    assert response.status_code == 302
    assert obj.history.first().history_change_reason == _reason(length)


@pytest.mark.parametrize(("view", "key"), EDIT_VIEWS)
def test_it_refuses_a_too_long_change_reason_next_to_the_field(client, owner, request, view, key):
    obj = request.getfixturevalue(key)
    client.force_login(owner)
    url = reverse(view, args=[obj.pk])
    data = page_form(client, url)
    typed = _reason(CHANGE_REASON_MAX_LENGTH) + "!"
    data["change_reason"] = typed
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "Säkerställ att detta värde har som mest 200 tecken" in form.errors["change_reason"][0]
    assert form["change_reason"].value() == typed
    assert 'maxlength="200"' in response.content.decode()


def test_it_refuses_a_too_long_change_reason_in_the_services_before_writing(owner, activity):
    before = activity.history.count()
    with pytest.raises(ValidationError) as excinfo:
        services.update_activity(
            activity=activity,
            user=owner,
            fields={"description": "Ändrad"},
            reason=_reason(CHANGE_REASON_MAX_LENGTH) + "!",
        )
    assert "change_reason" in excinfo.value.message_dict
    activity.refresh_from_db()
    assert activity.description != "Ändrad"
    assert activity.history.count() == before


def test_it_refuses_a_personnummer_in_a_change_reason_in_the_services(owner, activity):
    with pytest.raises(ValidationError) as excinfo:
        services.update_activity(
            activity=activity, user=owner, fields={}, reason="Gäller 121212-1212"
        )
    assert "change_reason" in excinfo.value.message_dict


def test_it_stores_a_change_reason_normalised(owner, activity):
    services.update_activity(
        activity=activity, user=owner, fields={"description": "Ändrad"}, reason="Rad\x0bett\x00"
    )
    assert activity.history.first().history_change_reason == "Rad\nett"


def test_it_keeps_the_reason_of_a_deletion_to_the_same_rule(owner, activity):
    with pytest.raises(ValidationError):
        services.delete_activity(
            activity=activity, user=owner, reason=_reason(CHANGE_REASON_MAX_LENGTH) + "!"
        )
    activity.refresh_from_db()
