"""Sign-in by user name or e-mail address, and password reset and change for everyone (Django's
views in Swedish, the reset e-mail through the real SMTP server)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from accounts.models import SignedInSession

from .conftest import link_in

LOGIN = "/logga-in/"


def sign_in(username: str, password: str = "test-password") -> Client:
    client = Client()
    client.post(LOGIN, {"username": username, "password": password})
    return client


def signed_in(client: Client) -> bool:
    return client.get(reverse("promises:start")).status_code == 200


def test_a_person_signs_in_with_the_user_name_or_the_address_in_any_case(make_user):
    make_user("kim", email="Kim.Exempelsson@knivsta.example")
    assert signed_in(sign_in("kim"))
    assert signed_in(sign_in("kim.exempelsson@KNIVSTA.example"))
    assert not signed_in(sign_in("kim.exempelsson@knivsta.example", "fel"))
    assert not signed_in(sign_in("KIM"))  # the user name stays exact, as Django's


def test_an_address_two_accounts_share_signs_nobody_in(make_user):
    make_user("kim", email="delad@knivsta.example")
    make_user("kim2", email="DELAD@knivsta.example")
    assert not signed_in(sign_in("delad@knivsta.example"))
    assert signed_in(sign_in("kim2"))


def test_a_deactivated_account_cannot_sign_in_by_address(make_user):
    make_user("kim", email="kim@knivsta.example", is_active=False)
    assert not signed_in(sign_in("kim@knivsta.example"))


def test_guessing_by_address_is_locked_out_by_django_axes(make_user, settings):
    make_user("kim", email="kim@knivsta.example")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in("kim@knivsta.example", "fel")
    response = Client().post(
        LOGIN, {"username": "kim@knivsta.example", "password": "test-password"}
    )
    assert response.status_code == 429


@pytest.mark.django_db  # the sign-in page lists the organisations' identity providers
def test_the_sign_in_page_links_to_a_password_reset():
    page = Client().get(LOGIN).content.decode()
    assert reverse("accounts:password_reset") in page
    assert "Användarnamn eller e-postadress" in page


def test_a_password_is_reset_through_the_mailed_link(
    make_user, smtp, run_tasks, django_capture_on_commit_callbacks
):
    make_user("kim", email="kim@knivsta.example", first_name="Kim")
    visitor = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(
            reverse("accounts:password_reset"), {"email": "KIM@knivsta.example"}
        )
    assert response.status_code == 302
    assert smtp.received == []  # the task sends it
    assert run_tasks() == 1
    [message] = smtp.to("kim@knivsta.example")
    assert message["Subject"] == "Nytt lösenord till Löfteskollen"
    assert "Ditt användarnamn är kim." in message.get_body(preferencelist=("plain",)).get_content()
    form_page = visitor.get(link_in(message), follow=True)
    assert "Välj ett nytt lösenord" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    response = visitor.post(
        set_url,
        {"new_password1": "nytt-långt-lösenord-7", "new_password2": "nytt-långt-lösenord-7"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert signed_in(sign_in("kim", "nytt-långt-lösenord-7"))
    assert not signed_in(sign_in("kim", "test-password"))
    # The link works once.
    again = visitor.get(link_in(message), follow=True)
    assert "Länken fungerar inte" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    db, smtp, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(reverse("accounts:password_reset"), {"email": "ingen@x.example"})
    assert response.status_code == 302
    assert run_tasks() == 0 and smtp.received == []


def test_everyone_changes_their_own_password(make_user):
    make_user("kim")
    client = sign_in("kim")
    page = client.get(reverse("accounts:account"))
    assert reverse("accounts:password_change") in page.content.decode()
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "test-password",
            "new_password1": "nytt-långt-lösenord-7",
            "new_password2": "nytt-långt-lösenord-7",
        },
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="kim").check_password("nytt-långt-lösenord-7")
    assert signed_in(client)  # still signed in on this device, in a renewed session ...
    # ... which deactivating the account would end too.
    assert SignedInSession.objects.filter(session_key=client.session.session_key).exists()
