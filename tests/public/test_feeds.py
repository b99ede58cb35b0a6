"""Atom feeds of the public updates, per kommun and per promise."""

import xml.etree.ElementTree as ET
from datetime import date, datetime

import pytest

from promises import services
from promises.models import StatusUpdate
from tests.public.test_pages import PUBLIC_MARKER

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(client, url) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


@pytest.mark.parametrize("name", ["public:municipality_feed", "public:promise_feed"])
def test_it_serves_valid_atom_with_the_public_updates(client, world, name):
    root = _feed(client, world.url(name))
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Knivsta kommun och polisen"
    assert root.find(f"{ATOM}title").text.startswith("Följ med i hur det går!")
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None, required
        datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
    newest = entries[0]
    assert newest.find(f"{ATOM}title").text == "Aktivitet 1:1: Pågår, 13 december 2025"
    assert PUBLIC_MARKER in newest.find(f"{ATOM}summary").text
    link = newest.find(f"{ATOM}link").get("href")
    assert link.endswith(f"{world.url('public:promise')}#uppdatering-{world.public_update.pk}")


def test_it_gives_entries_stable_tag_ids(client, world):
    def ids():
        root = _feed(client, world.url("public:municipality_feed"))
        return [entry.find(f"{ATOM}id").text for entry in root.findall(f"{ATOM}entry")]

    first = ids()
    services.update_status_update(
        status_update=world.public_update,
        user=world.owner,
        fields={"description": "Två narkotikainsatser i december, med ny text."},
    )
    assert ids() == first
    created = world.public_update.created_at.astimezone().date().isoformat()
    assert f"tag:testserver,{created}:statusuppdatering/{world.public_update.pk}" in first
    assert len(set(first)) == len(first)
    promise_root = _feed(client, world.url("public:promise_feed"))
    assert [e.find(f"{ATOM}id").text for e in promise_root.findall(f"{ATOM}entry")] == first


def test_it_uses_the_configured_tag_authority(client, world, settings):
    settings.PUBLIC_FEED_TAG_AUTHORITY = "lofteskollen.example"
    root = _feed(client, world.url("public:promise_feed"))
    assert (
        root.find(f"{ATOM}id").text
        == f"tag:lofteskollen.example,2025:lofteskollen/lofte/{world.promise.pk}"
    )
    for entry in root.findall(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}id").text.startswith("tag:lofteskollen.example,")


def test_it_moves_the_entry_updated_date_when_an_update_is_edited(client, world):
    def updated():
        root = _feed(client, world.url("public:promise_feed"))
        return datetime.fromisoformat(root.find(f"{ATOM}entry/{ATOM}updated").text)

    before = updated()
    services.update_status_update(
        status_update=world.public_update, user=world.owner, fields={"description": "Rättad text."}
    )
    assert updated() > before


def test_it_leaves_out_the_updates_of_other_promises_from_a_promise_feed(client, world):
    other = services.create_promise(
        user=world.owner,
        agreement=world.promise.agreement,
        title="Ett annat löfte",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
    )
    services.adopt_promise(
        promise=other, user=world.owner, adopted_by="Kommunstyrelsen", adopted_on=date(2024, 2, 1)
    )
    area = services.create_focus_area(user=world.owner, promise=other, title="Område")
    activity = services.create_activity(user=world.owner, focus_area=area, description="Något")
    services.add_status_update(
        user=world.owner,
        activity=activity,
        status=StatusUpdate.Status.DONE,
        description="Det andra löftets nyhet.",
        date=date(2025, 5, 5),
        is_public=True,
    )
    promise_feed = client.get(world.url("public:promise_feed")).content.decode()
    municipality_feed = client.get(world.url("public:municipality_feed")).content.decode()
    assert "Det andra löftets nyhet." not in promise_feed
    assert "Det andra löftets nyhet." in municipality_feed


def test_it_answers_404_for_the_feed_of_an_unknown_kommun(client, world):
    from django.urls import reverse

    url = reverse("public:municipality_feed", kwargs={"slug": "finns-inte"})
    assert client.get(url).status_code == 404


def test_it_escapes_markup_in_an_update_so_feed_readers_show_it_as_text(client, world):
    services.update_status_update(
        status_update=world.public_update,
        user=world.owner,
        fields={"description": '<script>alert("x")</script> Möte i <b>skolan</b>'},
    )
    root = _feed(client, world.url("public:promise_feed"))
    summary = root.find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "html"
    assert "<script>" not in summary.text
    assert "&lt;script&gt;" in summary.text
    assert "&lt;b&gt;skolan&lt;/b&gt;" in summary.text
