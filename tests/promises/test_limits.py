"""Sane ranges for what users type: dates between 2000 and 2100, area numbers 1–99 and activity
numbers 1–999. Outside them a Swedish message stands next to the field, never a server error."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from promises import services
from promises.limits import LATEST_DATE, MAX_ACTIVITY_NUMBER, MAX_FOCUS_AREA_NUMBER
from promises.models import StatusUpdate
from tests.promises.view_data import _promise_data
from tests.versions import group_version

DATE_MESSAGE = "Ange ett datum mellan 2000-01-01 och 2100-12-31."


@pytest.mark.parametrize(
    ("field", "value"),
    [("period_start", "0001-01-01"), ("period_end", "9999-12-31"), ("period_start", "1999-12-31")],
)
def test_it_refuses_a_promise_period_outside_2000_to_2100(client, owner, agreement, field, value):
    client.force_login(owner)
    response = client.post(
        reverse("promises:promise_create"), _promise_data(agreement, **{field: value})
    )
    assert response.status_code == 200
    assert DATE_MESSAGE in response.context["form"].errors[field]
    assert value in response.content.decode()  # the typed value is kept


def test_it_refuses_out_of_range_dates_in_services_too(owner, agreement):
    with pytest.raises(ValidationError) as error:
        services.create_promise(
            user=owner,
            agreement=agreement,
            title="Fel år",
            period_start=date(2024, 1, 1),
            period_end=date(9999, 12, 31),
        )
    assert "period_end" in error.value.error_dict


def test_it_accepts_the_last_day_of_the_range(owner, agreement):
    promise = services.create_promise(
        user=owner,
        agreement=agreement,
        title="Långt löfte",
        period_start=date(2024, 1, 1),
        period_end=LATEST_DATE,
    )
    assert promise.period_end == LATEST_DATE


def test_it_refuses_an_update_dated_in_year_one(client, owner, adopted_promise, activity):
    client.force_login(owner)
    response = client.post(
        reverse("promises:status_update_create", args=[activity.pk]),
        {
            "date": "0001-01-01",
            "status": StatusUpdate.Status.IN_PROGRESS,
            "description": "x",
            "is_public": "false",
        },
    )
    assert response.status_code == 422
    assert "date" in response.context["update_form"].errors


@pytest.mark.parametrize("number", [MAX_ACTIVITY_NUMBER + 1, 30000, 32768, 10**9])
def test_it_refuses_renumbering_past_the_maximum(client, owner, focus_area, activity, number):
    client.force_login(owner)
    url = reverse("promises:activity_renumber", args=[focus_area.pk])
    response = client.post(
        url, {f"number_{activity.pk}": number, "version": group_version([activity])}
    )
    assert response.status_code == 200
    assert f"högst {MAX_ACTIVITY_NUMBER}" in str(response.context["form"].errors)
    activity.refresh_from_db()
    assert activity.number == 1


def test_it_renumbers_to_the_maximum_again_and_again(owner, focus_area, activity):
    """The service moves numbers out of the way by an offset: at the maximum that must still fit
    the column (it overflowed a smallint once numbers passed 22767)."""
    for number in (MAX_ACTIVITY_NUMBER, 1, MAX_ACTIVITY_NUMBER):
        services.renumber_activities(
            focus_area=focus_area, user=owner, numbers={activity.pk: number}
        )
        activity.refresh_from_db()
        assert activity.number == number


def test_it_refuses_a_focus_area_number_past_the_maximum(client, owner, promise):
    client.force_login(owner)
    response = client.post(
        reverse("promises:focus_area_create", args=[promise.pk]),
        {"number": MAX_FOCUS_AREA_NUMBER + 1, "title": "För högt", "definition": ""},
    )
    assert response.status_code == 200
    assert f"högst {MAX_FOCUS_AREA_NUMBER}" in str(response.context["form"].errors["number"])
