"""Following a promise: the button on the promise page (a POST with CSRF, no JavaScript), who may
follow, stopping from the promise page or from E-postinställningar, and a fixed number of queries
however many follow."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.follows import follow
from notifications.models import PromiseFollow
from promises.models import Membership, Promise
from tests.htmlforms import forms_of

pytestmark = pytest.mark.django_db
PREFERENCES = "/e-post/installningar/"


def follow_form(html: str, url: str):
    (form,) = [f for f in forms_of(html) if f.action == url]
    return form


def test_a_coordinator_follows_and_stops_following_with_the_button(client, owner, promise):
    client.force_login(owner)
    page = promise.get_absolute_url()
    url = reverse("notifications:follow", args=[promise.pk])
    assert url == f"/e-post/folj/{promise.pk}/"
    html = client.get(page).content.decode()
    assert "Följ löftet</button>" in html
    form = follow_form(html, url)
    assert form.method.lower() == "post" and "csrfmiddlewaretoken" in form.data()

    response = client.post(url, form.data())
    assert response.status_code == 302 and response["Location"] == page
    assert PromiseFollow.objects.filter(user=owner, promise=promise).count() == 1
    html = client.get(page).content.decode()
    assert "Du följer löftet. Du får veta när polisen rapporterar i det" in html  # the message
    assert "Sluta följa</button>" in html and "Följ löftet</button>" not in html
    # Twice is once.
    client.post(url, {"action": "folj"})
    assert PromiseFollow.objects.filter(user=owner, promise=promise).count() == 1

    response = client.post(url, follow_form(html, url).data())
    assert response.status_code == 302 and response["Location"] == page
    assert not PromiseFollow.objects.exists()
    assert "Du följer inte längre löftet." in client.get(page).content.decode()


def test_only_a_post_with_its_csrf_token_and_a_known_action_is_taken(owner, promise):
    url = reverse("notifications:follow", args=[promise.pk])
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.get(url).status_code == 405
    assert client.post(url, {"action": "folj"}).status_code == 403  # no CSRF token
    assert not PromiseFollow.objects.exists()
    plain = Client()
    plain.force_login(owner)
    for data in ({}, {"action": "x"}, {"action": "folj", "back": "https://evil.example"}):
        assert plain.post(url, data).status_code == 400
    assert not PromiseFollow.objects.exists()
    visitor = Client()
    response = visitor.post(url, {"action": "folj"})
    assert response.status_code == 302 and response["Location"].startswith("/logga-in/")


def test_who_may_follow(client, owner, police, secretary, outsider, promise):
    url = reverse("notifications:follow", args=[promise.pk])
    # Those who may read the promise but get no news of it: no button, and 403.
    for user in (police, secretary):
        client.force_login(user)
        assert "Följ löftet" not in client.get(promise.get_absolute_url()).content.decode()
        assert client.post(url, {"action": "folj"}).status_code == 403
    # Another kommun's coordinator: the promise does not exist for them.
    client.force_login(outsider)
    assert client.post(url, {"action": "folj"}).status_code == 404
    assert client.post(url, {"action": "sluta"}).status_code == 404
    missing = reverse("notifications:follow", args=[promise.pk + 1000])
    client.force_login(owner)
    assert client.post(missing, {"action": "folj"}).status_code == 404
    assert not PromiseFollow.objects.exists()


def test_the_preferences_page_lists_the_follows_and_stops_one(client, owner, promise, agreement):
    other = Promise.objects.create(
        agreement=agreement,
        title="Åtgärdsplan Knivsta 2026",
        period_start=promise.period_start,
        period_end=promise.period_end,
    )
    client.force_login(owner)
    html = client.get(PREFERENCES).content.decode()
    assert "Du följer inga löften." in html
    follow(user=owner, promise=promise)
    follow(user=owner, promise=other)
    html = client.get(PREFERENCES).content.decode()
    assert '<h2 id="follows-heading">Löften du följer</h2>' in html
    assert f'href="{promise.get_absolute_url()}">Medborgarlöfte Knivsta 2024–2025</a>' in html
    url = reverse("notifications:follow", args=[other.pk])
    form = follow_form(html, url)
    assert 'Sluta följa<span class="visually-hidden"> Åtgärdsplan Knivsta 2026' in html
    response = client.post(url, form.data())
    assert response.status_code == 302 and response["Location"] == PREFERENCES
    assert list(PromiseFollow.objects.values_list("promise_id", flat=True)) == [promise.pk]

    # Someone who has left the kommun still sees, and may stop, their follow.
    Membership.objects.filter(user=owner).delete()
    html = Client()
    html.force_login(owner)
    page = html.get(PREFERENCES).content.decode()
    url = reverse("notifications:follow", args=[promise.pk])
    assert html.post(url, follow_form(page, url).data()).status_code == 302
    assert not PromiseFollow.objects.exists()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("viewer_follows", [False, True])
def test_the_promise_page_runs_a_fixed_number_of_queries_however_many_follow(
    client, owner, knivsta, promise, make_user, viewer_follows
):
    client.force_login(owner)
    if viewer_follows:
        follow(user=owner, promise=promise)

    def add_followers(count, start):
        for n in range(start, start + count):
            user = make_user(f"foljare{n}", organisation=knivsta, role="samordnare")
            follow(user=user, promise=promise)

    add_followers(1, 0)
    url = promise.get_absolute_url()
    one = _count(client, url)
    add_followers(9, 1)
    assert _count(client, url) == one
    # And the button costs one query for a coordinator, none for anyone else.
    assert PromiseFollow.objects.filter(promise=promise).count() == 10 + viewer_follows


def test_the_preferences_page_runs_a_fixed_number_of_queries_however_many_follows(
    client, owner, agreement
):
    client.force_login(owner)

    def add_promises(count, start):
        for n in range(start, start + count):
            promise = Promise.objects.create(
                agreement=agreement,
                title=f"Löfte {n}",
                period_start=agreement.valid_from,
                period_end=agreement.valid_to,
            )
            follow(user=owner, promise=promise)

    add_promises(1, 0)
    one = _count(client, PREFERENCES)
    add_promises(9, 1)
    assert _count(client, PREFERENCES) == one
