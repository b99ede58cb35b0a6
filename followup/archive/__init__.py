"""The archival package of an issued report: an E-ARK SIP (CSIP/SIP 2.1) as a ZIP.

Riksarkivet's FGS Paketstruktur 2.0 is E-ARK CSIP and SIP. The ZIP unpacks to one folder, named
by the package identifier, holding::

    METS.xml                              the package (E-ARK SIP profile), every file's SHA-256
    metadata/descriptive/dc.xml           Dublin Core: kommun, diarienummer, recipient, dates, title
    metadata/preservation/premis.xml      PREMIS 3: fixity, format, the issuing event and agents
    representations/rep1/METS.xml         the representation: the PDF/A file(s)
    representations/rep1/data/<pdf>       the issued PDF; a correction adds the replaced version
    schemas/mets.xsd, schemas/xlink.xsd   the METS schema the METS files follow
    documentation/om-arkivpaketet.txt     what the package holds, in Swedish

It is built on demand from files already stored: the PDFs (read through
``selectors.verified_pdf``, so a PDF that fails its checksum is never packaged) and a few
kilobytes of XML. See docs/archive.md.
"""

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..issuing import pdf_filename
from ..models import Report
from .descriptive import descriptive_xml
from .documentation import documentation_text
from .mets import REPRESENTATION, PackageFile, package_mets, representation_mets
from .premis import data_path, premis_xml
from .source import Source, source_of

SCHEMA_DIRECTORY = Path(__file__).parent / "schemas"
SCHEMA_FILES = ("mets.xsd", "xlink.xsd")


@dataclass(frozen=True)
class ArchivePackage:
    filename: str
    data: bytes
    package_id: str


def archive_filename(report: Report) -> str:
    """The PDF's file name with ``-arkivpaket.zip`` for ``.pdf``."""
    return f"{pdf_filename(report).removesuffix('.pdf')}-arkivpaket.zip"


def package_files(source: Source) -> list[PackageFile]:
    """Every file of the package, METS.xml last, with paths from the package root."""
    now = source.created_at
    pdfs = [
        PackageFile(data_path(version), version.data, "application/pdf", version.issued_at)
        for version in source.versions
    ]
    representation = PackageFile(
        f"representations/{REPRESENTATION}/METS.xml",
        representation_mets(source, pdfs),
        "text/xml",
        now,
    )
    descriptive = PackageFile(
        "metadata/descriptive/dc.xml", descriptive_xml(source), "text/xml", now
    )
    preservation = PackageFile(
        "metadata/preservation/premis.xml", premis_xml(source), "text/xml", now
    )
    documentation = [
        PackageFile(
            "documentation/om-arkivpaketet.txt",
            documentation_text(source).encode("utf-8"),
            "text/plain",
            now,
        )
    ]
    schemas = [
        PackageFile(f"schemas/{name}", (SCHEMA_DIRECTORY / name).read_bytes(), "text/xml", now)
        for name in SCHEMA_FILES
    ]
    root = PackageFile(
        "METS.xml",
        package_mets(
            source,
            descriptive=descriptive,
            preservation=preservation,
            documentation=documentation,
            schemas=schemas,
            representation=representation,
        ),
        "text/xml",
        now,
    )
    return [*pdfs, representation, descriptive, preservation, *documentation, *schemas, root]


def zip_package(source: Source, files: list[PackageFile]) -> bytes:
    """The files under one folder named by the package identifier, as E-ARK asks of a ZIP."""
    buffer = io.BytesIO()
    stamp = _zip_time(source.created_at)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            info = zipfile.ZipInfo(f"{source.package_id}/{file.path}", date_time=stamp)
            # A PDF is compressed already; stored as it is, it stays byte for byte findable.
            info.compress_type = (
                zipfile.ZIP_STORED if file.mimetype == "application/pdf" else zipfile.ZIP_DEFLATED
            )
            archive.writestr(info, file.data)
    return buffer.getvalue()


def _zip_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def build_archive(report: Report, *, now: datetime | None = None) -> ArchivePackage:
    """The package of an issued report. Raises ``selectors.ReportIntegrityError`` when a stored
    PDF is missing or fails its checksum."""
    source = source_of(report, now=now)
    return ArchivePackage(
        filename=archive_filename(report),
        data=zip_package(source, package_files(source)),
        package_id=source.package_id,
    )
