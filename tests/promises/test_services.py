"""The rules of the chain, proven through the services that every write goes through.

Each refusal is checked for its Swedish message on the field that it concerns, since that is where a
form shows it; and for the database being unchanged after it.
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from promises import services
from promises.models import Activity, Agreement, FocusArea, Promise, StatusUpdate

pytestmark = pytest.mark.django_db

END_BEFORE_START = "Slutdatumet kan inte ligga före startdatumet."


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


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


def test_it_refuses_an_activity_that_starts_before_its_promise(owner, focus_area):
    with pytest.raises(ValidationError) as excinfo:
        services.create_activity(
            user=owner,
            focus_area=focus_area,
            description="Trygghetsvandringar.",
            planned_start=date(2023, 12, 31),
        )
    assert errors_of(excinfo)["planned_start"] == [
        "Aktiviteten kan inte börja före löftets period (2024-01-01)."
    ]


def test_it_refuses_an_activity_that_ends_after_its_promise(owner, focus_area):
    with pytest.raises(ValidationError) as excinfo:
        services.create_activity(
            user=owner,
            focus_area=focus_area,
            description="Trygghetsvandringar.",
            planned_start=date(2025, 6, 1),
            planned_end=date(2026, 1, 1),
        )
    assert errors_of(excinfo)["planned_end"] == [
        "Aktiviteten kan inte sluta efter löftets period (2025-12-31)."
    ]


def test_it_refuses_an_activity_that_starts_after_its_promise_has_ended(owner, focus_area):
    with pytest.raises(ValidationError) as excinfo:
        services.create_activity(
            user=owner,
            focus_area=focus_area,
            description="Trygghetsvandringar.",
            planned_start=date(2026, 2, 1),
        )
    assert errors_of(excinfo)["planned_start"] == [
        "Aktiviteten kan inte börja efter löftets period (2025-12-31)."
    ]


def test_it_refuses_an_activity_that_ends_before_its_promise_starts(owner, focus_area):
    with pytest.raises(ValidationError) as excinfo:
        services.create_activity(
            user=owner,
            focus_area=focus_area,
            description="Trygghetsvandringar.",
            planned_end=date(2023, 11, 30),
        )
    assert errors_of(excinfo)["planned_end"] == [
        "Aktiviteten kan inte sluta före löftets period (2024-01-01)."
    ]


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


# Agreements ---------------------------------------------------------------------------------


def test_it_refuses_an_agreement_whose_police_area_does_not_cover_the_kommun(
    owner, upplands_bro, uppsala_police, jarfalla_police
):
    with pytest.raises(ValidationError) as excinfo:
        services.create_agreement(
            user=owner,
            municipality=upplands_bro,
            police_area=uppsala_police,
            title="Samverkansöverenskommelse",
            valid_from=date(2024, 1, 1),
            valid_to=date(2025, 12, 31),
        )
    assert errors_of(excinfo)["police_area"] == [
        "Lokalpolisområde Uppsala/Knivsta omfattar inte Upplands-Bro kommun. Välj det "
        "lokalpolisområde som kommunen hör till."
    ]


def test_it_refuses_a_police_area_in_place_of_the_kommun(owner, uppsala_police):
    with pytest.raises(ValidationError) as excinfo:
        services.create_agreement(
            user=owner,
            municipality=uppsala_police,
            police_area=uppsala_police,
            title="Samverkansöverenskommelse",
            valid_from=date(2024, 1, 1),
            valid_to=date(2025, 12, 31),
        )
    # The foreign key's limit_choices_to adds Django's generic message next to this one.
    assert "Välj en kommun." in errors_of(excinfo)["municipality"]


def test_it_accepts_an_agreement_with_a_police_area_covering_several_kommuner(
    owner, upplands_bro, uppsala_police
):
    uppsala_police.covered_municipalities.add(upplands_bro)
    agreement = services.create_agreement(
        user=owner,
        municipality=upplands_bro,
        police_area=uppsala_police,
        title="Samverkansöverenskommelse",
        valid_from=date(2024, 1, 1),
        valid_to=date(2025, 12, 31),
    )
    assert agreement.pk is not None


def test_it_lets_a_promise_run_past_its_agreement(owner, agreement):
    # Upplands-Bro's promise ran past the agreement that carried it.
    promise = services.create_promise(
        user=owner,
        agreement=agreement,
        title="Medborgarlöfte 2026–2027",
        period_start=date(2026, 1, 1),
        period_end=date(2027, 12, 31),
    )
    assert promise.period_end > agreement.valid_to
    assert Promise.objects.filter(pk=promise.pk).exists()


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


# Promise status --------------------------------------------------------------------------------


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


# Signatories --------------------------------------------------------------------------------


def test_it_replaces_the_signatories_in_signing_order(owner, agreement):
    services.set_signatories(
        document=agreement, user=owner, signatories=[("Alex Exempel", "Ordförande")]
    )
    services.set_signatories(
        document=agreement,
        user=owner,
        signatories=[("Robin Prov", "Kommundirektör"), ("Sam Test", "Lokalpolisområdeschef")],
    )
    assert [(s.order, s.name, s.title) for s in agreement.signatories.all()] == [
        (1, "Robin Prov", "Kommundirektör"),
        (2, "Sam Test", "Lokalpolisområdeschef"),
    ]
