"""E-postinställningar: each signed-in user chooses, per kind of message their roles get, how often
it comes; every change is kept in the history; a fixed number of queries."""

import pytest
from django.urls import reverse

from notifications.kinds import RULES, Frequency, Kind
from notifications.models import NotificationPreference
from notifications.services import frequencies, set_preferences
from promises.models import Membership

pytestmark = pytest.mark.django_db
URL = "/e-post/installningar/"


def test_it_is_in_the_menu_of_signed_in_users_only(client, owner):
    assert reverse("notifications:preferences") == URL
    assert URL not in client.get("/").content.decode()
    client.force_login(owner)
    assert f'href="{URL}"' in client.get("/start/").content.decode()


def test_a_visitor_is_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")


def test_it_offers_the_kinds_of_the_users_roles_with_the_defaults(client, owner, police):
    client.force_login(owner)
    page = client.get(URL).content.decode()
    assert "<h1>E-postinställningar</h1>" in page
    assert "Påminnelse om uppföljningar till nämnd" in page
    assert "Aktivitet som polisen blivit ansvarig för" not in page  # the police's kind
    assert "Varje vecka" in page  # the digest's own word for "Direkt"
    client.force_login(police)
    page = client.get(URL).content.decode()
    assert "Aktivitet som polisen blivit ansvarig för" in page
    assert "Påminnelse om uppföljningar till nämnd" not in page


def test_it_saves_the_choices_and_keeps_their_history(client, owner):
    client.force_login(owner)
    data = {
        Kind.ACTIVITY_REMINDER: Frequency.WEEKLY,
        Kind.DUE_DATE_REMINDER: Frequency.IMMEDIATELY,
        Kind.WEEKLY_DIGEST: Frequency.NEVER,
        Kind.FOLLOWED_PROMISE_UPDATED: Frequency.WEEKLY,
    }
    response = client.post(URL, data)
    assert response.status_code == 302
    assert response["Location"] == URL
    chosen = frequencies([owner.pk], data)
    assert {kind: chosen[(owner.pk, kind)] for kind in data} == data
    # Only the changes from the defaults are written, each with its author.
    rows = NotificationPreference.objects.filter(user=owner)
    assert {row.kind for row in rows} == {Kind.ACTIVITY_REMINDER, Kind.WEEKLY_DIGEST}
    assert {h.history_user for row in rows for h in row.history.all()} == {owner}
    assert "Dina e-postinställningar är sparade." in client.get(URL).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {Kind.DUE_DATE_REMINDER: Frequency.WEEKLY},  # not a choice for a due date
        {Kind.ACTIVITY_REMINDER: "ofta"},
        {},
    ],
)
def test_it_refuses_a_choice_that_does_not_exist(client, owner, data):
    client.force_login(owner)
    response = client.post(URL, data)
    assert response.status_code == 422
    assert 'class="error-summary"' in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_a_secretary_is_told_that_no_mail_comes(client, secretary):
    client.force_login(secretary)
    assert "Din roll får inga mejl från Löfteskollen." in client.get(URL).content.decode()


def test_the_rules_allow_their_own_defaults():
    for kind, rule in RULES.items():
        assert rule.default in rule.frequencies, kind
    assert set(RULES) == set(Kind.values)


def test_the_page_runs_a_fixed_number_of_queries(
    client, owner, knivsta, make_user, django_assert_num_queries
):
    client.force_login(owner)
    # Session, user, the user's memberships (which also answer the menu's coordinator check) and
    # the page's own reads, the promises followed among them; the session was renewed at sign-in,
    # so it is not written here.
    with django_assert_num_queries(6) as few:
        assert client.get(URL).status_code == 200
    for number in range(10):
        organisation = type(knivsta).objects.create(
            kind="kommun",
            name=f"Kommun {number}",
            slug=f"k{number}",
            municipality_code=f"9{number:03d}",
        )
        Membership.objects.create(user=owner, organisation=organisation, role="samordnare")
    set_preferences(
        user=owner,
        choices={kind: Frequency.NEVER for kind in RULES if kind != Kind.POLICE_ASSIGNMENT},
    )
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(URL).status_code == 200
