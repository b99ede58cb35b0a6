"""How much an import may hold, stated once: the form, the readers, the docs and the tests read
these. An upload is read whole in the request, so the limits keep that quick (docs/import.md)."""

from django.template.defaultfilters import filesizeformat

MAX_FILE_SIZE = 2 * 1024 * 1024  # bytes uploaded
MAX_ACTIVITIES = 1_000  # activities (insatser) in one file
MAX_ROWS = 5_000  # rows read at all, blank ones included
MAX_COLUMNS = 50  # columns read of an .xlsx sheet (the template has 14); the rest is ignored
# An .xlsx or .docx is a ZIP archive: what its members hold once unpacked, checked from the
# archive's directory before anything is unpacked (a "zip bomb" unpacks to gigabytes).
MAX_UNCOMPRESSED_SIZE = 40 * 1024 * 1024
MAX_ZIP_MEMBERS = 500
# A file name is kept in the history ("Importerad från …"), whose reason has room for 200.
MAX_FILE_NAME_LENGTH = 150


def human_size(size: int) -> str:
    return filesizeformat(size)
