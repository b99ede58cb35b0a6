"""The Lagkrav reminder: when a kommun's newest adopted lägesbild is older than its renewal cycle
(or it has begun but adopted none), its coordinators are reminded once per due period, through the
real SMTP server the suite starts; a fresh lägesbild reminds no one."""

from datetime import date

import pytest

from notifications.duty_reminders import plan_duty_reminders
from situation.models import DutySettings
from tests.situation.plan_data import adopt, assessment

from .test_reminders import send_reminders

pytestmark = pytest.mark.django_db

SUBJECT = "Påminnelse: dags för en ny lägesbild i Knivsta kommun"


def duty_mails(smtp, address):
    return [m for m in smtp.to(address) if m["Subject"] == SUBJECT]


def test_it_reminds_once_when_the_lägesbild_is_due_and_not_when_fresh(
    people, knivsta, smtp, run_tasks, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    coordinator, police, secretary = people["coordinator"], people["police"], people["secretary"]
    adopt(assessment(knivsta), date(2024, 1, 15))

    send_reminders("2026-01-14", capture, run_tasks)  # fresh: one day left
    assert duty_mails(smtp, coordinator.email) == []

    send_reminders("2026-01-15", capture, run_tasks)  # 24 months old
    send_reminders("2026-01-16", capture, run_tasks)  # and again: never twice
    mails = duty_mails(smtp, coordinator.email)
    assert len(mails) == 1
    text = mails[0].get_body(("plain",)).get_content()
    assert "antogs 2024-01-15 och skulle ha förnyats senast 2026-01-15" in text
    assert "https://loften.example.se/lagesbild/lagkrav/" in text
    # Only the kommun's coordinators.
    assert duty_mails(smtp, police.email) == [] and duty_mails(smtp, secretary.email) == []

    # A new adoption starts a new cycle: quiet until it too is old.
    adopt(assessment(knivsta, version=2), date(2026, 2, 1))
    send_reminders("2026-03-01", capture, run_tasks)
    assert len(duty_mails(smtp, coordinator.email)) == 1
    send_reminders("2028-02-01", capture, run_tasks)
    assert len(duty_mails(smtp, coordinator.email)) == 2


def test_the_kommuns_own_cycle_decides(
    people, knivsta, smtp, run_tasks, django_capture_on_commit_callbacks
):
    DutySettings.objects.create(municipality=knivsta, renewal_months=12)
    adopt(assessment(knivsta), date(2024, 1, 15))
    send_reminders("2025-01-15", django_capture_on_commit_callbacks, run_tasks)
    assert len(duty_mails(smtp, people["coordinator"].email)) == 1


def test_a_kommun_without_a_lägesbild_is_reminded_once_a_year_when_it_has_begun(
    people, knivsta, smtp, run_tasks, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    address = people["coordinator"].email
    assert plan_duty_reminders(date(2026, 1, 1)) == []  # not begun: no checklist, no draft
    DutySettings.objects.create(municipality=knivsta, coordination_function="Trygghetssamordnare")
    send_reminders("2026-01-01", capture, run_tasks)
    send_reminders("2026-06-01", capture, run_tasks)
    mails = duty_mails(smtp, address)
    assert len(mails) == 1
    assert (
        "Knivsta kommun har ingen antagen lägesbild." in mails[0].get_body(("plain",)).get_content()
    )
    send_reminders("2027-01-04", capture, run_tasks)
    assert len(duty_mails(smtp, address)) == 2


def test_the_planner_runs_two_queries_however_many_kommuner(
    people, knivsta, django_assert_num_queries
):
    adopt(assessment(knivsta), date(2020, 1, 15))
    with django_assert_num_queries(2):
        messages = plan_duty_reminders(date(2026, 1, 1))
    assert [m.user for m in messages] == [people["coordinator"]]
