"""Two first saves of a kommun's document profile at once, on real PostgreSQL: the second waits
for the first, then gets an edit conflict (it was based on no profile), never an IntegrityError on
the profile's one-per-kommun constraint."""

import threading
import time

import pytest
from django.db import connections, transaction

from followup import services
from followup.models import DocumentProfile
from promises.services.writes import EditConflict

from .test_profiles import KNIVSTA_SECTIONS


@pytest.mark.django_db(transaction=True)
def test_two_first_saves_at_once_give_one_profile_and_one_conflict(owner, knivsta):
    first_written, release = threading.Event(), threading.Event()
    outcomes: dict[str, object] = {}

    def save(name, footer, *, hold: bool):
        try:
            with transaction.atomic():
                services.save_profile(
                    municipality=knivsta,
                    user=owner,
                    fields={"footer": footer},
                    sections=KNIVSTA_SECTIONS,
                    expected_version=0,  # both forms were opened before any profile existed
                )
                if hold:  # the first save is written but not committed yet
                    first_written.set()
                    release.wait(timeout=30)
            outcomes[name] = "saved"
        except BaseException as error:
            outcomes[name] = error
        finally:
            connections.close_all()

    first = threading.Thread(target=save, args=("first", "Första"), kwargs={"hold": True})
    first.start()
    assert first_written.wait(timeout=30)
    second = threading.Thread(target=save, args=("second", "Andra"), kwargs={"hold": False})
    second.start()
    time.sleep(1)  # the second save now waits for the first's transaction
    release.set()
    for thread in (first, second):
        thread.join(timeout=60)

    assert outcomes["first"] == "saved"
    assert isinstance(outcomes["second"], EditConflict), outcomes["second"]
    profile = DocumentProfile.objects.get(municipality=knivsta)
    assert (profile.footer, profile.lock_version) == ("Första", 1)
