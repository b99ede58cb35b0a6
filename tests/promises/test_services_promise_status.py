"""A promise's status, proven through the services that every write goes through: a draft is
adopted with the body and date of the decision, only an adopted promise is closed, a successor is
drafted with the focus areas and activities and supersedes the old promise when adopted, and an
adopted promise is never deleted.

Each refusal is checked for its Swedish message on the field that it concerns, since that is where a
form shows it; and for the database being unchanged after it.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from promises import services
from promises.models import Activity, FocusArea, Promise, StatusUpdate
from tests.promises.errors import errors_of

pytestmark = pytest.mark.django_db


def test_it_adopts_a_draft(owner, promise):
    services.adopt_promise(
        promise=promise,
        user=owner,
        adopted_by="Kommunstyrelsen",
        adopted_on=date(2024, 1, 29),
        adoption_paragraph=" § 6 ",
    )
    promise.refresh_from_db()
    assert promise.status == Promise.Status.ADOPTED
    assert (promise.adopted_by, promise.adopted_on, promise.adoption_paragraph) == (
        "Kommunstyrelsen",
        date(2024, 1, 29),
        "§ 6",
    )


def test_it_adopts_only_a_draft(owner, adopted_promise):
    with pytest.raises(ValidationError) as excinfo:
        services.adopt_promise(
            promise=adopted_promise,
            user=owner,
            adopted_by="Kommunfullmäktige",
            adopted_on=date(2024, 3, 1),
        )
    assert errors_of(excinfo)["status"] == ["Bara ett utkast kan antas."]
    adopted_promise.refresh_from_db()
    assert adopted_promise.adopted_by == "Kommunstyrelsen"


def test_it_needs_the_adopting_body_and_date(owner, promise):
    with pytest.raises(ValidationError) as excinfo:
        services.adopt_promise(promise=promise, user=owner, adopted_by="  ", adopted_on=None)
    errors = errors_of(excinfo)
    assert errors["adopted_by"] == ["Ange vilket organ som antog löftet."]
    assert errors["adopted_on"] == ["Ange datum för beslutet."]
    promise.refresh_from_db()
    assert promise.status == Promise.Status.DRAFT


def test_it_refuses_to_change_the_status_by_editing(owner, promise):
    with pytest.raises(ValidationError) as excinfo:
        services.update_promise(
            promise=promise, user=owner, fields={"status": Promise.Status.ADOPTED}
        )
    assert "status" in errors_of(excinfo)
    promise.refresh_from_db()
    assert promise.status == Promise.Status.DRAFT


def test_it_refuses_an_adopted_status_without_body_and_date_in_the_model(agreement):
    promise = Promise(
        agreement=agreement,
        title="Medborgarlöfte",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        status=Promise.Status.ADOPTED,
    )
    with pytest.raises(ValidationError) as excinfo:
        promise.full_clean()
    assert errors_of(excinfo)["adopted_on"] == [
        "Ett antaget löfte behöver organ och datum för beslutet."
    ]


def test_it_closes_only_an_adopted_promise(owner, promise):
    with pytest.raises(ValidationError) as excinfo:
        services.close_promise(promise=promise, user=owner)
    assert errors_of(excinfo)["status"] == ["Bara ett antaget löfte kan avslutas."]

    services.adopt_promise(
        promise=promise, user=owner, adopted_by="Kommunstyrelsen", adopted_on=date(2024, 1, 29)
    )
    services.close_promise(promise=promise, user=owner)
    promise.refresh_from_db()
    assert promise.status == Promise.Status.CLOSED

    with pytest.raises(ValidationError):
        services.close_promise(promise=promise, user=owner)


def test_it_drafts_a_successor_with_the_focus_areas_and_activities(
    owner, adopted_promise, focus_area, activity, municipal_activity
):
    services.add_status_update(
        user=owner,
        activity=activity,
        status=StatusUpdate.Status.DONE,
        description="Insatsen genomförd.",
        date=date(2024, 5, 1),
        occurrences=1,
    )
    services.update_focus_area(
        focus_area=focus_area, user=owner, fields={"definition": "Narkotika i centrum."}
    )
    successor = services.draft_successor(
        promise=adopted_promise,
        user=owner,
        title="Medborgarlöfte Knivsta 2026–2027",
        period_start=date(2026, 1, 1),
        period_end=date(2027, 12, 31),
    )

    assert successor.status == Promise.Status.DRAFT
    assert successor.supersedes == adopted_promise
    assert successor.purpose == adopted_promise.purpose
    areas = list(successor.focus_areas.all())
    assert [(a.number, a.title, a.definition) for a in areas] == [
        (1, "Insatser i samverkan mot narkotika", "Narkotika i centrum.")
    ]
    copied = list(Activity.objects.filter(focus_area__promise=successor).order_by("number"))
    assert [
        (a.number, a.description, a.responsible, a.target_count, a.target_unit, a.target_period)
        for a in copied
    ] == [
        (
            a.number,
            a.description,
            a.responsible,
            a.target_count,
            a.target_unit,
            a.target_period,
        )
        for a in (activity, municipal_activity)
    ]
    assert not StatusUpdate.objects.filter(activity__in=copied).exists()
    # The original keeps its own chain.
    assert Activity.objects.filter(focus_area__promise=adopted_promise).count() == 2
    adopted_promise.refresh_from_db()
    assert adopted_promise.status == Promise.Status.ADOPTED


def test_it_marks_the_old_promise_superseded_when_the_successor_is_adopted(owner, adopted_promise):
    successor = services.draft_successor(
        promise=adopted_promise,
        user=owner,
        title="Medborgarlöfte Knivsta 2026–2027",
        period_start=date(2026, 1, 1),
        period_end=date(2027, 12, 31),
    )
    services.adopt_promise(
        promise=successor, user=owner, adopted_by="Kommunstyrelsen", adopted_on=date(2025, 12, 1)
    )
    adopted_promise.refresh_from_db()
    successor.refresh_from_db()
    assert adopted_promise.status == Promise.Status.SUPERSEDED
    assert successor.status == Promise.Status.ADOPTED
    assert adopted_promise.superseded_by == successor


def test_it_drafts_no_successor_to_a_draft(owner, promise):
    with pytest.raises(ValidationError) as excinfo:
        services.draft_successor(
            promise=promise,
            user=owner,
            title="Efterträdare",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
        )
    assert "status" in errors_of(excinfo)
    assert Promise.objects.count() == 1


def test_it_drafts_only_one_successor(owner, adopted_promise):
    arguments = {
        "promise": adopted_promise,
        "user": owner,
        "title": "Efterträdare",
        "period_start": date(2026, 1, 1),
        "period_end": date(2026, 12, 31),
    }
    services.draft_successor(**arguments)
    with pytest.raises(ValidationError) as excinfo:
        services.draft_successor(**arguments)
    assert errors_of(excinfo)["supersedes"] == ["Det finns redan ett löfte som ersätter detta."]
    assert Promise.objects.count() == 2


def test_it_refuses_to_delete_an_adopted_promise(owner, adopted_promise, activity):
    with pytest.raises(ValidationError) as excinfo:
        services.delete_promise(promise=adopted_promise, user=owner)
    assert errors_of(excinfo)["status"] == [
        "Ett antaget löfte tas aldrig bort; avsluta eller ersätt det i stället."
    ]
    assert Promise.objects.filter(pk=adopted_promise.pk).exists()
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_it_deletes_a_draft_with_its_chain(owner, promise, activity):
    services.delete_promise(promise=promise, user=owner, reason="Skrevs av misstag.")
    assert not Promise.objects.exists()
    assert not FocusArea.objects.exists()
    assert not Activity.objects.exists()
