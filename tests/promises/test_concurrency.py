"""Ten people editing the same object at the same time, through the real edit forms, on PostgreSQL.

Each person opens the form, changes a text and saves; on a conflict they read who changed what and
save again (a deliberate replacement, after seeing the newer text). Afterwards the history must show
that no accepted save was lost: every accepted save's predecessor in the history is exactly the text
its author saw when they pressed save. A save over a text its author never saw is a lost update.
"""

import html
import itertools
import re
import threading
from dataclasses import dataclass, field

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from promises.models import Activity, Membership, Promise
from tests.htmlforms import post_form

PEOPLE = 10
# In the first rounds everyone opens the form, waits for the others, then all save at once (every
# save but one collides); in the free rounds people open and save as fast as they can, so that
# forms are opened while other saves commit.
ROUNDS = 2
FREE_ROUNDS = 4
CONFLICT = "Någon annan sparade ändringar medan du skrev"


@dataclass
class Outcome:
    accepted: list[tuple[str, str]] = field(default_factory=list)  # (text saved, text seen)
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)


def _latest_text_in_conflict(page: str, label: str) -> str | None:
    """The newest value of ``label`` in the conflict's "who changed what" list."""
    items = re.findall(r"<li>(.*?)</li>", page.split('class="conflict-changes"', 1)[-1], re.S)
    found = None
    for item in items:
        match = re.search(re.escape(label) + r": (.*?)(?:, [A-ZÅÄÖ][^:,]{0,40}: |$)", item, re.S)
        if match:
            found = html.unescape(match.group(1)).strip()
    return found


def _edit(client, url, name, label, person, outcome, barrier):
    try:
        for round_number in range(ROUNDS + FREE_ROUNDS):
            page = client.get(url).content.decode()
            form = post_form(page)
            data = form.data()
            seen = data[name][0]
            text = f"{person} skrev i runda {round_number}"
            data[name] = [text]
            data["change_reason"] = [f"Runda {round_number}"]
            if round_number < ROUNDS:
                barrier.wait(timeout=30)  # everyone has opened the form: now all save at once
            for _attempt in range(100):
                response = client.post(url, data)
                if response.status_code == 302:
                    outcome.accepted.append((text, seen))
                    break
                page = response.content.decode()
                if response.status_code != 200 or CONFLICT not in page:
                    outcome.errors.append(f"{response.status_code}: {page[:300]}")
                    break
                outcome.conflicts += 1
                # The typed text is kept; the person reads what changed and saves again.
                data = post_form(page).data()
                assert data[name] == [text]
                seen = _latest_text_in_conflict(page, label)
    except Exception as error:
        outcome.errors.append(repr(error))
        barrier.abort()
    finally:
        connections.close_all()


def _run(url, name, label, users):
    outcome = Outcome()
    barrier = threading.Barrier(len(users))
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append((user.username, client))
    threads = [
        threading.Thread(target=_edit, args=(client, url, name, label, who, outcome, barrier))
        for who, client in clients
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return outcome


def _lost_updates(history_texts: list[str], outcome: Outcome) -> int:
    """Accepted saves whose predecessor in the history is not what their author saw."""
    seen_by_text = dict(outcome.accepted)
    lost = 0
    for before, after in itertools.pairwise(history_texts):
        if after in seen_by_text and seen_by_text[after] != before:
            lost += 1
    return lost


def _coordinators(make_user, knivsta):
    return [
        make_user(f"samordnare-{n}", organisation=knivsta, role=Membership.Role.COORDINATOR)
        for n in range(PEOPLE)
    ]


@pytest.mark.django_db(transaction=True)
def test_it_loses_no_update_when_ten_people_edit_one_activity(make_user, knivsta, activity):
    users = _coordinators(make_user, knivsta)
    url = reverse("promises:activity_edit", args=[activity.pk])

    outcome = _run(url, "description", "Vad ska göras", users)

    assert outcome.errors == []
    assert len(outcome.accepted) == PEOPLE * (
        ROUNDS + FREE_ROUNDS
    )  # everyone got through, after conflicts
    assert outcome.conflicts > 0  # the saves really did collide
    rows = list(activity.history.order_by("history_id"))
    texts = [row.description for row in rows]
    accepted = [text for text, _seen in outcome.accepted]
    assert sorted(t for t in texts if t in set(accepted)) == sorted(accepted)
    assert _lost_updates(texts, outcome) == 0
    versions = [row.lock_version for row in rows]
    assert versions == list(range(1, len(rows) + 1))  # one version per accepted save
    assert Activity.objects.get(pk=activity.pk).description == texts[-1]


@pytest.mark.django_db(transaction=True)
def test_it_loses_no_update_when_ten_people_edit_one_promise(make_user, knivsta, promise):
    users = _coordinators(make_user, knivsta)
    url = reverse("promises:promise_edit", args=[promise.pk])

    outcome = _run(url, "purpose", "Syfte", users)

    assert outcome.errors == []
    assert len(outcome.accepted) == PEOPLE * (ROUNDS + FREE_ROUNDS)
    assert outcome.conflicts > 0
    texts = [row.purpose for row in promise.history.order_by("history_id")]
    assert _lost_updates(texts, outcome) == 0
    assert Promise.objects.get(pk=promise.pk).purpose == texts[-1]


def test_it_counts_a_save_over_an_unseen_text_as_lost():
    """The checker itself: a history where B overwrote A without seeing it has one lost update."""
    outcome = Outcome(accepted=[("A", "start"), ("B", "start")])
    assert _lost_updates(["start", "A", "B"], outcome) == 1
    assert _lost_updates(["start", "A"], Outcome(accepted=[("A", "start")])) == 0
