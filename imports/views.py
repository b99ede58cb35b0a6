"""The import pages (upload, the check's preview, "Importera") and the downloads: the template,
a promise's chain as .xlsx and its history as .csv. Thin: access → form → service → redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from promises.text import normalize_text

from . import services
from .access import get_import_job_for_user, get_promise_for_export, get_promise_for_import
from .columns import COLUMNS
from .export import XLSX_CONTENT_TYPE, chain_xlsx, history_csv_lines, template_xlsx
from .forms import UploadForm
from .limits import MAX_ACTIVITIES, MAX_FILE_SIZE, human_size


def _attachment(response, name: str):
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _file_stem(promise) -> str:
    return slugify(promise.title) or f"lofte-{promise.pk}"


@require_http_methods(["GET", "POST"])
@login_required
def upload(request, pk):
    promise = get_promise_for_import(request.user, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        job = services.start_import(
            promise=promise,
            user=request.user,
            file_name=normalize_text(upload_file.name),
            content=upload_file.read(),
        )
        return redirect("imports:job", pk=job.pk)
    context = {
        "promise": promise,
        "form": form,
        "columns": COLUMNS,
        "max_size": human_size(MAX_FILE_SIZE),
        "max_activities": MAX_ACTIVITIES,
    }
    return render(request, "imports/upload.html", context)


@require_GET
@login_required
def job(request, pk):
    import_job = get_import_job_for_user(request.user, pk)
    return render(
        request,
        "imports/job.html",
        {"job": import_job, "promise": import_job.promise, "Status": import_job.Status},
    )


@require_POST
@login_required
def confirm(request, pk):
    import_job = get_import_job_for_user(request.user, pk)
    get_promise_for_import(request.user, import_job.promise_id)
    try:
        services.request_import(job=import_job)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("imports:job", pk=import_job.pk)


@require_GET
@login_required
def template(request):
    response = HttpResponse(template_xlsx(), content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, "mall-for-plan.xlsx")


@require_GET
@login_required
def export_chain(request, pk):
    promise = get_promise_for_export(request.user, pk)
    response = HttpResponse(chain_xlsx(promise), content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, f"{_file_stem(promise)}.xlsx")


@require_GET
@login_required
def export_history(request, pk):
    promise = get_promise_for_export(request.user, pk)
    response = StreamingHttpResponse(
        history_csv_lines(promise), content_type="text/csv; charset=utf-8"
    )
    day = timezone.localdate().isoformat()
    return _attachment(response, f"{_file_stem(promise)}-{_('historik')}-{day}.csv")
