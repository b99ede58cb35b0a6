"""Fixtures of the e-mail tests: a real SMTP server (aiosmtpd) that the suite starts, and Knivsta's
people with e-mail addresses.

Messages go out through Django's SMTP backend to that server and are read back from what it
received, as a mail client would read them.
"""

import email
import email.policy
import logging
import socket
from datetime import date

import pytest

from config.settings import mailers_setting
from promises import services
from promises.models import Activity, Membership, Promise
from tests.followup.conftest import run_ready_tasks

from .smtp_server import Controller


class Inbox:
    """What the SMTP server received: each message parsed, with its envelope's recipients."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        message.raw = envelope.original_content  # the bytes as sent, before any decoding
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [message for recipients, message in self.received if address in recipients]


# aiosmtpd narrates every SMTP command at INFO.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """An SMTP server on 127.0.0.1 for this test; Django sends to it through SMTP."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.MAILERS = mailers_setting(
        {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(controller.port)}
    )
    settings.DEFAULT_FROM_EMAIL = "Löfteskollen <noreply@loften.example.se>"
    settings.SITE_URL = "https://loften.example.se"
    settings.REMINDER_DAYS_BEFORE_PERIOD_END = 10
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def run_tasks():
    return run_ready_tasks


@pytest.fixture
def people(owner, police, make_user, knivsta, uppsala_police, secretary):
    """Knivsta's coordinator, a second police contact and the secretary, all with addresses."""
    owner.email, owner.first_name = "linnea@knivsta.example", "Linnéa"
    owner.save()
    police.email, police.first_name = "jonas@polisen.example", "Jonas"
    police.save()
    secretary.email = "karin@knivsta.example"
    secretary.save()
    second = make_user(
        "polis2",
        organisation=uppsala_police,
        role=Membership.Role.POLICE,
        email="maria@polisen.example",
    )
    return {"coordinator": owner, "police": police, "police2": second, "secretary": secretary}


@pytest.fixture
def plan(owner, promise, focus_area):
    """Knivsta's promise 2024–2025 (half-yearly follow-up, still a draft) with one activity per
    kind of responsibility and one that is finished."""

    def add(description, responsible):
        return services.create_activity(
            user=owner, focus_area=focus_area, description=description, responsible=responsible
        )

    activities = {
        "joint": add("Trygghetsvandringar i centrum.", Activity.Responsible.JOINT),
        "police": add("Narkotikainsatser vid pendeltågsstationen.", Activity.Responsible.POLICE),
        "kommun": add("En ANDTS-handlingsplan för kommunen.", Activity.Responsible.MUNICIPALITY),
        "finished": add("Belysning i gångtunneln.", Activity.Responsible.MUNICIPALITY),
    }
    services.add_status_update(
        user=owner,
        activity=activities["finished"],
        status="genomford",
        description="Belysningen är på plats.",
        date=date(2024, 2, 1),
        is_public=True,
    )
    assert promise.follow_up_cadence == "halvar"
    return activities


def adopt(promise, owner) -> Promise:
    return services.adopt_promise(
        promise=promise,
        user=owner,
        adopted_by="Kommunstyrelsen",
        adopted_on=date(2024, 1, 29),
        adoption_paragraph="§ 6",
    )
