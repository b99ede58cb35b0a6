"""documentation/om-arkivpaketet.txt: what the package holds, for the archivist who opens it."""

from .premis import data_path
from .source import SOFTWARE_NAME, Source, software_version


def documentation_text(source: Source) -> str:
    current = source.current
    lines = [
        f"Arkivpaket: {current.title}",
        "",
        f"Kommun: {source.municipality_name}",
        f"Diarienummer: {source.our_reference or '–'}",
        f"Till: {source.recipient_body or '–'}",
        f"Dokumentdatum: {current.date.isoformat()}",
        f"Period: {source.period_start.isoformat()} – {source.period_end.isoformat()}",
        f"Version: {current.version}",
        f"Utfärdad: {current.issued_at.isoformat(timespec='seconds')}"
        + (f" av {current.issuer_name}" if current.issuer_name else ""),
        "",
        "Paketet är ett informationspaket för överlämning (SIP) enligt E-ARK CSIP och SIP, som",
        "Riksarkivet har antagit som FGS Paketstruktur 2.0.",
        "",
        "Innehåll:",
        "  METS.xml                          paketets struktur och kontrollsummor (SHA-256)",
        "  metadata/descriptive/dc.xml       beskrivning enligt Dublin Core",
        "  metadata/preservation/premis.xml  bevarandemetadata enligt PREMIS 3: kontrollsumma,",
        "                                    format och utfärdandet (när, av vem)",
        "  representations/rep1/METS.xml     representationens filer",
    ]
    for version in source.versions:
        role = "utfärdad version" if version is current else "den version som rättelsen ersätter"
        lines.append(f"  {data_path(version)}")
        lines.append(
            f"      {role} {version.version}, {version.format.name} {version.format.version}"
            f", SHA-256 {version.sha256}"
        )
    lines += [
        "  schemas/                          XML-scheman för METS",
        "",
        f"Skapat av {SOFTWARE_NAME} {software_version()}, {source.created_at.isoformat(timespec='seconds')}.",
        "",
    ]
    return "\n".join(lines)
