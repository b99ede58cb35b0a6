"""Every write to a lägesbild goes through these functions.

Each is keyword-only, runs in a transaction, validates with ``full_clean()`` (so the Swedish message
lands on the field it concerns) and records who made the change in the object's history, through the
one write path of the project (``promises.services.save``/``delete``). Edits carry the version the
editor saw (``expected_version``): a save over someone else's newer change is refused with
``EditConflict``. An adopted version is frozen; a new version starts as a copy of it.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from promises.audit import acting_user
from promises.models import Activity, Organisation, Promise
from promises.services import assign, delete, save

from .models import AdoptedVersionIsFrozen, Assessment, Cause, Indicator, Problem
from .selectors import latest_adopted


def _refuse_if_adopted(assessment: Assessment) -> None:
    if assessment.is_adopted:
        raise AdoptedVersionIsFrozen()


def _lock_municipality(municipality: Organisation) -> None:
    """Serialise the creation of a kommun's versions: two at once would both find no draft."""
    Organisation.objects.select_for_update().filter(pk=municipality.pk).first()


def _next_version(municipality: Organisation) -> int:
    last = (
        Assessment.objects.filter(municipality=municipality)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    return (last or 0) + 1


def _refuse_second_draft(municipality: Organisation) -> None:
    if Assessment.objects.drafts().filter(municipality=municipality).exists():
        raise ValidationError(
            _(
                "%(municipality)s har redan ett utkast till lägesbild. Arbeta vidare i det, "
                "eller ta bort det först."
            )
            % {"municipality": municipality}
        )


def _copy(obj, names: Iterable[str], *, leave: Iterable[str] = ()) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names if name not in leave}


# Assessments ---------------------------------------------------------------------------------


@transaction.atomic
def create_draft(
    *,
    user,
    municipality: Organisation,
    title: str,
    police_area: Organisation | None = None,
    **fields: Any,
) -> Assessment:
    """Start a kommun's next version as a draft; refused while it already has one."""
    _lock_municipality(municipality)
    _refuse_second_draft(municipality)
    assessment = Assessment(
        municipality=municipality,
        police_area=police_area,
        title=title,
        version=_next_version(municipality),
        **fields,
    )
    return save(assessment, user=user)


@transaction.atomic
def draft_new_version(*, user, municipality: Organisation) -> Assessment:
    """ "Ny version": a draft that copies the latest adopted version, its problems, causes and
    their links (indicators, promises, activities). Refused without an adopted version or while a
    draft exists."""
    _lock_municipality(municipality)
    _refuse_second_draft(municipality)
    previous = latest_adopted(municipality)
    if previous is None:
        raise ValidationError(_("Det finns ingen antagen lägesbild att utgå från."))
    draft = Assessment(
        municipality=municipality,
        version=_next_version(municipality),
        police_area=previous.police_area,
        **_copy(previous, Assessment.EDITABLE_FIELDS, leave=("police_area",)),
    )
    save(draft, user=user, reason=_("Ny version av version %(n)s.") % {"n": previous.version})
    problems = previous.problems.prefetch_related(
        "indicators", "promises", "causes__activities"
    ).order_by("number")
    with acting_user(user):
        for problem in problems:
            new_problem = save(
                Problem(assessment=draft, **_copy(problem, Problem.EDITABLE_FIELDS)), user=user
            )
            new_problem.indicators.set(problem.indicators.all())
            new_problem.promises.set(problem.promises.all())
            for cause in problem.causes.all():
                new_cause = save(
                    Cause(problem=new_problem, **_copy(cause, Cause.EDITABLE_FIELDS)), user=user
                )
                new_cause.activities.set(cause.activities.all())
    return draft


@transaction.atomic
def update_assessment(
    *,
    assessment: Assessment,
    user,
    fields: Mapping[str, Any],
    reason: str = "",
    expected_version: int | None = None,
) -> Assessment:
    _refuse_if_adopted(assessment)
    assign(assessment, fields)
    return save(assessment, user=user, reason=reason, expected_version=expected_version)


def adoption_gaps(assessment: Assessment) -> list[str]:
    """What keeps a draft from being adopted, in Swedish; empty when it is complete."""
    problems = list(assessment.problems.order_by("number"))
    if not problems:
        return [_("Lägesbilden behöver minst ett problem.")]
    return [
        _("Problem %(number)s saknar nivå eller motivering av nivån.") % {"number": p.number}
        for p in problems
        if not p.has_level
    ]


@transaction.atomic
def adopt_assessment(
    *,
    assessment: Assessment,
    user,
    adopted_by: str,
    adopted_on: date,
    adopted_paragraph: str = "",
    reason: str = "",
) -> Assessment:
    """Record the decision that adopts a draft. The row is locked, so two adoptions at once give
    one; an incomplete draft (no problem, or a problem without level and justification) is
    refused."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_adopted:
        raise ValidationError(_("Lägesbilden är redan antagen."))
    errors: dict[str, str] = {}
    if not (adopted_by or "").strip():
        errors["adopted_by"] = _("Ange vilket organ som antog lägesbilden.")
    if not adopted_on:
        errors["adopted_on"] = _("Ange datum för beslutet.")
    if errors:
        raise ValidationError(errors)
    gaps = adoption_gaps(locked)
    if gaps:
        raise ValidationError(gaps)
    locked.adopted_by = adopted_by.strip()
    locked.adopted_on = adopted_on
    locked.adopted_paragraph = (adopted_paragraph or "").strip()
    save(locked, user=user, reason=reason or _("Lägesbilden antogs."))
    assessment.refresh_from_db()
    return assessment


@transaction.atomic
def set_publish_summary(*, assessment: Assessment, user, publish: bool) -> Assessment:
    """Whether citizens see the summary once the version is adopted (also after adoption)."""
    assessment.publish_summary = publish
    assessment.full_clean()
    assessment._history_user = user
    assessment.save(update_fields=["publish_summary"])
    return assessment


@transaction.atomic
def delete_draft(*, assessment: Assessment, user, reason: str = "") -> None:
    """Only a draft is ever deleted; an adopted version is part of the record."""
    _refuse_if_adopted(assessment)
    delete(assessment, user=user, reason=reason, restorable=False)


# Problems and causes -------------------------------------------------------------------------


def next_problem_number(assessment: Assessment) -> int:
    last = assessment.problems.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def next_cause_number(problem: Problem) -> int:
    last = problem.causes.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def create_problem(
    *, user, assessment: Assessment, title: str, number: int | None = None, **fields: Any
) -> Problem:
    _refuse_if_adopted(assessment)
    problem = Problem(
        assessment=assessment,
        number=number if number is not None else next_problem_number(assessment),
        title=title,
        **fields,
    )
    return save(problem, user=user)


@transaction.atomic
def update_problem(
    *,
    problem: Problem,
    user,
    fields: Mapping[str, Any],
    reason: str = "",
    expected_version: int | None = None,
) -> Problem:
    _refuse_if_adopted(problem.assessment)
    assign(problem, fields)
    return save(problem, user=user, reason=reason, expected_version=expected_version)


@transaction.atomic
def delete_problem(*, problem: Problem, user, reason: str = "") -> None:
    _refuse_if_adopted(problem.assessment)
    delete(problem, user=user, reason=reason, restorable=False)


@transaction.atomic
def create_cause(
    *,
    user,
    problem: Problem,
    text: str,
    number: int | None = None,
    reasoning: str = "",
    activities: Iterable[Activity] = (),
) -> Cause:
    _refuse_if_adopted(problem.assessment)
    cause = Cause(
        problem=problem,
        number=number if number is not None else next_cause_number(problem),
        text=text,
        reasoning=reasoning,
    )
    save(cause, user=user)
    activities = list(activities)
    if activities:
        set_cause_activities(cause=cause, user=user, activities=activities)
    return cause


@transaction.atomic
def update_cause(
    *,
    cause: Cause,
    user,
    fields: Mapping[str, Any],
    reason: str = "",
    expected_version: int | None = None,
) -> Cause:
    _refuse_if_adopted(cause.problem.assessment)
    assign(cause, fields)
    return save(cause, user=user, reason=reason, expected_version=expected_version)


@transaction.atomic
def delete_cause(*, cause: Cause, user, reason: str = "") -> None:
    _refuse_if_adopted(cause.problem.assessment)
    delete(cause, user=user, reason=reason, restorable=False)


# Links ---------------------------------------------------------------------------------------


def _municipality_of_problem(problem: Problem) -> int:
    return problem.assessment.municipality_id


@transaction.atomic
def set_cause_activities(*, cause: Cause, user, activities: Iterable[Activity]) -> Cause:
    """The åtgärder that address ``cause``: activities of the same kommun's promises only. The
    links may change after adoption: they belong to the plan that answers the lägesbild."""
    activities = list(activities)
    municipality_id = _municipality_of_problem(cause.problem)
    foreign = [
        a
        for a in Activity.objects.filter(pk__in=[a.pk for a in activities]).exclude(
            focus_area__promise__agreement__municipality_id=municipality_id
        )
    ]
    if foreign:
        raise ValidationError(
            {"activities": _("Välj bara aktiviteter i kommunens egna löften och åtgärdsplaner.")}
        )
    with acting_user(user):
        cause.activities.set(activities)
    return cause


@transaction.atomic
def link_activity(*, cause: Cause, user, activity: Activity) -> Cause:
    return set_cause_activities(
        cause=cause, user=user, activities=[*cause.activities.all(), activity]
    )


@transaction.atomic
def unlink_activity(*, cause: Cause, user, activity: Activity) -> Cause:
    with acting_user(user):
        cause.activities.remove(activity)
    return cause


@transaction.atomic
def set_problem_promises(*, problem: Problem, user, promises: Iterable[Promise]) -> Problem:
    """The promises (medborgarlöften, åtgärdsplaner) that answer ``problem``: the same kommun's."""
    promises = list(promises)
    municipality_id = _municipality_of_problem(problem)
    if any(
        Promise.objects.filter(pk__in=[p.pk for p in promises]).exclude(
            agreement__municipality_id=municipality_id
        )
    ):
        raise ValidationError({"promises": _("Välj bara kommunens egna löften.")})
    with acting_user(user):
        problem.promises.set(promises)
    return problem


@transaction.atomic
def set_problem_indicators(*, problem: Problem, user, indicators: Iterable[Indicator]) -> Problem:
    """The indicators that measure ``problem``: the kommun's own, while the version is a draft."""
    _refuse_if_adopted(problem.assessment)
    indicators = list(indicators)
    municipality_id = _municipality_of_problem(problem)
    if any(i.municipality_id != municipality_id for i in indicators):
        raise ValidationError({"indicators": _("Välj bara kommunens egna indikatorer.")})
    with acting_user(user):
        problem.indicators.set(indicators)
    return problem


@transaction.atomic
def set_promise_problems(*, promise: Promise, user, problems: Iterable[Problem]) -> Promise:
    """The problems ``promise`` answers, seen from the promise: problems of its own kommun's
    lägesbilder (links to other problems are left as they are)."""
    problems = list(problems)
    municipality_id = promise.agreement.municipality_id
    if any(p.assessment.municipality_id != municipality_id for p in problems):
        raise ValidationError({"problems": _("Välj bara problem i kommunens egna lägesbilder.")})
    chosen = {p.pk for p in problems}
    current = set(promise.situation_problems.values_list("pk", flat=True))
    with acting_user(user):
        for problem in Problem.objects.filter(pk__in=current - chosen):
            problem.promises.remove(promise)
        for problem in Problem.objects.filter(pk__in=chosen - current):
            problem.promises.add(promise)
    return promise
