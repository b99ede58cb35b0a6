"""metadata/descriptive/dc.xml: the report described in Dublin Core (DCMI Metadata Terms).

One ``metadata`` container holding ``dcterms:`` elements, as DCMI's guidelines for Dublin Core in
XML allow; METS references it with MDTYPE="DC".
"""

from .source import Source
from .xml import element, serialize, timestamp


def descriptive_xml(source: Source) -> bytes:
    current = source.current

    def term(name: str, value: str, **attributes):
        return element(f"dcterms:{name}", attributes or None, text=value) if value else None

    description = f"{source.document_type}, {source.kind.lower()}, version {current.version}."
    if source.replaced is not None:
        description += f" Rättelse av version {source.replaced.version}, som följer med i paketet."
    root = element(
        "metadata",
        None,
        term("title", current.title),
        term("creator", source.municipality_name),
        term("publisher", source.municipality_name),
        term("identifier", source.our_reference),
        term("audience", source.recipient_body),
        term("type", source.document_type),
        term("subject", source.kind),
        term("date", current.date.isoformat()),
        term("issued", timestamp(current.issued_at)),
        term("temporal", f"{source.period_start.isoformat()}/{source.period_end.isoformat()}"),
        term("description", description),
        term("replaces", source.replaced.filename if source.replaced else ""),
        term("format", "application/pdf"),
        term("language", "sv"),
    )
    return serialize(root)
