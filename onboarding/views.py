"""Ny kommun (for the service's administrator, a superuser) and Kom igång (for everyone signed in).

Ny kommun goes in three steps on one address, each a form that works without JavaScript: the
kommun (``?kommunkod=``), its police area (``&omrade=``), then the details, posted."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from promises.models import Organisation
from promises.submit import submitted

from . import kommuner, selectors, services
from .forms import KommunForm, NewMunicipalityForm, PoliceAreaForm


def administrator_required(view):
    """The service's administrator: a superuser. Anyone else signed in gets 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def invite_url(organisation: Organisation) -> str:
    """The page that invites the kommun's first coordinator (the accounts app), or "" while that
    app is not installed."""
    try:
        return reverse("accounts:invite", args=[organisation.pk])
    except NoReverseMatch:
        return ""


@require_http_methods(["GET", "POST"])
@administrator_required
def new_municipality(request):
    taken = selectors.taken_codes()
    choose = KommunForm(request.GET if "kommunkod" in request.GET else None, taken=taken)
    context = {"kommun_form": choose, "step": 1}
    if not choose.is_valid():
        return render(request, "onboarding/new_municipality.html", context, status=_status(choose))
    kommun = choose.cleaned_data["kommunkod"]
    areas = selectors.police_areas()
    area_form = PoliceAreaForm(request.GET if "omrade" in request.GET else None, areas=areas)
    context |= {"kommun": kommun, "area_form": area_form, "step": 2}
    if not area_form.is_valid():
        return render(
            request, "onboarding/new_municipality.html", context, status=_status(area_form)
        )
    area = area_form.cleaned_data["omrade"]
    form = NewMunicipalityForm(
        request.POST if request.method == "POST" else None, kommun=kommun, area=area
    )
    context |= {"area": area, "form": form, "step": 3}

    def write():
        data = form.cleaned_data
        return services.create_municipality(
            user=request.user,
            kommun=kommun,
            name=data["name"],
            office=data["office"],
            contact_email=data["contact_email"],
            police_area=area,
            police_area_name=data.get("police_area_name", ""),
            also_covered=data["also_covered"],
        )

    if response := submitted(
        request,
        form,
        write,
        message=lambda municipality: _("%(name)s är upplagd.") % {"name": municipality.name},
        success=lambda municipality: reverse("onboarding:created", args=[municipality.pk]),
    ):
        return response
    status = 422 if form.errors else 200
    return render(request, "onboarding/new_municipality.html", context, status=status)


def _status(form) -> int:
    return 422 if form.is_bound and form.errors else 200


@require_GET
@administrator_required
def created(request, pk):
    municipality = get_object_or_404(
        Organisation.objects.prefetch_related("police_areas__covered_municipalities"),
        pk=pk,
        kind=Organisation.Kind.MUNICIPALITY,
    )
    context = {
        "municipality": municipality,
        "kommun": kommuner.get(municipality.municipality_code),
        "invite_url": invite_url(municipality),
    }
    return render(request, "onboarding/created.html", context)


@require_GET
@login_required
def getting_started(request):
    context = selectors.getting_started_links(request.user)
    return render(request, "onboarding/getting_started.html", context)
