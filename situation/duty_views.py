"""The law's checklist per kommun, and the form for its settings (samordningsfunktion, renewal)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from promises.access import get_municipality_for_user
from promises.models import Organisation
from promises.submit import submitted

from . import duty
from .models import DutySettings


@require_GET
@login_required
def duty_checklist(request, pk):
    municipality = get_municipality_for_user(request.user, pk)
    context = {
        "municipality": municipality,
        "checklist": duty.duty_checklist(municipality),
        "can_edit": Organisation.objects.coordinated_by(request.user)
        .filter(pk=municipality.pk)
        .exists(),
    }
    return render(request, "situation/duty/checklist.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def duty_settings_edit(request, pk):
    municipality = get_municipality_for_user(request.user, pk, write=True)
    data = request.POST if request.method == "POST" else None
    form = duty.DutySettingsForm(data, instance=duty.settings_for(municipality))
    if response := submitted(
        request,
        form,
        lambda: duty.save_duty_settings(
            user=request.user,
            municipality=municipality,
            fields={name: form.cleaned_data[name] for name in DutySettings.EDITABLE_FIELDS},
            expected_version=form.cleaned_data["version"],
        ),
        message=_("Inställningarna sparades."),
        success=reverse("situation:duty_checklist", args=[municipality.pk]),
    ):
        return response
    context = {"municipality": municipality, "form": form}
    return render(request, "situation/duty/settings_form.html", context)
