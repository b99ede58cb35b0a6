"""A kommun's document profile in the browser: the edit page, its history and the logo.

The kommun's coordinators edit the profile; the others who read the kommun's reports (its
secretary, the police contacts of its area) see it read-only, since every issued document shows it
anyway; anyone else gets 404. Thin views: access helper → forms → service → redirect.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from promises.history import (
    HISTORY_PAGE_PARAMETER,
    HISTORY_TEMPLATE,
    HistorySource,
    PagedHistory,
    history_context,
)
from promises.submit import submitted

from . import selectors, services
from .access import can_edit_profile, get_municipality_for_profile
from .models import DocumentProfile
from .outline import outline
from .profile_forms import DocumentProfileForm, SectionFormSet, section_initial

# The logo is an image and nothing else: no script, no fetch, no plugin, even for an SVG opened
# on its own; inline styles stay allowed, as SVG uses them for presentation.
LOGO_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
LOGO_FILENAMES = {
    DocumentProfile.LogoType.PNG: "logotyp.png",
    DocumentProfile.LogoType.SVG: "logotyp.svg",
}


@require_http_methods(["GET", "POST"])
@login_required
def profile_edit(request, pk):
    municipality = get_municipality_for_profile(request.user, pk, write=request.method == "POST")
    profile = selectors.document_profile(municipality)
    can_edit = can_edit_profile(request.user, municipality)
    data = request.POST if request.method == "POST" else None
    form = DocumentProfileForm(data, request.FILES or None, instance=profile)
    sections = SectionFormSet(data, prefix="avsnitt", initial=section_initial(profile.sections))
    example = profile.sections
    # Both validated, so that every error shows at once.
    valid = data is not None and all([form.is_valid(), sections.is_valid()])
    if valid and "example" in request.POST:  # show the posted outline without saving it
        example = sections.sections()
    elif valid and (
        response := submitted(
            request,
            form,
            lambda: services.save_profile(
                municipality=municipality,
                user=request.user,
                fields=form.profile_fields(),
                sections=sections.sections(),
                logo=form.cleaned_data.get("logo_file"),
                remove_logo=form.cleaned_data.get("remove_logo", False),
                expected_version=form.cleaned_data["version"],
            ),
            message=_("Dokumentmallen är sparad."),
            success=reverse("followup:profile_edit", args=[municipality.pk]),
        )
    ):
        return response
    return render(
        request,
        "followup/profile_edit.html",
        {
            "municipality": municipality,
            "profile": profile,
            "can_edit": can_edit,
            "form": form,
            "sections": sections,
            "example": outline(example),
            "example_checklist": (
                form.cleaned_data.get("uses_child_checklist")
                if form.is_bound and form.is_valid()
                else profile.uses_child_checklist
            ),
        },
    )


@require_GET
@login_required
def profile_history(request, pk):
    municipality = get_municipality_for_profile(request.user, pk)
    profile = selectors.document_profile(municipality)
    if profile.pk is None:
        raise Http404
    heading = _("Historik: dokumentmallen för %(municipality)s") % {
        "municipality": municipality.name
    }
    # Each row labelled by the kommun already at hand (a profile's own name would look the
    # kommun up once per row).
    label = str(profile)
    entries = PagedHistory(
        [HistorySource(DocumentProfile, profile.history.all(), lambda _record: label)]
    )
    context = history_context(
        profile,
        heading=heading,
        back_url=reverse("followup:profile_edit", args=[municipality.pk]),
        entries=entries,
        page_number=request.GET.get(HISTORY_PAGE_PARAMETER),
    )
    return render(request, HISTORY_TEMPLATE, context)


@require_GET
@login_required
def profile_logo(request, pk):
    """The stored logo, only ever as the image type it was checked as (never from its name)."""
    municipality = get_municipality_for_profile(request.user, pk)
    logo = selectors.profile_logo(municipality)
    if logo is None or logo["logo_type"] not in LOGO_FILENAMES:
        raise Http404
    etag = f'"{logo["logo_sha256"]}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(bytes(logo["logo"]), content_type=logo["logo_type"])
        response["Content-Disposition"] = f'inline; filename="{LOGO_FILENAMES[logo["logo_type"]]}"'
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = LOGO_POLICY
    response["Cache-Control"] = "private, no-cache"
    return response
