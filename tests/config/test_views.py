"""Swedish error pages: 400, 403, 404, 500 (and 503, see test_middleware), each with a way home."""

import pytest
from django.template import loader
from django.test import Client, RequestFactory
from django.urls import reverse

from config.views import server_error


def _assert_swedish_error_page(response, status, heading):
    assert response.status_code == status
    content = response.content.decode()
    assert '<html lang="sv">' in content
    assert f"<h1>{heading}</h1>" in content
    assert '<a href="/">Till startsidan</a>' in content
    assert 'href="#main"' in content
    assert "Not Found" not in content and "Server Error" not in content


@pytest.mark.django_db
def test_it_answers_404_in_swedish(client):
    _assert_swedish_error_page(client.get("/finns-inte/"), 404, "Sidan finns inte")


@pytest.mark.django_db
def test_it_answers_403_in_swedish(client, secretary, agreement):
    client.force_login(secretary)  # read-only: may not edit
    response = client.get(reverse("promises:agreement_edit", args=[agreement.pk]))
    _assert_swedish_error_page(response, 403, "Du har inte behörighet")


@pytest.mark.django_db
def test_it_answers_a_refused_form_in_swedish():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "a", "password": "b"})
    _assert_swedish_error_page(response, 403, "Formuläret kunde inte skickas")


@pytest.mark.django_db
def test_it_answers_400_in_swedish(client):
    response = client.get("/", headers={"host": "angripare.example"})
    _assert_swedish_error_page(response, 400, "Felaktig begäran")


def test_it_renders_the_500_page_without_a_request_or_a_database():
    # No django_db mark: any database access here would fail the test.
    html = loader.get_template("500.html").render()
    assert "<h1>Något gick fel</h1>" in html
    assert '<html lang="sv">' in html


def test_it_answers_500_in_swedish_through_the_handler():
    request = RequestFactory().get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    _assert_swedish_error_page(response, 500, "Något gick fel")


@pytest.mark.django_db
def test_the_health_check_answers_ok_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/helse/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_health_check_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/helse/").status_code == 200
    assert client.get("/").status_code == 301
