"""The parts of a lägesbild: its problems and their causes, and the links of both to the åtgärder,
the indicators and the promises that answer them."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from promises.access import get_promise_for_user
from promises.submit import edit_arguments, editable_values, form_data, submitted

from .. import access, selectors, services
from ..forms import (
    CauseActivitiesForm,
    CauseEditForm,
    CauseForm,
    ProblemEditForm,
    ProblemForm,
    ProblemIndicatorsForm,
    PromiseProblemsForm,
)
from .common import confirm_and_delete


def _refuse_adopted(assessment) -> None:
    if assessment.is_adopted:
        raise PermissionDenied


def _render_problem_form(request, form, assessment, problem=None):
    context = {"form": form, "assessment": assessment, "problem": problem}
    return render(request, "situation/problem_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def problem_create(request, pk):
    assessment = access.get_assessment_for_user(request.user, pk, write=True)
    _refuse_adopted(assessment)
    initial = {"number": services.next_problem_number(assessment)}
    form = ProblemForm(form_data(request), initial=initial)
    form.instance.assessment = assessment
    if response := submitted(
        request,
        form,
        lambda: services.create_problem(
            user=request.user, assessment=assessment, **editable_values(form)
        ),
        message=_("Problemet sparades."),
        success=assessment,
    ):
        return response
    return _render_problem_form(request, form, assessment)


@require_http_methods(["GET", "POST"])
@login_required
def problem_edit(request, pk):
    problem = access.get_problem_for_user(request.user, pk, write=True)
    _refuse_adopted(problem.assessment)
    form = ProblemEditForm(form_data(request), instance=problem)
    if response := submitted(
        request,
        form,
        lambda: services.update_problem(
            problem=problem,
            user=request.user,
            **edit_arguments(form),
        ),
        message=_("Ändringarna sparades."),
        success=problem,
    ):
        return response
    return _render_problem_form(request, form, problem.assessment, problem)


@require_http_methods(["GET", "POST"])
@login_required
def problem_delete(request, pk):
    problem = access.get_problem_for_user(request.user, pk, write=True)
    _refuse_adopted(problem.assessment)
    return confirm_and_delete(
        request,
        problem,
        delete=lambda: services.delete_problem(problem=problem, user=request.user),
        message=_("Problemet togs bort."),
        consequences=selectors.deletion_consequences(problem),
        success_url=problem.assessment.get_absolute_url(),
        cancel_url=problem.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@login_required
def problem_indicators(request, pk):
    problem = access.get_problem_for_user(request.user, pk, write=True)
    _refuse_adopted(problem.assessment)
    form = ProblemIndicatorsForm(form_data(request), problem=problem)
    if response := submitted(
        request,
        form,
        lambda: services.set_problem_indicators(
            problem=problem, user=request.user, indicators=form.cleaned_data["indicators"]
        ),
        message=_("Indikatorerna sparades."),
        success=problem,
    ):
        return response
    context = {"form": form, "problem": problem, "assessment": problem.assessment}
    return render(request, "situation/problem_indicators.html", context)


def _render_cause_form(request, form, problem, cause=None):
    context = {"form": form, "problem": problem, "assessment": problem.assessment, "cause": cause}
    return render(request, "situation/cause_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def cause_create(request, pk):
    problem = access.get_problem_for_user(request.user, pk, write=True)
    _refuse_adopted(problem.assessment)
    form = CauseForm(
        form_data(request),
        initial={"number": services.next_cause_number(problem)},
        municipality_id=problem.assessment.municipality_id,
    )
    form.instance.problem = problem
    if response := submitted(
        request,
        form,
        lambda: services.create_cause(
            user=request.user,
            problem=problem,
            activities=form.cleaned_data["activities"],
            **editable_values(form),
        ),
        message=_("Orsaken sparades."),
        success=problem,
    ):
        return response
    return _render_cause_form(request, form, problem)


@require_http_methods(["GET", "POST"])
@login_required
def cause_edit(request, pk):
    cause = access.get_cause_for_user(request.user, pk, write=True)
    problem = cause.problem
    _refuse_adopted(problem.assessment)
    form = CauseEditForm(
        form_data(request), instance=cause, municipality_id=problem.assessment.municipality_id
    )

    def write():
        data = form.cleaned_data
        services.update_cause(
            cause=cause,
            user=request.user,
            fields=editable_values(form),
            reason=data["change_reason"],
            expected_version=data["version"],
        )
        services.set_cause_activities(cause=cause, user=request.user, activities=data["activities"])

    if response := submitted(
        request, form, write, message=_("Ändringarna sparades."), success=problem
    ):
        return response
    return _render_cause_form(request, form, problem, cause)


@require_http_methods(["GET", "POST"])
@login_required
def cause_activities(request, pk):
    """The åtgärder that address a cause: linked also after the lägesbild is adopted, since they
    belong to the plan that answers it."""
    cause = access.get_cause_for_user(request.user, pk, write=True)
    problem = cause.problem
    form = CauseActivitiesForm(
        form_data(request), cause=cause, municipality_id=problem.assessment.municipality_id
    )
    if response := submitted(
        request,
        form,
        lambda: services.set_cause_activities(
            cause=cause, user=request.user, activities=form.cleaned_data["activities"]
        ),
        message=_("Åtgärderna sparades."),
        success=problem,
    ):
        return response
    context = {"form": form, "cause": cause, "problem": problem, "assessment": problem.assessment}
    return render(request, "situation/cause_activities.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def cause_delete(request, pk):
    cause = access.get_cause_for_user(request.user, pk, write=True)
    problem = cause.problem
    _refuse_adopted(problem.assessment)
    return confirm_and_delete(
        request,
        cause,
        delete=lambda: services.delete_cause(cause=cause, user=request.user),
        message=_("Orsaken togs bort."),
        consequences=[],
        success_url=problem.get_absolute_url(),
        cancel_url=problem.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@login_required
def promise_problems(request, promise_pk):
    """Which problems of the kommun's lägesbilder a promise answers (the promise's side)."""
    promise = get_promise_for_user(request.user, promise_pk)
    municipality = promise.agreement.municipality
    if not access.may_write_municipality(request.user, municipality.pk):
        raise PermissionDenied
    problems = selectors.problems_for_promise_choice(municipality)
    form = PromiseProblemsForm(
        form_data(request),
        problems=problems,
        selected=list(promise.situation_problems.values_list("pk", flat=True)),
    )
    if response := submitted(
        request,
        form,
        lambda: services.set_promise_problems(
            promise=promise, user=request.user, problems=form.cleaned_data["problems"]
        ),
        message=_("Problemen som löftet svarar mot sparades."),
        success=lambda _result: (
            selectors.latest_adopted(municipality)
            or selectors.current_draft(municipality)
            or promise
        ),
    ):
        return response
    context = {"form": form, "promise": promise, "municipality": municipality}
    return render(request, "situation/promise_problems.html", context)
