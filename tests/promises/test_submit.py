"""promises.submit.submitted: a form's submission to a service, as every app's views use it."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from promises.submit import submitted


class NameForm(forms.Form):
    name = forms.CharField()


def _request(method="post", data=None):
    request = getattr(RequestFactory(), method)("/", data or {})
    request._messages = CookieStorage(request)
    return request


def _never():
    raise AssertionError("not to be called")


def test_get_and_an_invalid_form_show_the_form_again_without_writing():
    assert submitted(_request("get"), NameForm(), _never, message="x", success="/") is None
    form = NameForm({})
    assert submitted(_request(), form, _never, message="x", success="/") is None
    assert "name" in form.errors


def test_a_refusal_lands_next_to_its_field_and_says_nothing():
    request, form = _request(data={"name": "a"}), NameForm({"name": "a"})

    def refuse():
        raise ValidationError({"name": "Upptaget.", "other": "Annat."})

    assert submitted(request, form, refuse, message="x", success="/") is None
    assert form.errors["name"] == ["Upptaget."]
    assert form.non_field_errors() == ["Annat."]
    assert list(get_messages(request)) == []


def test_a_write_says_its_message_and_redirects_by_value_or_by_its_result():
    request = _request(data={"name": "a"})
    response = submitted(
        request, NameForm({"name": "a"}), lambda: None, message="Sparat.", success="/klart/"
    )
    assert (response.status_code, response.url) == (302, "/klart/")
    assert [str(m) for m in get_messages(request)] == ["Sparat."]

    request = _request(data={"name": "a"})
    response = submitted(
        request,
        NameForm({"name": "a"}),
        lambda: 7,
        message=lambda number: f"Nummer {number}.",
        success=lambda number: f"/sak/{number}/",
    )
    assert response.url == "/sak/7/"
    assert [str(m) for m in get_messages(request)] == ["Nummer 7."]
