"""What others did, told by e-mail read back from the real SMTP server: the police record an update
in a promise someone follows; an activity becomes the police's. Sent after commit by the task, or
by ``send_reminders`` when the task never ran; never twice, never to the one who did it, never
for a change that was rolled back."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.test import Client

from notifications.follows import follow
from notifications.kinds import Frequency, Kind
from notifications.models import PromiseFollow, SentNotification
from notifications.selectors import waiting_for_digest
from notifications.services import set_preferences
from promises import services
from promises.models import Activity, Deletion, Membership, StatusUpdate

from .test_email import link_path
from .test_reminders import send_reminders

pytestmark = pytest.mark.django_db
COORDINATOR = "linnea@knivsta.example"
POLICE, POLICE2 = "jonas@polisen.example", "maria@polisen.example"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def not_a_monday() -> str:
    """Today, or tomorrow when today is a Monday: on Mondays send_reminders also sends the weekly
    digest, which would send what these tests expect to wait for it."""
    day = date.today()
    return (day + timedelta(days=1 if day.weekday() == 0 else 0)).isoformat()


@pytest.fixture
def following(people, promise):
    """Knivsta's coordinator follows the promise and wants to hear at once."""
    coordinator = people["coordinator"]
    follow(user=coordinator, promise=promise)
    set_preferences(
        user=coordinator, choices={Kind.FOLLOWED_PROMISE_UPDATED: Frequency.IMMEDIATELY}
    )
    return coordinator


@pytest.fixture
def work(run_tasks, django_capture_on_commit_callbacks):
    """The worker: runs every queued task, and the tasks they queue when they commit."""

    def run() -> int:
        ran, total = 1, 0
        while ran:
            with django_capture_on_commit_callbacks(execute=True):
                ran = run_tasks()
            total += ran
        return total

    return run


def record(user, activity, text="Två trygghetsvandringar i centrum.", **fields):
    return services.add_status_update(
        user=user, activity=activity, status="pagar", description=text, **fields
    )


def test_the_police_recording_an_update_is_mailed_to_the_follower_at_once(
    people, promise, plan, following, smtp, run_tasks, work, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record(people["police"], plan["joint"], date=date(2024, 6, 3))
    assert smtp.received == []  # nothing inside the request: the worker sends
    work()

    ((recipients, email),) = smtp.received
    assert recipients == [COORDINATOR] and email["To"] == COORDINATOR
    assert email["Subject"] == "Ny uppdatering från polisen i Medborgarlöfte Knivsta 2024–2025"
    assert email["From"].addresses[0].display_name == "Löfteskollen, Knivsta kommun"
    text = email.get_body(("plain",)).get_content()
    html = email.get_body(("html",)).get_content()
    assert "Hej Linnéa!" in text and "Hej Linnéa!" in html
    assert "Polisen har skrivit en statusuppdatering i ett löfte som du följer." in text
    assert f"* Aktivitet {plan['joint'].code}: Trygghetsvandringar i centrum." in text
    assert "Pågår, 2024-06-03 · Intern · skriven av Jonas" in text
    assert "Två trygghetsvandringar i centrum." in text and "Två trygghetsvandringar" in html
    assert "aldrig på de offentliga sidorna" in text  # an internal update is told, and said so
    assert email["List-Unsubscribe"].startswith("<https://loften.example.se/e-post/")

    # The link opens the activity, where the update is.
    url = next(line.split(": ", 1)[1] for line in text.splitlines() if "Läs i Löfteskollen" in line)
    reader = Client()
    reader.force_login(following)
    page = reader.get(link_path(url).split("#")[0])
    assert page.status_code == 200
    assert "Två trygghetsvandringar i centrum." in page.content.decode()
    assert link_path(url).endswith("#timeline-heading")
    assert 'id="timeline-heading"' in page.content.decode()

    # The planner's run afterwards finds it sent: nothing twice.
    send_reminders(not_a_monday(), django_capture_on_commit_callbacks, work)
    assert len(smtp.to(COORDINATOR)) == 1


def test_one_transaction_of_updates_is_one_email(
    people, promise, plan, following, smtp, run_tasks, work, django_capture_on_commit_callbacks
):
    rows = [
        (plan["joint"], {"status": "pagar", "description": "Vandring i centrum."}),
        (plan["police"], {"status": "genomford", "description": "Insats.", "is_public": True}),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.add_status_updates(user=people["police"], rows=rows)
    work()
    (email,) = smtp.to(COORDINATOR)
    assert email["Subject"] == "2 nya uppdateringar från polisen i Medborgarlöfte Knivsta 2024–2025"
    text = email.get_body(("plain",)).get_content()
    assert "Polisen har skrivit 2 statusuppdateringar i löften som du följer." in text
    assert "· Offentlig ·" in text and "· Intern ·" in text


@pytest.mark.parametrize(("frequency", "waiting"), [(Frequency.WEEKLY, 1), (Frequency.NEVER, 0)])
def test_weekly_waits_for_the_digest_and_never_sends_nothing(
    people,
    promise,
    plan,
    following,
    smtp,
    run_tasks,
    work,
    django_capture_on_commit_callbacks,
    frequency,
    waiting,
):
    set_preferences(user=following, choices={Kind.FOLLOWED_PROMISE_UPDATED: frequency})
    with django_capture_on_commit_callbacks(execute=True):
        update = record(people["police"], plan["joint"])
    work()
    send_reminders(not_a_monday(), django_capture_on_commit_callbacks, work)
    assert smtp.to(COORDINATOR) == []
    rows = list(waiting_for_digest(following))
    assert len(rows) == waiting
    if waiting:
        (row,) = rows
        assert row.kind == Kind.FOLLOWED_PROMISE_UPDATED and row.key == f"uppdatering-{update.pk}"
        assert row.context["text"] == f"Polisen rapporterade i {plan['joint'].code}: Pågår"
        assert row.context["visibility"] == "Intern"


def test_the_default_is_the_weekly_digest(
    people, promise, plan, smtp, run_tasks, work, django_capture_on_commit_callbacks
):
    follow(user=people["coordinator"], promise=promise)
    with django_capture_on_commit_callbacks(execute=True):
        record(people["police"], plan["joint"])
    work()
    assert smtp.received == []
    assert waiting_for_digest(people["coordinator"]).count() == 1


def test_nobody_hears_of_their_own_update_nor_of_the_kommuns_own(
    people,
    promise,
    plan,
    following,
    make_user,
    knivsta,
    uppsala_police,
    smtp,
    run_tasks,
    work,
    django_capture_on_commit_callbacks,
):
    # Someone who is both a coordinator of Knivsta and a police contact, and follows the promise.
    both = make_user("bada", organisation=knivsta, role=Membership.Role.COORDINATOR)
    both.email = "kim@knivsta.example"
    both.save()
    Membership.objects.create(user=both, organisation=uppsala_police, role=Membership.Role.POLICE)
    follow(user=both, promise=promise)
    set_preferences(user=both, choices={Kind.FOLLOWED_PROMISE_UPDATED: Frequency.IMMEDIATELY})

    with django_capture_on_commit_callbacks(execute=True):
        record(both, plan["joint"], "Egen uppdatering.")
        record(following, plan["kommun"], "Kommunens egen uppdatering.")  # not the police's
    work()
    assert smtp.to("kim@knivsta.example") == []
    (email,) = smtp.to(COORDINATOR)  # the other follower hears of the police's update only
    text = email.get_body(("plain",)).get_content()
    assert "Egen uppdatering." in text and "Kommunens egen uppdatering." not in text


def test_a_rolled_back_update_is_never_told(
    people, promise, plan, following, smtp, run_tasks, work, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                record(people["police"], plan["joint"])
                raise RuntimeError("the request failed after the update")
        except RuntimeError:
            pass
        # "Rapportera perioden" with a bad row saves nothing, so tells nothing.
        bad = [
            (plan["joint"], {"status": "pagar", "description": "Vandring."}),
            (plan["police"], {"status": "pagar", "description": "19811218-9876"}),
        ]
        with pytest.raises(services.RowErrors):
            services.add_status_updates(user=people["police"], rows=bad)
    assert callbacks == []
    assert work() == 0
    # Nor by the planner (which also sends the news of the plan's activities to the police).
    send_reminders(not_a_monday(), django_capture_on_commit_callbacks, work)
    assert smtp.to(COORDINATOR) == []
    assert not SentNotification.objects.filter(kind=Kind.FOLLOWED_PROMISE_UPDATED).exists()
    assert not StatusUpdate.objects.filter(author=people["police"]).exists()


def test_a_follower_who_left_the_kommun_hears_nothing(
    people, promise, plan, following, smtp, run_tasks, work, django_capture_on_commit_callbacks
):
    Membership.objects.filter(user=following).delete()
    with django_capture_on_commit_callbacks(execute=True):
        record(people["police"], plan["joint"])
    work()
    assert smtp.received == []


def test_the_planner_sends_what_the_task_never_did_within_a_week(
    people, promise, plan, following, smtp, run_tasks, work, django_capture_on_commit_callbacks
):
    """The worker was down (no task ran): ``send_reminders`` on the following days sends the
    update once, and one recorded more than a week before the day is no longer news."""
    PromiseFollow.objects.update(created_at=datetime(2024, 5, 1, tzinfo=STOCKHOLM))
    recent = record(people["police"], plan["joint"], "Vandring i juni.")  # no task: not captured
    old = record(people["police"], plan["police"], "Insats i maj.")
    StatusUpdate.objects.filter(pk=recent.pk).update(
        created_at=datetime(2024, 6, 3, 10, tzinfo=STOCKHOLM)
    )
    StatusUpdate.objects.filter(pk=old.pk).update(
        created_at=datetime(2024, 5, 26, 23, 59, tzinfo=STOCKHOLM)
    )
    capture = django_capture_on_commit_callbacks

    output = send_reminders("2024-06-03", capture, work, "--dry-run")
    assert "Nya uppdateringar i löften jag följer – skickas med e-post" in output
    assert smtp.received == [] and not SentNotification.objects.exists()

    send_reminders("2024-06-03", capture, work)
    (email,) = smtp.to(COORDINATOR)
    text = email.get_body(("plain",)).get_content()
    assert "Vandring i juni." in text and "Insats i maj." not in text  # 8 days before: too old
    for day in ("2024-06-03", "2024-06-05", "2024-06-10"):
        send_reminders(day, capture, work)
    assert len(smtp.received) == 1
    # An update recorded before the follow began is not told.
    PromiseFollow.objects.update(created_at=datetime(2024, 6, 4, tzinfo=STOCKHOLM))
    SentNotification.objects.all().delete()
    send_reminders("2024-06-05", capture, work)
    assert len(smtp.received) == 1


# An activity becomes the police's ---------------------------------------------------------------


def test_the_police_contacts_hear_when_an_activity_becomes_the_polices(
    people, promise, focus_area, plan, smtp, run_tasks, work, django_capture_on_commit_callbacks
):
    coordinator, capture = people["coordinator"], django_capture_on_commit_callbacks
    with capture(execute=True):
        created = services.create_activity(
            user=coordinator,
            focus_area=focus_area,
            description="Kameraövervakning vid resecentrum.",
            responsible=Activity.Responsible.POLICE,
        )
    work()
    assert {tuple(recipients) for recipients, _message in smtp.received} == {
        (POLICE,),
        (POLICE2,),
    }
    (email,) = smtp.to(POLICE)
    assert email["Subject"] == "Polisen har blivit ansvarig för en aktivitet i Knivsta kommun"
    text = email.get_body(("plain",)).get_content()
    assert "Hej Jonas!" in text
    assert f"* Aktivitet {created.code}: Kameraövervakning vid resecentrum." in text
    assert "Löfte: Medborgarlöfte Knivsta 2024–2025 (utkast)" in text
    assert "Ansvarig: Polisen, sedan" in text
    url = next(line.split(": ", 1)[1] for line in text.splitlines() if "Läs i Löfteskollen" in line)
    police = Client()
    police.force_login(people["police"])
    page = police.get(link_path(url))
    assert page.status_code == 200 and "Kameraövervakning vid resecentrum." in page.content.decode()

    # From the kommun to joint: news. Between police and joint, or another field: none.
    kommun = plan["kommun"]
    with capture(execute=True):
        services.update_activity(
            activity=kommun, user=coordinator, fields={"responsible": Activity.Responsible.JOINT}
        )
    work()
    assert len(smtp.to(POLICE)) == 2
    assert "Ansvarig: Gemensamt" in smtp.to(POLICE)[-1].get_body(("plain",)).get_content()
    with capture(execute=True):
        services.update_activity(
            activity=kommun, user=coordinator, fields={"responsible": Activity.Responsible.POLICE}
        )
        services.update_activity(
            activity=created, user=coordinator, fields={"description": "Kameror vid resecentrum."}
        )
    work()
    assert len(smtp.to(POLICE)) == 2
    assert smtp.to(COORDINATOR) == []  # the coordinator made the change and is not the police


def test_the_police_contact_who_made_the_change_hears_nothing(
    people, promise, focus_area, plan, smtp, run_tasks, work, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.update_activity(
            activity=plan["kommun"],
            user=people["police"],
            fields={"responsible": Activity.Responsible.JOINT},
        )
    work()
    assert smtp.to(POLICE) == []
    assert len(smtp.to(POLICE2)) == 1


def test_an_assignment_follows_the_preference_and_a_rollback_or_restore_tells_nothing(
    people, promise, focus_area, plan, smtp, run_tasks, work, django_capture_on_commit_callbacks
):
    coordinator, capture = people["coordinator"], django_capture_on_commit_callbacks
    set_preferences(user=people["police"], choices={Kind.POLICE_ASSIGNMENT: Frequency.NEVER})
    set_preferences(user=people["police2"], choices={Kind.POLICE_ASSIGNMENT: Frequency.WEEKLY})
    kommun = plan["kommun"]
    with capture(execute=True):
        services.update_activity(
            activity=kommun, user=coordinator, fields={"responsible": Activity.Responsible.POLICE}
        )
    work()
    assert smtp.received == []
    assert waiting_for_digest(people["police"]).count() == 0
    assert waiting_for_digest(people["police2"]).count() == 1

    set_preferences(user=people["police2"], choices={Kind.POLICE_ASSIGNMENT: Frequency.IMMEDIATELY})
    with capture(execute=True):
        try:
            with transaction.atomic():
                services.update_activity(
                    activity=Activity.objects.get(pk=plan["finished"].pk),
                    user=coordinator,
                    fields={"responsible": Activity.Responsible.JOINT},
                )
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        # The activity that became the police's above (its news already kept for the digest).
        services.delete_activity(activity=Activity.objects.get(pk=kommun.pk), user=coordinator)
    (deletion,) = Deletion.objects.all()
    with capture(execute=True):
        services.restore_deletion(deletion=deletion, user=coordinator)
    work()
    assert smtp.received == []
    assert Activity.objects.filter(pk=kommun.pk, responsible="polisen").exists()
