"""Who may import into a promise, export it, and see an upload (promises.access decides the rest).

A coordinator of the kommun imports into its draft promises (404 outside the kommun, 403 for a
read-only role or a promise that is no longer a draft); whoever may read a promise may export it.
An upload is its uploader's: anyone else gets 404.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from promises.access import get_promise_for_user
from promises.models import Promise

from .models import ImportJob


def get_promise_for_import(user, pk) -> Promise:
    promise = get_promise_for_user(user, pk, write=True)
    if not promise.is_draft:
        raise PermissionDenied
    return promise


def get_promise_for_export(user, pk) -> Promise:
    return get_promise_for_user(user, pk)


def get_import_job_for_user(user, pk) -> ImportJob:
    job = get_object_or_404(
        ImportJob.objects.select_related("promise").defer("content"),
        pk=pk,
        created_by=user,
        promise__isnull=False,
    )
    # The uploader must still be one of the promise's coordinators (404 or 403 otherwise).
    get_promise_for_user(user, job.promise_id, write=True)
    return job
