"""The package's METS documents: METS.xml at the root (E-ARK SIP profile) and the representation's.

Every file is listed with its size, creation time and SHA-256: the root METS lists the metadata
(dmdSec, amdSec), the documentation, the schemas and the representation's METS; that one lists
the PDFs.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from .source import SOFTWARE_NAME, Source, software_version
from .xml import METS, XLINK, element, serialize, timestamp

SIP_PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
CONTENT_CATEGORY = "Textual works – Digital"
# No E-ARK content information type covers a single document; CSIP asks for OTHER and a name.
OTHER_CONTENT_TYPE = "Tjänsteutlåtande (PDF/A)"
REPRESENTATION = "rep1"


def _schema_locations(to_root: str) -> str:
    """xsi:schemaLocation for a METS file ``to_root`` away from the package root."""
    return f"{METS} {to_root}schemas/mets.xsd {XLINK} {to_root}schemas/xlink.xsd"


@dataclass(frozen=True)
class PackageFile:
    """A file of the package: its path from the package root, its bytes and what it is."""

    path: str
    data: bytes
    mimetype: str
    created: datetime

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def checksummed(self) -> dict:
        """The attributes METS gives a file or a metadata reference."""
        return {
            "MIMETYPE": self.mimetype,
            "SIZE": len(self.data),
            "CREATED": timestamp(self.created),
            "CHECKSUM": self.sha256,
            "CHECKSUMTYPE": "SHA-256",
        }


def _locator(tag: str, href: str, extra: dict | None = None):
    return element(
        tag, {"LOCTYPE": "URL", "xlink:type": "simple", "xlink:href": href, **(extra or {})}
    )


def _file(file_id: str, file: PackageFile, href: str, extra: dict | None = None):
    return element(
        "mets:file",
        {"ID": file_id, **file.checksummed(), **(extra or {})},
        _locator("mets:FLocat", href),
    )


def _group(group_id: str, use: str, *files):
    return element(
        "mets:fileGrp",
        {
            "ID": group_id,
            "USE": use,
            "csip:CONTENTINFORMATIONTYPE": "OTHER",
            "csip:OTHERCONTENTINFORMATIONTYPE": OTHER_CONTENT_TYPE,
        },
        *files,
    )


def _root(source: Source, object_id: str, label: str, *children, to_root: str = ""):
    return element(
        "mets:mets",
        {
            "OBJID": object_id,
            "LABEL": label,
            "TYPE": CONTENT_CATEGORY,
            "csip:CONTENTINFORMATIONTYPE": "OTHER",
            "csip:OTHERCONTENTINFORMATIONTYPE": OTHER_CONTENT_TYPE,
            "PROFILE": SIP_PROFILE,
            "xsi:schemaLocation": _schema_locations(to_root),
        },
        _header(source),
        *children,
    )


def _header(source: Source):
    created = timestamp(source.created_at)
    return element(
        "mets:metsHdr",
        {
            "CREATEDATE": created,
            "LASTMODDATE": created,
            "RECORDSTATUS": "NEW",
            "csip:OAISPACKAGETYPE": "SIP",
        },
        element(
            "mets:agent",
            {"ROLE": "CREATOR", "TYPE": "OTHER", "OTHERTYPE": "SOFTWARE"},
            element("mets:name", text=SOFTWARE_NAME),
            element("mets:note", {"csip:NOTETYPE": "SOFTWARE VERSION"}, text=software_version()),
        ),
        # The kommun: the archival creator (arkivbildare) and the one that submits the package.
        element(
            "mets:agent",
            {"ROLE": "ARCHIVIST", "TYPE": "ORGANIZATION"},
            element("mets:name", text=source.municipality_name),
            element(
                "mets:note",
                {"csip:NOTETYPE": "IDENTIFICATIONCODE"},
                text=source.municipality_code,
            )
            if source.municipality_code
            else None,
        ),
    )


def representation_mets(source: Source, pdfs: list[PackageFile]) -> bytes:
    """representations/rep1/METS.xml: the PDFs of the representation (paths from its folder)."""
    prefix = f"representations/{REPRESENTATION}/"
    files = [
        _file(
            f"file-pdf-{index}",
            pdf,
            pdf.path.removeprefix(prefix),
            {
                "sip:FILEFORMATNAME": version.format.name,
                "sip:FILEFORMATVERSION": version.format.version or None,
                "sip:FORMATREGISTRY": "PRONOM" if version.format.pronom else None,
                "sip:FORMATREGISTRYKEY": version.format.pronom or None,
            },
        )
        for index, (pdf, version) in enumerate(zip(pdfs, source.versions, strict=True), start=1)
    ]
    root = _root(
        source,
        f"{source.package_id}-{REPRESENTATION}",
        f"{source.current.title}: {REPRESENTATION}",
        element("mets:fileSec", {"ID": "filesec-rep"}, _group("filegrp-data", "Data", *files)),
        element(
            "mets:structMap",
            {"ID": "structmap-rep", "TYPE": "PHYSICAL", "LABEL": "CSIP"},
            element(
                "mets:div",
                {"ID": "div-rep", "LABEL": f"Representations/{REPRESENTATION}"},
                element(
                    "mets:div",
                    {"ID": "div-rep-data", "LABEL": "Data"},
                    element("mets:fptr", {"FILEID": "filegrp-data"}),
                ),
            ),
        ),
        to_root="../../",
    )
    return serialize(root)


def package_mets(
    source: Source,
    *,
    descriptive: PackageFile,
    preservation: PackageFile,
    documentation: list[PackageFile],
    schemas: list[PackageFile],
    representation: PackageFile,
) -> bytes:
    """METS.xml at the package root."""
    label = source.current.title
    if source.current.version > 1:
        label += f" (version {source.current.version})"
    rep_label = f"Representations/{REPRESENTATION}"
    root = _root(
        source,
        source.package_id,
        label,
        element(
            "mets:dmdSec",
            {"ID": "dmd-dc", "CREATED": timestamp(descriptive.created), "STATUS": "CURRENT"},
            _locator("mets:mdRef", descriptive.path, {"MDTYPE": "DC", **descriptive.checksummed()}),
        ),
        element(
            "mets:amdSec",
            {"ID": "amd"},
            element(
                "mets:digiprovMD",
                {"ID": "digiprov-premis", "STATUS": "CURRENT"},
                _locator(
                    "mets:mdRef",
                    preservation.path,
                    {"MDTYPE": "PREMIS", **preservation.checksummed()},
                ),
            ),
        ),
        element(
            "mets:fileSec",
            {"ID": "filesec"},
            _group(
                "filegrp-documentation",
                "Documentation",
                *[_file(f"file-doc-{i}", f, f.path) for i, f in enumerate(documentation, 1)],
            ),
            _group(
                "filegrp-schemas",
                "Schemas",
                *[_file(f"file-schema-{i}", f, f.path) for i, f in enumerate(schemas, 1)],
            ),
            _group(
                f"filegrp-{REPRESENTATION}",
                rep_label,
                _file(f"file-{REPRESENTATION}-mets", representation, representation.path),
            ),
        ),
        element(
            "mets:structMap",
            {"ID": "structmap", "TYPE": "PHYSICAL", "LABEL": "CSIP"},
            element(
                "mets:div",
                {"ID": "div-package", "LABEL": source.package_id},
                element(
                    "mets:div",
                    {
                        "ID": "div-metadata",
                        "LABEL": "Metadata",
                        "ADMID": "digiprov-premis",
                        "DMDID": "dmd-dc",
                    },
                ),
                element(
                    "mets:div",
                    {"ID": "div-documentation", "LABEL": "Documentation"},
                    element("mets:fptr", {"FILEID": "filegrp-documentation"}),
                ),
                element(
                    "mets:div",
                    {"ID": "div-schemas", "LABEL": "Schemas"},
                    element("mets:fptr", {"FILEID": "filegrp-schemas"}),
                ),
                element(
                    "mets:div",
                    {"ID": "div-representations", "LABEL": "Representations"},
                    element("mets:fptr", {"FILEID": f"filegrp-{REPRESENTATION}"}),
                    element(
                        "mets:div",
                        {"ID": f"div-{REPRESENTATION}", "LABEL": rep_label},
                        _locator(
                            "mets:mptr",
                            representation.path,
                            {"xlink:title": f"filegrp-{REPRESENTATION}"},
                        ),
                    ),
                ),
            ),
        ),
    )
    return serialize(root)
