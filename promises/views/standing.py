from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..paging import page_number
from ..standing import follow_up_standing


@require_GET
@login_required
def standing(request):
    """Uppföljningsläge: where the follow-up of every adopted promise the user may read stands."""
    context = {"standing": follow_up_standing(request.user, page=page_number(request))}
    return render(request, "promises/standing.html", context)
