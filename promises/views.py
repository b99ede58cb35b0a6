from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors


@require_GET
@login_required
def start(request):
    return render(request, "promises/start.html", selectors.start_page(request.user))
