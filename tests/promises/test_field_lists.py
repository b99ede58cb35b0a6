"""Each list of what a user writes is declared once, on its model (``EDITABLE_FIELDS``): the edit
form shows exactly those fields, and its view hands exactly those to the service."""

from datetime import date

import pytest
from django.urls import reverse

from followup.forms import ReportForm
from followup.models import Report
from promises import services
from promises.forms import (
    ActivityEditForm,
    AgreementEditForm,
    FocusAreaEditForm,
    PromiseEditForm,
    StatusUpdateEditForm,
)
from promises.models import Activity, Agreement, FocusArea, Membership, Promise, StatusUpdate
from tests.form_data import page_form

pytestmark = pytest.mark.django_db

# What an edit form has beyond the model's own fields: the version it was opened on, the reason
# for the change, and the signatories (their own model, replaced as a list).
FORM_ONLY = {"version", "change_reason", "signatories"}

EDIT_FORMS = [
    (AgreementEditForm, Agreement),
    (PromiseEditForm, Promise),
    (FocusAreaEditForm, FocusArea),
    (ActivityEditForm, Activity),
    (StatusUpdateEditForm, StatusUpdate),
]


@pytest.mark.parametrize(("form_class", "model"), EDIT_FORMS, ids=lambda v: v.__name__)
def test_it_shows_the_model_s_editable_fields_in_its_edit_form(form_class, model):
    assert tuple(form_class._meta.fields) == model.EDITABLE_FIELDS
    assert set(form_class.base_fields) - FORM_ONLY == set(model.EDITABLE_FIELDS)


def test_it_shows_the_report_s_editable_fields_in_its_editor_once_each():
    assert tuple(ReportForm._meta.fields) == Report.EDITABLE_FIELDS
    assert set(ReportForm.base_fields) - {"version"} == set(Report.EDITABLE_FIELDS)
    grouped = [name for group in Report.FIELD_GROUPS.values() for name in group]
    assert sorted(grouped) == sorted(set(grouped)), "a field in two sections of the editor"


def _changed_fields(obj) -> set[str]:
    """The fields the latest save of ``obj`` changed, from its history."""
    latest, before = obj.history.all()[:2]
    diff = latest.diff_against(before, excluded_fields=["lock_version"])
    return set(diff.changed_fields)


def _post_every_field_changed(client, url, changes) -> None:
    data = {**page_form(client, url), **changes}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors


def test_it_saves_every_editable_field_of_an_agreement_and_no_other(
    client, owner, agreement, upplands_bro, jarfalla_police
):
    Membership.objects.create(
        user=owner, organisation=upplands_bro, role=Membership.Role.COORDINATOR
    )
    client.force_login(owner)
    changes = {
        "municipality": upplands_bro.pk,
        "police_area": jarfalla_police.pk,
        "title": "Samverkansöverenskommelse Upplands-Bro",
        "reference_number": "KS 24/0012",
        "valid_from": "2023-02-01",
        "valid_to": "2026-11-30",
        "goals": "Trygg offentlig miljö",
        "check_in_cadence": "manad",
    }
    assert set(changes) == set(Agreement.EDITABLE_FIELDS)
    _post_every_field_changed(
        client, reverse("promises:agreement_edit", args=[agreement.pk]), changes
    )
    assert _changed_fields(agreement) == set(Agreement.EDITABLE_FIELDS)


def test_it_saves_every_editable_field_of_a_promise_and_no_other(
    client, owner, promise, knivsta, uppsala_police
):
    other_agreement = services.create_agreement(
        user=owner,
        municipality=knivsta,
        police_area=uppsala_police,
        title="Tilläggsöverenskommelse Knivsta",
        valid_from=date(2024, 1, 1),
        valid_to=date(2027, 12, 31),
    )
    client.force_login(owner)
    changes = {
        "kind": Promise.Kind.ACTION_PLAN,
        "agreement": other_agreement.pk,
        "title": "Åtgärdsplan Knivsta 2024–2025",
        "reference_number": "KS 24/0099",
        "period_start": "2024-02-01",
        "period_end": "2025-11-30",
        "follow_up_cadence": "manad",
        "purpose": "Nytt syfte.",
        "situation": "Ny lägesbild.",
        "background": "Ny bakgrund.",
        "joint_commitment": "Nytt gemensamt åtagande.",
        "expected_effect": "Ny effekt.",
        "follow_along": "Följ oss på kommunens webbplats.",
    }
    assert set(changes) == set(Promise.EDITABLE_FIELDS)
    _post_every_field_changed(client, reverse("promises:promise_edit", args=[promise.pk]), changes)
    assert _changed_fields(promise) == set(Promise.EDITABLE_FIELDS)


def test_it_saves_every_editable_field_of_a_focus_area_and_no_other(client, owner, focus_area):
    client.force_login(owner)
    changes = {"number": 2, "title": "Trygghet i centrum", "definition": "Ny definition."}
    assert set(changes) == set(FocusArea.EDITABLE_FIELDS)
    url = reverse("promises:focus_area_edit", args=[focus_area.pk])
    _post_every_field_changed(client, url, changes)
    assert _changed_fields(focus_area) == set(FocusArea.EDITABLE_FIELDS)


def test_it_saves_every_editable_field_of_an_activity_and_no_other(client, owner, activity):
    client.force_login(owner)
    changes = {
        "number": 5,
        "description": "Nattvandring tillsammans med föreningarna.",
        "responsible": Activity.Responsible.POLICE,
        "partners": "Föreningslivet",
        "contact_persons": "Alex Exempel, kommunpolis",
        "planned_start": "2024-03-01",
        "planned_end": "2024-11-30",
        "target_count": 6,
        "target_unit": "nattvandringar",
        "target_period": "termin",
        "goal_text": "Alla skolor i Bro har en kontaktperson för trygghetsfrågor.",
    }
    assert set(changes) == set(Activity.EDITABLE_FIELDS)
    _post_every_field_changed(
        client, reverse("promises:activity_edit", args=[activity.pk]), changes
    )
    assert _changed_fields(activity) == set(Activity.EDITABLE_FIELDS)


def test_it_saves_every_editable_field_of_a_status_update_and_no_other(
    client, owner, adopted_promise, activity
):
    update = services.add_status_update(
        user=owner,
        activity=activity,
        status=StatusUpdate.Status.IN_PROGRESS,
        description="Två insatser genomförda.",
        date=date(2025, 3, 1),
        occurrences=2,
    )
    client.force_login(owner)
    changes = {
        "date": "2025-02-15",
        "status": StatusUpdate.Status.DONE,
        "description": "Alla insatser genomförda.",
        "occurrences": 4,
        "is_public": "true",
        "change_reason": "Fel datum och antal.",
    }
    assert set(changes) - {"change_reason"} == set(StatusUpdate.EDITABLE_FIELDS)
    url = reverse("promises:status_update_edit", args=[update.pk])
    _post_every_field_changed(client, url, changes)
    assert _changed_fields(update) == set(StatusUpdate.EDITABLE_FIELDS)


def test_it_copies_every_editable_field_but_title_period_and_planned_dates_to_a_successor(
    owner, adopted_promise, activity
):
    services.update_activity(
        activity=activity,
        user=owner,
        fields={"partners": "Föreningslivet", "planned_start": date(2024, 3, 1)},
    )
    successor = services.draft_successor(
        promise=adopted_promise,
        user=owner,
        title="Medborgarlöfte Knivsta 2026–2027",
        period_start=date(2026, 1, 1),
        period_end=date(2027, 12, 31),
    )
    new_period = {"title", "period_start", "period_end"}
    for name in set(Promise.EDITABLE_FIELDS) - new_period:
        assert getattr(successor, name) == getattr(adopted_promise, name), name
    copy = Activity.objects.get(focus_area__promise=successor)
    for name in set(Activity.EDITABLE_FIELDS) - {"planned_start", "planned_end"}:
        assert getattr(copy, name) == getattr(activity, name), name
    assert copy.planned_start is None
