"""Check an E-ARK package with eark-validator (PyPI), offline.

``check(zip_path, tmp_path)`` runs eark-validator's package validation (structure, METS schema,
the CSIP and SIP Schematron rules) on the ZIP, then, on the unpacked package, its manifest check
(every file each METS lists is there, with its size), the representation METS against the METS
schema, and every SHA-256 each METS records (eark-validator 1.1.3's manifest check computes them
but drops a mismatch, so it is compared here with its own ``Checksummer``).

eark-validator downloads four CSIP vocabularies from earkcsip.dilcis.eu when it is imported. The
same vocabularies ship inside the package (``eark_validator/ipxml/resources/vocabs``); while it is
imported, those URLs are answered from there and every other URL is refused, so the tests never
reach the network.
"""

import importlib.util
import io
import urllib.error
import urllib.request
import urllib.response
import zipfile
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

VOCABULARY_HOST = "https://earkcsip.dilcis.eu/schema/"

# eark-validator 1.1.3 checks every note of every metsHdr agent with ROLE="CREATOR" for an
# unqualified NOTETYPE="IDENTIFICATIONCODE" (its rule SIP14). CSIP requires the software agent,
# a CREATOR, to have exactly one note, with csip:NOTETYPE="SOFTWARE VERSION" (CSIP15, CSIP16), and
# the METS schema allows no unqualified NOTETYPE attribute: no package meets all three. That one
# error, on the software agent's note, is the validator's, and the only one accepted.
_METS_ELEMENT = "*[local-name()='{}' and namespace-uri()='http://www.loc.gov/METS/']"
SOFTWARE_NOTE_FALSE_ERROR = (
    "SIP14",
    _METS_ELEMENT.format("metsHdr")
    + "/"
    + _METS_ELEMENT.format("agent")
    + "[1]/"
    + _METS_ELEMENT.format("note"),
)


def _vocabulary_directory() -> Path:
    spec = importlib.util.find_spec("eark_validator")
    return Path(spec.origin).parent / "ipxml" / "resources" / "vocabs"


class _ShippedVocabularies(urllib.request.BaseHandler):
    handler_order = 100  # before urllib's own HTTP(S) handlers

    def https_open(self, request):
        url = request.full_url
        if not url.startswith(VOCABULARY_HOST):
            raise urllib.error.URLError(f"the tests fetch nothing: {url}")
        path = _vocabulary_directory() / url.removeprefix(VOCABULARY_HOST)
        response = urllib.response.addinfourl(io.BytesIO(path.read_bytes()), Message(), url, 200)
        response.msg = "OK"
        return response

    http_open = https_open


def _import_validator():
    previous = urllib.request._opener
    urllib.request.install_opener(urllib.request.build_opener(_ShippedVocabularies()))
    try:
        from eark_validator import packages
        from eark_validator.infopacks import manifest, package_handler
        from eark_validator.mets import MetsValidator
    finally:
        urllib.request._opener = previous
    return packages, manifest, MetsValidator, package_handler


@dataclass
class Findings:
    report: object  # eark_validator.model.ValidationReport
    errors: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def _report_errors(report) -> list[str]:
    errors = [f"structure {m.rule_id}: {m.message}" for m in report.structure.errors]
    if report.metadata is None:
        return errors or ["not validated"]
    results = [
        *report.metadata.schema_results.messages,
        *report.metadata.schematron_results.messages,
    ]
    for message in results:
        if message.severity.value != "Error":
            continue
        rule, place = SOFTWARE_NOTE_FALSE_ERROR
        if message.rule_id == rule and (message.location or "").endswith(place):
            continue
        errors.append(f"{message.rule_id}: {message.message} at {message.location}")
    return errors


def check(zip_path: Path, work: Path) -> Findings:
    packages, manifest, mets_validator, package_handler = _import_validator()
    try:
        report = packages.PackageValidator(zip_path).validation_report
    except package_handler.PackageError as error:  # e.g. more than one root folder
        return Findings(report=None, errors=[str(error)])
    findings = Findings(report=report, errors=_report_errors(report))
    unpacked = work / "unpacked"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(unpacked)
    roots = [path for path in unpacked.iterdir() if path.is_dir()]
    if len(roots) != 1:
        findings.errors.append(f"{len(roots)} root folders")
        return findings
    for mets in sorted(roots[0].rglob("METS.xml")):
        if mets.parent != roots[0]:
            schema = mets_validator(str(mets.parent))
            schema.validate_mets(str(mets))
            findings.errors += [f"{mets}: {m.message}" for m in schema.validation_errors]
        listed = manifest.Manifests.from_mets_file(mets)
        _valid, issues = manifest.Manifests.validate_manifest(listed, alt_root=mets.parent)
        findings.errors += issues
        for entry in listed.entries:
            path = mets.parent / entry.path
            for recorded in entry.checksums:
                if path.is_file():
                    actual = manifest.Checksummer(recorded.algorithm).hash_file(path)
                    if actual != recorded:
                        findings.errors.append(f"{entry.path}: checksum {actual.value}")
    return findings
