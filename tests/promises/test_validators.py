"""A Swedish personal identity number typed into any free text of the chain is refused.

The validator itself is tested on personnummer and samordningsnummer in every common spelling, and on
ordinary text that merely looks numeric (dates, diarienummer, phone numbers). Then every free-text
field of every model is enumerated, so that a field added later without the validator fails here, and
each one is shown to refuse a personnummer through the service that writes it, with the message on
that field.
"""

from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from promises import services
from promises.models import Membership, StatusUpdate
from promises.validators import (
    find_personal_identity_number,
    validate_no_personal_identity_number,
)

PERSONAL_ID_MESSAGE = "Texten innehåller ett personnummer eller samordningsnummer."


def luhn_check_digit(nine_digits: str) -> str:
    """The Skatteverket check digit: weights 2,1,2,… from the left, digit sums, 10 minus the last."""
    total = 0
    for index, char in enumerate(nine_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def luhn_is_valid(ten_digits: str) -> bool:
    return luhn_check_digit(ten_digits[:9]) == ten_digits[9]


# A samordningsnummer: born 1912-12-12, so the day is written 12 + 60 = 72.
COORDINATION_NUMBER = "121272-121" + luhn_check_digit("121272121")


# The validator ---------------------------------------------------------------------------------


def test_it_computes_the_test_samordningsnummer_with_a_valid_check_digit():
    assert luhn_is_valid(COORDINATION_NUMBER.replace("-", ""))
    assert COORDINATION_NUMBER[4:6] == "72"


@pytest.mark.parametrize(
    "text",
    [
        "121212-1212",
        "191212121212",
        "19121212-1212",
        "1212121212",
        "121212+1212",
        "19121212+1212",
        "121212 1212",
        COORDINATION_NUMBER,
        COORDINATION_NUMBER.replace("-", ""),
        "19" + COORDINATION_NUMBER,
        "Eleven (121212-1212) deltog i samtalet.",
        "pnr:121212-1212, skola B",
    ],
)
def test_it_finds_a_personal_identity_number(text):
    assert find_personal_identity_number(text) is not None
    with pytest.raises(ValidationError) as excinfo:
        validate_no_personal_identity_number(text)
    assert excinfo.value.code == "personal_identity_number"
    assert PERSONAL_ID_MESSAGE in excinfo.value.messages[0]


def test_it_finds_a_personnummer_written_with_an_en_dash():
    # Word turns "-" into "–" as you type; text pasted from a Word file must be caught too.
    assert find_personal_identity_number("Personnummer 121212–1212") is not None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Född 121212-1212 i Knivsta", "121212-1212"),
        ("Se 19121212-1212.", "19121212-1212"),
    ],
)
def test_it_returns_the_number_it_found(text, found):
    assert find_personal_identity_number(text) == found


PHONE_NUMBERS = ["0701234567", "070-1234567", "0812345678"]


@pytest.mark.parametrize("number", PHONE_NUMBERS)
def test_it_uses_phone_numbers_whose_check_digit_fails(number):
    # Keeps the next test honest: these digits would be a personnummer if the check digit matched.
    assert not luhn_is_valid(number.replace("-", ""))


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-29",
        "Beslutet togs 2024-01-29, § 6.",
        "KS 21/0531",
        "KS-2023/147",
        "Dnr KS 2023/0147-1",
        *PHONE_NUMBERS,
        "Ring 070-123 45 67 eller 08-123 456 78.",
        "minst 4 narkotikainsatser",
        "minst 1 medborgardialog per termin, 12 deltagare",
        "1212121213",  # the right shape, but the check digit fails
        "131312-1212",  # month 13 does not exist
        "121232-1212",  # neither does day 32
        "Ordernummer 20240129123456",  # a longer run of digits
        "Kl. 18.00–20.00 den 2025-11-10",
        "",
    ],
)
def test_it_accepts_ordinary_text(text):
    assert find_personal_identity_number(text) is None
    validate_no_personal_identity_number(text)


# Every free-text field -------------------------------------------------------------------------

# Character fields that are not free text: identifiers and codes with their own format.
NOT_FREE_TEXT = {
    ("Organisation", "slug"),
    ("Organisation", "municipality_code"),
    ("Promise", "adoption_paragraph"),
    # Written by the system from the deleted object, whose texts were already checked.
    ("Deletion", "description"),
    ("Deletion", "kind"),
    ("Deletion", "contents"),
}


def _chain_models():
    return [
        model
        for model in apps.get_app_config("promises").get_models()
        if not model.__name__.startswith("Historical")
    ]


def _free_text_fields():
    fields = []
    for model in _chain_models():
        for field in model._meta.get_fields():
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if field.choices or (model.__name__, field.name) in NOT_FREE_TEXT:
                continue
            fields.append((model.__name__, field.name))
    return fields


FREE_TEXT_FIELDS = _free_text_fields()


def test_it_finds_the_free_text_fields_it_expects():
    # A sanity check on the enumeration itself, not the full list: these must be among them.
    for expected in [
        ("Agreement", "goals"),
        ("Promise", "follow_along"),
        ("Activity", "contact_persons"),
        ("StatusUpdate", "description"),
        ("Signatory", "name"),
    ]:
        assert expected in FREE_TEXT_FIELDS


@pytest.mark.parametrize(("model_name", "field_name"), FREE_TEXT_FIELDS)
def test_it_guards_every_free_text_field_with_the_validator(model_name, field_name):
    field = apps.get_model("promises", model_name)._meta.get_field(field_name)
    assert validate_no_personal_identity_number in field.validators, (
        f"{model_name}.{field_name} holds free text but does not refuse personnummer; add "
        "validators=NO_ID_NUMBER, or list it in NOT_FREE_TEXT if it is not free text."
    )


def test_it_keeps_the_allow_list_to_fields_that_exist():
    for model_name, field_name in NOT_FREE_TEXT:
        field = apps.get_model("promises", model_name)._meta.get_field(field_name)
        assert isinstance(field, models.CharField)


def _write(model_name: str, field_name: str, value: str, request) -> None:
    """Write ``value`` into ``field_name`` the way the application does (services, or the admin's
    full_clean() for organisations and memberships)."""
    fixture = request.getfixturevalue
    owner = fixture("owner")
    if model_name == "Organisation":
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
        pytest.fail(f"No writer for {model_name}: add one to _write() in this test module.")


@pytest.mark.django_db
@pytest.mark.parametrize(("model_name", "field_name"), FREE_TEXT_FIELDS)
def test_it_refuses_a_personnummer_in_every_free_text_field(model_name, field_name, request):
    with pytest.raises(ValidationError) as excinfo:
        _write(model_name, field_name, "Gäller 121212-1212", request)
    messages = excinfo.value.message_dict[field_name]
    assert any(PERSONAL_ID_MESSAGE in message for message in messages)


@pytest.mark.django_db
@pytest.mark.parametrize(("model_name", "field_name"), FREE_TEXT_FIELDS)
def test_it_refuses_a_samordningsnummer_in_every_free_text_field(model_name, field_name, request):
    with pytest.raises(ValidationError) as excinfo:
        _write(model_name, field_name, f"Gäller {COORDINATION_NUMBER}", request)
    assert field_name in excinfo.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(("model_name", "field_name"), FREE_TEXT_FIELDS)
def test_it_saves_ordinary_text_in_every_free_text_field(model_name, field_name, request):
    value = "KS 21/0531, 2024-01-29"
    _write(model_name, field_name, value, request)
    model = apps.get_model("promises", model_name)
    assert model.objects.filter(**{field_name: value}).exists()


@pytest.mark.django_db
def test_it_keeps_the_saved_text_when_a_personnummer_is_refused(owner, activity):
    before = activity.description
    with pytest.raises(ValidationError):
        services.update_activity(
            activity=activity, user=owner, fields={"description": "Eleven 121212-1212"}
        )
    activity.refresh_from_db()
    assert activity.description == before
