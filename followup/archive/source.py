"""What a package is built from: the issued versions' verified PDFs and the facts about them.

Read once from the report (and the version a correction replaces), so that the XML builders are
plain functions of this data.
"""

import hashlib
import io
import tomllib
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import pikepdf
from django.conf import settings
from django.utils import timezone

from .. import selectors
from ..issuing import pdf_filename
from ..models import Report

SOFTWARE_NAME = "Löfteskollen"

# PRONOM's identifiers of PDF/A by part and conformance level, as the PDF's XMP declares them
# (pdfaid:part, pdfaid:conformance).
PRONOM_PDFA = {
    ("1", "A"): "fmt/95",
    ("1", "B"): "fmt/354",
    ("2", "A"): "fmt/476",
    ("2", "B"): "fmt/477",
    ("2", "U"): "fmt/478",
    ("3", "A"): "fmt/479",
    ("3", "B"): "fmt/480",
    ("3", "U"): "fmt/481",
}
# Namespace of the package identifiers (a UUID 5 of the report and its checksum): the same issued
# report always gets the same package identifier.
PACKAGE_NAMESPACE = uuid.UUID("5b0f6a8e-4f0c-4a59-9d8f-6c1f0e1a2b3c")


@lru_cache(maxsize=1)
def software_version() -> str:
    """The project's version, from pyproject.toml."""
    try:
        with open(settings.BASE_DIR / "pyproject.toml", "rb") as file:
            return str(tomllib.load(file)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "okänd"


@dataclass(frozen=True)
class PdfFormat:
    name: str
    version: str
    pronom: str


def pdf_format(data: bytes) -> PdfFormat:
    """The PDF/A part and level the file declares in its XMP metadata, with PRONOM's key."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        metadata = pdf.open_metadata()
        part = str(metadata.get("pdfaid:part", "") or "")
        level = str(metadata.get("pdfaid:conformance", "") or "").upper()
    key = PRONOM_PDFA.get((part, level))
    if key is None:
        return PdfFormat(name="Portable Document Format", version="", pronom="")
    return PdfFormat(
        name="Acrobat PDF/A - Portable Document Format",
        version=f"{part}{level.lower()}",
        pronom=key,
    )


@dataclass(frozen=True)
class IssuedVersion:
    """One issued version of the report, with its verified PDF."""

    pk: int
    version: int
    title: str
    date: date
    issued_at: datetime
    issuer_name: str  # the full name, else the user name; empty if the user is gone
    issuer_pk: int | None
    filename: str
    data: bytes
    sha256: str
    format: PdfFormat

    @property
    def object_id(self) -> str:
        return f"rapport-{self.pk}-version-{self.version}"

    @property
    def event_id(self) -> str:
        return f"utfardande-rapport-{self.pk}-version-{self.version}"


def _issued_version(report: Report) -> IssuedVersion:
    data = selectors.verified_pdf(report)  # never package a PDF that fails its checksum
    user = report.issued_by
    name = (user.get_full_name() or user.get_username()) if user is not None else ""
    return IssuedVersion(
        pk=report.pk,
        version=report.version,
        title=report.title,
        date=report.date,
        issued_at=timezone.localtime(report.issued_at),
        issuer_name=name,
        issuer_pk=user.pk if user is not None else None,
        filename=pdf_filename(report),
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        format=pdf_format(data),
    )


@dataclass(frozen=True)
class Source:
    """Everything one package holds."""

    package_id: str
    municipality_name: str
    municipality_code: str
    our_reference: str
    recipient_body: str
    kind: str
    document_type: str
    period_start: date
    period_end: date
    current: IssuedVersion
    replaced: IssuedVersion | None
    created_at: datetime

    @property
    def versions(self) -> list[IssuedVersion]:
        return [self.current, *([self.replaced] if self.replaced else [])]


def source_of(report: Report, *, now: datetime | None = None) -> Source:
    """Read the package's content from an issued report (and the version it replaces).

    Raises ``selectors.ReportIntegrityError`` when a stored PDF is missing or fails its checksum.
    """
    municipality = report.promise.agreement.municipality
    replaced = None
    if report.replaces_id is not None:
        previous = Report.objects.select_related(
            "issued_by", "promise__agreement__municipality"
        ).get(pk=report.replaces_id)
        replaced = _issued_version(previous)
    current = _issued_version(report)
    return Source(
        package_id=f"uuid-{uuid.uuid5(PACKAGE_NAMESPACE, f'{report.pk}:{report.pdf_sha256}')}",
        municipality_name=municipality.name,
        municipality_code=municipality.municipality_code,
        our_reference=report.our_reference,
        # Report.recipient_body is on its way (issue 13); until then the committee stands in
        # your_reference.
        recipient_body=getattr(report, "recipient_body", "") or report.your_reference,
        kind=report.get_kind_display(),
        document_type=report.get_document_type_display(),
        period_start=report.period_start,
        period_end=report.period_end,
        current=current,
        replaced=replaced,
        created_at=timezone.localtime(now or timezone.now()),
    )
