from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors, start_page
from ..forms import MyActivitiesFilterForm
from ..paging import page_number


@require_GET
@login_required
def start(request):
    return render(request, "promises/start.html", start_page.start_page(request.user))


@require_GET
@login_required
def my_activities(request):
    """The activities the police answer for, alone or jointly, across the kommuner of their area."""
    form = MyActivitiesFilterForm(request.GET or None, user=request.user)
    municipality, status = None, ""
    if form.is_valid():
        municipality = form.cleaned_data["kommun"]
        status = form.cleaned_data["status"]
    page = selectors.police_activities(
        request.user, municipality=municipality, status=status, number=page_number(request)
    )
    return render(request, "promises/my_activities.html", {"form": form, "page": page})
