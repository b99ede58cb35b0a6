"""The lägesbild's rules, held by the models whatever path a write takes."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from situation import services
from situation.models import (
    AdoptedVersionIsFrozen,
    Assessment,
    Cause,
    Indicator,
    IndicatorValue,
    Problem,
)

from .conftest import PERSONNUMMER

GUARD_MESSAGE = "Texten innehåller ett personnummer eller samordningsnummer"


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Problem, "title"),
        (Problem, "place"),
        (Problem, "time"),
        (Problem, "affected"),
        (Problem, "description"),
        (Problem, "sources"),
        (Problem, "source_limitations"),
        (Problem, "level_justification"),
    ],
)
def test_every_free_text_of_a_problem_refuses_a_personnummer(problem, model, field):
    setattr(problem, field, f"Gäller {PERSONNUMMER} vid stationen")
    with pytest.raises(ValidationError) as refused:
        problem.full_clean()
    assert GUARD_MESSAGE in " ".join(refused.value.message_dict[field])


@pytest.mark.parametrize("field", ["title", "summary", "analysis", "adopted_by", "diary_number"])
def test_every_free_text_of_an_assessment_refuses_a_personnummer(draft, field):
    setattr(draft, field, f"Se {PERSONNUMMER}")
    with pytest.raises(ValidationError) as refused:
        draft.full_clean()
    assert GUARD_MESSAGE in " ".join(refused.value.message_dict[field])


def test_a_cause_and_an_indicator_refuse_a_personnummer(cause, indicator):
    cause.reasoning = f"Enligt {PERSONNUMMER}"
    with pytest.raises(ValidationError) as refused:
        cause.full_clean()
    assert "reasoning" in refused.value.message_dict
    indicator.note = PERSONNUMMER
    with pytest.raises(ValidationError):
        indicator.full_clean()


def test_a_kommun_has_one_draft_at_a_time_in_the_database(draft, knivsta):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(municipality=knivsta, version=2, title="Ett till utkast")


def test_versions_are_unique_per_kommun(draft, knivsta, upplands_bro):
    Assessment.objects.filter(pk=draft.pk).update(adopted_on=date(2025, 1, 1), adopted_by="KS")
    # The same number in another kommun is fine.
    Assessment.objects.create(municipality=upplands_bro, version=1, title="Upplands-Bro")
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(municipality=knivsta, version=1, title="Samma nummer")


def test_an_adopted_version_needs_its_body(draft):
    draft.adopted_on = date(2025, 3, 10)
    with pytest.raises(ValidationError) as refused:
        draft.full_clean()
    assert "adopted_by" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=draft.pk).update(adopted_on=date(2025, 3, 10))


def test_problem_and_cause_numbers_are_unique_where_they_belong(problem, cause, draft):
    duplicate = Problem(assessment=draft, number=problem.number, title="Samma nummer")
    with pytest.raises(ValidationError) as refused:
        duplicate.full_clean()
    assert "number" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Cause.objects.create(problem=problem, number=cause.number, text="Samma nummer")


def test_an_indicator_has_one_value_per_year_and_gender(indicator):
    IndicatorValue.objects.create(indicator=indicator, period=2024, gender="K", value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(indicator=indicator, period=2024, value=2)


def test_a_kolada_kpi_is_one_indicator_per_kommun(indicator, knivsta):
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(
            municipality=knivsta, name="Samma", source="Kolada", kolada_kpi="N07540"
        )


def test_an_adopted_version_is_frozen_on_every_write_path(adopted, owner):
    adopted.refresh_from_db()
    adopted.analysis = "Ändrad i efterhand"
    with pytest.raises(AdoptedVersionIsFrozen):
        adopted.save()
    problem = adopted.problems.get()
    problem.title = "Ändrad"
    with pytest.raises(AdoptedVersionIsFrozen):
        problem.save()
    cause = problem.causes.get()
    cause.text = "Ändrad"
    with pytest.raises(AdoptedVersionIsFrozen):
        cause.save()
    with pytest.raises(AdoptedVersionIsFrozen):
        cause.delete()
    with pytest.raises(AdoptedVersionIsFrozen):
        Assessment.objects.get(pk=adopted.pk).delete()
    with pytest.raises(AdoptedVersionIsFrozen):
        Problem.objects.create(assessment=adopted, number=9, title="Nytt")
    # Publishing the summary is the one change an adopted version takes.
    services.set_publish_summary(
        assessment=Assessment.objects.get(pk=adopted.pk), user=owner, publish=True
    )
    assert Assessment.objects.public().filter(pk=adopted.pk).exists()


def test_the_public_rule_is_adopted_and_published(draft, adopted, owner):
    assert not Assessment.objects.public().exists()  # adopted, not published
    assert list(Assessment.objects.adopted()) == [adopted]
    assert not Assessment.objects.drafts().exists()
    services.set_publish_summary(assessment=adopted, user=owner, publish=True)
    assert list(Assessment.objects.public()) == [adopted]
    assert Problem.objects.public().count() == 1
    assert Cause.objects.public().count() == 1
    assert Indicator.objects.public().count() == 1
    assert IndicatorValue.objects.public().count() == 1
    adopted.refresh_from_db()
    assert adopted.is_public


def test_a_published_draft_is_not_public(draft, owner, problem, indicator):
    services.set_problem_indicators(problem=problem, user=owner, indicators=[indicator])
    services.set_publish_summary(assessment=draft, user=owner, publish=True)
    assert not Assessment.objects.public().exists()
    assert not Indicator.objects.public().exists()
    assert not draft.is_public


def test_history_records_the_changes_and_the_links(owner, cause, activity):
    assert cause.history.count() >= 2  # created, then its activities linked
    services.unlink_activity(cause=cause, user=owner, activity=activity)
    newest = cause.history.order_by("-history_id").first()
    assert newest.history_user == owner
    assert list(newest.activities.all()) == []
