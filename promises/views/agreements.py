from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import selectors, services
from ..access import get_agreement_for_user, require_coordinator
from ..forms import AgreementEditForm, AgreementForm
from ..models import Organisation
from ..submit import edit_arguments, editable_values, form_data, submitted


@require_GET
@login_required
def agreement_list(request):
    context = {
        "agreements": selectors.agreements_for(request.user),
        "can_create": Organisation.objects.coordinated_by(request.user).exists(),
    }
    return render(request, "promises/agreement_list.html", context)


@require_GET
@login_required
def agreement_detail(request, pk):
    agreement = get_agreement_for_user(request.user, pk)
    context = selectors.agreement_detail(agreement)
    context["can_edit"] = selectors.can_edit_agreement(request.user, agreement)
    return render(request, "promises/agreement_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def agreement_create(request):
    require_coordinator(request.user)
    form = AgreementForm(form_data(request), user=request.user)
    if response := submitted(
        request,
        form,
        lambda: services.create_agreement(
            user=request.user, **editable_values(form, "signatories")
        ),
        message=_("Överenskommelsen sparades."),
        success=lambda agreement: agreement,
    ):
        return response
    return render(request, "promises/agreement_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def agreement_edit(request, pk):
    agreement = get_agreement_for_user(request.user, pk, write=True)
    form = AgreementEditForm(form_data(request), instance=agreement, user=request.user)
    if response := submitted(
        request,
        form,
        lambda: services.update_agreement(
            agreement=agreement,
            user=request.user,
            **edit_arguments(form, "signatories"),
        ),
        message=_("Ändringarna sparades."),
        success=agreement,
    ):
        return response
    return render(request, "promises/agreement_form.html", {"form": form, "agreement": agreement})
