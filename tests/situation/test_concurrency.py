"""Two people pressing the same button at the same moment, through the real views, on PostgreSQL:
one result, and the other gets a Swedish message, never a 500 or a second draft."""

import threading
from datetime import date

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from promises.models import Membership
from situation import services
from situation.models import Assessment

PEOPLE = 6


def _post_all_at_once(users, url, data) -> list[int]:
    barrier = threading.Barrier(len(users))
    statuses: list = []

    def press(client):
        try:
            barrier.wait(timeout=30)
            statuses.append(client.post(url, data).status_code)
        except Exception as error:
            statuses.append(repr(error))
        finally:
            connections.close_all()

    clients = []
    for user in users:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    threads = [threading.Thread(target=press, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def _coordinators(make_user, knivsta):
    return [
        make_user(f"samordnare-{n}", organisation=knivsta, role=Membership.Role.COORDINATOR)
        for n in range(PEOPLE)
    ]


@pytest.mark.django_db(transaction=True)
def test_simultaneous_new_drafts_give_one_draft(make_user, knivsta):
    users = _coordinators(make_user, knivsta)
    url = reverse("situation:assessment_create", args=[knivsta.pk])

    statuses = _post_all_at_once(users, url, {"title": "Lägesbild Knivsta 2025"})

    assert sorted(statuses) == [200] * (PEOPLE - 1) + [302]
    assert Assessment.objects.filter(municipality=knivsta).count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_adoptions_give_one_adoption(make_user, knivsta):
    users = _coordinators(make_user, knivsta)
    draft = services.create_draft(user=users[0], municipality=knivsta, title="Lägesbild")
    services.create_problem(
        user=users[0],
        assessment=draft,
        title="Skadegörelse",
        level="hog",
        level_justification="Ökar.",
    )
    url = reverse("situation:assessment_adopt", args=[draft.pk])
    data = {"adopted_by": "Kommunstyrelsen", "adopted_on": "2025-03-10"}

    statuses = _post_all_at_once(users, url, data)

    # One adopts; the others either find it adopted (403 on the frozen version) or are told so.
    assert statuses.count(302) == 1
    assert all(status in (200, 302, 403) for status in statuses), statuses
    draft.refresh_from_db()
    assert draft.adopted_on == date(2025, 3, 10)
    assert draft.history.filter(history_change_reason="Lägesbilden antogs.").count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_additions_of_one_kolada_kpi_give_one_indicator(make_user, knivsta):
    """Six coordinators add N07540 at the same moment: one indicator, every one of them is sent
    to it (the fetch itself runs later, in a task), nobody gets a 500."""
    from situation.models import Indicator

    users = _coordinators(make_user, knivsta)
    url = reverse("situation:indicator_add_kolada", args=[knivsta.pk])

    statuses = _post_all_at_once(users, url, {"kpi": "N07540"})

    assert statuses == [302] * PEOPLE
    assert Indicator.objects.filter(municipality=knivsta, kolada_kpi="N07540").count() == 1
