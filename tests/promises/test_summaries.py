"""Each activity's newest update is kept beside it (ActivitySummary), true after every change."""

import threading
import time
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connections, transaction
from django.test import Client
from django.urls import reverse

from promises import services
from promises.models import Activity, ActivitySummary, Deletion, Membership, StatusUpdate
from promises.summaries import refresh_all_summaries

pytestmark = pytest.mark.django_db


def _computed(activity) -> tuple | None:
    """The newest update as the definition says: latest date, then highest id."""
    updates = sorted(
        StatusUpdate.objects.filter(activity=activity), key=lambda u: (u.date, u.pk), reverse=True
    )
    return (updates[0].pk, updates[0].date, updates[0].status) if updates else None


def _kept(activity) -> tuple | None:
    row = ActivitySummary.objects.filter(activity_id=activity.pk).first()
    return (row.latest_update_id, row.latest_date, row.latest_status) if row else None


def _add(owner, activity, day, status=StatusUpdate.Status.IN_PROGRESS):
    return services.add_status_update(
        user=owner, activity=activity, status=status, description="Insats.", date=day
    )


def test_it_keeps_the_newest_update_through_every_change(owner, activity):
    assert _kept(activity) is None  # no update, no row

    first = _add(owner, activity, date(2024, 3, 1))
    assert _kept(activity) == _computed(activity) == (first.pk, date(2024, 3, 1), "pagar")

    older = _add(owner, activity, date(2024, 1, 1), StatusUpdate.Status.DELAYED)
    assert _kept(activity) == (first.pk, date(2024, 3, 1), "pagar")  # an older one changes nothing

    same_day = _add(owner, activity, date(2024, 3, 1), StatusUpdate.Status.DONE)
    assert _kept(activity) == (same_day.pk, date(2024, 3, 1), "genomford")  # same date: higher id

    # A correction that moves the older update forward makes it the newest.
    services.update_status_update(
        status_update=older, user=owner, fields={"date": date(2024, 5, 1)}, reason="Fel datum"
    )
    assert _kept(activity) == _computed(activity) == (older.pk, date(2024, 5, 1), "forsenad")

    older_pk = older.pk
    services.delete_restorable(instance=older, user=owner, reason="Dubblett")
    assert _kept(activity) == _computed(activity) == (same_day.pk, date(2024, 3, 1), "genomford")

    restored = Deletion.objects.get(description__contains="2024-05-01")
    services.restore_deletion(deletion=restored, user=owner)
    assert _kept(activity) == _computed(activity) == (older_pk, date(2024, 5, 1), "forsenad")

    for update in list(activity.status_updates.all()):
        services.delete(update, user=owner, restorable=False)
    assert _kept(activity) is None
    assert refresh_all_summaries() == 0


def test_it_takes_the_summary_along_with_the_activity_and_brings_it_back(owner, activity):
    update = _add(owner, activity, date(2024, 4, 1))
    pk = activity.pk
    services.delete_activity(activity=activity, user=owner, reason="Fel löfte")
    assert not ActivitySummary.objects.filter(activity_id=pk).exists()

    services.restore_deletion(deletion=Deletion.objects.get(), user=owner)
    assert _kept(Activity.objects.get(pk=pk)) == (update.pk, date(2024, 4, 1), "pagar")
    assert refresh_all_summaries() == 0


def test_it_keeps_the_summary_when_the_admin_deletes_updates_in_bulk(owner, activity):
    keep = _add(owner, activity, date(2024, 2, 1))
    newest = _add(owner, activity, date(2024, 9, 1))
    StatusUpdate.objects.filter(pk=newest.pk).delete()  # the admin's "delete selected"
    assert _kept(activity) == (keep.pk, date(2024, 2, 1), "pagar")


def test_it_repairs_summaries_of_updates_written_around_the_app(owner, activity, capsys):
    StatusUpdate.objects.bulk_create(  # bulk loads send no signals
        StatusUpdate(
            activity=activity,
            date=date(2024, 1, 1) + timedelta(days=n),
            status="pagar",
            description=f"Insats {n}",
            author=owner,
        )
        for n in range(5)
    )
    assert _kept(activity) is None
    call_command("refresh_summaries")
    assert "1 sammanfattningar var fel" in capsys.readouterr().out
    assert _kept(activity) == _computed(activity)
    assert _kept(activity)[1] == date(2024, 1, 5)


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_newest_when_ten_people_report_at_once(make_user, knivsta, activity):
    """Ten status updates to one activity, posted at the same moment through the real form, on
    PostgreSQL: the summary must name the newest of all ten, not the last one to commit."""
    people = [
        make_user(f"rapportor-{n}", organisation=knivsta, role=Membership.Role.COORDINATOR)
        for n in range(10)
    ]
    url = reverse("promises:status_update_create", args=[activity.pk])
    barrier = threading.Barrier(len(people))
    statuses: list[int] = []

    def report(person, day):
        client = Client()
        client.force_login(person)
        try:
            barrier.wait(timeout=30)
            response = client.post(
                url,
                {
                    "date": day.isoformat(),
                    "status": "pagar",
                    "description": "Insats.",
                    "occurrences": "1",
                    "is_public": "false",
                },
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    # The newest date goes to the first thread, so that it is unlikely to commit last.
    days = [date(2024, 12, 31) - timedelta(days=n) for n in range(len(people))]
    threads = [
        threading.Thread(target=report, args=pair) for pair in zip(people, days, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert statuses == [302] * len(people)
    activity = Activity.objects.get(pk=activity.pk)
    assert activity.status_updates.count() == len(people)
    assert _kept(activity) == _computed(activity)
    assert _kept(activity)[1] == date(2024, 12, 31)


@pytest.mark.django_db(transaction=True)
def test_it_waits_for_an_unfinished_report_before_naming_the_newest(owner, activity):
    """Two reports overlap: the newer one is written but not yet committed when the older one is
    saved. The older one's refresh must wait for the newer one and keep it, not overwrite it with
    what it saw before the newer one committed."""
    written, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def newer():
        try:
            with transaction.atomic():
                _add(owner, activity, date(2024, 12, 1))
                written.set()
                release.wait(timeout=30)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    def older():
        try:
            written.wait(timeout=30)
            _add(owner, activity, date(2024, 2, 1), StatusUpdate.Status.DELAYED)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=newer), threading.Thread(target=older)]
    for thread in threads:
        thread.start()
    assert written.wait(timeout=30)
    time.sleep(1)  # the older report is now saved and waiting (for the activity's row lock)
    release.set()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert _kept(activity) == _computed(activity)
    assert _kept(activity)[1:] == (date(2024, 12, 1), "pagar")
