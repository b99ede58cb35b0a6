"""The numbers of the chain, proven through the services that every write goes through: a
quantified target is a positive count with its unit and period, and focus areas and activities are
numbered in sequence, each number once in its promise or focus area.

Each refusal is checked for its Swedish message on the field that it concerns, since that is where a
form shows it; and for the database being unchanged after it.
"""

import pytest
from django.core.exceptions import ValidationError

from promises import services
from promises.models import Activity, FocusArea
from tests.promises.errors import errors_of

pytestmark = pytest.mark.django_db

# Quantified targets --------------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, -1, -4])
def test_it_refuses_a_target_that_is_not_a_positive_number(owner, focus_area, count):
    with pytest.raises(ValidationError) as excinfo:
        services.create_activity(
            user=owner,
            focus_area=focus_area,
            description="Narkotikainsatser.",
            target_count=count,
            target_unit="narkotikainsatser",
            target_period="ar",
        )
    assert errors_of(excinfo)["target_count"] == ["Målet måste vara ett positivt heltal, t.ex. 4."]
    assert not Activity.objects.exists()


def test_it_refuses_a_target_without_unit_and_period(owner, focus_area):
    with pytest.raises(ValidationError) as excinfo:
        services.create_activity(
            user=owner, focus_area=focus_area, description="Narkotikainsatser.", target_count=4
        )
    errors = errors_of(excinfo)
    assert errors["target_unit"] == ["Ange vad som räknas, t.ex. narkotikainsatser."]
    assert errors["target_period"] == ["Ange vilken period målet gäller, t.ex. per år."]


def test_it_refuses_a_unit_and_period_without_a_count(owner, focus_area):
    with pytest.raises(ValidationError) as excinfo:
        services.create_activity(
            user=owner,
            focus_area=focus_area,
            description="Narkotikainsatser.",
            target_unit="narkotikainsatser",
            target_period="ar",
        )
    assert errors_of(excinfo)["target_count"] == [
        "Ange antalet, eller töm enhet och period om aktiviteten saknar mätbart mål."
    ]


def test_it_refuses_to_set_an_existing_target_to_zero(owner, activity):
    with pytest.raises(ValidationError) as excinfo:
        services.update_activity(activity=activity, user=owner, fields={"target_count": 0})
    assert "target_count" in errors_of(excinfo)
    activity.refresh_from_db()
    assert activity.target_count == 4


# Numbering ---------------------------------------------------------------------------------


def test_it_refuses_a_duplicate_activity_number_in_a_focus_area(owner, focus_area, activity):
    with pytest.raises(ValidationError) as excinfo:
        services.create_activity(
            user=owner, focus_area=focus_area, number=activity.number, description="Samma nummer."
        )
    assert errors_of(excinfo)["number"] == [
        "Det finns redan en aktivitet med det numret i fokusområdet."
    ]
    assert Activity.objects.count() == 1


def test_it_refuses_to_renumber_an_activity_onto_a_taken_number(
    owner, activity, municipal_activity
):
    with pytest.raises(ValidationError) as excinfo:
        services.update_activity(
            activity=municipal_activity, user=owner, fields={"number": activity.number}
        )
    assert "number" in errors_of(excinfo)


def test_it_allows_the_same_activity_number_in_another_focus_area(owner, promise, activity):
    other_area = services.create_focus_area(user=owner, promise=promise, title="Trygg skolväg")
    copy = services.create_activity(
        user=owner, focus_area=other_area, number=activity.number, description="Skolvägar."
    )
    assert copy.code == f"2:{activity.number}"


def test_it_numbers_activities_and_focus_areas_in_sequence(owner, promise, focus_area):
    second_area = services.create_focus_area(user=owner, promise=promise, title="Trygg skolväg")
    first = services.create_activity(user=owner, focus_area=second_area, description="Ett.")
    second = services.create_activity(user=owner, focus_area=second_area, description="Två.")
    assert (focus_area.number, second_area.number) == (1, 2)
    assert (first.code, second.code) == ("2:1", "2:2")


def test_it_refuses_a_duplicate_focus_area_number_in_a_promise(owner, promise, focus_area):
    with pytest.raises(ValidationError) as excinfo:
        services.create_focus_area(
            user=owner, promise=promise, number=focus_area.number, title="Samma nummer"
        )
    assert errors_of(excinfo)["number"] == [
        "Det finns redan ett fokusområde med det numret i löftet."
    ]
    assert FocusArea.objects.count() == 1
