"""Public pages for citizens. Only adopted promises and updates marked public ever appear here."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET


@require_GET
def home(request):
    if request.user.is_authenticated:
        return redirect("promises:start")
    return render(request, "followup/public/home.html")
