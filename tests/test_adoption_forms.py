"""Every adoption form (a promise, a lägesbild) refuses a decision dated in the future, with the
message next to the date, and takes today's date (promises.forms.AdoptionDateMixin)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from promises.forms import AdoptPromiseForm
from situation.forms import AdoptAssessmentForm

FUTURE = "Beslutsdatumet kan inte ligga i framtiden."


@pytest.mark.parametrize("form_class", [AdoptPromiseForm, AdoptAssessmentForm])
def test_an_adoption_is_never_dated_in_the_future(form_class):
    today = timezone.localdate()
    tomorrow = form_class({"adopted_by": "Kommunstyrelsen", "adopted_on": today + timedelta(1)})
    assert not tomorrow.is_valid()
    assert tomorrow.errors["adopted_on"] == [FUTURE]
    assert form_class({"adopted_by": "Kommunstyrelsen", "adopted_on": today}).is_valid()
