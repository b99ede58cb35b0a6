"""The audit trail's history pages in the browser: who changed which field from what to what and
why, word diffs of long texts, headings that name each change's table, the whole promise tree
filterable by kind with deleted items kept, links from each object's page, guards, paging, and a
fixed number of queries however long the history grows."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from promises import services
from promises.history import HISTORY_PAGE_SIZE
from promises.models import Activity, StatusUpdate
from tests.promises.view_data import _activity_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(audit_chain):
    # The audit trail's own chain (see conftest), under the name these tests use.
    return audit_chain


def test_it_shows_who_changed_which_field_from_what_to_what(client, chain, owner, police):
    activity = chain["activity"]
    services.update_activity(
        activity=activity,
        user=police,
        fields={"target_count": 6, "responsible": Activity.Responsible.POLICE},
        reason="Polisen tar över insatsen.",
    )
    client.force_login(owner)
    response = client.get(reverse("promises:activity_history", args=[activity.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    newest = response.context["entries"][0]
    assert newest.user == police
    assert newest.reason == "Polisen tar över insatsen."
    changes = {change.label: (change.old, change.new) for change in newest.changes}
    # Labels, not column names; choices by their Swedish names.
    assert changes["Mål, antal"] == ("4", "6")
    assert changes["Ansvarig"] == ("Gemensamt", "Polisen")
    assert "target_count" not in content
    assert "Polisen tar över insatsen." in content


def test_it_gives_each_change_a_heading_that_names_its_table(client, chain, owner, police):
    """A screen-reader user moves from change to change by headings, and each table has a name."""
    activity = chain["activity"]
    services.update_activity(activity=activity, user=police, fields={"target_count": 6})
    client.force_login(owner)
    response = client.get(reverse("promises:activity_history", args=[activity.pk]))
    content = response.content.decode()
    entries = response.context["entries"]
    headings = dict(re.findall(r'<h2 class="history-heading" id="([^"]+)">([^<]+)</h2>', content))
    tables = re.findall(r'<table aria-labelledby="([^"]+)">', content)
    assert len(headings) == len(entries) >= 2
    assert len(tables) == len(set(tables)) == len(entries)
    assert set(tables) <= set(headings)
    when = timezone.localtime(entries[0].when).strftime("%Y-%m-%d %H:%M")
    name = police.get_full_name() or police.get_username()
    assert headings[tables[0]] == f"Ändrades {when} av {name}"


def test_it_shows_a_long_text_change_as_a_word_diff(client, chain, owner):
    activity = chain["activity"]
    services.update_activity(
        activity=activity,
        user=owner,
        fields={"description": "Planerade narkotikainsatser tillsammans med fältgruppen."},
    )
    client.force_login(owner)
    content = client.get(reverse("promises:activity_history", args=[activity.pk])).content.decode()
    assert "<del>" in content and "beroendemottagningen." in content
    assert "<ins>" in content and "fältgruppen." in content


@pytest.mark.parametrize(
    ("url_name", "key"),
    [
        ("promise_history", "promise"),
        ("focus_area_history", "area"),
        ("activity_history", "activity"),
        ("status_update_history", "update"),
    ],
)
def test_it_lists_the_author_of_each_object_kind(client, chain, owner, url_name, key):
    client.force_login(owner)
    response = client.get(reverse(f"promises:{url_name}", args=[chain[key].pk]))
    assert response.status_code == 200
    entries = response.context["entries"]
    assert entries, "a history page with no entries"
    assert entries[-1].action == "Skapades"
    assert entries[-1].user is not None


def test_it_shows_the_agreements_history(client, chain, owner):
    agreement = chain["promise"].agreement
    services.update_agreement(
        agreement=agreement, user=owner, fields={"title": "Ny titel"}, reason="Rättat namn."
    )
    client.force_login(owner)
    response = client.get(reverse("promises:agreement_history", args=[agreement.pk]))
    newest = response.context["entries"][0]
    assert {c.label: c.new for c in newest.changes}["Titel"] == "Ny titel"
    assert newest.reason == "Rättat namn."


def test_it_shows_the_whole_promise_tree_and_filters_it_by_kind(client, chain, owner):
    client.force_login(owner)
    url = reverse("promises:promise_history", args=[chain["promise"].pk])
    kinds = {entry.kind_label for entry in client.get(url).context["entries"]}
    assert {"Löfte", "Fokusområde", "Aktivitet", "Statusuppdatering"} <= kinds
    only_updates = client.get(url, {"typ": "statusuppdatering"}).context["entries"]
    assert {entry.kind_label for entry in only_updates} == {"Statusuppdatering"}
    assert only_updates[0].object_label == "Uppdatering 2025-03-01 av aktivitet 1:1"


def test_it_keeps_deleted_items_in_the_promise_history(client, chain, owner):
    services.delete_activity(activity=chain["activity"], user=owner)
    client.force_login(owner)
    url = reverse("promises:promise_history", args=[chain["promise"].pk])
    actions = [(e.kind_label, e.action) for e in client.get(url).context["entries"]]
    assert ("Aktivitet", "Togs bort") in actions
    assert ("Statusuppdatering", "Togs bort") in actions


def test_it_shows_the_change_reason_asked_for_by_the_edit_form(client, chain, owner):
    client.force_login(owner)
    activity = chain["activity"]
    edit_url = reverse("promises:activity_edit", args=[activity.pk])
    form = client.get(edit_url).context["form"]
    assert "change_reason" in form.fields
    assert form.fields["change_reason"].label == "Anledning till ändringen"
    data = _activity_form(
        activity,
        target_count=5,
        change_reason="KS beslutade om fler insatser.",
        version=form["version"].value(),
    )
    assert client.post(edit_url, data).status_code == 302
    history = client.get(reverse("promises:activity_history", args=[activity.pk]))
    assert "KS beslutade om fler insatser." in history.content.decode()


def test_it_links_history_pages_from_the_objects_pages(client, chain, owner):
    client.force_login(owner)
    promise_page = client.get(chain["promise"].get_absolute_url()).content.decode()
    assert reverse("promises:promise_history", args=[chain["promise"].pk]) in promise_page
    assert reverse("promises:focus_area_history", args=[chain["area"].pk]) in promise_page
    activity_page = client.get(chain["activity"].get_absolute_url()).content.decode()
    assert reverse("promises:activity_history", args=[chain["activity"].pk]) in activity_page
    assert reverse("promises:status_update_history", args=[chain["update"].pk]) in activity_page
    agreement_page = client.get(chain["promise"].agreement.get_absolute_url()).content.decode()
    assert reverse("promises:agreement_history", args=[chain["promise"].agreement.pk]) in (
        agreement_page
    )


@pytest.mark.parametrize(
    ("url_name", "key"),
    [
        ("agreement_history", "agreement"),
        ("promise_history", "promise"),
        ("focus_area_history", "area"),
        ("activity_history", "activity"),
        ("status_update_history", "update"),
    ],
)
def test_it_guards_history_pages(client, chain, outsider, secretary, url_name, key):
    chain = {**chain, "agreement": chain["promise"].agreement}
    url = reverse(f"promises:{url_name}", args=[chain[key].pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(secretary)
    assert client.get(url).status_code == 200  # reading the record is reading the chain
    assert client.post(url).status_code == 405


@pytest.mark.parametrize(
    ("url_name", "key"),
    [
        ("agreement_history", "agreement"),
        ("promise_history", "promise"),
        ("focus_area_history", "area"),
        ("activity_history", "activity"),
        ("status_update_history", "update"),
    ],
)
def test_it_reads_a_history_page_in_a_fixed_number_of_queries(
    client, chain, owner, police, url_name, key
):
    client.force_login(owner)
    chain = {**chain, "agreement": chain["promise"].agreement}
    url = reverse(f"promises:{url_name}", args=[chain[key].pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    baseline = count()
    for n in range(10):
        services.update_agreement(
            agreement=chain["agreement"], user=owner, fields={"goals": f"Mål {n}"}
        )
        services.update_focus_area(
            focus_area=chain["area"], user=owner, fields={"definition": f"Definition {n}"}
        )
        services.update_status_update(
            status_update=chain["update"], user=police, fields={"occurrences": n}
        )
        services.update_activity(
            activity=chain["activity"], user=police, fields={"target_count": 5 + n}
        )
        services.add_status_update(
            user=police,
            activity=chain["activity"],
            status=StatusUpdate.Status.IN_PROGRESS,
            description=f"Insats {n}.",
            date=date(2025, 4, 1),
        )
        services.create_activity(
            user=owner, focus_area=chain["area"], description=f"Ny aktivitet {n}."
        )
    assert count() == baseline


def test_it_pages_a_long_history(client, chain, owner):
    # The creation and 2 pages and 10 changes more: three pages, the creation last on the third.
    for n in range(2 * HISTORY_PAGE_SIZE + 10):
        services.update_activity(
            activity=chain["activity"], user=owner, fields={"target_count": n + 1}
        )
    client.force_login(owner)
    url = reverse("promises:activity_history", args=[chain["activity"].pk])
    first = client.get(url)
    assert len(first.context["entries"]) == HISTORY_PAGE_SIZE
    assert first.context["page"].paginator.num_pages == 3
    assert "sida=2" in first.content.decode()
    last = client.get(url, {"sida": 3})
    assert len(last.context["entries"]) == 11
    assert last.context["entries"][-1].action == "Skapades"


@pytest.mark.parametrize(
    ("key", "update", "label", "old", "new"),
    [
        (
            "promise",
            {"purpose": "Ett nytt syfte."},
            "Syfte",
            "Ett gemensamt brottsförebyggande arbete.",
            None,
        ),
        (
            "area",
            {"title": "Narkotika och unga"},
            "Rubrik",
            "Insatser i samverkan mot narkotika",
            "Narkotika och unga",
        ),
        ("update", {"status": "genomford"}, "Status", "Pågår", "Genomförd"),
    ],
)
def test_it_lists_changed_fields_with_old_and_new_values(
    client, chain, owner, police, key, update, label, old, new
):
    obj = chain[key]
    writers = {
        "promise": lambda: services.update_promise(promise=obj, user=police, fields=update),
        "area": lambda: services.update_focus_area(focus_area=obj, user=police, fields=update),
        "update": lambda: services.update_status_update(
            status_update=obj, user=police, fields=update
        ),
    }
    writers[key]()
    url_name = {
        "promise": "promise_history",
        "area": "focus_area_history",
        "update": "status_update_history",
    }[key]
    client.force_login(owner)
    response = client.get(reverse(f"promises:{url_name}", args=[obj.pk]))
    newest = response.context["entries"][0]
    assert newest.user == police
    change = next(c for c in newest.changes if c.label == label)
    if change.diff is not None:  # long texts: a word diff with what went and what came
        removed = " ".join(p.text for p in change.diff if p.kind == "removed")
        added = " ".join(p.text for p in change.diff if p.kind == "added")
        assert removed and added
        assert "nytt syfte." in added
    else:
        assert (change.old, change.new) == (old, new)
