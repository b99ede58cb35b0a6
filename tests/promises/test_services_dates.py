"""The dates of the chain, proven through the services that every write goes through: no period
ends before it starts, an activity stays inside its promise's period, and a status update is dated
neither in the future nor before its promise starts.

Each refusal is checked for its Swedish message on the field that it concerns, since that is where a
form shows it; and for the database being unchanged after it.
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from promises import services
from promises.models import Activity, Agreement, Promise, StatusUpdate
from tests.promises.errors import errors_of

pytestmark = pytest.mark.django_db

END_BEFORE_START = "Slutdatumet kan inte ligga före startdatumet."

# Periods that end before they start ------------------------------------------------------------


def test_it_refuses_an_agreement_that_ends_before_it_starts(owner, knivsta, uppsala_police):
    with pytest.raises(ValidationError) as excinfo:
        services.create_agreement(
            user=owner,
            municipality=knivsta,
            police_area=uppsala_police,
            title="Samverkansöverenskommelse",
            valid_from=date(2024, 1, 1),
            valid_to=date(2023, 12, 31),
        )
    assert errors_of(excinfo)["valid_to"] == [END_BEFORE_START]
    assert not Agreement.objects.exists()


def test_it_refuses_to_move_an_agreement_end_before_its_start(owner, agreement):
    with pytest.raises(ValidationError) as excinfo:
        services.update_agreement(
            agreement=agreement, user=owner, fields={"valid_to": date(2022, 12, 31)}
        )
    assert errors_of(excinfo)["valid_to"] == [END_BEFORE_START]
    agreement.refresh_from_db()
    assert agreement.valid_to == date(2026, 12, 31)


def test_it_accepts_an_agreement_of_a_single_day(owner, knivsta, uppsala_police):
    agreement = services.create_agreement(
        user=owner,
        municipality=knivsta,
        police_area=uppsala_police,
        title="Endagsöverenskommelse",
        valid_from=date(2024, 1, 1),
        valid_to=date(2024, 1, 1),
    )
    assert agreement.pk is not None


def test_it_refuses_a_promise_that_ends_before_it_starts(owner, agreement):
    with pytest.raises(ValidationError) as excinfo:
        services.create_promise(
            user=owner,
            agreement=agreement,
            title="Medborgarlöfte",
            period_start=date(2025, 1, 1),
            period_end=date(2024, 12, 31),
        )
    assert errors_of(excinfo)["period_end"] == [END_BEFORE_START]
    assert not Promise.objects.exists()


def test_it_refuses_an_activity_that_ends_before_it_starts(owner, focus_area):
    with pytest.raises(ValidationError) as excinfo:
        services.create_activity(
            user=owner,
            focus_area=focus_area,
            description="Trygghetsvandringar.",
            planned_start=date(2024, 6, 1),
            planned_end=date(2024, 5, 31),
        )
    assert errors_of(excinfo)["planned_end"] == [END_BEFORE_START]
    assert not Activity.objects.exists()


# Activities inside their promise's period ------------------------------------------------------


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        pytest.param(
            {"planned_start": date(2023, 12, 31)},
            "planned_start",
            "Aktiviteten kan inte börja före löftets period (2024-01-01).",
            id="starts-before-the-promise",
        ),
        pytest.param(
            {"planned_start": date(2025, 6, 1), "planned_end": date(2026, 1, 1)},
            "planned_end",
            "Aktiviteten kan inte sluta efter löftets period (2025-12-31).",
            id="ends-after-the-promise",
        ),
        pytest.param(
            {"planned_start": date(2026, 2, 1)},
            "planned_start",
            "Aktiviteten kan inte börja efter löftets period (2025-12-31).",
            id="starts-after-the-promise-has-ended",
        ),
        pytest.param(
            {"planned_end": date(2023, 11, 30)},
            "planned_end",
            "Aktiviteten kan inte sluta före löftets period (2024-01-01).",
            id="ends-before-the-promise-starts",
        ),
    ],
)
def test_it_refuses_an_activity_outside_its_promise_period(
    owner, focus_area, dates, field, message
):
    with pytest.raises(ValidationError) as excinfo:
        services.create_activity(
            user=owner, focus_area=focus_area, description="Trygghetsvandringar.", **dates
        )
    assert errors_of(excinfo)[field] == [message]
    assert not Activity.objects.exists()


def test_it_accepts_an_activity_that_fills_its_promise_period(owner, focus_area):
    activity = services.create_activity(
        user=owner,
        focus_area=focus_area,
        description="Trygghetsvandringar.",
        planned_start=date(2024, 1, 1),
        planned_end=date(2025, 12, 31),
    )
    assert activity.pk is not None


def test_it_refuses_to_shorten_a_promise_by_moving_an_activity_out(owner, activity):
    with pytest.raises(ValidationError) as excinfo:
        services.update_activity(
            activity=activity, user=owner, fields={"planned_start": date(2023, 6, 1)}
        )
    assert "planned_start" in errors_of(excinfo)
    activity.refresh_from_db()
    assert activity.planned_start is None


# Status updates ------------------------------------------------------------------------------


def test_it_refuses_a_status_update_dated_in_the_future(owner, activity):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        services.add_status_update(
            user=owner,
            activity=activity,
            status=StatusUpdate.Status.DONE,
            description="Insatsen genomförd.",
            date=tomorrow,
        )
    assert errors_of(excinfo)["date"] == ["Datumet kan inte ligga i framtiden."]
    assert not StatusUpdate.objects.exists()


def test_it_refuses_a_status_update_dated_before_its_promise_starts(owner, activity):
    with pytest.raises(ValidationError) as excinfo:
        services.add_status_update(
            user=owner,
            activity=activity,
            status=StatusUpdate.Status.DONE,
            description="Insatsen genomförd.",
            date=date(2023, 12, 31),
        )
    assert errors_of(excinfo)["date"] == ["Datumet kan inte ligga före löftets start (2024-01-01)."]


def test_it_refuses_to_move_a_status_update_into_the_future(owner, activity):
    update = services.add_status_update(
        user=owner,
        activity=activity,
        status=StatusUpdate.Status.DONE,
        description="Insatsen genomförd.",
        date=date(2024, 3, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        services.update_status_update(
            status_update=update,
            user=owner,
            fields={"date": timezone.localdate() + timedelta(days=30)},
        )
    assert "date" in errors_of(excinfo)
    update.refresh_from_db()
    assert update.date == date(2024, 3, 1)


def test_it_accepts_a_status_update_dated_today_and_records_its_author(owner, activity):
    update = services.add_status_update(
        user=owner,
        activity=activity,
        status=StatusUpdate.Status.IN_PROGRESS,
        description="Första insatsen genomförd.",
        occurrences=1,
    )
    assert update.date == timezone.localdate()
    assert update.author == owner
