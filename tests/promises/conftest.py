"""Fixtures shared by the tests of the chain (promises): the chain its views are tested on, and the
one the audit trail's views are tested on (an update by the police, public)."""

from datetime import date

import pytest

from promises import services
from promises.models import StatusUpdate


@pytest.fixture
def chain(owner, adopted_promise, focus_area, activity, municipal_activity):
    """The chain the views are tested on: an adopted promise, its focus area, two activities and
    the coordinator's update of the first."""
    update = services.add_status_update(
        user=owner,
        activity=activity,
        status=StatusUpdate.Status.IN_PROGRESS,
        description="Två insatser genomförda i centrum.",
        date=date(2025, 3, 1),
        occurrences=2,
    )
    return {
        "agreement": adopted_promise.agreement,
        "promise": adopted_promise,
        "focus_area": focus_area,
        "activity": activity,
        "municipal_activity": municipal_activity,
        "update": update,
    }


@pytest.fixture
def audit_chain(owner, police, adopted_promise, focus_area, activity):
    """The audit trail tests' chain, which each of their modules takes as ``chain``."""
    update = services.add_status_update(
        user=police,
        activity=activity,
        status=StatusUpdate.Status.IN_PROGRESS,
        description="Första insatsen vid stationen.",
        date=date(2025, 3, 1),
        occurrences=1,
        is_public=True,
    )
    return {"promise": adopted_promise, "area": focus_area, "activity": activity, "update": update}
