""" "Rapportera perioden": a police contact (or coordinator) records status updates for several
activities of one promise in one form; all rows are saved or none.

The form shows one page of 25 activities at most (``?sida=``), optionally only those of one focus
area (``?omrade=``) or those still waiting for an update in the current follow-up period
(``?vantar=1``): a promise of 231 activities stays a form one can fill in, and a POST never
carries more than one page of rows.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from .. import selectors, services
from ..access import get_promise_for_period_report
from ..forms import apply_service_errors, period_formset
from ..paging import page_number
from .common import saved

PREFIX = "rad"


def _small_number(value) -> int | None:
    value = str(value or "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 6 else None


def _posted_ids(data) -> list[int]:
    """The activity ids of the posted rows, in order, at most one page of them."""
    total = _small_number(data.get(f"{PREFIX}-TOTAL_FORMS")) or 0
    size = selectors.PERIOD_REPORT_PAGE_SIZE
    ids = (_small_number(data.get(f"{PREFIX}-{i}-activity")) for i in range(min(total, size)))
    return [pk for pk in ids if pk is not None]


@require_http_methods(["GET", "POST"])
@login_required
def period_report(request, pk):
    promise = get_promise_for_period_report(request.user, pk)
    area = _small_number(request.GET.get("omrade"))
    waiting = request.GET.get("vantar") == "1"
    report = selectors.period_report(
        request.user, promise, number=page_number(request), area=area, waiting=waiting
    )
    size = selectors.PERIOD_REPORT_PAGE_SIZE
    if request.method == "POST":
        activities = selectors.activities_for_rows(request.user, promise, _posted_ids(request.POST))
        formset = period_formset(data=request.POST, activities=activities, size=size)
        if formset.is_valid():
            rows = formset.filled_rows()
            try:
                services.add_status_updates(
                    user=request.user,
                    rows=[
                        (form.row_activity, {n: form.cleaned_data[n] for n in form.Meta.fields})
                        for form in rows
                    ],
                )
            except services.RowErrors as error:
                for index, row_error in error.by_row.items():
                    apply_service_errors(rows[index], row_error)
            else:
                saved(
                    request,
                    ngettext(
                        "%(count)s statusuppdatering sparades.",
                        "%(count)s statusuppdateringar sparades.",
                        len(rows),
                    )
                    % {"count": len(rows)},
                )
                return redirect(promise)
        status = 422
    else:
        activities = {activity.pk: activity for activity in report.page.object_list}
        formset = period_formset(activities=activities, size=size)
        status = 200
    context = {
        "promise": promise,
        "report": report,
        "formset": formset,
        "area": area,
        "waiting": waiting,
        "row_errors": [form for form in formset.forms if form.errors],
        "heading": _("Rapportera perioden"),
    }
    return render(request, "promises/period_report.html", context, status=status)
