"""Write an imported plan into a draft promise, through the services of the chain, so that every
focus area and activity is validated and recorded exactly as when it is typed into the forms.

``write_plan`` is run twice: first as a check (``dry_run``: everything is written in a transaction
that is then rolled back), which finds every problem the models see and what would be created or
changed; then, after "Importera", for real, in one transaction that writes all of it or, if
anything fails, nothing.

An import adds to the draft: a focus area is matched by its number, an activity by its number in
the area; one that exists is changed where the file says otherwise, one that does not is created.
Nothing is deleted.
"""

from dataclasses import asdict

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from promises import services
from promises.models import Promise

from .columns import ACTIVITY_KEYS, AREA_DEFINITION, AREA_NUMBER, AREA_TITLE, label_of
from .models import ImportJob
from .readers import Refused, read
from .rows import PlannedActivity, PlannedArea, Problem, activity_fields, plan_rows

NEW, CHANGED, UNCHANGED = "ny", "andras", "oforandrad"
_AREA_COLUMNS = {"number": AREA_NUMBER, "title": AREA_TITLE, "definition": AREA_DEFINITION}


class _Rollback(Exception):
    pass


def _problems(error: ValidationError, where: str, columns: dict[str, str]) -> list[Problem]:
    found = []
    for name, messages in (
        error.message_dict.items()
        if hasattr(error, "error_dict")
        else [(NON_FIELD_ERRORS, error.messages)]
    ):
        key = columns.get(name, name if name in ACTIVITY_KEYS else "")
        for message in messages:
            found.append(Problem(where, message, label_of(key) if key else ""))
    return found


def _changes(instance, wanted: dict) -> dict:
    return {name: value for name, value in wanted.items() if getattr(instance, name) != value}


def _write(promise: Promise, areas: list[PlannedArea], *, user, reason: str):
    problems: list[Problem] = []
    preview: list[dict] = []
    existing_areas = {area.number: area for area in promise.focus_areas.all()}
    for planned in areas:
        area = existing_areas.get(planned.number)
        wanted = {"title": planned.title, "definition": planned.definition}
        wanted = {k: v for k, v in wanted.items() if v or area is None}
        try:
            if area is None:
                area = services.create_focus_area(
                    user=user, promise=promise, number=planned.number, reason=reason, **wanted
                )
                action = NEW
            elif changes := _changes(area, wanted):
                services.update_focus_area(
                    focus_area=area, user=user, fields=changes, reason=reason
                )
                action = CHANGED
            else:
                action = UNCHANGED
        except ValidationError as error:
            problems.extend(_problems(error, planned.where, _AREA_COLUMNS))
            continue
        entry = {
            "number": area.number,
            "title": area.title,
            "definition": area.definition,
            "action": action,
            "activities": [],
        }
        preview.append(entry)
        activities = {a.number: a for a in area.activities.all()} if action != NEW else {}
        for planned_activity in planned.activities:
            result = _write_activity(area, planned_activity, activities, user=user, reason=reason)
            if isinstance(result, list):
                problems.extend(result)
            else:
                entry["activities"].append(result)
    return problems, preview


def _write_activity(area, planned: PlannedActivity, existing: dict, *, user, reason):
    fields = activity_fields(planned.values)
    number = fields.pop("number", None)
    activity = existing.get(number) if number is not None else None
    try:
        if activity is None:
            activity = services.create_activity(
                user=user, focus_area=area, number=number, reason=reason, **fields
            )
            action, changed = NEW, []
        elif changes := _changes(activity, fields):
            services.update_activity(activity=activity, user=user, fields=changes, reason=reason)
            action, changed = CHANGED, [label_of(name) for name in changes]
        else:
            action, changed = UNCHANGED, []
    except ValidationError as error:
        return _problems(error, planned.where, {})
    return {
        "code": activity.code,
        "description": activity.description,
        "responsible": str(activity.get_responsible_display()),
        "partners": activity.partners,
        "planned_start": activity.planned_start.isoformat() if activity.planned_start else "",
        "planned_end": activity.planned_end.isoformat() if activity.planned_end else "",
        "target": (
            f"{activity.target_count} {activity.target_unit} per "
            f"{activity.get_target_period_display()}"
            if activity.target_count
            else ""
        ),
        "action": action,
        "changed": changed,
    }


def write_plan(
    *, promise: Promise, areas: list[PlannedArea], user, reason: str, dry_run: bool
) -> tuple[list[Problem], list[dict]]:
    """Write ``areas`` into ``promise`` as ``user`` with ``reason`` in the history; return the
    problems and the preview. With ``dry_run``, or when there is any problem, nothing stays."""
    if not promise.is_draft:
        return [Problem(_("Löftet"), _("bara ett utkast kan ta emot en import."))], []
    try:
        with transaction.atomic():
            problems, preview = _write(promise, areas, user=user, reason=reason)
            if dry_run or problems:
                raise _Rollback
    except _Rollback:
        pass
    return problems, preview


# The job: upload, check, import ----------------------------------------------------------------


@transaction.atomic
def start_import(*, promise: Promise, user, file_name: str, content: bytes) -> ImportJob:
    """Keep an upload and queue its check; the user's earlier uploads to this promise that were
    never imported are removed, so that each keeps one at most. The file's bytes (at most
    imports.limits.MAX_FILE_SIZE) are kept only until the check has read them."""
    from .tasks import check_import_task

    ImportJob.objects.filter(promise=promise, created_by=user).exclude(
        status=ImportJob.Status.DONE
    ).delete()
    job = ImportJob(promise=promise, created_by=user, file_name=file_name, content=content)
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: check_import_task.enqueue(job.pk))
    return job


def _areas(job: ImportJob) -> list[PlannedArea]:
    return [
        PlannedArea(**{**area, "activities": [PlannedActivity(**a) for a in area["activities"]]})
        for area in job.areas
    ]


def check_import(job_pk: int) -> None:
    """The check of an upload: read the file (readers, rows), then write what it describes and
    roll it back; keep what was read, every problem, and what the import would do."""
    job = ImportJob.objects.select_related("promise", "created_by").filter(pk=job_pk).first()
    if job is None or job.status != ImportJob.Status.CHECKING or job.promise is None:
        return
    areas, notices, problems, preview = [], [], [], []
    try:
        raw = read(job.file_name, bytes(job.content))
    except Refused as refused:
        problems = [refused.message]
    else:
        notices = raw.notices
        areas, problems = plan_rows(raw)
        if not problems:
            problems, preview = write_plan(
                promise=job.promise,
                areas=areas,
                user=job.created_by,
                reason=job.reason,
                dry_run=True,
            )
        problems = [str(problem) for problem in problems]
    ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKING).update(
        status=ImportJob.Status.INVALID if problems else ImportJob.Status.READY,
        content=b"",
        areas=[asdict(area) for area in areas],
        notices=notices,
        problems=problems,
        preview=preview,
    )


def request_import(*, job: ImportJob) -> None:
    """ "Importera": queue the import of a checked upload."""
    from .tasks import run_import_task

    # Only the request that moves the job from READY on queues it (a second click finds none).
    started = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.READY).update(
        status=ImportJob.Status.IMPORTING
    )
    if not started:
        raise ValidationError(_("Importen kan inte startas: filen är inte kontrollerad utan fel."))
    job.status = ImportJob.Status.IMPORTING
    transaction.on_commit(lambda: run_import_task.enqueue(job.pk))


@transaction.atomic
def run_import(job_pk: int) -> None:
    """Write the upload into its promise, all of it or nothing; a job is imported once."""
    job = (
        ImportJob.objects.select_for_update(of=("self",))
        .select_related("promise", "created_by")
        .filter(pk=job_pk)
        .first()
    )
    if job is None or job.status != ImportJob.Status.IMPORTING or job.promise is None:
        return
    problems, preview = write_plan(
        promise=job.promise,
        areas=_areas(job),
        user=job.created_by,
        reason=job.reason,
        dry_run=False,
    )
    job.status = ImportJob.Status.FAILED if problems else ImportJob.Status.DONE
    job.problems = [str(problem) for problem in problems]
    if not problems:
        job.preview = preview
    job.save(update_fields=["status", "problems", "preview"])
