"""The checks a kommun's logo passes before it is stored in its document profile.

A logo is a PNG or an SVG file of at most ``LOGO_MAX_BYTES``. Its type is decided by its content,
never by its name or the content type the browser sent. What is stored is never the upload itself:

- a PNG is opened and verified by Pillow, must have sane dimensions, and is encoded anew, which
  drops its metadata and ancillary chunks (text, EXIF, colour profiles, anything appended);
- an SVG is parsed by lxml without resolving entities, without network access and without a
  DOCTYPE, and refused if it holds anything that can run or fetch: ``<script>``,
  ``<foreignObject>``, animation, event attributes (``on…``), a link to anything but an ``#id`` of
  its own (embedded PNG, JPEG or GIF images excepted) or a ``url(…)`` to anything but an ``#id``.
  Elements and attributes of other namespaces (an editor's metadata) are dropped, comments and
  processing instructions too, and the rest is written out anew.

The logo is served only as an image (``followup.views_profiles.profile_logo``), with a policy that
forbids scripts, so that even an SVG that slipped through could not run one.
"""

import hashlib
import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from lxml import etree
from PIL import Image, UnidentifiedImageError

from .models.profiles import LOGO_MAX_BYTES, DocumentProfile

PNG = DocumentProfile.LogoType.PNG.value
SVG = DocumentProfile.LogoType.SVG.value
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIN_SIDE, MAX_SIDE = 16, 4000  # pixels
MAX_SVG_ELEMENTS = 5000

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
FORBIDDEN_ELEMENTS = {
    "script": _("Logotypen får inte innehålla skript (<script>)."),
    "foreignObject": _("Logotypen får inte innehålla inbäddat HTML (<foreignObject>)."),
    "animate": _("Logotypen får inte vara animerad."),
    "animateMotion": _("Logotypen får inte vara animerad."),
    "animateTransform": _("Logotypen får inte vara animerad."),
    "set": _("Logotypen får inte vara animerad."),
    "iframe": _("Logotypen får inte innehålla inbäddade sidor."),
}
# An embedded raster image is allowed in <image>: only these, base64-encoded.
RASTER_DATA_URI = re.compile(r"^data:image/(png|jpeg|gif);base64,[A-Za-z0-9+/=\s]*$")
SVG_DOCTYPE = re.compile(rb"<!doctype\s+svg")
URL_REFERENCE = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
OTHER_IMAGE_SIGNATURES = {
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
    b"\xff\xd8\xff": "JPEG",
    b"RIFF": "WebP",
    b"BM": "BMP",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
}

NOT_AN_IMAGE = _(
    "Filen är varken en PNG- eller en SVG-bild. Ladda upp logotypen som PNG eller SVG."
)


@dataclass(frozen=True)
class Logo:
    """A checked logo, ready to store: its bytes as re-encoded, its media type and checksum."""

    data: bytes
    media_type: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def too_large_error() -> ValidationError:
    return ValidationError(
        _("Logotypen får vara högst %(kb)s kB."),
        code="too_large",
        params={"kb": LOGO_MAX_BYTES // 1024},
    )


def clean_logo(data: bytes) -> Logo:
    """The logo ``data`` holds, checked and re-encoded; ValidationError (Swedish) otherwise."""
    if len(data) > LOGO_MAX_BYTES:
        raise too_large_error()
    if not data:
        raise ValidationError(_("Filen är tom."), code="empty")
    if data.startswith(PNG_SIGNATURE):
        return Logo(_clean_png(data), PNG)
    for signature, name in OTHER_IMAGE_SIGNATURES.items():
        if data.startswith(signature):
            raise ValidationError(
                _(
                    "Filen är en %(kind)s-bild. Spara logotypen som PNG eller SVG och ladda upp den."
                ),
                code="other_image",
                params={"kind": name},
            )
    return Logo(_clean_svg(data), SVG)


# PNG ------------------------------------------------------------------------------------------


def _clean_png(data: bytes) -> bytes:
    broken = ValidationError(
        _("PNG-filen går inte att läsa. Den kan vara skadad."), code="broken_png"
    )
    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            _check_size(image.size)
            image.verify()
        # verify() leaves the image unusable: open it again to decode every pixel.
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            image.load()
            if image.mode not in ("1", "L", "LA", "RGB", "RGBA"):
                image = image.convert("RGBA")
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)  # no text, EXIF or ICC chunks
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise broken from None
    encoded = out.getvalue()
    if len(encoded) > LOGO_MAX_BYTES:
        raise too_large_error()
    return encoded


def _check_size(size: tuple[int, int]) -> None:
    width, height = size
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise ValidationError(
            _(
                "Logotypen är %(width)s × %(height)s pixlar. Bredd och höjd ska vara mellan "
                "%(min)s och %(max)s pixlar."
            ),
            code="dimensions",
            params={"width": width, "height": height, "min": MIN_SIDE, "max": MAX_SIDE},
        )


# SVG ------------------------------------------------------------------------------------------


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        strip_cdata=True,
    )


def _clean_svg(data: bytes) -> bytes:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head.startswith(b"<"):
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    lowered = data.lower()
    if b"<!entity" in lowered or SVG_DOCTYPE.search(lowered):
        raise ValidationError(
            _(
                "SVG-filen får inte ha någon DOCTYPE eller några entiteter. Exportera den som "
                "vanlig SVG utan DOCTYPE."
            ),
            code="doctype",
        )
    if b"<!doctype" in lowered:  # an HTML page or another XML document
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    try:
        root = etree.fromstring(data, parser=_parser())
    except (etree.XMLSyntaxError, ValueError):
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        raise ValidationError(
            _("SVG-filen får inte ha någon DOCTYPE eller några entiteter."), code="doctype"
        )
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    elements = 0
    for element in list(root.iter()):
        if not isinstance(element.tag, str):  # an entity reference, left unresolved
            raise ValidationError(
                _("SVG-filen får inte ha någon DOCTYPE eller några entiteter."), code="doctype"
            )
        elements += 1
        if elements > MAX_SVG_ELEMENTS:
            raise ValidationError(
                _("SVG-filen har för många delar för att vara en logotyp."), code="too_complex"
            )
        namespace, name = _split(element.tag)
        if name in FORBIDDEN_ELEMENTS:
            raise ValidationError(FORBIDDEN_ELEMENTS[name], code="forbidden_element")
        if namespace != SVG_NS:  # an editor's metadata (Inkscape, RDF): dropped
            element.getparent().remove(element)
            continue
        _check_attributes(element, name)
        if name == "style":
            _check_css(element.text or "")
    etree.cleanup_namespaces(root, top_nsmap={None: SVG_NS, "xlink": XLINK_NS})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, _sep, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def _check_attributes(element, name: str) -> None:
    for attribute in list(element.attrib):
        namespace, local = _split(attribute)
        value = element.attrib[attribute]
        if local.lower().startswith("on"):
            raise ValidationError(
                _("Logotypen får inte innehålla händelseattribut som %(attribute)s."),
                code="event_attribute",
                params={"attribute": local},
            )
        if namespace not in ("", XLINK_NS, XML_NS):  # an editor's own attributes: dropped
            del element.attrib[attribute]
            continue
        if local == "href":
            _check_href(value.strip(), name)
        elif local == "style" or "url(" in value.lower() or "javascript:" in value.lower():
            _check_css(value)


def _check_href(value: str, element_name: str) -> None:
    if value.startswith("#"):
        return
    if element_name in ("image", "feImage") and RASTER_DATA_URI.match(value):
        return
    raise ValidationError(
        _(
            "Logotypen får inte hämta något utifrån eller länka vidare (%(href)s). Bädda in "
            "allt i filen."
        ),
        code="external_reference",
        params={"href": value[:60]},
    )


def _check_css(css: str) -> None:
    lowered = css.lower()
    if "@import" in lowered or "javascript:" in lowered or "expression(" in lowered:
        raise ValidationError(
            _("Logotypens stilmallar får inte hämta något utifrån."), code="external_style"
        )
    for _quote, target in URL_REFERENCE.findall(css):
        if not target.strip().startswith("#"):
            raise ValidationError(
                _("Logotypens stilmallar får inte hämta något utifrån (%(url)s)."),
                code="external_style",
                params={"url": target.strip()[:60]},
            )
    if "url(" in lowered and not URL_REFERENCE.search(css):
        raise ValidationError(
            _("Logotypens stilmallar får inte hämta något utifrån."), code="external_style"
        )
