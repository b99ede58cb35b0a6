"""The XML namespaces of the package and a small element builder over the standard library."""

from datetime import datetime
from xml.etree import ElementTree as ET

METS = "http://www.loc.gov/METS/"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
PREMIS = "http://www.loc.gov/premis/v3"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"

PREFIXES = {
    "mets": METS,
    "csip": CSIP,
    "sip": SIP,
    "xlink": XLINK,
    "xsi": XSI,
    "premis": PREMIS,
    "dc": DC,
    "dcterms": DCTERMS,
}
for _prefix, _uri in PREFIXES.items():
    ET.register_namespace(_prefix, _uri)


def q(prefix: str, name: str) -> str:
    """The qualified name ``{uri}name`` of ``prefix:name``."""
    return f"{{{PREFIXES[prefix]}}}{name}"


def _attribute_name(name: str) -> str:
    prefix, _, local = name.rpartition(":")
    return q(prefix, local) if prefix else local


def element(tag: str, attributes: dict | None = None, *children, text: str | None = None):
    """``element("mets:file", {"ID": "x"}, child, ...)``: attributes may be prefixed too
    (``"xlink:href"``); ``None`` values are left out."""
    node = ET.Element(_attribute_name(tag))
    for name, value in (attributes or {}).items():
        if value is not None:
            node.set(_attribute_name(name), str(value))
    for child in children:
        if child is not None:
            node.append(child)
    if text is not None:
        node.text = text
    return node


def serialize(root) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def timestamp(moment: datetime) -> str:
    """ISO 8601 with the UTC offset, to the second: the xsd:dateTime METS and PREMIS expect."""
    return moment.isoformat(timespec="seconds")
