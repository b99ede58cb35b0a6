"""Fixtures of the account tests: Knivsta's förvaltare, the real SMTP server of the e-mail tests
(tests/notifications/conftest.py) and the task runner."""

import re

import pytest

from promises.models import Membership
from tests.followup.conftest import run_ready_tasks
from tests.notifications.conftest import smtp  # noqa: F401  (the fixture, shared)


@pytest.fixture
def manager(make_user, knivsta):
    user = make_user(
        "forvaltare",
        organisation=knivsta,
        role=Membership.Role.SECRETARY,
        email="hedda@knivsta.example",
        first_name="Hedda",
        last_name="Lindqvist",
    )
    user.memberships.update(is_manager=True)
    return user


@pytest.fixture
def other_manager(make_user, upplands_bro):
    user = make_user("forvaltare-ub", organisation=upplands_bro, role=Membership.Role.COORDINATOR)
    user.memberships.update(is_manager=True)
    return user


@pytest.fixture
def run_tasks():
    return run_ready_tasks


def link_in(message) -> str:
    """The path of the first link to this site in an e-mail's plain text."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    url = re.search(r"https://loften\.example\.se(/\S+)", text)
    assert url, text
    return url.group(1)
