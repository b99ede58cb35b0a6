"""The e-mail as its recipient gets it, read back from the real SMTP server: subject, recipients,
Swedish text and HTML, the one-click unsubscribe headers (RFC 8058), and links that work when
followed."""

from datetime import date
from urllib.parse import urlsplit

import pytest
from django.test import Client

from notifications.kinds import Frequency, Kind
from notifications.models import NotificationPreference, SentNotification
from notifications.services import Delivery, notify, set_preferences
from promises.models import StatusUpdate
from tests.htmlforms import forms_of

from .conftest import adopt
from .test_reminders import codes, send_reminders

pytestmark = pytest.mark.django_db


def link_path(url: str) -> str:
    parts = urlsplit(url)
    assert parts.scheme == "https" and parts.netloc == "loften.example.se", url
    return parts.path + (f"#{parts.fragment}" if parts.fragment else "")


def test_a_reminder_reads_well_and_its_links_work(
    people, promise, plan, owner, smtp, run_tasks, django_capture_on_commit_callbacks
):
    adopt(promise, owner)
    send_reminders("2024-06-21", django_capture_on_commit_callbacks, run_tasks)

    (message,) = smtp.to("jonas@polisen.example")
    assert message["To"] == "jonas@polisen.example"
    assert message["From"].addresses[0].addr_spec == "noreply@loften.example.se"
    assert message["From"].addresses[0].display_name == "Löfteskollen, Knivsta kommun"
    assert message["Subject"] == (
        "Påminnelse: 2 aktiviteter i Knivsta kommun väntar på statusuppdatering"
    )
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Hej Jonas!" in text and "Hej Jonas!" in html
    assert "2 aktiviteter som du ansvarar för har ingen statusuppdatering" in text
    assert "Period: första halvåret 2024, slutar 2024-06-30" in text
    assert "Knivsta kommun" in text and "Medborgarlöfte Knivsta 2024–2025" in html
    assert '<html lang="sv">' in html
    # The parts keep their usual lines (quoted-printable 76, headers 78): only the message's own
    # headers may be longer, for the unsubscribe link.
    _headers, body = message.raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)
    assert max(len(line) for line in body.split(b"\n")) <= 78

    # The link to each activity opens its update form, where the update is recorded.
    police = Client()
    police.force_login(people["police"])
    joint = plan["joint"]
    url = next(line.split(": ", 1)[1] for line in text.splitlines() if f"/{joint.pk}/" in line)
    path = link_path(url)
    assert path.endswith("#new-update-heading")
    page = police.get(path.split("#")[0])
    assert page.status_code == 200
    assert 'id="new-update-heading"' in page.content.decode()
    assert f'href="{url}"' in html.replace("&amp;", "&")
    (form,) = [f for f in forms_of(page.content.decode()) if f.action.endswith("/uppdateringar/")]
    data = form.data() | {"date": "2024-06-21", "status": "pagar", "description": "Vandring."}
    response = police.post(form.action, data)
    assert response.status_code == 302, response.content.decode()
    assert StatusUpdate.objects.filter(activity=joint).count() == 1


def test_one_click_unsubscribe_stops_that_kind_only(
    people, promise, plan, owner, smtp, run_tasks, django_capture_on_commit_callbacks
):
    adopt(promise, owner)
    send_reminders("2024-06-21", django_capture_on_commit_callbacks, run_tasks)
    (message,) = smtp.to("jonas@polisen.example")

    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = message["List-Unsubscribe"]
    assert header.startswith("<https://loften.example.se/e-post/avregistrera/") and header.endswith(
        "/>"
    )
    # Unfolded and unencoded, as RFC 8058 clients read it (not as an RFC 2047 encoded word).
    raw = message.raw.replace(b"\r\n", b"\n")
    assert f"\nList-Unsubscribe: {header}\n".encode() in raw
    assert b"\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\n" in raw
    path = link_path(header[1:-1])
    text = message.get_body(("plain",)).get_content()
    assert header[1:-1] in text  # the same link in the footer

    # GET shows a Swedish page with a button and changes nothing.
    page = Client().get(path)
    assert page.status_code == 200
    body = page.content.decode()
    assert (
        "Vill du sluta få ”Påminnelse om aktiviteter att följa upp” till jonas@polisen.example?"
        in body
    )
    assert not NotificationPreference.objects.exists()

    # The mail client's POST: no session, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "Vi skickar inte längre" in response.content.decode()
    preference = NotificationPreference.objects.get(user=people["police"])
    assert (preference.kind, preference.frequency) == (Kind.ACTIVITY_REMINDER, Frequency.NEVER)
    # Recorded in the history, as the user's own change.
    (row,) = preference.history.all()
    assert row.history_user == people["police"]

    send_reminders("2024-12-21", django_capture_on_commit_callbacks, run_tasks)
    assert len(smtp.to("jonas@polisen.example")) == 1
    assert len(smtp.to("maria@polisen.example")) == 2
    # Other kinds still reach the user.
    with django_capture_on_commit_callbacks(execute=True):
        delivery = notify(
            people["police"],
            Kind.POLICE_ASSIGNMENT,
            "aktivitet-1",
            "Polisen ansvarar nu för en aktivitet",
            "emails/notification",
            {"text": "Aktivitet 1:1 är nu polisens."},
            promise.agreement.municipality,
        )
    run_tasks()
    assert delivery == Delivery.EMAIL
    assert smtp.to("jonas@polisen.example")[-1]["Subject"] == "Polisen ansvarar nu för en aktivitet"


@pytest.mark.parametrize(
    "token",
    ["inte-en-token", "WzEsImFrdGl2aXRldHNwYW1pbm5lbHNlIl0:1abc:fel", "x" * 300, "%00"],
)
def test_a_bad_unsubscribe_link_says_so_in_swedish(people, token):
    for method in ("get", "post"):
        response = getattr(Client(), method)(f"/e-post/avregistrera/{token}/")
        assert response.status_code == 400
        assert "Länken för att avsluta mejlen är felaktig eller för gammal" in (
            response.content.decode()
        )
    assert not NotificationPreference.objects.exists()


def test_an_expired_unsubscribe_link_changes_nothing(people, settings):
    from notifications.tokens import make_token

    token = make_token(people["police"].pk, Kind.ACTIVITY_REMINDER)
    settings.UNSUBSCRIBE_LINK_DAYS = -1
    response = Client().post(f"/e-post/avregistrera/{token}/")
    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


def test_weekly_and_never_send_nothing_now_and_weekly_is_kept_for_the_digest(
    people, promise, plan, owner, smtp, run_tasks, django_capture_on_commit_callbacks
):
    set_preferences(user=people["police"], choices={Kind.ACTIVITY_REMINDER: Frequency.WEEKLY})
    set_preferences(user=people["police2"], choices={Kind.ACTIVITY_REMINDER: Frequency.NEVER})
    adopt(promise, owner)

    send_reminders("2024-06-21", django_capture_on_commit_callbacks, run_tasks)

    assert smtp.to("jonas@polisen.example") == smtp.to("maria@polisen.example") == []
    waiting = SentNotification.objects.filter(user=people["police"])
    assert {row.state for row in waiting} == {SentNotification.State.DIGEST}
    assert {row.context["code"] for row in waiting} == {plan["joint"].code, plan["police"].code}
    assert not SentNotification.objects.filter(user=people["police2"]).exists()
    assert codes(smtp.to("linnea@knivsta.example")[0]) == {plan["kommun"].code}


def test_a_failed_send_is_tried_again_on_the_next_run(
    people, promise, plan, owner, smtp, run_tasks, django_capture_on_commit_callbacks, settings
):
    adopt(promise, owner)
    working = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
        }
    }
    send_reminders("2024-06-21", django_capture_on_commit_callbacks, run_tasks)
    assert smtp.received == []
    assert not SentNotification.objects.exists()

    settings.MAILERS = working
    send_reminders("2024-06-21", django_capture_on_commit_callbacks, run_tasks)
    assert len(smtp.received) == 3
    assert date.fromisoformat("2024-06-21") == SentNotification.objects.first().planned_for
