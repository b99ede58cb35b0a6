"""The åtgärdsplan's PDF in Brå's table layout: served once a task has rendered it."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from situation.plan_access import get_action_plan_for_user

from . import plan_document


@require_GET
@login_required
def plan_pdf(request, pk):
    """The PDF of the plan as it reads now, or a page saying that it is being made (the task is
    asked for here; reloading the page serves the file once it is there)."""
    promise = get_action_plan_for_user(request.user, pk)
    snapshot = plan_document.current_snapshot(promise)
    data = plan_document.stored_pdf(snapshot)
    if data is None:
        plan_document.request_rendering(promise, snapshot)
        # The immediate backend (make run) has rendered already.
        data = plan_document.stored_pdf(snapshot)
    if data is None:
        context = {"promise": promise}
        return render(request, "followup/plan_pdf_pending.html", context, status=202)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{plan_document.download_name(snapshot)}"'
    )
    return response
