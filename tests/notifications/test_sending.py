"""The sending path on its own: a task that runs twice sends once, settings from the environment,
the command's arguments."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from config.settings import mailers_setting
from notifications.kinds import Frequency, Kind
from notifications.models import SentNotification
from notifications.services import Delivery, notify, set_preferences
from notifications.tasks import send_notification_task

pytestmark = pytest.mark.django_db


def _notify(user, key="aktivitet-7"):
    return notify(
        user,
        Kind.POLICE_ASSIGNMENT,
        key,
        "Polisen ansvarar nu för aktivitet 1:2",
        "emails/notification",
        {"text": "Aktivitet 1:2 i Knivsta är nu polisens.", "url": "https://x.example/a/"},
        today=date(2024, 5, 2),
    )


def test_a_task_that_runs_twice_sends_once(
    people, smtp, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify(people["police"]) == Delivery.EMAIL
    row = SentNotification.objects.get()
    run_tasks()
    send_notification_task.enqueue(
        batch=str(row.batch),
        kind=row.kind,
        subject=row.subject,
        template="emails/notification",
        context={"text": "igen"},
    )
    run_tasks()

    (message,) = smtp.to("jonas@polisen.example")
    assert "Aktivitet 1:2 i Knivsta är nu polisens." in message.get_body(("plain",)).get_content()
    row.refresh_from_db()
    assert row.state == SentNotification.State.SENT and row.sent_at is not None
    # The same key again: already sent, nothing queued.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert _notify(people["police"]) == Delivery.ALREADY
    assert callbacks == []


def test_a_kind_turned_off_after_it_was_queued_is_not_sent(
    people, smtp, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _notify(people["police"])
    set_preferences(user=people["police"], choices={Kind.POLICE_ASSIGNMENT: Frequency.NEVER})
    run_tasks()
    assert smtp.received == []
    assert not SentNotification.objects.exists()


def test_nobody_without_an_address_is_queued(owner, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert _notify(owner) == Delivery.NO_ADDRESS
    assert callbacks == [] and not SentNotification.objects.exists()


def test_the_mail_settings_come_from_the_environment():
    assert mailers_setting({}) == {
        "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    }
    smtp = mailers_setting(
        {
            "EMAIL_HOST": "smtp.example.se",
            "EMAIL_PORT": "587",
            "EMAIL_USE_TLS": "true",
            "EMAIL_HOST_USER": "loften",
            "EMAIL_HOST_PASSWORD": "hemligt",
        }
    )["default"]
    assert smtp["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert smtp["OPTIONS"] == {
        "host": "smtp.example.se",
        "port": 587,
        "use_tls": True,
        "use_ssl": False,
        "timeout": 30,
        "username": "loften",
        "password": "hemligt",
    }


def test_the_command_refuses_a_day_that_is_not_a_date():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--today", "2024-13-01")
