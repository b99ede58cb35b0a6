"""The audit trail: every change to every model records who made it, and why where a reason is given.

Writes through the services, through the Django admin (HTTP, with HistoryRequestMiddleware), and an
enumeration of every model so that a model added later without history, or without a history-aware
admin, fails here.
"""

import random
from datetime import date

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from promises import services
from promises.history import describe_entries, object_history
from promises.models import (
    Activity,
    Agreement,
    FocusArea,
    Membership,
    Organisation,
    Promise,
    Signatory,
    StatusUpdate,
)

pytestmark = pytest.mark.django_db


def history_of(obj):
    """The object's history, oldest first."""
    return list(obj.history.order_by("history_date", "history_id"))


def assert_created_and_changed_by(obj, user, *, reason: str) -> None:
    rows = history_of(obj)
    assert [row.history_type for row in rows] == ["+", "~"]
    assert all(row.history_user == user for row in rows)
    assert rows[-1].history_change_reason == reason


@pytest.fixture
def admin_user(make_user):
    return make_user("systemforvaltare", is_staff=True, is_superuser=True)


# Each model kind, through the path that writes it ----------------------------------------------


def test_it_records_who_created_and_changed_an_organisation(admin_user):
    organisation = Organisation(
        kind=Organisation.Kind.MUNICIPALITY,
        name="Exempelby kommun",
        slug="exempelby",
        municipality_code="9999",
    )
    organisation._history_user = admin_user
    organisation.save()
    organisation.office = "Kommunledningskontoret"
    organisation._history_user = admin_user
    organisation._change_reason = "Förvaltningen lades till."
    organisation.save()

    assert_created_and_changed_by(organisation, admin_user, reason="Förvaltningen lades till.")
    assert history_of(organisation)[-1].office == "Kommunledningskontoret"


def test_it_records_the_police_areas_coverage_in_history(admin_user, knivsta, upplands_bro):
    area = Organisation(kind=Organisation.Kind.POLICE_AREA, name="LPO Exempel", slug="lpo-exempel")
    area._history_user = admin_user
    area.save()
    area.covered_municipalities.add(knivsta, upplands_bro)

    latest = area.history.latest()
    covered = {row.to_organisation_id for row in latest.covered_municipalities.all()}
    assert covered == {knivsta.pk, upplands_bro.pk}
    assert latest.history_user == admin_user


def test_it_records_who_created_and_changed_a_membership(admin_user, make_user, knivsta):
    user = make_user("ny-samordnare")
    membership = Membership(user=user, organisation=knivsta, role=Membership.Role.COORDINATOR)
    membership._history_user = admin_user
    membership.save()
    membership.title = "Trygghetssamordnare"
    membership._history_user = admin_user
    membership._change_reason = "Titeln rättades."
    membership.save()

    assert_created_and_changed_by(membership, admin_user, reason="Titeln rättades.")


def test_it_records_who_set_and_replaced_the_signatories(owner, agreement):
    services.set_signatories(
        document=agreement, user=owner, signatories=[("Alex Exempel", "Ordförande")]
    )
    first = agreement.signatories.get()
    services.set_signatories(
        document=agreement, user=owner, signatories=[("Robin Prov", "Ordförande")]
    )
    second = agreement.signatories.get()

    old_rows = list(Signatory.history.filter(id=first.pk).order_by("history_date"))
    assert [(row.history_type, row.history_user) for row in old_rows] == [
        ("+", owner),
        ("-", owner),
    ]
    assert [(row.history_type, row.history_user) for row in history_of(second)] == [("+", owner)]


def test_it_records_who_created_and_changed_an_agreement(owner, knivsta, uppsala_police):
    agreement = services.create_agreement(
        user=owner,
        municipality=knivsta,
        police_area=uppsala_police,
        title="Samverkansöverenskommelse",
        valid_from=date(2024, 1, 1),
        valid_to=date(2025, 12, 31),
    )
    services.update_agreement(
        agreement=agreement,
        user=owner,
        fields={"reference_number": "KS 21/0531"},
        reason="Diarienumret kom.",
    )
    assert_created_and_changed_by(agreement, owner, reason="Diarienumret kom.")
    assert history_of(agreement)[0].reference_number == ""
    assert history_of(agreement)[-1].reference_number == "KS 21/0531"


def test_it_records_who_created_and_changed_a_promise(owner, agreement):
    promise = services.create_promise(
        user=owner,
        agreement=agreement,
        title="Medborgarlöfte",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )
    services.update_promise(
        promise=promise, user=owner, fields={"purpose": "Tryggare centrum."}, reason="Syftet."
    )
    assert_created_and_changed_by(promise, owner, reason="Syftet.")


def test_it_records_the_decisions_on_a_promise_with_their_reasons(owner, adopted_promise):
    successor = services.draft_successor(
        promise=adopted_promise,
        user=owner,
        title="Medborgarlöfte 2026",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    services.adopt_promise(
        promise=successor,
        user=owner,
        adopted_by="Kommunstyrelsen",
        adopted_on=date(2025, 12, 1),
        reason="KS § 12",
    )
    adopted_row = successor.history.latest()
    assert (adopted_row.status, adopted_row.history_change_reason) == ("antagen", "KS § 12")
    superseded_row = adopted_promise.history.latest()
    assert superseded_row.status == "ersatt"
    assert superseded_row.history_user == owner
    assert superseded_row.history_change_reason == "Ersatt av Medborgarlöfte 2026."
    first_adoption = adopted_promise.history.filter(status="antagen").earliest()
    assert first_adoption.history_change_reason == "Löftet antogs."


def test_it_records_who_created_and_changed_a_focus_area(owner, promise):
    area = services.create_focus_area(user=owner, promise=promise, title="Trygg skolväg")
    services.update_focus_area(
        focus_area=area, user=owner, fields={"title": "Trygga skolvägar"}, reason="Ny rubrik."
    )
    assert_created_and_changed_by(area, owner, reason="Ny rubrik.")


def test_it_records_who_created_and_changed_an_activity(owner, police, focus_area):
    activity = services.create_activity(
        user=owner, focus_area=focus_area, description="Trygghetsvandringar."
    )
    services.update_activity(
        activity=activity,
        user=police,
        fields={"partners": "Kriminalvården"},
        reason="Ny samverkanspart.",
    )
    rows = history_of(activity)
    assert [(row.history_type, row.history_user) for row in rows] == [("+", owner), ("~", police)]
    assert rows[-1].history_change_reason == "Ny samverkanspart."


def test_it_records_who_created_and_changed_a_status_update(police, activity):
    update = services.add_status_update(
        user=police,
        activity=activity,
        status=StatusUpdate.Status.IN_PROGRESS,
        description="Första insatsen genomförd.",
        date=date(2024, 3, 1),
        occurrences=1,
    )
    services.update_status_update(
        status_update=update,
        user=police,
        fields={"occurrences": 2},
        reason="Två insatser, inte en.",
    )
    assert_created_and_changed_by(update, police, reason="Två insatser, inte en.")
    assert [row.occurrences for row in history_of(update)] == [1, 2]


def test_it_records_who_deleted_an_activity_and_why(owner, activity):
    activity_id = activity.pk
    services.delete_activity(activity=activity, user=owner, reason="Dubblett.")
    deleted = Activity.history.filter(id=activity_id).latest()
    assert (deleted.history_type, deleted.history_user, deleted.history_change_reason) == (
        "-",
        owner,
        "Dubblett.",
    )


def test_it_records_who_deleted_the_chain_under_a_deleted_focus_area(owner, focus_area, activity):
    activity_id = activity.pk
    services.delete_focus_area(focus_area=focus_area, user=owner)
    deleted = Activity.history.filter(id=activity_id).latest()
    assert deleted.history_type == "-"
    assert deleted.history_user == owner


# Through the HTTP stack -----------------------------------------------------------------------


def _agreement_form(agreement: Agreement, **changes) -> dict:
    data = {
        "municipality": agreement.municipality_id,
        "police_area": agreement.police_area_id,
        "title": agreement.title,
        "reference_number": agreement.reference_number,
        "valid_from": agreement.valid_from.isoformat(),
        "valid_to": agreement.valid_to.isoformat(),
        "goals": agreement.goals,
        "check_in_cadence": agreement.check_in_cadence,
        "signatories-TOTAL_FORMS": "0",
        "signatories-INITIAL_FORMS": "0",
        "signatories-MIN_NUM_FORMS": "0",
        "signatories-MAX_NUM_FORMS": "1000",
        "_save": "Spara",
    }
    data.update(changes)
    return data


def test_it_records_the_superuser_who_changed_an_agreement_in_the_admin(
    client, admin_user, agreement
):
    client.force_login(admin_user)
    url = f"/admin/promises/agreement/{agreement.pk}/change/"
    assert client.get(url).status_code == 200

    response = client.post(url, _agreement_form(agreement, title="Ny titel på överenskommelsen"))

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Ny titel på överenskommelsen"
    latest = agreement.history.latest()
    assert (latest.history_type, latest.history_user, latest.title) == (
        "~",
        admin_user,
        "Ny titel på överenskommelsen",
    )


def test_it_refuses_a_personnummer_in_the_admin_too(client, admin_user, agreement):
    client.force_login(admin_user)
    url = f"/admin/promises/agreement/{agreement.pk}/change/"
    response = client.post(url, _agreement_form(agreement, goals="Elev 121212-1212"))
    assert response.status_code == 200
    assert "personnummer" in response.context["adminform"].form.errors["goals"][0]
    assert agreement.history.count() == 1


def test_it_records_the_superuser_for_everything_a_deletion_in_the_admin_cascades_to(
    client, admin_user, focus_area, activity
):
    client.force_login(admin_user)
    activity_id = activity.pk
    response = client.post(f"/admin/promises/focusarea/{focus_area.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not FocusArea.objects.exists()
    deleted = Activity.history.filter(id=activity_id).latest()
    assert (deleted.history_type, deleted.history_user) == ("-", admin_user)


# Every model, now and later -------------------------------------------------------------------


# Bookkeeping that no one edits: written only by promises.public_revision, from the history rows of
# the chain (its own history would copy theirs).
NOT_AUDITED = {"promises.PublicRevision"}


def _models_of(label: str):
    return [
        model
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical") and model._meta.label not in NOT_AUDITED
    ]


ALL_MODELS = [model for label in ("promises", "followup") for model in _models_of(label)]


def test_it_enumerates_the_chain():
    assert {
        Organisation,
        Membership,
        Signatory,
        Agreement,
        Promise,
        FocusArea,
        Activity,
        StatusUpdate,
    } <= set(ALL_MODELS)


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda model: model._meta.label)
def test_it_keeps_history_for_every_model(model):
    assert hasattr(model, "history"), f"{model._meta.label} has no HistoricalRecords()."
    historical = model.history.model
    assert historical.__name__ == f"Historical{model.__name__}"
    assert historical._meta.get_field("history_user")
    assert historical._meta.get_field("history_change_reason")


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda model: model._meta.label)
def test_it_shows_every_models_history_in_the_admin(model):
    model_admin = admin.site._registry.get(model)
    assert model_admin is not None, f"{model._meta.label} is not registered in the admin."
    assert isinstance(model_admin, SimpleHistoryAdmin), (
        f"{model._meta.label}'s admin does not show its history: use SimpleHistoryAdmin."
    )


def test_it_serves_the_history_page_of_an_object_in_the_admin(client, admin_user, agreement):
    services.update_agreement(
        agreement=agreement, user=admin_user, fields={"title": "Ändrad titel"}, reason="Rättelse."
    )
    client.force_login(admin_user)
    response = client.get(f"/admin/promises/agreement/{agreement.pk}/history/")
    assert response.status_code == 200
    assert "Rättelse." in response.content.decode()


# Long texts: a background pasted from Word ---------------------------------------------------

SAMPLE = (
    "kommunen polisen samverkan trygghet insatser ungdomar centrum kvällar helger föreningar "
    "skolan fritidsgården medborgardialog lägesbild narkotika våld skadegörelse belysning "
    "vandringsvärdar fältassistenter socialtjänsten arbetet fortsätter enligt planen under "
    "perioden tillsammans med boende företagare och andra aktörer i området där oron har ökat"
)
WORDS = SAMPLE.split()


def _paragraph(rng: random.Random, words: int = 2_500) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


@pytest.fixture
def large_versions(owner, promise):
    """A promise whose background went through three versions of over 100 KB: the second changes
    one word, the third rewrites two paragraphs of 2,500 words each. Texts this long were saved
    before the 50,000-character limit existed; they are written past the services here, as the
    history of such a promise holds them."""
    rng = random.Random(9)
    first = [_paragraph(rng) for _ in range(6)]
    second = list(first)
    words = second[2].split()
    words[100] = "STATIONSOMRÅDET"
    second[2] = " ".join(words)
    third = [second[0], _paragraph(rng), second[2], _paragraph(rng), *second[4:]]
    versions = ["\n\n".join(v) for v in (first, second, third)]
    assert min(len(v) for v in versions) > 100_000
    for text in versions:
        promise.background = text
        promise._history_user = owner
        promise.save()
    return promise, versions, first[2].split()[100]


def test_it_shows_the_history_of_large_versions_summarised_with_the_full_texts(
    client, owner, large_versions
):
    promise, (_first, second, third), replaced_word = large_versions
    client.force_login(owner)
    response = client.get(reverse("promises:promise_history", args=[promise.pk]))
    assert response.status_code == 200
    content = response.content.decode()

    newest, middle = (entry.changes[0] for entry in response.context["entries"][:2])
    # Two rewritten paragraphs of 2,500 words: summarised, both texts in full one click away.
    assert newest.summary == "Texten ändrades: 2 stycken ersattes."
    assert newest.diff == []
    assert newest.text_diff.oversized_blocks == 1
    assert "Texten ändrades: 2 stycken ersattes." in content
    assert "<summary>Visa hela texten före och efter</summary>" in content
    details = content.split('<details class="diff-full"', 1)[1].split("</details>", 1)[0]
    for paragraph in second.split("\n\n") + third.split("\n\n"):
        assert f"<p>{paragraph}</p>" in details
    # One word in 100 KB: shown word by word, with the unchanged rest left out.
    assert middle.summary == ""
    assert [(p.kind, p.text) for p in middle.diff if p.kind in ("removed", "added")] == [
        ("removed", replaced_word),
        ("added", "STATIONSOMRÅDET"),
    ]
    assert middle.text_diff.abridged
    assert '<ins><span class="visually-hidden">tillagt: </span>STATIONSOMRÅDET</ins>' in content
    assert f'<del><span class="visually-hidden">borttaget: </span>{replaced_word}</del>' in content


def test_it_compares_long_texts_only_when_a_page_shows_them(large_versions):
    promise, _versions, _word = large_versions
    entries = object_history(promise)
    describe_entries(entries)
    changes = [change for entry in entries for change in entry.changes]
    assert any(change.name == "background" for change in changes)
    # Neither listing the changes nor describing them for a conflict message compared the texts.
    assert not any(
        "text_diff" in vars(change) or vars(change).get("diff") is not None for change in changes
    )


def test_it_shortens_long_values_in_the_conflict_message(large_versions):
    promise, (_first, _second, third), _word = large_versions
    newest = describe_entries(object_history(promise)[:1])
    assert len(newest) == 1
    assert "Bakgrund: " + " ".join(third.split()[:30]) + "…" in newest[0]
    assert len(newest[0]) < 500
