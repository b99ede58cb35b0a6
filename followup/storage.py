"""Storing an issued report's PDF all-or-nothing, and finding what a crash left behind.

The rule: **a Report row never points at a missing or partial file**. So the file is complete under
its final name before the row that names it commits, and anything that goes wrong before the
commit removes the file again. What a killed worker can leave is only debris that no row points
at (a partial temporary file, or a complete file whose row never committed); ``pdf_orphans``
lists and removes it.

On a local disk (FileSystemStorage) the bytes are written to a temporary name in the same
folder, flushed to the disk (fsync), then hard-linked to the final name, which never replaces an
existing file: the final name holds the whole PDF or nothing.

An object store (S3 through django-storages, see settings.reports_storage) has no rename and no
link, but an upload appears whole or not at all. There the PDF is uploaded once, directly under its
final key, which carries a random token (``…-2025-11-10-<16 hex>.pdf``): two workers never write
the same key, so no report's object is ever replaced, even when two reports of a kommun are issued
at the same moment (a check for a free name and the upload would race). The row then records that
key. The same two kinds of debris, and only those, can be left: an upload whose row never committed
(an "orphan"); "temporary" files do not occur there.
"""

import logging
import os
import posixpath
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.db import DatabaseError
from django.dispatch import receiver
from django.utils import timezone
from django.utils.functional import LazyObject, empty

logger = logging.getLogger(__name__)

PDF_FOLDER = "rapporter"
PENDING_PREFIX = ".pending-"
MAX_NAME_ATTEMPTS = 100


class _ReportsStorage(LazyObject):
    """The "reports" storage of settings.STORAGES (the local disk, or an object store), held by
    Report.pdf and looked up again whenever STORAGES changes (a test's override), which a storage
    instance held by the field itself would not be."""

    def _setup(self):
        self._wrapped = storages["reports"]


_reports_storage = _ReportsStorage()


@receiver(setting_changed)
def _forget_reports_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        _reports_storage._wrapped = empty


def reports_storage():
    """The storage of Report.pdf (a callable, so that migrations name it and not a backend)."""
    return _reports_storage


class PdfStorageError(Exception):
    """The PDF could not be written (disk full, read-only, no permission…); nothing was issued."""


def store(storage: Storage, name: str, data: bytes, *, max_length: int | None = None) -> str:
    """Store ``data`` complete under ``name`` or a free variant of it; return the name used.

    Raises PdfStorageError, with nothing left behind, when the storage refuses the bytes.
    """
    try:
        if not _is_local(storage):
            return storage.save(_unique(name, max_length), ContentFile(data), max_length=max_length)
        return _store_locally(storage, name, data, max_length=max_length)
    except OSError as error:
        raise PdfStorageError(str(error)) from error


def discard(storage: Storage, name: str, *, referenced) -> None:
    """Remove ``name`` after a failed issue, unless a committed row may point at it.

    ``referenced(name)`` asks the database; when even that fails (the connection died during the
    commit, so the commit may have happened) the file is kept and ``pdf_orphans`` decides later.
    """
    try:
        if referenced(name):
            return
    except DatabaseError:
        logger.warning("Kept %s after a failed issue: cannot tell whether it was committed.", name)
        return
    try:
        storage.delete(name)
    except OSError:
        logger.exception("Could not remove %s after a failed issue; pdf_orphans will.", name)


def _unique(name: str, max_length: int | None) -> str:
    """``name`` with a random token before its extension, its stem shortened to fit."""
    root, extension = posixpath.splitext(name)
    token = f"-{uuid.uuid4().hex[:16]}{extension}"
    if max_length is not None:
        folder = posixpath.dirname(root)
        room = max_length - len(token) - len(root)
        if room < 0:
            root = root[:room]
            if len(root) <= len(folder) + 1:
                raise FileExistsError(f"No room for a unique name for {name} in {max_length}.")
    return root + token


def _is_local(storage: Storage) -> bool:
    """Files on this machine's file system, where a hard link can put them in place."""
    return isinstance(storage, FileSystemStorage)


def _store_locally(storage: Storage, name: str, data: bytes, *, max_length: int | None) -> str:
    folder, filename = posixpath.split(name)
    # A fresh random name, so storage.save keeps it as it is, and a failed write (disk full
    # halfway) leaves its partial file under exactly this name, removed below.
    pending = posixpath.join(folder, f"{PENDING_PREFIX}{uuid.uuid4().hex}-{filename}")
    try:
        pending = storage.save(pending, ContentFile(data))
        _fsync(storage.path(pending))
        return _link_into_place(storage, pending, name, max_length=max_length)
    finally:
        try:
            if storage.exists(pending):
                storage.delete(pending)  # the final name is a link of its own
        except OSError:
            logger.exception("Could not remove the temporary %s; pdf_orphans will.", pending)


def _link_into_place(storage: Storage, pending: str, name: str, *, max_length: int | None) -> str:
    for _attempt in range(MAX_NAME_ATTEMPTS):
        final = storage.get_available_name(name, max_length=max_length)
        try:
            # A hard link appears atomically and, unlike a rename, never replaces another file
            # (two reports of a kommun issued the same day get distinct names).
            os.link(storage.path(pending), storage.path(final))
        except FileExistsError:
            continue
        _fsync(os.path.dirname(storage.path(final)))
        return final
    raise FileExistsError(f"No free name for {name} after {MAX_NAME_ATTEMPTS} attempts.")


def _fsync(path: str) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# Finding debris -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Debris:
    name: str
    reason: str  # "temporary" (an interrupted write) or "orphan" (no report points at it)
    modified: datetime | None


def find_debris(storage: Storage, referenced: set[str], *, older_than: timedelta) -> list[Debris]:
    """Files under the reports' folder that no report points at, and temporary files.

    Only files older than ``older_than`` count, so that an issue in progress (its file stored,
    its row not yet committed) is never taken for debris.
    """
    cutoff = timezone.now() - older_than
    found = []
    for name in _walk(storage, PDF_FOLDER):
        if name in referenced:
            continue
        modified = _modified(storage, name)
        if modified is not None and modified > cutoff:
            continue
        basename = posixpath.basename(name)
        reason = "temporary" if basename.startswith(PENDING_PREFIX) else "orphan"
        found.append(Debris(name=name, reason=reason, modified=modified))
    return found


def _walk(storage: Storage, folder: str):
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for filename in sorted(files):
        yield posixpath.join(folder, filename)
    for directory in sorted(directories):
        yield from _walk(storage, posixpath.join(folder, directory))


def _modified(storage: Storage, name: str) -> datetime | None:
    try:
        return storage.get_modified_time(name)
    except (NotImplementedError, OSError):
        return None
