"""The frame around every page (templates/base.html): favicon, descriptions of the public pages,
and the kommun and police area a public page is about, in its header."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]+)">')


def _header(content: str) -> str:
    return content.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]


def test_it_links_the_favicon_on_every_page(client):
    assert finders.find("favicon.svg")
    for url in [reverse("login"), reverse("public:home")]:
        content = client.get(url).content.decode()
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in content


def test_it_describes_each_public_page_and_only_those(client, knivsta, adopted_promise):
    public = [
        reverse("public:home"),
        reverse("public:municipality", args=[knivsta.slug]),
        reverse("public:promise", args=[knivsta.slug, adopted_promise.pk]),
        reverse("public:accessibility"),
    ]
    descriptions = []
    for url in public:
        found = DESCRIPTION.findall(client.get(url).content.decode())
        assert len(found) == 1, url
        descriptions.append(found[0])
    assert len(set(descriptions)) == len(public)
    assert "Knivsta kommun" in descriptions[1]
    assert adopted_promise.title in descriptions[2]
    assert not DESCRIPTION.search(client.get(reverse("login")).content.decode())


def test_it_names_the_kommun_and_police_area_in_the_public_header(
    client, knivsta, uppsala_police, adopted_promise
):
    for url in [
        reverse("public:municipality", args=[knivsta.slug]),
        reverse("public:promise", args=[knivsta.slug, adopted_promise.pk]),
    ]:
        header = _header(client.get(url).content.decode())
        assert f'<p class="site-context">{knivsta.name}' in header, url
        assert uppsala_police.name in header, url
    assert "site-context" not in _header(client.get(reverse("public:home")).content.decode())
