"""metadata/preservation/premis.xml: PREMIS 3 for the PDFs the package holds.

Per PDF: a file object with its SHA-256 fixity (the checksum recorded when it was issued), size and
format (PRONOM); the issuing as a ``creation`` event with when, who (the person who issued it) and
with what (the software); the kommun as the organisation. A correction's object has a derivation
relationship ("has source") to the version it replaces, whose own object and issuing event follow.
"""

from .source import SOFTWARE_NAME, IssuedVersion, Source, software_version
from .xml import PREMIS, element, serialize, timestamp

PREMIS_SCHEMA = "https://www.loc.gov/standards/premis/v3/premis-v3-0.xsd"
LOCAL = "local"
SOFTWARE_AGENT = "lofteskollen"


def data_path(version: IssuedVersion) -> str:
    """Where the PDF lies in the package, from its root."""
    return f"representations/rep1/data/{version.filename}"


def _person_agent_id(version: IssuedVersion) -> str | None:
    return f"anvandare-{version.issuer_pk}" if version.issuer_pk is not None else None


def _organisation_agent_id(source: Source) -> str:
    return f"kommun-{source.municipality_code or 'okand'}"


def _identifier(kind: str, id_type: str, value: str):
    return element(
        f"premis:{kind}Identifier",
        None,
        element(f"premis:{kind}IdentifierType", text=id_type),
        element(f"premis:{kind}IdentifierValue", text=value),
    )


def _object(version: IssuedVersion, replaced: IssuedVersion | None):
    fmt = version.format
    designation = element(
        "premis:formatDesignation",
        None,
        element("premis:formatName", text=fmt.name),
        element("premis:formatVersion", text=fmt.version) if fmt.version else None,
    )
    registry = None
    if fmt.pronom:
        registry = element(
            "premis:formatRegistry",
            None,
            element("premis:formatRegistryName", text="PRONOM"),
            element("premis:formatRegistryKey", text=fmt.pronom),
            element("premis:formatRegistryRole", text="specification"),
        )
    relationship = None
    if replaced is not None:
        relationship = element(
            "premis:relationship",
            None,
            element("premis:relationshipType", text="derivation"),
            element("premis:relationshipSubType", text="has source"),
            element(
                "premis:relatedObjectIdentifier",
                None,
                element("premis:relatedObjectIdentifierType", text=LOCAL),
                element("premis:relatedObjectIdentifierValue", text=replaced.object_id),
            ),
        )
    return element(
        "premis:object",
        {"xsi:type": "premis:file"},
        _identifier("object", LOCAL, version.object_id),
        _identifier("object", "filepath", data_path(version)),
        element(
            "premis:objectCharacteristics",
            None,
            element("premis:compositionLevel", text="0"),
            element(
                "premis:fixity",
                None,
                element("premis:messageDigestAlgorithm", text="SHA-256"),
                element("premis:messageDigest", text=version.sha256),
                element("premis:messageDigestOriginator", text=SOFTWARE_NAME),
            ),
            element("premis:size", text=str(len(version.data))),
            element("premis:format", None, designation, registry),
        ),
        element("premis:originalName", text=version.filename),
        relationship,
        element(
            "premis:linkingEventIdentifier",
            None,
            element("premis:linkingEventIdentifierType", text=LOCAL),
            element("premis:linkingEventIdentifierValue", text=version.event_id),
        ),
    )


def _linking_agent(value: str, role: str):
    return element(
        "premis:linkingAgentIdentifier",
        None,
        element("premis:linkingAgentIdentifierType", text=LOCAL),
        element("premis:linkingAgentIdentifierValue", text=value),
        element("premis:linkingAgentRole", text=role),
    )


def _event(version: IssuedVersion, source: Source):
    person = _person_agent_id(version)
    detail = f"Utfärdande av {version.title}, version {version.version}"
    return element(
        "premis:event",
        None,
        _identifier("event", LOCAL, version.event_id),
        element("premis:eventType", text="creation"),
        element("premis:eventDateTime", text=timestamp(version.issued_at)),
        element(
            "premis:eventDetailInformation",
            None,
            element("premis:eventDetail", text=detail),
        ),
        element(
            "premis:eventOutcomeInformation",
            None,
            element("premis:eventOutcome", text="success"),
        ),
        _linking_agent(person, "implementer") if person else None,
        _linking_agent(SOFTWARE_AGENT, "executing program"),
        _linking_agent(_organisation_agent_id(source), "authorizer"),
        element(
            "premis:linkingObjectIdentifier",
            None,
            element("premis:linkingObjectIdentifierType", text=LOCAL),
            element("premis:linkingObjectIdentifierValue", text=version.object_id),
            element("premis:linkingObjectRole", text="outcome"),
        ),
    )


def _agent(identifier: str, name: str, agent_type: str, version: str | None = None):
    return element(
        "premis:agent",
        None,
        _identifier("agent", LOCAL, identifier),
        element("premis:agentName", text=name),
        element("premis:agentType", text=agent_type),
        element("premis:agentVersion", text=version) if version else None,
    )


def premis_xml(source: Source) -> bytes:
    versions = source.versions
    people = {}
    for version in versions:
        identifier = _person_agent_id(version)
        if identifier:
            people[identifier] = version.issuer_name
    root = element(
        "premis:premis",
        {"version": "3.0", "xsi:schemaLocation": f"{PREMIS} {PREMIS_SCHEMA}"},
        *[
            _object(version, source.replaced if version is source.current else None)
            for version in versions
        ],
        *[_event(version, source) for version in versions],
        _agent(SOFTWARE_AGENT, SOFTWARE_NAME, "software", software_version()),
        _agent(_organisation_agent_id(source), source.municipality_name, "organization"),
        *[_agent(identifier, name, "person") for identifier, name in people.items()],
    )
    return serialize(root)
