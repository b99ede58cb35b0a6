"""The charts of the public promise page (issue 12 §5): the same charts as on the Uppföljningsläge,
counted from public updates of the adopted promise only.

The world's activity 1:1 (target 4 per år) has public updates on 2025-03-01 (1 occurrence) and
2025-12-13 (2), and an internal one on 2025-12-20 (5) that no public chart may count.
"""

from datetime import date

import pytest

from tests.promises.test_standing import SVG, _svg, _table
from tests.promises.view_data import _today

pytestmark = pytest.mark.django_db

# After the promise's period (2024–2025): its charts show its last twelve months.
DAY = date(2026, 1, 15)


def _page(client, world, day=DAY) -> str:
    with _today(day):
        response = client.get(world.url("public:promise"))
    assert response.status_code == 200
    return response.content.decode()


def test_it_counts_only_public_updates_per_month(client, world):
    html = _page(client, world)
    pk = world.promise.pk
    chart = _svg(html, f"manader-{pk}")
    values = [int(text.text) for text in chart.findall(f"{SVG}text[@class='chart-value']")]
    table = _table(html, f"manader-{pk}-caption")
    assert len(chart.findall(f"{SVG}rect[@class='chart-bar']")) == len(table) == 12
    assert values == [int(row[1]) for row in table]
    counts = {row[0]: int(row[1]) for row in table if row[1] != "0"}
    # December has a public and an internal update: only the public one is counted.
    assert counts == {"mars 2025": 1, "december 2025": 1}
    assert chart.find(f"{SVG}title").text == "Nyheter per månad, januari 2025–december 2025"


def test_it_counts_only_public_occurrences_toward_the_targets(client, world):
    html = _page(client, world)
    pk = world.promise.pk
    chart = _svg(html, f"mal-{pk}")
    labels = [
        "".join(text.itertext()) for text in chart.findall(f"{SVG}text[@class='chart-label']")
    ]
    # With the internal update's five occurrences 2025 would read "8 av 4 ✓".
    assert labels == ["1:1 · 2024: 0 av 4", "1:1 · 2025: 3 av 4"]
    assert _table(html, f"mal-{pk}-caption") == [
        ["1:1, 2024", "0", "4 narkotikainsatser"],
        ["1:1, 2025", "3", "4 narkotikainsatser"],
    ]
    # The public page never links to the internal activity pages.
    assert world.activity.get_absolute_url() not in html


def test_it_says_so_when_there_is_nothing_to_chart(client, world):
    """Before the first public update there is nothing to chart, only a sentence; the months
    are those of the promise's period so far."""
    html = _page(client, world, day=date(2024, 6, 1))
    assert f'aria-labelledby="manader-{world.promise.pk}-title' not in html
    assert "Inga nyheter från januari 2024 till juni 2024." in html


def test_it_charts_the_targets_of_the_activities_on_the_page_only(client, world, owner):
    """A promise of many activities shows its targets page by page, like its activities: the
    target chart of a page holds that page's activities, never every activity of the promise."""
    from promises import services
    from promises.selectors import PROMISE_PAGE_SIZE

    for number in range(PROMISE_PAGE_SIZE + 2):
        services.create_activity(
            user=owner,
            focus_area=world.activity.focus_area,
            description=f"Aktivitet med mål {number}.",
            target_count=2,
            target_unit="träffar",
            target_period="ar",
        )
    pk = world.promise.pk
    first = {row[0].split(",")[0] for row in _table(_page(client, world), f"mal-{pk}-caption")}
    with _today(DAY):
        response = client.get(world.url("public:promise"), {"aktiviteter": 2})
    second = {
        row[0].split(",")[0] for row in _table(response.content.decode(), f"mal-{pk}-caption")
    }
    assert len(first) == PROMISE_PAGE_SIZE
    assert len(second) == 27 - PROMISE_PAGE_SIZE + 1
    assert not first & second
