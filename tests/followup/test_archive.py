"""The archival package (followup.archive): an E-ARK SIP that eark-validator accepts, holding the
verified PDF(s), PREMIS with the recorded fixity and the issuing, and Dublin Core; and its view."""

import hashlib
import io
import zipfile
from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from followup import selectors
from followup import services as report_services
from followup.archive import archive_filename, build_archive
from followup.models import Report

from .eark import check

pytestmark = pytest.mark.django_db

NS = {
    "mets": "http://www.loc.gov/METS/",
    "premis": "http://www.loc.gov/premis/v3",
    "dcterms": "http://purl.org/dc/terms/",
    "xlink": "http://www.w3.org/1999/xlink",
}


@pytest.fixture
def correction(issued_report, owner):
    draft = report_services.create_correction(report=issued_report, user=owner)
    return report_services.issue_report(report=draft, user=owner)


def _members(data: bytes) -> dict[str, bytes]:
    """The ZIP's files by their path inside the package folder (which must be the only root)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        roots = {name.split("/", 1)[0] for name in names}
        assert len(roots) == 1
        return {name.split("/", 1)[1]: archive.read(name) for name in names}


def _rezip(data: bytes, *, drop: str = "", replace: dict | None = None) -> bytes:
    """The package with one member left out or changed: a broken package."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for info in source.infolist():
            path = info.filename.split("/", 1)[1]
            if path == drop:
                continue
            content = source.read(info)
            if replace and path in replace:
                content = replace[path](content)
            target.writestr(info, content)
    return buffer.getvalue()


def _check(data: bytes, tmp_path, name="paket.zip"):
    path = tmp_path / name
    path.write_bytes(data)
    return check(path, tmp_path)


def _stored(report: Report) -> bytes:
    with report.pdf.storage.open(report.pdf.name, "rb") as stored:
        return stored.read()


# eark-validator --------------------------------------------------------------------------------


def test_it_packages_an_issued_report_as_a_valid_eark_sip(issued_report, tmp_path):
    package = build_archive(issued_report)

    findings = _check(package.data, tmp_path)

    assert findings.errors == []
    assert findings.report.structure.status.value == "WellFormed"
    assert findings.report.package.details.oaispackagetype == "SIP"
    members = _members(package.data)
    assert set(members) == {
        "METS.xml",
        "metadata/descriptive/dc.xml",
        "metadata/preservation/premis.xml",
        "representations/rep1/METS.xml",
        f"representations/rep1/data/{report_services.pdf_filename(issued_report)}",
        "documentation/om-arkivpaketet.txt",
        "schemas/mets.xsd",
        "schemas/xlink.xsd",
    }


def test_it_packages_a_correction_with_the_version_it_replaces(issued_report, correction, tmp_path):
    package = build_archive(correction)

    findings = _check(package.data, tmp_path)

    assert findings.errors == []
    members = _members(package.data)
    original = Report.objects.get(pk=issued_report.pk)
    for report in (correction, original):
        path = f"representations/rep1/data/{report_services.pdf_filename(report)}"
        assert members[path] == _stored(report)


@pytest.mark.parametrize(
    "breakage",
    ["missing PREMIS", "wrong checksum", "CSIP profile for a SIP", "no METS.xml", "two roots"],
)
def test_it_reports_a_broken_package_invalid(issued_report, tmp_path, breakage):
    data = build_archive(issued_report).data
    pdf_checksum = issued_report.pdf_sha256.encode()
    broken = {
        "missing PREMIS": lambda: _rezip(data, drop="metadata/preservation/premis.xml"),
        "wrong checksum": lambda: _rezip(
            data,
            replace={
                "representations/rep1/METS.xml": lambda xml: xml.replace(pdf_checksum, b"0" * 64)
            },
        ),
        "CSIP profile for a SIP": lambda: _rezip(
            data,
            replace={
                "METS.xml": lambda xml: xml.replace(
                    b"https://earksip.dilcis.eu/profile/E-ARK-SIP.xml",
                    b"https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml",
                )
            },
        ),
        "no METS.xml": lambda: _rezip(data, drop="METS.xml"),
        "two roots": lambda: _with_second_root(data),
    }[breakage]()
    assert broken != data

    findings = _check(broken, tmp_path)

    assert findings.errors != []


def _with_second_root(data: bytes) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("annat/fil.txt", b"x")
    return buffer.getvalue()


# What the package holds ---------------------------------------------------------------------------


def _premis(members) -> ET.Element:
    return ET.fromstring(members["metadata/preservation/premis.xml"])


def test_it_records_the_stored_checksum_and_the_issuing_in_premis(issued_report, owner):
    owner.first_name, owner.last_name = "Sam", "Samordnare"
    owner.save()
    report = Report.objects.select_related("issued_by").get(pk=issued_report.pk)
    members = _members(build_archive(report).data)
    premis = _premis(members)

    (pdf_object,) = premis.findall("premis:object", NS)
    assert pdf_object.findtext(".//premis:messageDigestAlgorithm", namespaces=NS) == "SHA-256"
    assert pdf_object.findtext(".//premis:messageDigest", namespaces=NS) == report.pdf_sha256
    assert pdf_object.findtext(".//premis:formatRegistryKey", namespaces=NS) == "fmt/477"
    assert pdf_object.findtext(".//premis:formatVersion", namespaces=NS) == "2b"
    pdf = members[f"representations/rep1/data/{report_services.pdf_filename(report)}"]
    assert pdf == _stored(report)
    assert hashlib.sha256(pdf).hexdigest() == report.pdf_sha256
    (event,) = premis.findall("premis:event", NS)
    assert event.findtext("premis:eventType", namespaces=NS) == "creation"
    issued_at = event.findtext("premis:eventDateTime", namespaces=NS)
    assert issued_at == timezone.localtime(report.issued_at).isoformat(timespec="seconds")
    agents = {
        agent.findtext(".//premis:agentIdentifierValue", namespaces=NS): (
            agent.findtext("premis:agentName", namespaces=NS),
            agent.findtext("premis:agentType", namespaces=NS),
        )
        for agent in premis.findall("premis:agent", NS)
    }
    linked = {
        link.findtext("premis:linkingAgentIdentifierValue", namespaces=NS): link.findtext(
            "premis:linkingAgentRole", namespaces=NS
        )
        for link in event.findall("premis:linkingAgentIdentifier", NS)
    }
    roles = {agents[value]: role for value, role in linked.items()}
    assert roles[("Sam Samordnare", "person")] == "implementer"
    assert roles[("Löfteskollen", "software")] == "executing program"
    assert roles[("Knivsta kommun", "organization")] == "authorizer"


def test_it_relates_a_correction_to_the_version_it_replaces(issued_report, correction):
    premis = _premis(_members(build_archive(correction).data))

    objects = {
        obj.findtext("premis:originalName", namespaces=NS): obj
        for obj in premis.findall("premis:object", NS)
    }
    original = Report.objects.get(pk=issued_report.pk)
    current = objects[report_services.pdf_filename(correction)]
    replaced = objects[report_services.pdf_filename(original)]
    assert current.findtext(".//premis:messageDigest", namespaces=NS) == correction.pdf_sha256
    assert replaced.findtext(".//premis:messageDigest", namespaces=NS) == original.pdf_sha256
    related = current.findtext(".//premis:relatedObjectIdentifierValue", namespaces=NS)
    assert related == replaced.findtext(".//premis:objectIdentifierValue", namespaces=NS)
    assert len(premis.findall("premis:event", NS)) == 2


def test_it_describes_the_report_in_dublin_core(issued_report):
    members = _members(build_archive(issued_report).data)
    dc = ET.fromstring(members["metadata/descriptive/dc.xml"])

    def term(name):
        return dc.findtext(f"dcterms:{name}", namespaces=NS)

    assert term("identifier") == "KS-2025/301"
    assert term("creator") == "Knivsta kommun"
    assert term("title") == "Uppföljning av medborgarlöfte 2024–2025"
    assert term("audience") == "Kommunstyrelsen"
    assert term("date") == "2025-11-10"
    assert term("temporal") == "2024-01-01/2025-12-31"
    issued_at = timezone.localtime(issued_report.issued_at).isoformat(timespec="seconds")
    assert term("issued") == issued_at
    assert "version 1" in term("description")
    mets = ET.fromstring(members["METS.xml"])
    assert mets.get("PROFILE") == "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
    agents = [
        agent.findtext("mets:name", namespaces=NS) for agent in mets.iterfind(".//mets:agent", NS)
    ]
    assert agents == ["Löfteskollen", "Knivsta kommun"]


def test_it_never_packages_a_tampered_pdf(issued_report, media_root):
    path = media_root / issued_report.pdf.name
    path.write_bytes(path.read_bytes() + b"%")

    with pytest.raises(selectors.ReportIntegrityError):
        build_archive(issued_report)


# The view --------------------------------------------------------------------------------------


def _url(report):
    return reverse("followup:report_archive", args=[report.pk])


def test_it_downloads_the_package_for_the_coordinator(client, issued_report, owner, tmp_path):
    client.force_login(owner)

    response = client.get(_url(issued_report))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    filename = archive_filename(issued_report)
    assert filename.endswith("-arkivpaket.zip")
    assert filename.removesuffix("-arkivpaket.zip") + ".pdf" == report_services.pdf_filename(
        issued_report
    )
    assert f'attachment; filename="{filename}"' == response["Content-Disposition"]
    assert _check(response.content, tmp_path).errors == []
    detail = client.get(reverse("followup:report_detail", args=[issued_report.pk]))
    assert _url(issued_report) in detail.content.decode()
    assert "Ladda ner arkivpaket (E-ARK)" in detail.content.decode()


def test_it_has_no_package_for_a_draft(client, draft_report, owner):
    client.force_login(owner)
    assert client.get(_url(draft_report)).status_code == 404
    detail = client.get(reverse("followup:report_detail", args=[draft_report.pk]))
    assert _url(draft_report) not in detail.content.decode()


def test_it_hides_the_package_from_other_kommuner(client, issued_report, outsider):
    client.force_login(outsider)
    assert client.get(_url(issued_report)).status_code == 404


def test_it_sends_anonymous_visitors_to_the_login_page(client, issued_report):
    response = client.get(_url(issued_report))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_lets_the_secretary_download_the_package(client, issued_report, secretary):
    client.force_login(secretary)
    assert client.get(_url(issued_report)).status_code == 200


def test_it_refuses_to_package_a_tampered_pdf(client, issued_report, owner, media_root):
    path = media_root / issued_report.pdf.name
    path.write_bytes(path.read_bytes() + b"%")
    client.force_login(owner)

    response = client.get(_url(issued_report))

    assert response.status_code == 500
    assert "stämmer inte med kontrollsumman" in response.content.decode()


def test_it_builds_the_package_in_a_fixed_number_of_queries(
    client, issued_report, correction, owner, django_assert_num_queries
):
    client.force_login(owner)
    # Session, user, the user's memberships and the report with its kommun, the version it
    # replaces and its issuer (the access helper); the PDF is read from storage, not the database.
    with django_assert_num_queries(4):
        assert client.get(_url(issued_report)).status_code == 200
    # The same, and the version the correction replaces with its issuer.
    with django_assert_num_queries(5):
        assert client.get(_url(correction)).status_code == 200
