"""The lägesbild's services: drafts, versions, adoption, the links problem → cause → åtgärd."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from promises import services as promise_services
from promises.services import EditConflict
from situation import services
from situation.models import AdoptedVersionIsFrozen, Assessment, Indicator


def test_a_second_draft_is_refused_with_a_message(draft, owner, knivsta):
    with pytest.raises(ValidationError) as refused:
        services.create_draft(user=owner, municipality=knivsta, title="Ett till")
    assert "har redan ett utkast" in str(refused.value)
    assert Assessment.objects.filter(municipality=knivsta).count() == 1


def test_versions_are_numbered_per_kommun(adopted, owner, knivsta, upplands_bro, outsider):
    assert adopted.version == 1
    second = services.draft_new_version(user=owner, municipality=knivsta)
    assert second.version == 2
    other = services.create_draft(user=outsider, municipality=upplands_bro, title="UB")
    assert other.version == 1


def test_a_new_version_copies_the_latest_adopted_one(adopted, owner, knivsta, activity, promise):
    problem = adopted.problems.get()
    services.set_problem_promises(problem=problem, user=owner, promises=[promise])
    new = services.draft_new_version(user=owner, municipality=knivsta)
    assert new.is_draft and new.title == adopted.title and new.summary == adopted.summary
    assert new.police_area == adopted.police_area
    copied = new.problems.get()
    assert copied.pk != problem.pk
    assert (copied.number, copied.title, copied.level, copied.source_limitations) == (
        problem.number,
        problem.title,
        problem.level,
        problem.source_limitations,
    )
    assert list(copied.indicators.all()) == list(problem.indicators.all())
    assert list(copied.promises.all()) == [promise]
    cause = copied.causes.get()
    assert cause.text == problem.causes.get().text
    assert list(cause.activities.all()) == [activity]
    # The adopted version is untouched.
    assert adopted.problems.get().pk == problem.pk


def test_a_new_version_needs_an_adopted_one_and_no_draft(draft, owner, knivsta):
    with pytest.raises(ValidationError):
        services.draft_new_version(user=owner, municipality=knivsta)


def test_adoption_refuses_an_incomplete_draft(draft, owner):
    with pytest.raises(ValidationError) as refused:
        services.adopt_assessment(
            assessment=draft, user=owner, adopted_by="Kommunstyrelsen", adopted_on=date(2025, 3, 1)
        )
    assert "minst ett problem" in str(refused.value)
    services.create_problem(user=owner, assessment=draft, title="Skadegörelse i centrum")
    with pytest.raises(ValidationError) as refused:
        services.adopt_assessment(
            assessment=draft, user=owner, adopted_by="Kommunstyrelsen", adopted_on=date(2025, 3, 1)
        )
    assert "Problem 1 saknar nivå" in str(refused.value)
    draft.refresh_from_db()
    assert draft.is_draft


def test_adoption_needs_body_and_date(draft, problem, owner):
    with pytest.raises(ValidationError) as refused:
        services.adopt_assessment(assessment=draft, user=owner, adopted_by=" ", adopted_on=None)
    assert set(refused.value.message_dict) == {"adopted_by", "adopted_on"}


def test_adoption_records_the_decision_once(adopted, owner):
    assert (adopted.adopted_by, adopted.adopted_on, adopted.adopted_paragraph) == (
        "Kommunstyrelsen",
        date(2025, 3, 10),
        "§ 6",
    )
    assert adopted.history.first().history_change_reason == "Lägesbilden antogs."
    with pytest.raises(ValidationError):
        services.adopt_assessment(
            assessment=adopted, user=owner, adopted_by="KS", adopted_on=date(2025, 4, 1)
        )


def test_services_refuse_changes_to_an_adopted_version(adopted, owner):
    problem = adopted.problems.get()
    with pytest.raises(AdoptedVersionIsFrozen):
        services.update_assessment(assessment=adopted, user=owner, fields={"title": "Ny"})
    with pytest.raises(AdoptedVersionIsFrozen):
        services.create_problem(user=owner, assessment=adopted, title="Nytt")
    with pytest.raises(AdoptedVersionIsFrozen):
        services.update_problem(problem=problem, user=owner, fields={"title": "Ny"})
    with pytest.raises(AdoptedVersionIsFrozen):
        services.delete_draft(assessment=adopted, user=owner)
    with pytest.raises(AdoptedVersionIsFrozen):
        services.set_problem_indicators(problem=problem, user=owner, indicators=[])


def test_an_edit_over_a_newer_save_is_a_conflict(draft, owner):
    opened = draft.lock_version
    services.update_assessment(assessment=draft, user=owner, fields={"analysis": "Först"})
    stale = Assessment.objects.get(pk=draft.pk)
    with pytest.raises(EditConflict):
        services.update_assessment(
            assessment=stale, user=owner, fields={"analysis": "Sen"}, expected_version=opened
        )
    assert Assessment.objects.get(pk=draft.pk).analysis == "Först"


def test_deleting_a_draft_takes_its_problems_and_causes(draft, cause, owner):
    services.delete_draft(assessment=draft, user=owner)
    assert not Assessment.objects.exists()
    assert cause.history.filter(history_type="-").exists()


def test_causes_link_only_activities_of_the_same_kommun(
    cause, owner, outsider, upplands_bro, jarfalla_police
):
    agreement = promise_services.create_agreement(
        user=outsider,
        municipality=upplands_bro,
        police_area=jarfalla_police,
        title="UB",
        valid_from=date(2024, 1, 1),
        valid_to=date(2025, 12, 31),
    )
    promise = promise_services.create_promise(
        user=outsider,
        agreement=agreement,
        title="Åtgärdsplan UB",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
    )
    area = promise_services.create_focus_area(user=outsider, promise=promise, title="Narkotika")
    foreign = promise_services.create_activity(user=outsider, focus_area=area, description="X")
    with pytest.raises(ValidationError) as refused:
        services.link_activity(cause=cause, user=owner, activity=foreign)
    assert "activities" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.set_problem_promises(problem=cause.problem, user=owner, promises=[promise])
    with pytest.raises(ValidationError):
        services.set_promise_problems(promise=promise, user=outsider, problems=[cause.problem])


def test_links_may_change_after_adoption(adopted, owner, activity, promise):
    cause = adopted.problems.get().causes.get()
    services.unlink_activity(cause=cause, user=owner, activity=activity)
    assert not cause.activities.exists()
    services.link_activity(cause=cause, user=owner, activity=activity)
    assert list(activity.causes.all()) == [cause]
    services.set_promise_problems(promise=promise, user=owner, problems=[cause.problem])
    assert list(promise.situation_problems.all()) == [cause.problem]
    services.set_promise_problems(promise=promise, user=owner, problems=[])
    assert not promise.situation_problems.exists()


def test_indicators_of_another_kommun_are_refused(problem, owner, upplands_bro):
    foreign = Indicator.objects.create(municipality=upplands_bro, name="X", source="Kolada")
    with pytest.raises(ValidationError):
        services.set_problem_indicators(problem=problem, user=owner, indicators=[foreign])


def test_numbers_follow_on(draft, problem, cause, owner):
    second = services.create_problem(user=owner, assessment=draft, title="Skadegörelse")
    assert second.number == 2
    next_cause = services.create_cause(user=owner, problem=problem, text="Ingen vuxen närvaro")
    assert next_cause.number == 2 and next_cause.code == "1.2"
