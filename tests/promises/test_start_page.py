"""The start page by role (issue 10 §2): a coordinator who has nothing yet sees the first steps,
finished activities wait for no follow-up, and a secretary does not get the follow-up list.

The secretary's reports are the follow-up app's section: tests/followup/test_start_page.py."""

import re
from datetime import date

import pytest
from django.urls import reverse

from promises import services
from promises.models import StatusUpdate
from tests.promises.view_data import _today

pytestmark = pytest.mark.django_db

STALE_HEADING = "Aktiviteter som väntar på uppföljning"


def _start(client, user, day=date(2025, 6, 15)) -> str:
    client.force_login(user)
    with _today(day):
        response = client.get(reverse("promises:start"))
    assert response.status_code == 200
    return response.content.decode()


def _stale(client, user) -> str:
    return _start(client, user).split(STALE_HEADING)[1].split("</section>")[0]


FIRST_STEPS = 'id="first-steps-heading"'  # the section "Kom igång" (the footer links a page)


def _steps(html: str) -> list[str]:
    """The first steps as (link, text, done) lines."""
    part = html.split('<ol class="first-steps">')[1].split("</ol>")[0]
    part = re.sub(r'<br><span class="help">.*?</span>', "", part)  # each step's example
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", lambda m: _tag(m.group(0)), item)).strip()
        for item in re.findall(r"<li>(.*?)</li>", part, re.S)
    ]


def _tag(tag: str) -> str:
    href = re.search(r'href="([^"]*)"', tag)
    return f"[{href.group(1)}] " if href else ""


def test_it_shows_a_new_coordinator_the_first_steps(client, outsider):
    html = _start(client, outsider)
    assert FIRST_STEPS in html
    assert _steps(html) == [
        f"[{reverse('promises:agreement_create')}] Lägg in samverkansöverenskommelsen",
        f"[{reverse('promises:promise_create')}] Skriv löftet eller åtgärdsplanen",
        "Lägg till fokusområden och aktiviteter",
        "Anta löftet",
    ]
    assert STALE_HEADING not in html


def test_it_marks_the_steps_done_and_links_the_draft_forms(
    client, outsider, upplands_bro, jarfalla_police
):
    agreement = services.create_agreement(
        user=outsider,
        municipality=upplands_bro,
        police_area=jarfalla_police,
        title="Samverkansöverenskommelse Upplands-Bro",
        valid_from=date(2025, 1, 1),
        valid_to=date(2026, 12, 31),
    )
    draft = services.create_promise(
        user=outsider,
        agreement=agreement,
        title="Medborgarlöfte Upplands-Bro",
        period_start=date(2025, 1, 1),
        period_end=date(2026, 12, 31),
    )
    assert _steps(_start(client, outsider)) == [
        f"[{reverse('promises:agreement_create')}] Lägg in samverkansöverenskommelsen Klart",
        f"[{reverse('promises:promise_create')}?agreement={agreement.pk}] "
        "Skriv löftet eller åtgärdsplanen Klart",
        f"[{reverse('promises:focus_area_create', args=[draft.pk])}] "
        "Lägg till fokusområden och aktiviteter",
        f"[{reverse('promises:promise_adopt', args=[draft.pk])}] Anta löftet",
    ]
    area = services.create_focus_area(user=outsider, promise=draft, title="Trygg centrummiljö")
    services.create_activity(user=outsider, focus_area=area, description="Trygghetsvandringar.")
    steps = _steps(_start(client, outsider))
    assert steps[2] == f"[{draft.get_absolute_url()}] Lägg till fokusområden och aktiviteter Klart"
    services.adopt_promise(
        promise=draft, user=outsider, adopted_by="Kommunstyrelsen", adopted_on=date(2025, 2, 1)
    )
    html = _start(client, outsider)
    assert FIRST_STEPS not in html
    assert STALE_HEADING in html


def test_it_does_not_list_a_finished_activity_as_awaiting_follow_up(
    client, owner, adopted_promise, municipal_activity, activity
):
    """Both activities have no update in the first half of 2025; the one whose latest status is
    genomförd (or inställd) waits for nothing, until a newer update reopens it."""
    stale = _stale(client, owner)
    assert municipal_activity.get_absolute_url() in stale
    assert activity.get_absolute_url() in stale
    for target, status in (
        (municipal_activity, StatusUpdate.Status.DONE),
        (activity, StatusUpdate.Status.CANCELLED),
    ):
        services.add_status_update(
            user=owner,
            activity=target,
            status=status,
            description="Klart.",
            date=date(2024, 10, 1),
        )
    stale = _stale(client, owner)
    assert municipal_activity.get_absolute_url() not in stale
    assert activity.get_absolute_url() not in stale
    assert "Alla aktiviteter är uppföljda för perioden." in stale
    services.add_status_update(
        user=owner,
        activity=municipal_activity,
        status=StatusUpdate.Status.IN_PROGRESS,
        description="Planen görs om.",
        date=date(2024, 11, 1),
    )
    stale = _stale(client, owner)
    assert municipal_activity.get_absolute_url() in stale


def test_it_shows_the_secretary_no_follow_up_list(client, secretary, adopted_promise, activity):
    html = _start(client, secretary)
    assert STALE_HEADING not in html
    assert "Senaste uppdateringarna" not in html
    assert FIRST_STEPS not in html
    # The current promises are still there.
    assert adopted_promise.title in html


def test_it_shows_a_coordinator_with_an_adopted_promise_no_first_steps(
    client, owner, adopted_promise, activity
):
    html = _start(client, owner)
    assert FIRST_STEPS not in html
    assert STALE_HEADING in html
