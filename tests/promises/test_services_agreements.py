"""Agreements and signatories, proven through the services that every write goes through: the
police area must cover the kommun (and a kommun must be a kommun), a promise may run past its
agreement, and signatories are replaced in signing order.

Each refusal is checked for its Swedish message on the field that it concerns, since that is where a
form shows it.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from promises import services
from promises.models import Promise
from tests.promises.errors import errors_of

pytestmark = pytest.mark.django_db

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
