"""Reminders through a promise's life, with the day given (``--today``): the right people get the
right reminders on the right days, nobody twice, nothing for a draft or closed promise or a
finished activity; ``--dry-run`` records nothing. Sent through the real SMTP server."""

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from notifications.models import SentNotification
from notifications.reminders import plan_activity_reminders
from promises import services

from .conftest import adopt

pytestmark = pytest.mark.django_db


def send_reminders(day: str, capture, run_tasks, *options) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command("send_reminders", "--today", day, *options, stdout=out)
    run_tasks()
    return out.getvalue()


def codes(message) -> set[str]:
    """The activities a reminder lists (in its plain text)."""
    text = message.get_body(("plain",)).get_content()
    return set(re.findall(r"^\* Aktivitet (\d+:\d+):", text, flags=re.MULTILINE))


def test_it_reminds_the_right_people_on_the_right_days_and_never_twice(
    people, promise, plan, owner, smtp, run_tasks, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    joint, police_only, kommun = plan["joint"].code, plan["police"].code, plan["kommun"].code

    # A draft is never reminded of, even in the last days of its period.
    send_reminders("2024-06-25", capture, run_tasks)
    assert smtp.received == []

    adopt(promise, owner)
    # The first half-year ends 2024-06-30: nothing before 10 days ahead.
    send_reminders("2024-06-19", capture, run_tasks)
    assert smtp.received == []

    send_reminders("2024-06-20", capture, run_tasks)
    (to_police,) = smtp.to("jonas@polisen.example")
    (to_police2,) = smtp.to("maria@polisen.example")
    (to_coordinator,) = smtp.to("linnea@knivsta.example")
    assert smtp.to("karin@knivsta.example") == []  # the secretary follows nothing up
    # Police and joint activities to the police, the kommun's to its coordinator; the finished
    # activity to nobody.
    assert codes(to_police) == codes(to_police2) == {joint, police_only}
    assert codes(to_coordinator) == {kommun}
    assert to_police["Subject"] == (
        "Påminnelse: 2 aktiviteter i Knivsta kommun väntar på statusuppdatering"
    )
    assert len(smtp.received) == 3

    # Again the same day, and on the following days of the period: nothing new.
    for day in ("2024-06-20", "2024-06-21", "2024-06-30"):
        send_reminders(day, capture, run_tasks)
    assert len(smtp.received) == 3

    # An update in the next period takes that activity out of the next reminder.
    services.add_status_update(
        user=people["police"],
        activity=plan["joint"],
        status="pagar",
        description="Två vandringar i augusti.",
        date=date(2024, 8, 20),
    )
    send_reminders("2024-12-21", capture, run_tasks)
    assert len(smtp.received) == 6
    assert codes(smtp.to("jonas@polisen.example")[-1]) == {police_only}
    assert codes(smtp.to("linnea@knivsta.example")[-1]) == {kommun}

    # A closed promise is never reminded of.
    services.close_promise(promise=promise, user=owner)
    send_reminders("2025-06-25", capture, run_tasks)
    assert len(smtp.received) == 6
    assert SentNotification.objects.filter(state=SentNotification.State.SENT).count() == 8


def test_it_gives_one_email_a_day_and_the_rest_the_next_day(
    people, promise, plan, owner, focus_area, smtp, run_tasks, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    adopt(promise, owner)
    send_reminders("2024-06-20", capture, run_tasks)
    late = services.create_activity(
        user=owner, focus_area=focus_area, description="Ny insats.", responsible="kommunen"
    )

    send_reminders("2024-06-20", capture, run_tasks)
    assert len(smtp.to("linnea@knivsta.example")) == 1

    send_reminders("2024-06-21", capture, run_tasks)
    second = smtp.to("linnea@knivsta.example")[1]
    assert codes(second) == {late.code}


def test_it_reminds_the_coordinator_when_the_police_area_has_no_police_contact(
    owner, promise, plan, smtp, run_tasks, django_capture_on_commit_callbacks
):
    owner.email = "linnea@knivsta.example"
    owner.save()
    adopt(promise, owner)

    send_reminders("2024-06-25", django_capture_on_commit_callbacks, run_tasks)

    (message,) = smtp.received
    assert codes(message[1]) == {plan["joint"].code, plan["police"].code, plan["kommun"].code}


def test_an_activity_planned_to_begin_after_the_period_waits(
    people, promise, plan, owner, focus_area, smtp, run_tasks, django_capture_on_commit_callbacks
):
    later = services.create_activity(
        user=owner,
        focus_area=focus_area,
        description="Sommarlovsaktiviteter.",
        responsible="kommunen",
        planned_start=date(2024, 7, 1),
    )
    adopt(promise, owner)

    send_reminders("2024-06-25", django_capture_on_commit_callbacks, run_tasks)
    assert codes(smtp.to("linnea@knivsta.example")[0]) == {plan["kommun"].code}

    send_reminders("2024-12-25", django_capture_on_commit_callbacks, run_tasks)
    assert codes(smtp.to("linnea@knivsta.example")[1]) == {plan["kommun"].code, later.code}


def test_a_dry_run_prints_who_would_get_what_and_records_nothing(
    people, promise, plan, owner, smtp, run_tasks, django_capture_on_commit_callbacks
):
    adopt(promise, owner)

    out = send_reminders("2024-06-20", django_capture_on_commit_callbacks, run_tasks, "--dry-run")

    assert "polis <jonas@polisen.example>" in out
    assert "samordnare <linnea@knivsta.example>" in out
    assert f"Knivsta kommun {plan['kommun'].code} första halvåret 2024" in out
    assert "Torrkörning" in out
    assert SentNotification.objects.count() == 0
    assert DBTaskResult.objects.count() == 0
    assert smtp.received == []


def test_it_selects_in_a_fixed_number_of_queries(
    people, promise, plan, owner, focus_area, django_assert_num_queries
):
    adopt(promise, owner)
    with django_assert_num_queries(3):
        few = plan_activity_reminders(date(2024, 6, 20))
    for number in range(20):
        services.create_activity(
            user=owner,
            focus_area=focus_area,
            description=f"Insats {number}.",
            responsible="polisen",
        )
    with django_assert_num_queries(3):
        many = plan_activity_reminders(date(2024, 6, 20))
    assert sum(len(m.items) for m in many) == sum(len(m.items) for m in few) + 40
