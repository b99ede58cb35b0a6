"""The start page, the lists of promises and the police's own activities: what each shows, for
whom and filtered how, an ended but still open promise kept on the start page, and the progress
towards a target in every target period that the internal pages show."""

from datetime import date

import pytest
from django.urls import reverse

from promises import services
from promises.models import Agreement, Promise, StatusUpdate
from tests.promises.view_data import _today

pytestmark = pytest.mark.django_db


def test_it_shows_the_start_page_with_current_promises_and_stale_activities(client, chain, owner):
    client.force_login(owner)
    with _today(date(2025, 6, 15)):
        response = client.get(reverse("promises:start"))
    assert response.status_code == 200
    content = response.content.decode()
    assert chain["promise"].title in content
    # The municipal activity has never been updated: it waits for follow-up.
    assert chain["municipal_activity"].get_absolute_url() in content
    assert "Två insatser genomförda i centrum." in content
    assert "0 av 2 aktiviteter genomförda" in content


def test_it_shows_the_police_every_kommun_of_their_area(
    client, chain, police, upplands_bro, uppsala_police, make_user
):
    uppsala_police.covered_municipalities.add(upplands_bro)
    other_agreement = Agreement.objects.create(
        municipality=upplands_bro,
        police_area=uppsala_police,
        title="Överenskommelse Upplands-Bro",
        valid_from=date(2024, 1, 1),
        valid_to=date(2025, 12, 31),
    )
    other = Promise.objects.create(
        agreement=other_agreement,
        title="Medborgarlöfte Upplands-Bro",
        period_start=date(2024, 1, 1),
        period_end=date(2026, 12, 31),
        status=Promise.Status.ADOPTED,
        adopted_by="Kommunstyrelsen",
        adopted_on=date(2024, 2, 1),
    )
    client.force_login(police)
    with _today(date(2025, 6, 15)):
        content = client.get(reverse("promises:start")).content.decode()
    assert chain["promise"].title in content
    assert other.title in content


def test_it_lists_promises_per_kommun(client, chain, owner):
    client.force_login(owner)
    response = client.get(
        reverse("promises:promise_list"), {"kommun": chain["agreement"].municipality_id}
    )
    assert response.status_code == 200
    assert chain["promise"].title in response.content.decode()


def test_it_lists_only_the_police_activities_in_my_activities(client, chain, police):
    client.force_login(police)
    response = client.get(reverse("promises:my_activities"))
    content = response.content.decode()
    assert chain["activity"].get_absolute_url() in content
    assert chain["municipal_activity"].get_absolute_url() not in content


def test_it_filters_my_activities_by_status(client, chain, police):
    client.force_login(police)
    response = client.get(reverse("promises:my_activities"), {"status": "genomford"})
    assert chain["activity"].get_absolute_url() not in response.content.decode()
    response = client.get(reverse("promises:my_activities"), {"status": "pagar"})
    assert chain["activity"].get_absolute_url() in response.content.decode()


def test_it_filters_my_activities_by_kommun(client, chain, police, upplands_bro, uppsala_police):
    uppsala_police.covered_municipalities.add(upplands_bro)
    client.force_login(police)
    response = client.get(reverse("promises:my_activities"), {"kommun": upplands_bro.pk})
    assert chain["activity"].get_absolute_url() not in response.content.decode()
    response = client.get(
        reverse("promises:my_activities"), {"kommun": chain["agreement"].municipality_id}
    )
    assert chain["activity"].get_absolute_url() in response.content.decode()


def test_it_keeps_an_ended_but_open_promise_on_the_start_page(client, chain, owner):
    """After its end date an adopted promise still awaits its closing follow-up."""
    client.force_login(owner)
    with _today(date(2026, 11, 22)):
        content = client.get(reverse("promises:start")).content.decode()
    assert chain["promise"].title in content
    # Its last follow-up period (second half of 2025) had no update of the municipal activity.
    assert chain["municipal_activity"].get_absolute_url() in content
    services.close_promise(promise=chain["promise"], user=owner)
    with _today(date(2026, 11, 22)):
        content = client.get(reverse("promises:start")).content.decode()
    assert chain["promise"].title not in content


# Progress in every target period ---------------------------------------------------------------


@pytest.mark.parametrize("page", ["promise", "activity", "my_activities"])
def test_it_shows_progress_in_every_target_period_counting_internal_updates(
    client, chain, owner, police, page
):
    """Issue 9 §5: year one of a two-year promise must not vanish when year two begins. Internal
    pages count every update, internal ones included (the public pages count public ones only)."""
    services.add_status_update(
        user=owner,
        activity=chain["activity"],
        status=StatusUpdate.Status.IN_PROGRESS,
        description="Tre insatser under första året.",
        date=date(2024, 10, 1),
        occurrences=3,
        is_public=False,
    )
    urls = {
        "promise": chain["promise"].get_absolute_url(),
        "activity": chain["activity"].get_absolute_url(),
        "my_activities": reverse("promises:my_activities"),
    }
    client.force_login(police if page == "my_activities" else owner)
    with _today(date(2025, 6, 15)):
        content = client.get(urls[page]).content.decode()
    assert "2 av 4 narkotikainsatser, 2025" in content
    assert "2024: 3 av 4 narkotikainsatser" in content
    # The current period comes first.
    assert content.index("2 av 4 narkotikainsatser, 2025") < content.index("2024: 3 av 4")
