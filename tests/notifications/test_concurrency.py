"""Two senders at the same moment (two send_reminders, two workers) never send one item twice:
the claim is a unique row, so the second sender waits for the first and then finds it taken."""

import threading
from datetime import date

import pytest
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from notifications.models import SentNotification
from notifications.reminders import plan_activity_reminders
from notifications.services import Delivery, deliver

from .conftest import adopt

DAY = date(2024, 6, 21)


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_claim_each_item_once(people, promise, plan, owner):
    adopt(promise, owner)
    first_claimed = threading.Event()
    second_planned = threading.Event()
    results = {}

    def first():
        try:
            with transaction.atomic():
                results["first"] = deliver(plan_activity_reminders(DAY), today=DAY)
                first_claimed.set()
                # Hold the claim uncommitted until the second sender has planned and is inserting.
                second_planned.wait(timeout=10)
                threading.Event().wait(0.5)
        finally:
            connection.close()

    def second():
        try:
            first_claimed.wait(timeout=10)
            messages = plan_activity_reminders(DAY)
            # The first sender's claim is not committed: this one sees every item as new.
            assert not SentNotification.objects.exists()
            second_planned.set()
            results["second"] = deliver(messages, today=DAY)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert {o.delivery for o in results["first"]} == {Delivery.EMAIL}
    assert {o.delivery for o in results["second"]} == {Delivery.ALREADY}
    rows = SentNotification.objects.all()
    assert rows.count() == 2 * 2 + 1  # two police contacts × two activities, one coordinator × one
    assert len({(row.user_id, row.key) for row in rows}) == rows.count()
    # One e-mail per person (the fixtures' changes queued what others did, which is not sent here).
    sending = DBTaskResult.objects.filter(task_path="notifications.tasks.send_notification_task")
    assert sending.count() == 3
