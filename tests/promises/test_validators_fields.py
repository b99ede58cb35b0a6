"""A Swedish personal identity number typed into any free text of the chain is refused: every
free-text field.

Every free-text field of every model of every app of this project is enumerated, so that a field
added later without the validator fails here, and each one is shown to refuse a personnummer (and a
samordningsnummer) through the service that writes it, with the message on that field, and to save
ordinary text.
"""

from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from followup import services as report_services
from followup.models import Report
from promises import services
from promises.models import Membership, StatusUpdate
from promises.validators import validate_no_personal_identity_number
from tests.project_models import project_models
from tests.promises.personal_ids import COORDINATION_NUMBER, PERSONAL_ID_MESSAGE

# Every free-text field of every app ------------------------------------------------------------

# Character fields that are not free text: identifiers, codes and checksums with their own format.
NOT_FREE_TEXT = {
    ("promises.Organisation", "slug"),  # [-a-z0-9_] only
    ("promises.Organisation", "municipality_code"),  # four digits
    # Written by the system from the deleted object, whose texts were already checked.
    ("promises.Deletion", "description"),
    ("promises.Deletion", "kind"),
    ("promises.Deletion", "contents"),
    ("followup.Report", "pdf_sha256"),  # the checksum of the issued PDF
    ("followup.DocumentProfile", "logo_sha256"),  # the checksum of the checked logo
    # Written by the system: a random nonce and a session key.
    ("accounts.Invitation", "nonce"),
    ("accounts.SignedInSession", "session_key"),
    # An identity provider's technical settings, each checked by its own rule (a URL, an
    # environment variable's name, scope tokens) or given by the provider (the client id).
    ("identity.IdentityProvider", "issuer"),
    ("identity.IdentityProvider", "client_id"),
    ("identity.IdentityProvider", "client_secret_env"),
    ("identity.IdentityProvider", "scopes"),
    ("followup.DraftLayout", "digest"),  # the checksum of a draft's snapshot
    # The lägesbild's tjänsteskrivelse: checksums, and the app's own message when it failed.
    ("followup.AssessmentDocument", "digest"),
    ("followup.AssessmentDocument", "pdf_sha256"),
    ("followup.AssessmentDocument", "error"),
    # Written by the system: a key made of ids and dates, and a subject made of texts (a promise's
    # title, a kommun's name) that were checked when they were saved.
    ("notifications.SentNotification", "key"),
    ("notifications.SentNotification", "subject"),
    # Written by the system: the outcome of a fetch from Kolada (counts, or the client's error).
    ("situation.IndicatorFetch", "message"),
}


def _free_text_fields():
    fields = []
    for model in project_models(historical=False):
        for field in model._meta.get_fields():
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if field.choices or (model._meta.label, field.name) in NOT_FREE_TEXT:
                continue
            fields.append((model._meta.label, field.name))
    return fields


def _fields_missing_the_guard():
    return [
        (label, name)
        for label, name in _free_text_fields()
        if validate_no_personal_identity_number
        not in apps.get_model(label)._meta.get_field(name).validators
    ]


FREE_TEXT_FIELDS = _free_text_fields()


def test_it_finds_the_free_text_fields_it_expects():
    # A sanity check on the enumeration itself, not the full list: these must be among them.
    for expected in [
        ("promises.Agreement", "goals"),
        ("promises.Promise", "follow_along"),
        ("promises.Promise", "adoption_paragraph"),
        ("promises.Activity", "contact_persons"),
        ("promises.StatusUpdate", "description"),
        ("promises.Signatory", "name"),
        ("followup.Report", "summary"),
        ("followup.Report", "handler_email"),
        ("followup.ReportActivityEntry", "follow_up"),
        ("followup.ReportSignatory", "name"),
        ("followup.ReportDocument", "title"),
    ]:
        assert expected in FREE_TEXT_FIELDS


def test_it_guards_every_free_text_field_of_every_app_with_the_validator():
    assert _fields_missing_the_guard() == [], (
        "These fields hold free text but do not refuse personnummer; add validators=NO_ID_NUMBER, "
        "or list them in NOT_FREE_TEXT if they are not free text."
    )


def test_it_notices_a_report_field_without_the_validator(monkeypatch):
    # The enumeration covers the followup app: take the guard off one report text and it fails.
    field = Report._meta.get_field("summary")
    monkeypatch.setattr(
        field,
        "validators",
        [v for v in field.validators if v is not validate_no_personal_identity_number],
    )
    assert _fields_missing_the_guard() == [("followup.Report", "summary")]


def test_it_keeps_the_allow_list_to_fields_that_exist():
    for label, field_name in NOT_FREE_TEXT:
        field = apps.get_model(label)._meta.get_field(field_name)
        assert isinstance(field, models.CharField)


# Values that fit a field with its own format; the rest take the defaults of the tests below.
PERSONNUMMER_IN = {
    ("followup.Report", "handler_email"): "191212121212@knivsta.se",
    ("accounts.Invitation", "email"): "191212121212@knivsta.se",
    ("promises.Organisation", "contact_email"): "191212121212@knivsta.se",
}

ORDINARY_IN = {
    ("followup.Report", "handler_email"): "kim.exempel@knivsta.se",
    ("accounts.Invitation", "email"): "ny.samordnare@knivsta.se",
    ("promises.Organisation", "contact_email"): "trygghet@knivsta.se",
    ("promises.Promise", "adoption_paragraph"): "§ 6, 2024-01-29",
    ("situation.Assessment", "adopted_paragraph"): "§ 6, 2024-01-29",
    ("situation.Indicator", "kolada_kpi"): "N07540",
}


@pytest.fixture
def draft_report(owner, adopted_promise, activity):
    return report_services.create_draft(
        user=owner,
        promise=adopted_promise,
        kind=Report.Kind.CLOSING,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 6, 30),
    )


def _write_report(label: str, field_name: str, value: str, request) -> None:
    report = request.getfixturevalue("draft_report")
    owner = request.getfixturevalue("owner")
    if label == "followup.Report":
        report_services.save_draft(report=report, user=owner, fields={field_name: value})
    elif label == "followup.ReportActivityEntry":
        entry = {"follow_up": "", "verdict": "hallet", "verdict_justification": ""}
        entry[field_name] = value
        activity = request.getfixturevalue("activity")
        report_services.save_draft(
            report=report,
            user=owner,
            fields={},
            entries={activity.pk: report_services.EntryInput(**entry)},
        )
    elif label == "followup.ReportSignatory":
        signatory = {"name": "Alex Exempel", "title": "Kommundirektör"}
        signatory[field_name] = value
        report_services.save_draft(
            report=report,
            user=owner,
            fields={},
            signatories=[(signatory["name"], signatory["title"])],
        )
    elif label == "followup.DocumentProfile":
        from followup.outline import default_sections

        report_services.save_profile(
            municipality=request.getfixturevalue("knivsta"),
            user=owner,
            fields={field_name: value},
            sections=default_sections(),
        )
    elif label == "followup.ReportDocument":
        report_services.save_draft(
            report=report, user=owner, fields={}, documents=[(value, date(2024, 6, 1))]
        )
    else:
        pytest.fail(f"No writer for {label}: add one to _write() in this test module.")


def _write_rating(value: str, request) -> None:
    """A follow-up colour's reason, on an activity of an åtgärdsplan."""
    from promises.models import Promise
    from situation import ratings
    from situation.plan import follow_up_windows

    owner = request.getfixturevalue("owner")
    plan = services.create_promise(
        user=owner,
        agreement=request.getfixturevalue("agreement"),
        kind=Promise.Kind.ACTION_PLAN,
        title="Åtgärdsplan Knivsta 2024–2025",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
    )
    area = services.create_focus_area(user=owner, promise=plan, title="Stationen")
    activity = services.create_activity(user=owner, focus_area=area, description="Vandringar.")
    ratings.set_rating(
        user=owner,
        activity=activity,
        window=follow_up_windows(plan)[0],
        colour=ratings.Colour.RED,
        reason=value,
    )


def _write_situation(label: str, field_name: str, value: str, request) -> None:
    from situation import services as situation_services
    from situation.models import Indicator, IndicatorValue

    owner, knivsta = request.getfixturevalue("owner"), request.getfixturevalue("knivsta")
    if label in ("situation.Indicator", "situation.IndicatorValue"):
        indicator = Indicator(municipality=knivsta, name="Anmälda brott", source="Kolada")
        if label == "situation.Indicator":
            setattr(indicator, field_name, value)
        services.save(indicator, user=owner)
        if label == "situation.IndicatorValue":
            row = IndicatorValue(indicator=indicator, period=2024, value=1, period_label=value)
            services.save(row, user=owner)
        return
    assessment = situation_services.create_draft(user=owner, municipality=knivsta, title="Läge")
    if label == "situation.Assessment":
        situation_services.update_assessment(
            assessment=assessment, user=owner, fields={field_name: value}
        )
        return
    problem = situation_services.create_problem(user=owner, assessment=assessment, title="Stök")
    if label == "situation.Problem":
        situation_services.update_problem(problem=problem, user=owner, fields={field_name: value})
    elif label == "situation.Cause":
        cause = situation_services.create_cause(user=owner, problem=problem, text="Mörker")
        situation_services.update_cause(cause=cause, user=owner, fields={field_name: value})
    else:
        pytest.fail(f"No writer for {label}: add one to _write_situation() in this module.")


def _write(label: str, field_name: str, value: str, request) -> None:
    """Write ``value`` into ``field_name`` the way the application does (services, or the admin's
    full_clean() for organisations and memberships)."""
    fixture = request.getfixturevalue
    owner = fixture("owner")
    model_name = label.split(".")[1]
    if label.startswith("followup."):
        _write_report(label, field_name, value, request)
    elif label == "situation.FollowUpRating":
        _write_rating(value, request)
    elif label == "situation.DutySettings":
        from situation.duty import save_duty_settings

        save_duty_settings(user=owner, municipality=fixture("knivsta"), fields={field_name: value})
    elif label.startswith("situation."):
        _write_situation(label, field_name, value, request)
    elif model_name == "Organisation":
        organisation = fixture("knivsta")
        setattr(organisation, field_name, value)
        organisation.full_clean()
        organisation._history_user = owner
        organisation.save()
    elif model_name == "Membership":
        membership = Membership.objects.get(user=owner)
        setattr(membership, field_name, value)
        membership.full_clean()
        membership._history_user = owner
        membership.save()
    elif model_name == "Signatory":
        signatory = {"name": "Alex Exempel", "title": "Kommunstyrelsens ordförande"}
        signatory[field_name] = value
        services.set_signatories(
            document=fixture("agreement"),
            user=owner,
            signatories=[(signatory["name"], signatory["title"])],
        )
    elif model_name == "DueDate":
        fields = {"title": "Årsuppföljning", "recipient": "Kommunstyrelsen", field_name: value}
        services.create_due_date(
            user=owner, document=fixture("promise"), due_on=date(2025, 2, 28), **fields
        )
    elif model_name == "Agreement":
        services.update_agreement(
            agreement=fixture("agreement"), user=owner, fields={field_name: value}
        )
    elif model_name == "Promise":
        services.update_promise(promise=fixture("promise"), user=owner, fields={field_name: value})
    elif model_name == "FocusArea":
        services.update_focus_area(
            focus_area=fixture("focus_area"), user=owner, fields={field_name: value}
        )
    elif model_name == "Activity":
        services.update_activity(
            activity=fixture("activity"), user=owner, fields={field_name: value}
        )
    elif label == "accounts.Invitation":
        from accounts.services import invite

        invitation = {"email": "ny.samordnare@knivsta.se", "title": ""}
        invitation[field_name] = value
        invite(
            organisation=fixture("knivsta"),
            role=Membership.Role.COORDINATOR,
            user=owner,
            **invitation,
        )
    elif label == "identity.IdentityProvider":
        from identity.services import save_provider

        save_provider(
            organisation=fixture("knivsta"),
            user=owner,
            values={
                "display_name": value,
                "issuer": "https://login.example.org/knivsta",
                "client_id": "lofteskollen",
                "client_secret_env": "OIDC_SECRET_KNIVSTA",
                "scopes": "openid email profile",
            },
        )
    elif label == "imports.ImportJob":
        from imports.services import start_import

        start_import(promise=fixture("promise"), user=owner, file_name=value, content=b"")
    elif model_name == "StatusUpdate":
        update = services.add_status_update(
            user=owner,
            activity=fixture("activity"),
            status=StatusUpdate.Status.IN_PROGRESS,
            description="Första insatsen genomförd.",
            date=date(2024, 3, 1),
        )
        services.update_status_update(status_update=update, user=owner, fields={field_name: value})
    else:
        pytest.fail(f"No writer for {label}: add one to _write() in this test module.")


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "field_name"), FREE_TEXT_FIELDS)
def test_it_refuses_a_personnummer_in_every_free_text_field(label, field_name, request):
    value = PERSONNUMMER_IN.get((label, field_name), "Gäller 121212-1212")
    with pytest.raises(ValidationError) as excinfo:
        _write(label, field_name, value, request)
    messages = excinfo.value.message_dict[field_name]
    assert any(PERSONAL_ID_MESSAGE in message for message in messages)


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "field_name"), FREE_TEXT_FIELDS)
def test_it_refuses_a_samordningsnummer_in_every_free_text_field(label, field_name, request):
    value = f"Gäller {COORDINATION_NUMBER}"
    if (label, field_name) in PERSONNUMMER_IN:
        value = f"{COORDINATION_NUMBER.replace('-', '')}@knivsta.se"
    with pytest.raises(ValidationError) as excinfo:
        _write(label, field_name, value, request)
    assert field_name in excinfo.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "field_name"), FREE_TEXT_FIELDS)
def test_it_saves_ordinary_text_in_every_free_text_field(label, field_name, request):
    value = ORDINARY_IN.get((label, field_name), "KS 21/0531, 2024-01-29")
    _write(label, field_name, value, request)
    assert apps.get_model(label).objects.filter(**{field_name: value}).exists()


@pytest.mark.django_db
def test_it_keeps_the_saved_text_when_a_personnummer_is_refused(owner, activity):
    before = activity.description
    with pytest.raises(ValidationError):
        services.update_activity(
            activity=activity, user=owner, fields={"description": "Eleven 121212-1212"}
        )
    activity.refresh_from_db()
    assert activity.description == before


@pytest.mark.django_db
def test_it_refuses_a_personnummer_hidden_with_invisible_characters_through_a_service(
    owner, activity
):
    with pytest.raises(ValidationError) as excinfo:
        services.update_activity(
            activity=activity,
            user=owner,
            fields={"description": "Eleven 8503\u200b12\u00ad-1231 deltog."},
        )
    assert PERSONAL_ID_MESSAGE in excinfo.value.message_dict["description"][0]
