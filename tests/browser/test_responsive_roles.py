"""The crawl of test_responsive for the other demo roles (police contact, secretary, förvaltare)
and the service's administrator: every page shape they reach by links passes axe in both windows,
reflows at 375 px and fits at 1280 px. A file of its own, so that it runs beside the visitor's and
the coordinators' crawl when the suite runs in several processes."""

import pytest

from tests.browser.test_responsive import (
    OTHER_ROLES,
    assert_reaches_the_follow_up_and_the_lagesbild,
    crawl_people,
)

pytestmark = [pytest.mark.browser, pytest.mark.crawl]


def test_every_page_of_the_other_roles_passes_axe_and_reflows(demo_data, browser, live_server):
    result = crawl_people(browser, live_server, OTHER_ROLES)
    assert set(result.crawls) == {"polis", "sekreterare", "forvaltare", "admin"}
    assert_reaches_the_follow_up_and_the_lagesbild(result.crawls["polis"])
    # The service's administrator (a superuser, in no organisation) reaches Ny kommun by its menu.
    assert "/ny-kommun/" in result.crawls["admin"].visited, result.crawls["admin"].visited
    assert result.shown > 20, f"only {result.shown} pages shown"
    assert not result.problems, "\n".join(result.problems)
