"""The promise page (issue 10 §2): one "Hantera område" menu per focus area, the rare and final
actions apart from the routine ones, and dates that never break across lines."""

import re
from datetime import date

import pytest
from django.urls import reverse

from promises import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_areas(owner, adopted_promise, focus_area, activity, municipal_activity):
    second = services.create_focus_area(user=owner, promise=adopted_promise, title="Trygg miljö")
    services.create_activity(user=owner, focus_area=second, description="Trygghetsvandringar.")
    return [focus_area, second]


def _page(client, user, promise) -> str:
    client.force_login(user)
    response = client.get(promise.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _menus(html: str) -> list[str]:
    return re.findall(r'<details class="area-menu">(.*?)</details>', html, re.S)


def test_it_gives_each_focus_area_one_menu_with_its_links(
    client, owner, adopted_promise, two_areas
):
    html = _page(client, owner, adopted_promise)
    menus = _menus(html)
    assert len(menus) == 2
    for number, (area, menu) in enumerate(zip(two_areas, menus, strict=True), start=1):
        assert f"<summary>Hantera område {number}</summary>" in menu
        for name in ("activity_create", "focus_area_edit", "focus_area_delete"):
            url = reverse(f"promises:{name}", args=[area.pk])
            assert f'href="{url}"' in menu, name
            # The link is in the menu and nowhere else on the page.
            assert html.count(f'href="{url}"') == 1, name
        assert f'href="{reverse("promises:focus_area_history", args=[area.pk])}"' in menu
    # Area 1 has two activities to renumber, area 2 one.
    assert reverse("promises:activity_renumber", args=[two_areas[0].pk]) in menus[0]
    assert reverse("promises:activity_renumber", args=[two_areas[1].pk]) not in html


def test_it_sets_the_final_actions_apart_at_the_bottom(client, owner, adopted_promise, two_areas):
    html = _page(client, owner, adopted_promise)
    top, bottom = html.split('<section class="final-actions"')
    for name in ("promise_close", "promise_successor"):
        url = reverse(f"promises:{name}", args=[adopted_promise.pk])
        assert url in bottom, name
        assert url not in top, name
    assert reverse("promises:promise_edit", args=[adopted_promise.pk]) in top
    # After every focus area and the promise's texts.
    assert "Hantera område 2" in top
    assert "Texterna i löftet" in top


def test_it_offers_to_delete_a_draft_only_at_the_bottom(client, owner, promise, focus_area):
    html = _page(client, owner, promise)
    top, bottom = html.split('<section class="final-actions"')
    url = reverse("promises:promise_delete", args=[promise.pk])
    assert url in bottom
    assert url not in top
    assert reverse("promises:promise_adopt", args=[promise.pk]) in top


def test_it_shows_a_reader_no_menus_or_final_actions(client, police, adopted_promise, two_areas):
    html = _page(client, police, adopted_promise)
    assert not _menus(html)
    assert "final-actions" not in html
    # The history of each area is still a link.
    assert reverse("promises:focus_area_history", args=[two_areas[1].pk]) in html


def test_it_keeps_dates_on_one_line(client, owner, adopted_promise, activity):
    services.add_status_update(
        user=owner, activity=activity, status="pagar", description="Start.", date=date(2025, 3, 1)
    )
    html = _page(client, owner, adopted_promise)
    assert '<time class="date" datetime="2024-01-01">2024-01-01</time>' in html
    assert '<time class="date" datetime="2025-12-31">2025-12-31</time>' in html
    assert '<time class="date" datetime="2024-01-29">2024-01-29</time>' in html
    assert '<span class="meta date">2025-03-01</span>' in html
