"""A draft's parts are written in bulk: validated, with their history, in a fixed number of queries
however many activities the promise has (create_draft, save_draft's entries, create_correction)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from followup import services
from followup.models import Report, ReportActivityEntry
from promises.models import Activity, FocusArea, Promise, StatusUpdate

pytestmark = pytest.mark.django_db


def _promise(agreement, *, activities: int) -> Promise:
    """An adopted promise with ``activities`` activities in two focus areas, each with an update."""
    promise = Promise.objects.create(
        agreement=agreement,
        title=f"Löfte med {activities} insatser",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
        status=Promise.Status.ADOPTED,
        adopted_by="Kommunstyrelsen",
        adopted_on=date(2024, 1, 15),
    )
    areas = [
        FocusArea.objects.create(promise=promise, number=n, title=f"Område {n}") for n in (1, 2)
    ]
    created = Activity.objects.bulk_create(
        Activity(focus_area=areas[n % 2], number=n // 2 + 1, description=f"Insats {n}.")
        for n in range(activities)
    )
    StatusUpdate.objects.bulk_create(
        StatusUpdate(
            activity=activity,
            date=date(2024, 3, 1),
            status="pagar",
            description=f"Uppdatering {activity.pk}.",
            is_public=True,
        )
        for activity in created
    )
    return promise


def _create(owner, promise) -> Report:
    return services.create_draft(
        user=owner,
        promise=promise,
        kind=Report.Kind.ANNUAL,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )


def _save_every_entry(owner, report, text: str) -> None:
    services.save_draft(
        report=report,
        user=owner,
        fields={},
        entries={
            activity_id: services.EntryInput(follow_up=f"{text} {activity_id}")
            for activity_id in report.entries.values_list("activity_id", flat=True)
        },
    )


def test_it_creates_a_draft_in_the_same_number_of_queries_for_ten_times_the_activities(
    owner, agreement
):
    small, large = _promise(agreement, activities=4), _promise(agreement, activities=40)
    _create(owner, small)  # the kommun's first report: later ones copy its header fields
    counts = []
    for promise in (small, large):
        with CaptureQueriesContext(connection) as queries:
            report = _create(owner, promise)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts

    entries = list(report.entries.order_by("pk"))
    assert len(entries) == 40
    assert all(entry.follow_up.endswith(f"Uppdatering {entry.activity_id}.") for entry in entries)
    history = ReportActivityEntry.history.filter(report_id=report.pk)
    assert history.count() == 40
    assert {(row.history_type, row.history_user_id) for row in history} == {("+", owner.pk)}


def test_it_saves_every_entry_in_the_same_number_of_queries_for_ten_times_the_activities(
    owner, agreement
):
    counts = []
    for size in (4, 40):
        report = _create(owner, _promise(agreement, activities=size))
        with CaptureQueriesContext(connection) as queries:
            _save_every_entry(owner, report, "Omskriven")
        counts.append(len(queries))
        changed = ReportActivityEntry.history.filter(report_id=report.pk, history_type="~")
        assert changed.count() == size
        assert {row.history_user_id for row in changed} == {owner.pk}
        assert all(
            entry.follow_up == f"Omskriven {entry.activity_id}" for entry in report.entries.all()
        )
    assert counts[0] == counts[1], counts


def test_it_writes_no_history_for_an_entry_that_did_not_change(owner, agreement):
    report = _create(owner, _promise(agreement, activities=3))
    first, *others = report.entries.order_by("pk")
    services.save_draft(
        report=report,
        user=owner,
        fields={},
        entries={
            first.activity_id: services.EntryInput(follow_up="Ny text."),
            **{e.activity_id: services.EntryInput(follow_up=e.follow_up) for e in others},
        },
    )
    changed = ReportActivityEntry.history.filter(report_id=report.pk, history_type="~")
    assert list(changed.values_list("activity_id", flat=True)) == [first.activity_id]


def test_it_still_validates_each_entry_and_names_its_activity(owner, agreement):
    promise = _promise(agreement, activities=2)
    # An update saved before the personnummer guard caught this spelling (bulk skips validation).
    activity = Activity.objects.filter(focus_area__promise=promise).order_by("pk").last()
    StatusUpdate.objects.filter(activity=activity).update(description="Gällde 19811218-9876.")

    with pytest.raises(ValidationError) as error:
        _create(owner, promise)
    assert f"Insats {activity.code}:" in " ".join(error.value.messages)
    assert not Report.objects.exists()
    assert not ReportActivityEntry.history.exists()

    StatusUpdate.objects.filter(activity=activity).update(description="Rättad.")
    report = _create(owner, promise)
    with pytest.raises(ValidationError) as error:
        services.save_draft(
            report=report,
            user=owner,
            fields={},
            entries={activity.pk: services.EntryInput(verdict_justification="Utan bedömning.")},
        )
    assert f"Insats {activity.code}:" in " ".join(error.value.messages)
    assert report.entries.get(activity=activity).follow_up.endswith("\n\nRättad.")
