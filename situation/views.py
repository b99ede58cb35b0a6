"""The lägesbild's pages (replaced by the views package below as it grows)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import access


@login_required
def assessment_list(request, municipality_pk):
    municipality = access.get_municipality_for_situation(request.user, municipality_pk)
    return render(request, "situation/assessment_list.html", {"municipality": municipality})


@login_required
def assessment_detail(request, pk):
    assessment = access.get_assessment_for_user(request.user, pk)
    return render(request, "situation/assessment_detail.html", {"assessment": assessment})
