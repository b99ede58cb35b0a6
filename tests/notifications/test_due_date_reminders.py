"""Due-date reminders with the day given (``send_reminders --today``): the coordinators are reminded
before each follow-up owed to a committee, once per date and person (again when the date moves),
never for a met date or a draft or closed promise; the reminder's link opens "Ny
uppföljningsrapport" with that due date chosen, and the report issued from it ends the reminders.
Sent through the real SMTP server."""

import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from followup.models import Report
from notifications.due_dates import plan_due_date_reminders
from notifications.models import SentNotification
from promises import services
from promises.models import DueDate
from tests.followup.report_factory import confirmed, fill_draft
from tests.htmlforms import forms_of

from .conftest import adopt
from .kommuner import add_kommun
from .test_reminders import send_reminders

pytestmark = pytest.mark.django_db

SUBJECT = "Påminnelse: Årsuppföljning till Kommunstyrelsen, senast 2025-02-28"


@pytest.fixture
def due(settings, owner, promise, plan):
    """Knivsta's adopted promise with a late half-year follow-up (never reported) and its annual
    one, due 2025-02-28; reminders 14 days ahead."""
    settings.DUE_DATE_REMINDER_DAYS_BEFORE = 14
    adopt(promise, owner)

    def add(title, due_on, **fields):
        return services.create_due_date(
            user=owner,
            document=promise,
            title=title,
            due_on=due_on,
            recipient="Kommunstyrelsen",
            **fields,
        )

    return {
        "late": add("Halvårsuppföljning", date(2024, 9, 30), kind=DueDate.Kind.HALF_YEAR),
        "annual": add("Årsuppföljning till Kommunstyrelsen", date(2025, 2, 28)),
    }


def due_date_mails(smtp, address):
    return [m for m in smtp.to(address) if m["Subject"].startswith("Påminnelse: Årsuppföljning")]


def link(text: str, label: str) -> str:
    return re.search(rf"{re.escape(label)}: (\S+)", text).group(1)


def link_path(url: str) -> str:
    """The path and query of a link in an e-mail, for the test client."""
    parts = urlsplit(url)
    assert parts.scheme == "https" and parts.netloc == "loften.example.se", url
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_the_reminder_leads_to_the_report_that_meets_the_date(
    people,
    promise,
    due,
    owner,
    smtp,
    run_tasks,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    settings.MEDIA_ROOT = tmp_path
    # 15 days ahead: not yet. 14 days ahead: the coordinator, and only she.
    send_reminders("2025-02-13", capture, run_tasks)
    assert smtp.received == []
    send_reminders("2025-02-14", capture, run_tasks)
    (message,) = smtp.received
    assert message[0] == ["linnea@knivsta.example"]
    message = message[1]
    assert message["Subject"] == SUBJECT
    assert message["From"].addresses[0].display_name == "Löfteskollen, Knivsta kommun"
    text = message.get_body(("plain",)).get_content()
    assert "Hej Linnéa!" in text
    assert "Årsuppföljning till Kommunstyrelsen, senast 2025-02-28 (om 14 dagar)" in text
    assert "Till: Kommunstyrelsen" in text
    assert "Löfte: Medborgarlöfte Knivsta 2024–2025" in text

    # Never twice, on the same day or the following ones.
    for day in ("2025-02-14", "2025-02-20", "2025-02-28"):
        send_reminders(day, capture, run_tasks)
    assert len(smtp.received) == 1

    # The link opens "Ny uppföljningsrapport" with this due date chosen, not the late one.
    client = Client()
    client.force_login(owner)
    page = client.get(
        link_path(link(text, "Skriv uppföljningsrapporten (uppföljningen är förvald)"))
    )
    assert page.status_code == 200
    (form,) = [f for f in forms_of(page.content.decode()) if "due_date" in f.names()]
    data = form.data()
    assert data["due_date"] == [str(due["annual"].pk)]
    assert data["kind"] == [Report.Kind.ANNUAL]
    assert data["promise"] == [str(promise.pk)]
    response = client.post(form.action or reverse("followup:report_create"), data)
    assert response.status_code == 302, response.content.decode()
    report = Report.objects.get()
    assert report.due_date == due["annual"]

    # Issued by the worker, the report meets the date: no reminder any more, even if it moves.
    fill_draft(owner=owner, report=report, kind=Report.Kind.ANNUAL)
    with capture(execute=True):
        client.post(reverse("followup:report_issue", args=[report.pk]), confirmed(report))
    run_tasks()
    due["annual"].refresh_from_db()
    assert due["annual"].met_on is not None
    DueDate.objects.filter(pk=due["annual"].pk).update(due_on=date(2025, 3, 10))
    send_reminders("2025-02-27", capture, run_tasks)
    assert len(smtp.received) == 1
    assert SentNotification.objects.filter(state=SentNotification.State.SENT).count() == 1


def test_a_moved_date_reminds_again(
    people, due, owner, smtp, run_tasks, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    send_reminders("2025-02-20", capture, run_tasks)
    services.update_due_date(
        due_date=due["annual"], user=owner, fields={"due_on": date(2025, 3, 31)}
    )
    send_reminders("2025-02-21", capture, run_tasks)
    assert len(due_date_mails(smtp, "linnea@knivsta.example")) == 1
    send_reminders("2025-03-17", capture, run_tasks)
    _first, second = due_date_mails(smtp, "linnea@knivsta.example")
    assert second["Subject"] == "Påminnelse: Årsuppföljning till Kommunstyrelsen, senast 2025-03-31"


def test_only_the_unmet_dates_of_adopted_promises_are_reminded_of(
    settings,
    people,
    promise,
    plan,
    owner,
    agreement,
    smtp,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    """Of four dates due the same day, the one of the adopted promise is reminded of: never the
    draft's, nor (later) the closed one's, nor the one already met."""
    settings.DUE_DATE_REMINDER_DAYS_BEFORE = 14

    def promise_with_date(title, **fields):
        document = services.create_promise(
            user=owner,
            agreement=agreement,
            title=title,
            period_start=date(2024, 1, 1),
            period_end=date(2025, 12, 31),
        )
        services.create_due_date(
            user=owner,
            document=document,
            title=f"Årsuppföljning av {title}",
            due_on=date(2025, 2, 28),
            recipient="Kommunstyrelsen",
            **fields,
        )
        return document

    promise_with_date("utkastet")
    closed = promise_with_date("det avslutade")
    adopt(closed, owner)
    met = promise_with_date("det klara", met_on=date(2025, 2, 3))
    adopt(met, owner)
    adopted = promise_with_date("det antagna")
    adopt(adopted, owner)

    def reminded(day) -> list[str]:
        send_reminders(day, django_capture_on_commit_callbacks, run_tasks)
        return [
            line
            for message in smtp.to("linnea@knivsta.example")
            for line in message.get_body(("plain",)).get_content().splitlines()
            if line.startswith("* Årsuppföljning")
        ]

    assert reminded("2025-02-19") == [
        "* Årsuppföljning av det avslutade, senast 2025-02-28 (om 9 dagar)",
        "* Årsuppföljning av det antagna, senast 2025-02-28 (om 9 dagar)",
    ]
    # Closed a day later (with a date moved, which would remind again): never reminded of again.
    services.close_promise(promise=closed, user=owner)
    DueDate.objects.filter(promise=closed).update(due_on=date(2025, 2, 27))
    assert len(reminded("2025-02-20")) == 2


def test_an_agreement_s_check_in_links_to_where_it_is_recorded_as_held(
    settings, people, agreement, owner, smtp, run_tasks, django_capture_on_commit_callbacks
):
    settings.DUE_DATE_REMINDER_DAYS_BEFORE = 14
    check_in = services.create_due_date(
        user=owner,
        document=agreement,
        kind=DueDate.Kind.CHECK_IN,
        title="Kvartalsvis avstämning",
        due_on=date(2025, 3, 27),
        recipient="Samverkansgruppen",
    )
    send_reminders("2025-03-27", django_capture_on_commit_callbacks, run_tasks)

    (message,) = smtp.to("linnea@knivsta.example")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Kvartalsvis avstämning, senast 2025-03-27 (i dag)" in text
    assert "Överenskommelse: Samverkansöverenskommelse Knivsta 2023–2026" in text
    client = Client()
    client.force_login(owner)
    edit = link(text, "Fyll i när avstämningen har hållits")
    assert link_path(edit) == reverse("promises:due_date_edit", args=[check_in.pk])
    assert client.get(link_path(edit)).status_code == 200
    document = re.search(r"Överenskommelse: [^,]+, (\S+)", text).group(1)
    assert client.get(link_path(document)).status_code == 200
    assert f'href="{edit}"' in html


def test_the_link_chooses_its_due_date_and_anything_else_the_earliest(
    client, owner, due, promise, agreement
):
    """``?uppfoljning=`` chooses an unmet due date of the promise; a met one, one of another
    promise or of an agreement, or no number at all, leaves the earliest unmet one chosen."""
    other = services.create_promise(
        user=owner,
        agreement=agreement,
        title="Annat löfte",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
    )
    adopt(other, owner)
    foreign = services.create_due_date(
        user=owner, document=other, title="Annan", due_on=date(2025, 1, 31), recipient="KS"
    )
    check_in = services.create_due_date(
        user=owner, document=agreement, title="Avstämning", due_on=date(2025, 1, 31), recipient="S"
    )
    met = services.create_due_date(
        user=owner,
        document=promise,
        title="Klar",
        due_on=date(2024, 6, 30),
        recipient="KS",
        met_on=date(2024, 6, 20),
    )
    client.force_login(owner)

    def chosen(value) -> list[str]:
        response = client.get(
            reverse("followup:report_create") + f"?promise={promise.pk}&uppfoljning={value}"
        )
        assert response.status_code == 200
        (form,) = [f for f in forms_of(response.content.decode()) if "due_date" in f.names()]
        return form.data()["due_date"]

    assert chosen(due["annual"].pk) == [str(due["annual"].pk)]
    earliest = [str(due["late"].pk)]
    for value in (foreign.pk, check_in.pk, met.pk, "999999", "abc", "9" * 30, "", "-1"):
        assert chosen(value) == earliest, value


def test_it_plans_in_a_fixed_number_of_queries(settings, make_user, django_assert_num_queries):
    settings.DUE_DATE_REMINDER_DAYS_BEFORE = 14
    add_kommun(0, make_user)
    with django_assert_num_queries(2):
        few = plan_due_date_reminders(date(2025, 2, 20))
    for number in range(1, 10):
        add_kommun(number, make_user)
    with django_assert_num_queries(2):
        many = plan_due_date_reminders(date(2025, 2, 20))
    assert [len(message.items) for message in few] == [2]
    assert [len(message.items) for message in many] == [2] * 10
