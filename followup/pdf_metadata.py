"""The report PDF's metadata, as PDF/A-2b and PDF/UA-1 want them and a registrar reads them.

WeasyPrint's XMP says neither PDF/UA nor the diarienummer, and dates the file when it is written.
``finish`` writes the catalog entries PDF/UA asks for (language, DisplayDocTitle, Marked), the
document information and the XMP: PDF/A-2b and PDF/UA-1 identification (with the extension schema
PDF/A requires for pdfuaid), title, language, kommun (``dc:creator``), diarienummer
(``dc:identifier``), and the issuing time as the file's dates; the document's own date stays in
its text.
"""

from dataclasses import dataclass
from datetime import datetime
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

import pikepdf
from django.utils import timezone
from pikepdf import Dictionary, Name

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}
for _prefix, _uri in NS.items():
    register_namespace(_prefix, _uri)


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


@dataclass(frozen=True)
class Metadata:
    title: str
    creator: str  # the kommun
    identifier: str  # the diarienummer
    language: str
    issued_at: datetime
    subject: str = ""
    keywords: str = ""
    creator_tool: str = "Löfteskollen"
    producer: str = ""


def _xmp_date(moment: datetime) -> str:
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def _pdf_date(moment: datetime) -> str:
    local = timezone.localtime(moment)
    offset = local.strftime("%z")  # +0100
    return f"D:{local:%Y%m%d%H%M%S}{offset[:3]}'{offset[3:]}'"


def xmp_packet(meta: Metadata) -> bytes:
    """The XMP metadata packet: PDF/A-2b and PDF/UA-1, the Dublin Core fields, the dates."""
    rdf = Element(_q("rdf:RDF"))

    def description(**attributes) -> Element:
        element = SubElement(rdf, _q("rdf:Description"), {_q("rdf:about"): ""})
        for name, value in attributes.items():
            element.set(_q(name.replace("_", ":", 1)), value)
        return element

    description(pdfaid_part="2", pdfaid_conformance="B")
    description(pdfuaid_part="1")
    _extension_schema(description())
    dublin_core = description()
    _alt(dublin_core, "dc:title", meta.title)
    _list(dublin_core, "dc:creator", "rdf:Seq", [meta.creator])
    if meta.subject:
        _alt(dublin_core, "dc:description", meta.subject)
    if meta.identifier:
        SubElement(dublin_core, _q("dc:identifier")).text = meta.identifier
    _list(dublin_core, "dc:language", "rdf:Bag", [meta.language])
    basic = description()
    for name, value in (
        ("xmp:CreateDate", _xmp_date(meta.issued_at)),
        ("xmp:ModifyDate", _xmp_date(meta.issued_at)),
        ("xmp:MetadataDate", _xmp_date(meta.issued_at)),
        ("xmp:CreatorTool", meta.creator_tool),
        ("pdf:Producer", meta.producer),
        ("pdf:Keywords", meta.keywords),
    ):
        if value:
            SubElement(basic, _q(name)).text = value
    xmpmeta = Element(_q("x:xmpmeta"))
    xmpmeta.append(rdf)
    return (
        b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        + tostring(xmpmeta, encoding="utf-8", xml_declaration=False)
        + b'\n<?xpacket end="r"?>'
    )


def _alt(parent: Element, name: str, text: str) -> None:
    alt = SubElement(SubElement(parent, _q(name)), _q("rdf:Alt"))
    item = SubElement(alt, _q("rdf:li"), {"xml:lang": "x-default"})
    item.text = text


def _list(parent: Element, name: str, kind: str, items: list[str]) -> None:
    container = SubElement(SubElement(parent, _q(name)), _q(kind))
    for text in items:
        SubElement(container, _q("rdf:li")).text = text


def _extension_schema(parent: Element) -> None:
    """PDF/A allows a property outside its predefined schemas only when the XMP declares it: here
    pdfuaid:part (ISO 19005-2, 6.6.2.3)."""
    bag = SubElement(SubElement(parent, _q("pdfaExtension:schemas")), _q("rdf:Bag"))
    schema = SubElement(bag, _q("rdf:li"), {_q("rdf:parseType"): "Resource"})
    for name, text in (
        ("pdfaSchema:schema", "PDF/UA Universal Accessibility Schema"),
        ("pdfaSchema:namespaceURI", NS["pdfuaid"]),
        ("pdfaSchema:prefix", "pdfuaid"),
    ):
        SubElement(schema, _q(name)).text = text
    properties = SubElement(SubElement(schema, _q("pdfaSchema:property")), _q("rdf:Seq"))
    prop = SubElement(properties, _q("rdf:li"), {_q("rdf:parseType"): "Resource"})
    for name, text in (
        ("pdfaProperty:name", "part"),
        ("pdfaProperty:valueType", "Integer"),
        ("pdfaProperty:category", "internal"),
        ("pdfaProperty:description", "Indicates, which part of ISO 14289 standard is followed"),
    ):
        SubElement(prop, _q(name)).text = text


def finish(pdf: pikepdf.Pdf, meta: Metadata) -> None:
    """The catalog entries PDF/UA asks for, the document information and the XMP."""
    pdf.Root.Lang = pikepdf.String(meta.language)
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    info = {
        "/Title": meta.title,
        "/Author": meta.creator,
        "/Subject": meta.subject,
        "/Keywords": meta.keywords,
        "/Creator": meta.creator_tool,
        "/Producer": meta.producer,
        "/CreationDate": _pdf_date(meta.issued_at),
        "/ModDate": _pdf_date(meta.issued_at),
    }
    pdf.docinfo = pdf.make_indirect(
        Dictionary({key: pikepdf.String(value) for key, value in info.items() if value})
    )
    # Uncompressed: PDF/A wants the XMP readable by tools that know nothing of PDF filters.
    pdf.Root.Metadata = pdf.make_stream(xmp_packet(meta), Type=Name.Metadata, Subtype=Name.XML)
