from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..paging import page_number
from ..standing import follow_up_standing

# The query parameter naming the kommun shown in full (its pk); anything else shows the first.
MUNICIPALITY_PARAMETER = "kommun"


def chosen_municipality(request) -> int | None:
    value = request.GET.get(MUNICIPALITY_PARAMETER, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else None


@require_GET
@login_required
def standing(request):
    """Uppföljningsläge: where the follow-up of every adopted promise the user may read stands."""
    context = {
        "standing": follow_up_standing(
            request.user, page=page_number(request), municipality=chosen_municipality(request)
        )
    }
    return render(request, "promises/standing.html", context)
