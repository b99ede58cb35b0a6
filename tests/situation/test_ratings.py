"""Follow-up colours of an åtgärdsplan's activities: one per activity and follow-up period, a reason
required for gul and röd, set only by the kommun's coordinators, never over someone else's change."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from situation import ratings
from situation.models import FollowUpRating
from situation.plan import follow_up_windows

from .plan_data import action_plan, add_activities

pytestmark = pytest.mark.django_db

Colour = FollowUpRating.Colour


@pytest.fixture
def plan(owner, agreement):
    return action_plan(owner, agreement)


@pytest.fixture
def measure(owner, plan):
    return add_activities(owner, plan, 1)[0]


def url(activity, period=None):
    base = reverse("situation:activity_rating", args=[activity.pk])
    return f"{base}?period={period.isoformat()}" if period else base


def test_one_colour_per_activity_and_period_set_again_changes_it(owner, plan, measure):
    first, second = follow_up_windows(plan)[:2]
    ratings.set_rating(user=owner, activity=measure, window=first, colour=Colour.GREEN)
    ratings.set_rating(
        user=owner, activity=measure, window=second, colour=Colour.RED, reason="Stoppad."
    )
    ratings.set_rating(
        user=owner,
        activity=measure,
        window=first,
        colour=Colour.YELLOW,
        reason="Försenad.",
        expected_version=1,
    )
    rows = FollowUpRating.objects.filter(activity=measure).order_by("period_start")
    assert [(r.period_start, r.period_end, r.colour) for r in rows] == [
        (first.start, first.end, Colour.YELLOW),
        (second.start, second.end, Colour.RED),
    ]
    assert rows[0].history.count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpRating.objects.create(
            activity=measure, period_start=first.start, period_end=first.end, colour=Colour.GREEN
        )


def test_yellow_and_red_need_a_reason_green_does_not(owner, plan, measure):
    window = follow_up_windows(plan)[0]
    for colour in (Colour.YELLOW, Colour.RED):
        with pytest.raises(ValidationError) as error:
            ratings.set_rating(user=owner, activity=measure, window=window, colour=colour)
        assert "reason" in error.value.error_dict
    ratings.set_rating(user=owner, activity=measure, window=window, colour=Colour.GREEN)


def test_the_form_saves_and_shows_the_reason_rule_next_to_the_field(client, owner, plan, measure):
    client.force_login(owner)
    period = follow_up_windows(plan)[1].start
    response = client.post(
        url(measure, period), {"colour": Colour.RED, "reason": "", "version": ""}
    )
    assert response.status_code == 200
    assert "Skriv varför åtgärden är markerad gul eller röd." in response.content.decode()
    assert not FollowUpRating.objects.exists()
    response = client.post(
        url(measure, period), {"colour": Colour.RED, "reason": "Ingen personal.", "version": ""}
    )
    assert response.status_code == 302
    rating = FollowUpRating.objects.get()
    assert (rating.period_start, rating.colour, rating.reason) == (
        period,
        Colour.RED,
        "Ingen personal.",
    )
    # The form shows each colour with its shape and word, not the colour alone.
    page = client.get(url(measure, period)).content.decode()
    assert "■ Röd – går inte enligt plan" in page and "▲ Gul" in page and "● Grön" in page


def test_a_colour_changed_meanwhile_is_not_overwritten(client, owner, plan, measure):
    window = follow_up_windows(plan)[0]
    client.force_login(owner)
    opened = client.get(url(measure, window.start))  # no colour yet: version 0
    assert opened.status_code == 200
    ratings.set_rating(user=owner, activity=measure, window=window, colour=Colour.GREEN)
    response = client.post(
        url(measure, window.start), {"colour": Colour.RED, "reason": "Stoppad.", "version": "0"}
    )
    assert response.status_code == 200
    assert FollowUpRating.objects.get().colour == Colour.GREEN


def test_only_the_kommuns_coordinators_set_colours_and_only_in_an_action_plan(
    client, owner, secretary, police, outsider, plan, measure, activity
):
    period = follow_up_windows(plan)[0].start
    data = {"colour": Colour.GREEN, "reason": "", "version": ""}
    for user, status in ((secretary, 403), (police, 403), (outsider, 404)):
        client.force_login(user)
        assert client.get(url(measure, period)).status_code == status, user
        assert client.post(url(measure, period), data).status_code == status, user
    assert not FollowUpRating.objects.exists()
    # An activity of a medborgarlöfte has no colours.
    client.force_login(owner)
    assert client.get(url(activity)).status_code == 404
    with pytest.raises(ValidationError):
        ratings.set_rating(
            user=owner,
            activity=activity,
            window=follow_up_windows(plan)[0],
            colour=Colour.GREEN,
        )


def test_a_period_outside_the_plan_or_not_begun_is_not_found(client, owner, plan, measure):
    client.force_login(owner)
    assert client.get(url(measure, date(2024, 2, 1))).status_code == 404
    assert client.get(url(measure, date(2030, 1, 1))).status_code == 404
    assert (
        client.get(
            reverse("situation:activity_rating", args=[measure.pk]) + "?period=x"
        ).status_code
        == 404
    )
