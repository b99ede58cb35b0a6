"""The weekly digest on Mondays (``send_reminders --today``): what was recorded in the week, what is
missing in the current period per party, what is due next and what waited for it; a coordinator's
for her kommun, a police contact's for every kommun of the area in one e-mail; once a week, never
for whoever turned it off; links that work. Sent through the real SMTP server and read back."""

import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.test import Client

from config.settings import mailers_setting
from notifications.digest import plan_weekly_digests
from notifications.kinds import Frequency, Kind
from notifications.models import SentNotification
from notifications.services import Delivery, notify, set_preferences
from notifications.tokens import absolute
from promises import services
from promises.models import Activity, Organisation

from .conftest import _free_port, adopt
from .kommuner import add_kommun
from .test_reminders import send_reminders

pytestmark = pytest.mark.django_db

MONDAY = "2024-12-16"  # week 51; the week before it: 2024-12-09 – 2024-12-15


def digests(smtp, address):
    return [m for m in smtp.to(address) if m["Subject"].startswith("Veckosammanfattning")]


def plain(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


@pytest.fixture
def week(settings, people, promise, plan, owner, knivsta, uppsala_police, make_user):
    """Knivsta's promise (half-yearly) in its second half-year of 2024: the joint activity updated
    publicly in the week, the kommun's internally, the police's never (overdue); a late and a
    coming due date. Uppsala kommun, also covered by the police area, with a promise of its own."""
    settings.DUE_DATE_REMINDER_DAYS_BEFORE = 14
    adopt(promise, owner)
    update = services.add_status_update
    update(
        user=people["police"],
        activity=plan["joint"],
        status="pagar",
        description="Två trygghetsvandringar i centrum.",
        date=date(2024, 12, 12),
        is_public=True,
    )
    update(
        user=owner,
        activity=plan["kommun"],
        status="pagar",
        description="Internt: samtal med rektorn om langning.",
        date=date(2024, 12, 10),
    )
    update(  # the day of the digest: next week's
        user=owner,
        activity=plan["kommun"],
        status="pagar",
        description="Remissen är ute.",
        date=date(2024, 12, 16),
        is_public=True,
    )
    for title, due_on in (
        ("Halvårsuppföljning", date(2024, 9, 30)),
        ("Årsuppföljning", date(2025, 2, 28)),
    ):
        services.create_due_date(
            user=owner, document=promise, title=title, due_on=due_on, recipient="Kommunstyrelsen"
        )
    uppsala = Organisation.objects.create(
        kind=Organisation.Kind.MUNICIPALITY, name="Uppsala kommun", slug="uppsala"
    )
    uppsala_police.covered_municipalities.add(uppsala)
    coordinator = make_user("samordnare-uppsala", organisation=uppsala, role="samordnare")
    agreement = services.create_agreement(
        user=coordinator,
        municipality=uppsala,
        police_area=uppsala_police,
        title="Överenskommelse Uppsala",
        valid_from=date(2024, 1, 1),
        valid_to=date(2026, 12, 31),
    )
    other = services.create_promise(
        user=coordinator,
        agreement=agreement,
        title="Medborgarlöfte Uppsala 2024",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )
    area = services.create_focus_area(user=coordinator, promise=other, title="Trygghet")
    services.create_activity(
        user=coordinator,
        focus_area=area,
        description="Ökad polisnärvaro i Gottsunda.",
        responsible=Activity.Responsible.POLICE,
    )
    adopt(other, coordinator)
    return plan


def test_a_coordinator_s_digest_says_what_was_recorded_what_is_missing_and_what_is_due(
    week, people, promise, owner, knivsta, smtp, run_tasks, django_capture_on_commit_callbacks
):
    # Something the coordinator chose to get in the digest, waiting for it.
    assert (
        notify(
            owner,
            Kind.FOLLOWED_PROMISE_UPDATED,
            "foljt/1",
            "Polisen har rapporterat",
            "emails/notification",
            {
                "text": "Polisen har rapporterat om trygghetsvandringarna.",
                "url": absolute(promise.get_absolute_url()),
                "municipality": "Knivsta kommun",
            },
            knivsta,
            today=date(2024, 12, 12),
        )
        == Delivery.DIGEST
    )
    send_reminders(MONDAY, django_capture_on_commit_callbacks, run_tasks)

    (message,) = digests(smtp, "linnea@knivsta.example")
    assert message["Subject"] == "Veckosammanfattning för Knivsta kommun, vecka 51"
    assert message["From"].addresses[0].display_name == "Löfteskollen, Knivsta kommun"
    text = plain(message)
    html = message.get_body(("html",)).get_content()
    assert "Hej Linnéa!" in text and "Hej Linnéa!" in html
    assert "vad som rapporterades 2024-12-09–2024-12-15" in text
    assert "== Knivsta kommun ==" in text
    assert "Uppsala kommun" not in text  # the police area's other kommun is not hers
    joint, kommun, police = (week[name].code for name in ("joint", "kommun", "police"))

    recorded = text.split("Rapporterat under veckan")[1].split("Saknas i perioden")[0]
    assert "Medborgarlöfte Knivsta 2024–2025 (2 uppdateringar)" in recorded
    assert f"* {joint} Trygghetsvandringar i centrum. – Pågår, 2024-12-12 (offentlig)" in recorded
    assert "Två trygghetsvandringar i centrum." in recorded
    assert f"* {kommun} En ANDTS-handlingsplan för kommunen. – Pågår, 2024-12-10 (intern)" in text
    assert "samtal med rektorn" not in text + html  # an internal text stays in the app
    assert "Remissen" not in text  # dated on the day: next week's

    missing = text.split("Saknas i perioden")[1].split("Ska vara klart härnäst")[0]
    assert "Medborgarlöfte Knivsta 2024–2025, andra halvåret 2024 (slutar 2024-12-31)" in missing
    assert "Kommunen: 1 av 1 aktiviteter uppdaterade\n" in missing
    assert "Polisen: 0 av 1 aktiviteter uppdaterade, 1 försenad" in missing
    assert "Gemensamt: 1 av 1 aktiviteter uppdaterade\n" in missing
    assert f"* {police} Narkotikainsatser vid pendeltågsstationen." in missing
    assert week["finished"].code not in missing  # finished before the period: waits for nothing

    due = text.split("Ska vara klart härnäst")[1]
    assert "* Halvårsuppföljning till Kommunstyrelsen, senast 2024-09-30 (försenad)" in due
    assert "* Årsuppföljning till Kommunstyrelsen, senast 2025-02-28\n" in due

    waiting = text.split("== Sparat till veckosammanfattningen ==")[1]
    assert "Nya uppdateringar i löften jag följer" in waiting
    assert "* Knivsta kommun: Polisen har rapporterat om trygghetsvandringarna." in waiting
    # What waited has gone out in the digest, and comes in no other.
    (row,) = SentNotification.objects.filter(kind=Kind.FOLLOWED_PROMISE_UPDATED)
    assert row.state == SentNotification.State.IN_DIGEST and row.sent_at is not None

    # The secretary gets no digest.
    assert digests(smtp, "karin@knivsta.example") == []


def test_a_police_contact_gets_every_kommun_of_the_area_in_one_email(
    week, people, settings, smtp, run_tasks, django_capture_on_commit_callbacks
):
    # Jonas keeps his activity reminders for the digest; this Monday's come in it at once.
    settings.REMINDER_DAYS_BEFORE_PERIOD_END = 20
    set_preferences(user=people["police"], choices={Kind.ACTIVITY_REMINDER: Frequency.WEEKLY})

    send_reminders(MONDAY, django_capture_on_commit_callbacks, run_tasks)

    (message,) = digests(smtp, "jonas@polisen.example")
    assert message["Subject"] == "Veckosammanfattning för 2 kommuner, vecka 51"
    assert message["From"].addresses[0].display_name == "Löfteskollen"
    text = plain(message)
    assert text.index("== Knivsta kommun ==") < text.index("== Uppsala kommun ==")
    uppsala = text.split("== Uppsala kommun ==")[1]
    assert "Medborgarlöfte Uppsala 2024, andra halvåret 2024 (slutar 2024-12-31)" in uppsala
    assert "Polisen: 0 av 1 aktiviteter uppdaterade, 1 försenad" in uppsala
    assert "* 1:1 Ökad polisnärvaro i Gottsunda." in uppsala
    waiting = text.split("== Sparat till veckosammanfattningen ==")[1]
    assert "Påminnelse om aktiviteter att följa upp" in waiting
    assert f"{week['police'].code}: Narkotikainsatser vid pendeltågsstationen." in waiting
    assert "1:1: Ökad polisnärvaro i Gottsunda. (Medborgarlöfte Uppsala 2024" in waiting
    assert not SentNotification.objects.filter(state=SentNotification.State.DIGEST).exists()
    # Maria, who kept her reminders immediate, got them by themselves, and a digest too.
    assert len(smtp.to("maria@polisen.example")) == 2


def test_it_comes_on_mondays_once_a_week_and_never_to_whoever_turned_it_off(
    week, people, owner, smtp, run_tasks, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    for day in ("2024-12-13", "2024-12-15", "2024-12-17"):
        send_reminders(day, capture, run_tasks)
    assert digests(smtp, "linnea@knivsta.example") == []

    send_reminders(MONDAY, capture, run_tasks)
    send_reminders(MONDAY, capture, run_tasks)
    assert len(digests(smtp, "linnea@knivsta.example")) == 1
    assert len(digests(smtp, "jonas@polisen.example")) == 1

    set_preferences(user=people["police"], choices={Kind.WEEKLY_DIGEST: Frequency.NEVER})
    send_reminders("2024-12-23", capture, run_tasks)
    (_first, second) = digests(smtp, "linnea@knivsta.example")
    assert second["Subject"] == "Veckosammanfattning för Knivsta kommun, vecka 52"
    assert "Remissen är ute." in plain(second)  # dated on the first digest's day: in this one
    assert len(digests(smtp, "jonas@polisen.example")) == 1


def test_its_links_work_for_its_reader(
    week, people, smtp, run_tasks, django_capture_on_commit_callbacks
):
    send_reminders(MONDAY, django_capture_on_commit_callbacks, run_tasks)
    for person, address in (
        ("coordinator", "linnea@knivsta.example"),
        ("police", "jonas@polisen.example"),
    ):
        (message,) = digests(smtp, address)
        text = plain(message)
        html = message.get_body(("html",)).get_content().replace("&amp;", "&")
        links = set(re.findall(r"https://\S+", text))
        assert links and links <= set(re.findall(r'href="([^"]+)"', html))
        client = Client()
        client.force_login(people[person])
        for url in links:
            parts = urlsplit(url)
            assert parts.netloc == "loften.example.se", url
            response = client.get(parts.path)
            assert response.status_code == 200, url
        assert any("/uppfoljningslage/" in url for url in links)


def test_a_dry_run_lists_the_digests(
    week, people, smtp, run_tasks, django_capture_on_commit_callbacks
):
    out = send_reminders(MONDAY, django_capture_on_commit_callbacks, run_tasks, "--dry-run")

    assert (
        "samordnare <linnea@knivsta.example>: Veckosammanfattning – skickas med e-post: "
        "Veckosammanfattning för Knivsta kommun, vecka 51"
    ) in out
    assert (
        "    Knivsta kommun, vecka 51: 2 rapporterade, 1 saknas i perioden, 2 att lämna, "
        "0 sparade till sammanfattningen"
    ) in out
    assert "polis <jonas@polisen.example>: Veckosammanfattning" in out
    assert SentNotification.objects.count() == 0
    assert smtp.received == []


def test_it_builds_every_digest_in_a_fixed_number_of_queries(make_user, django_assert_num_queries):
    area = Organisation.objects.create(
        kind=Organisation.Kind.POLICE_AREA, name="Polisområdet", slug="polisomradet"
    )
    make_user("polis-1", organisation=area, role="polis", email="polis@polisen.example")
    add_kommun(0, make_user, area)
    with django_assert_num_queries(9):
        few = plan_weekly_digests(date.fromisoformat(MONDAY))
    for number in range(1, 10):
        add_kommun(number, make_user, area)
    with django_assert_num_queries(9):
        many = plan_weekly_digests(date.fromisoformat(MONDAY))
    assert len(few) == 2 and len(many) == 11
    police = next(m for m in many if m.user.username == "polis-1")
    assert len(police.context["municipalities"]) == 10


def test_what_waited_stays_waiting_when_the_digest_could_not_be_sent(
    week, owner, knivsta, settings, smtp, run_tasks, django_capture_on_commit_callbacks
):
    notify(
        owner,
        Kind.FOLLOWED_PROMISE_UPDATED,
        "foljt/1",
        "Polisen har rapporterat",
        "emails/notification",
        {"text": "Polisen har rapporterat om trygghetsvandringarna."},
        knivsta,
        today=date(2024, 12, 12),
    )
    working = settings.MAILERS
    settings.MAILERS = mailers_setting({"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(_free_port())})
    send_reminders(MONDAY, django_capture_on_commit_callbacks, run_tasks)
    assert smtp.received == []
    (row,) = SentNotification.objects.filter(kind=Kind.FOLLOWED_PROMISE_UPDATED)
    assert row.state == SentNotification.State.DIGEST
    assert not SentNotification.objects.filter(kind=Kind.WEEKLY_DIGEST).exists()

    settings.MAILERS = working
    send_reminders(MONDAY, django_capture_on_commit_callbacks, run_tasks)
    (message,) = digests(smtp, "linnea@knivsta.example")
    assert "Polisen har rapporterat om trygghetsvandringarna." in plain(message)
    row.refresh_from_db()
    assert row.state == SentNotification.State.IN_DIGEST
