"""The lägesbilder of a kommun: the list of versions, a version's page, and its life cycle (draft,
edit, adopt, publish, new version, delete, history)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from promises.history import HISTORY_PAGE_PARAMETER, HISTORY_TEMPLATE, history_context
from promises.submit import edit_arguments, editable_values, form_data, submitted

from .. import access, selectors, services
from ..forms import (
    AdoptAssessmentForm,
    AssessmentEditForm,
    AssessmentForm,
    ConfirmForm,
    PublishForm,
)
from ..history import assessment_tree_history
from .common import confirm_and_delete, saved


@require_GET
@login_required
def situation_index(request):
    """Every kommun the user reads, with its latest adopted version and its draft."""
    return render(
        request,
        "situation/index.html",
        {"rows": selectors.municipality_overview(request.user)},
    )


@require_GET
@login_required
def assessment_list(request, municipality_pk):
    municipality = access.get_municipality_for_situation(request.user, municipality_pk)
    assessments = list(selectors.assessments_of(municipality))
    context = {
        "municipality": municipality,
        "assessments": assessments,
        "has_draft": any(a.is_draft for a in assessments),
        "has_adopted": any(a.is_adopted for a in assessments),
        "can_write": access.may_write_municipality(request.user, municipality.pk),
    }
    return render(request, "situation/assessment_list.html", context)


@require_GET
@login_required
def assessment_detail(request, pk):
    assessment = access.get_assessment_for_user(request.user, pk)
    context = {
        "assessment": assessment,
        "municipality": assessment.municipality,
        "problems": list(selectors.problems_with_chain(assessment)),
        "promises": list(selectors.promises_of(assessment.municipality)),
        "can_write": access.may_write_municipality(request.user, assessment.municipality_id),
        "gaps": services.adoption_gaps(assessment) if assessment.is_draft else [],
    }
    return render(request, "situation/assessment_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def assessment_create(request, municipality_pk):
    municipality = access.get_municipality_for_situation(request.user, municipality_pk, write=True)
    form = AssessmentForm(form_data(request), municipality=municipality)
    if response := submitted(
        request,
        form,
        lambda: services.create_draft(
            user=request.user, municipality=municipality, **editable_values(form)
        ),
        message=_("Lägesbilden sparades som utkast."),
        success=lambda assessment: assessment,
    ):
        return response
    context = {"form": form, "municipality": municipality}
    return render(request, "situation/assessment_form.html", context)


def _draft_for_write(user, pk):
    assessment = access.get_assessment_for_user(user, pk, write=True)
    if assessment.is_adopted:
        raise PermissionDenied
    return assessment


@require_http_methods(["GET", "POST"])
@login_required
def assessment_edit(request, pk):
    assessment = _draft_for_write(request.user, pk)
    form = AssessmentEditForm(
        form_data(request), instance=assessment, municipality=assessment.municipality
    )
    if response := submitted(
        request,
        form,
        lambda: services.update_assessment(
            assessment=assessment,
            user=request.user,
            **edit_arguments(form),
        ),
        message=_("Ändringarna sparades."),
        success=assessment,
    ):
        return response
    context = {"form": form, "assessment": assessment, "municipality": assessment.municipality}
    return render(request, "situation/assessment_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def assessment_adopt(request, pk):
    assessment = _draft_for_write(request.user, pk)
    form = AdoptAssessmentForm(form_data(request))
    if response := submitted(
        request,
        form,
        lambda: services.adopt_assessment(
            assessment=assessment, user=request.user, **form.cleaned_data
        ),
        message=_("Lägesbilden är antagen."),
        success=assessment,
    ):
        return response
    context = {
        "form": form,
        "assessment": assessment,
        "gaps": services.adoption_gaps(assessment),
    }
    return render(request, "situation/assessment_adopt.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def assessment_publish(request, pk):
    assessment = access.get_assessment_for_user(request.user, pk, write=True)
    form = PublishForm(form_data(request), initial={"publish_summary": assessment.publish_summary})
    if request.method == "POST" and form.is_valid():
        publish = form.cleaned_data["publish_summary"]
        services.set_publish_summary(assessment=assessment, user=request.user, publish=publish)
        saved(
            request,
            _("Sammanfattningen publiceras.")
            if publish
            else _("Sammanfattningen publiceras inte."),
        )
        return redirect(assessment)
    return render(
        request, "situation/assessment_publish.html", {"form": form, "assessment": assessment}
    )


@require_http_methods(["GET", "POST"])
@login_required
def assessment_new_version(request, municipality_pk):
    municipality = access.get_municipality_for_situation(request.user, municipality_pk, write=True)
    latest = selectors.latest_adopted(municipality)
    form = ConfirmForm(form_data(request))
    if response := submitted(
        request,
        form,
        lambda: services.draft_new_version(user=request.user, municipality=municipality),
        message=_("En ny version skapades som utkast."),
        success=lambda draft: draft,
    ):
        return response
    context = {"form": form, "municipality": municipality, "latest": latest}
    return render(request, "situation/assessment_new_version.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def assessment_delete(request, pk):
    assessment = _draft_for_write(request.user, pk)
    municipality_pk = assessment.municipality_id
    return confirm_and_delete(
        request,
        assessment,
        delete=lambda: services.delete_draft(assessment=assessment, user=request.user),
        message=_("Utkastet %(title)s togs bort.") % {"title": assessment.title},
        consequences=selectors.deletion_consequences(assessment),
        success_url=reverse("situation:assessment_list", args=[municipality_pk]),
        cancel_url=assessment.get_absolute_url(),
    )


@require_GET
@login_required
def assessment_history(request, pk):
    assessment = access.get_assessment_for_user(request.user, pk)
    context = history_context(
        assessment,
        page_number=request.GET.get(HISTORY_PAGE_PARAMETER),
        heading=_("Historik: %(title)s") % {"title": assessment},
        back_url=assessment.get_absolute_url(),
        entries=assessment_tree_history(assessment),
        show_objects=True,
    )
    return render(request, HISTORY_TEMPLATE, context)
