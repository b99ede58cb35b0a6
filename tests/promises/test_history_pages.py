"""History pages load only their own rows: the promise's tree history and an object's history are
ordered, counted and sliced in SQL, and each entry is still compared with the row before it."""

from datetime import date

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from promises import services
from promises.history import HISTORY_PAGE_SIZE, entries_for, promise_tree_history
from promises.models import Activity, FocusArea, Promise, Signatory, StatusUpdate

pytestmark = pytest.mark.django_db

TREE_MODELS = (Promise, Signatory, FocusArea, Activity, StatusUpdate)


def _tree_history_in_python(promise, kind=""):
    """The tree history as it was computed before it was paged in SQL: every row of the tree loaded,
    each compared with the row before it in Python, then sorted. The reference for the pages."""

    def rows(model, **filters):
        return list(model.history.filter(**filters).select_related("history_user"))

    area_ids = FocusArea.history.filter(promise_id=promise.pk).values("id")
    activity_ids = Activity.history.filter(focus_area_id__in=area_ids).values("id")
    area_rows = rows(FocusArea, promise_id=promise.pk)
    activity_rows = rows(Activity, focus_area_id__in=area_ids)
    area_numbers = {r.id: r.number for r in sorted(area_rows, key=lambda r: r.history_id)}
    codes = {
        r.id: f"{area_numbers.get(r.focus_area_id, '?')}:{r.number}"
        for r in sorted(activity_rows, key=lambda r: r.history_id)
    }

    def activity_label(record):
        return _("Aktivitet %(code)s") % {"code": codes.get(record.id, "?")}

    def update_label(record):
        return _("Uppdatering %(date)s av aktivitet %(code)s") % {
            "date": record.date.isoformat(),
            "code": codes.get(record.activity_id, "?"),
        }

    sources = {
        "lofte": (Promise, lambda: rows(Promise, id=promise.pk), None),
        "undertecknare": (Signatory, lambda: rows(Signatory, promise_id=promise.pk), None),
        "fokusomrade": (FocusArea, lambda: area_rows, None),
        "aktivitet": (Activity, lambda: activity_rows, activity_label),
        "statusuppdatering": (
            StatusUpdate,
            lambda: rows(StatusUpdate, activity_id__in=activity_ids),
            update_label,
        ),
    }
    entries = []
    for key, (model, load, label_for) in sources.items():
        if not kind or key == kind:
            entries.extend(entries_for(model, load(), label_for=label_for))
    entries.sort(key=lambda e: (e.when, e.record.history_id), reverse=True)
    return entries


def _shown(entries):
    return [
        (
            e.kind_label,
            e.object_label,
            e.action,
            e.record.history_id,
            e.user.pk if e.user else None,
            e.reason,
            [
                (c.label, c.old, c.new, c.diff and [(p.kind, p.text) for p in c.diff])
                for c in e.changes
            ],
        )
        for e in entries
    ]


@pytest.fixture
def long_tree(owner, police, adopted_promise, focus_area, activity):
    """A promise with some 300 history rows of every kind, interleaved, some of them deleted."""
    second_area = services.create_focus_area(user=owner, promise=adopted_promise, title="Trygghet")
    activities = [activity]
    for n in range(6):
        area = focus_area if n % 2 else second_area
        activities.append(
            services.create_activity(user=owner, focus_area=area, description=f"Insats {n}.")
        )
    updates = []
    for n in range(100):
        target = activities[n % len(activities)]
        update = services.add_status_update(
            user=police,
            activity=target,
            status=StatusUpdate.Status.IN_PROGRESS,
            description=f"Vi gjorde del {n} av arbetet vid stationen i centrum.",
            date=date(2025, 1 + n % 12, 1 + n % 28),
            occurrences=n % 3,
        )
        updates.append(update)
        services.update_status_update(
            status_update=update,
            user=owner,
            fields={"occurrences": n % 3 + 1, "description": f"Vi gjorde del {n} av arbetet."},
            reason=f"Rättat {n}.",
        )
        if n % 5 == 0:
            services.update_activity(activity=target, user=owner, fields={"partners": f"Skola {n}"})
        if n % 12 == 0:
            services.update_focus_area(
                focus_area=target.focus_area, user=owner, fields={"definition": f"Stycke {n}."}
            )
            services.update_promise(
                promise=adopted_promise, user=owner, fields={"purpose": f"Syfte nummer {n}."}
            )
    services.update_focus_area(focus_area=second_area, user=owner, fields={"number": 7})
    services.delete_activity(activity=activities[3], user=owner, reason="Dubblett.")
    services.delete_focus_area(focus_area=second_area, user=owner, reason="Sammanslaget.")
    return adopted_promise


@pytest.mark.parametrize("kind", ["", "aktivitet", "statusuppdatering", "lofte"])
def test_every_page_shows_what_the_whole_history_computed_in_python_showed(long_tree, kind):
    expected = _shown(_tree_history_in_python(long_tree, kind))
    paged = promise_tree_history(long_tree, kind=kind)
    assert len(paged) == len(expected)
    if not kind:
        assert len(expected) >= 250
    pages = [
        _shown(paged[start : start + HISTORY_PAGE_SIZE])
        for start in range(0, len(expected), HISTORY_PAGE_SIZE)
    ]
    assert [entry for page in pages for entry in page] == expected


NUMBERS = [None, "", "abc", "3.0", " 2 ", "0", "-3", "1", "2", "5", "999999", "9" * 20]


def test_a_page_is_the_page_djangos_paginator_gives_in_one_query_for_its_keys(long_tree):
    """``PagedHistory.page`` counts and slices the keys in one query and reads a bad number as
    ``Paginator.get_page`` does ("abc" the first page, "0" or past the end the last)."""
    paged = promise_tree_history(long_tree)
    for number in NUMBERS:
        with CaptureQueriesContext(connection) as by_django:
            expected = Paginator(paged, HISTORY_PAGE_SIZE).get_page(number)
        with CaptureQueriesContext(connection) as captured:
            page = paged.page(number, HISTORY_PAGE_SIZE)
        assert (page.number, page.paginator.count) == (
            expected.number,
            expected.paginator.count,
        ), number
        assert _shown(page.object_list) == _shown(expected.object_list), number
        # Django's paginator counts, then slices: one query more.
        assert len(captured) == len(by_django) - 1, number


def test_the_keys_are_sorted_once_for_a_page(long_tree):
    """The keys' union is unordered (a union would take the history model's default ordering and
    sort every key); only the page is ordered, once."""
    paged = promise_tree_history(long_tree)
    union_sql, _params = paged._union().query.sql_with_params()
    assert "ORDER BY" not in union_sql.upper()
    with CaptureQueriesContext(connection) as captured:
        paged.page("1", HISTORY_PAGE_SIZE)
    [keys] = [query["sql"] for query in captured if query["sql"].startswith("WITH keys")]
    assert keys.upper().count("ORDER BY") == 1


def test_a_history_page_loads_only_its_own_rows(client, long_tree, owner):
    """Page 1 and the last page build at most the rows shown and the row before each, however
    long the history is."""
    history_models = {model.history.model for model in TREE_MODELS}
    built = []

    def count(sender, **kwargs):
        if sender in history_models:
            built.append(sender)

    client.force_login(owner)
    url = reverse("promises:promise_history", args=[long_tree.pk])
    total = len(promise_tree_history(long_tree))
    assert total > 4 * HISTORY_PAGE_SIZE
    post_init.connect(count)
    try:
        for page in (1, -(-total // HISTORY_PAGE_SIZE)):
            built.clear()
            response = client.get(url, {"sida": page})
            assert response.status_code == 200
            assert response.context["page"].number == page
            assert len(built) <= 2 * HISTORY_PAGE_SIZE
    finally:
        post_init.disconnect(count)


def test_a_far_page_runs_the_queries_of_the_first(client, long_tree, owner):
    client.force_login(owner)
    url = reverse("promises:promise_history", args=[long_tree.pk])

    def queries(**query):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, query).status_code == 200
        return len(captured)

    first = queries()
    assert queries(sida=4) == first
    assert queries(sida=999999) == first
    assert queries(sida="abc") == first
    assert queries(typ="statusuppdatering", sida=2) <= first


def _index_plans(sql: str) -> str:
    with connection.cursor() as cursor:
        # Too few rows for the planner to prefer an index by itself, and with so few rows a sort
        # can cost less than the right index: only an index may be used and a sort is the last
        # resort. Without a fitting index the plan still has to sort, and the test fails.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_history_tables_are_indexed_for_the_pages(long_tree):
    """An object's rows by version (the row before a change) have an index on (id, history_id),
    and a tree's updates and activities by parent in the history's order are read from an index
    alone, without a sort."""
    updates = StatusUpdate.history.model._meta.db_table
    activities = Activity.history.model._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, updates)
    # Which index the planner takes for one row among a handful is a coin toss between equal
    # costs (the primary key with a filter does as well): the index itself is what is checked.
    assert any(c["index"] and c["columns"] == ["id", "history_id"] for c in constraints.values()), (
        constraints
    )
    by_parent = _index_plans(
        f"SELECT history_date, history_id FROM {updates} WHERE activity_id = 1 "
        "ORDER BY history_date DESC, history_id DESC"
    )
    activities_by_parent = _index_plans(
        f"SELECT history_date, history_id FROM {activities} WHERE focus_area_id = 1 "
        "ORDER BY history_date DESC, history_id DESC"
    )
    for plan in (by_parent, activities_by_parent):
        assert "Index Only Scan" in plan, plan
        assert "Sort" not in plan, plan
