"""The report's PDF: rendered from the snapshot with WeasyPrint, archival and accessible.

PDF/A-2b (ISO 19005-2, level B) and PDF/UA-1 (ISO 14289-1): a tagged structure tree that
``followup.pdf_ua`` completes after WeasyPrint (artifacts, whole tables and sections, header
scopes, metadata), document language sv (from ``<html lang="sv">``), the title in the metadata
(from ``<title>``) and every font embedded. WeasyPrint also offers level A ("pdf/a-2a"); we claim
only level B, whose rules it is known to meet, since no PDF/A validator runs here to confirm A.

Nothing is fetched over the network: the only resources are the font files of the kommun's chosen
font (``followup.fonts``) and the inline logo, loaded
from the local file system, and images given inline as ``data:`` URIs (the kommun's logo),
through a fetcher that refuses every other URL.
"""

import base64
import hashlib
import io
import logging
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import pikepdf
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_datetime

# WeasyPrint reports every rendering step (even its import) at INFO; keep that out of the logs
# unless the project's LOGGING configures the logger itself.
_progress = logging.getLogger("weasyprint.progress")
if _progress.level == logging.NOTSET:
    _progress.setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint import __version__ as weasyprint_version  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

from . import fonts, pdf_metadata, pdf_parts, pdf_ua  # noqa: E402  (they import WeasyPrint)

PDF_VARIANT = "pdf/a-2b"
TEMPLATE = "followup/report_pdf.html"


def font_files(key: str | None = None) -> dict[str, Path]:
    """The files of the font ``key`` (a document profile's choice, ``followup.fonts``)."""
    return fonts.font_files(key)


def font_urls(key: str | None = None) -> dict[str, str]:
    return {style: path.as_uri() for style, path in font_files(key).items()}


def render_html(snapshot: dict[str, Any]) -> str:
    """The document's HTML for WeasyPrint, set in the font its kommun's profile chose."""
    key = (snapshot.get("profile") or {}).get("font")
    context = {"doc": snapshot, "fonts": font_urls(key), "font_family": fonts.font(key).family}
    return render_to_string(TEMPLATE, context)


def _known_font(url: str) -> Path | None:
    """The font file ``url`` names, if it is one of the fonts a profile may choose."""
    for key in fonts.FONTS:
        try:
            files = font_files(key)
        except FileNotFoundError:
            continue
        for path in files.values():
            if path.as_uri() == url:
                return path
    return None


IMAGE_TYPES = {"image/png", "image/jpeg", "image/svg+xml"}


class LocalFontsOnly(URLFetcher):
    """Let WeasyPrint read the report's font files and inline images (``data:image/png;base64,…``,
    the logo) and nothing else: no network, no other file, no other kind of data.

    The fonts are read from disk once per process and served from memory. ``fail_on_errors``
    stops the rendering if a font cannot be read, rather than falling back to another font.
    """

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self._cache: dict[str, bytes] = {}

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return _inline_image(url)
        if url not in self._cache:
            path = _known_font(url)
            if path is None:
                raise ValueError(f"Report PDFs load no external resources (refused {url}).")
            self._cache[url] = path.read_bytes()
        return URLFetcherResponse(url, body=self._cache[url], headers={"Content-Type": "font/ttf"})


def _inline_image(url: str) -> URLFetcherResponse:
    """A ``data:`` URI of an image, base64-encoded; any other data is refused."""
    header, comma, payload = url.removeprefix("data:").partition(",")
    media_type, *parameters = header.split(";")
    if not comma or media_type.lower() not in IMAGE_TYPES or parameters != ["base64"]:
        raise ValueError(f"Report PDFs take inline images only (refused {url[:40]}…).")
    body = base64.b64decode(payload, validate=True)
    return URLFetcherResponse("data:", body=body, headers={"Content-Type": media_type.lower()})


@lru_cache(maxsize=1)
def _fetcher() -> LocalFontsOnly:
    # Built once: constructing a URLFetcher loads the system's TLS certificates (~0.1 s), and
    # this fetcher keeps no state between requests.
    return LocalFontsOnly()


_OPTIONS = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}


def _layout(html: str, font_config: FontConfiguration | None = None):
    return HTML(string=html, url_fetcher=_fetcher()).render(
        font_config=font_config or FontConfiguration(), **_OPTIONS
    )


def html_to_pdf(html: str, font_config: FontConfiguration | None = None) -> bytes:
    """WeasyPrint alone: the HTML of ``render_html`` to the bytes of a PDF/A-2b, tagged."""
    return _layout(html, font_config).write_pdf(**_OPTIONS)


def tagged_pdf(html: str, font_config: FontConfiguration | None = None):
    """WeasyPrint's PDF of ``html``, opened, and where its structure elements come from."""
    document = _layout(html, font_config)
    with pdf_ua.recording() as recorder:
        data = document.write_pdf(**_OPTIONS)
    del document
    return pikepdf.open(io.BytesIO(data)), recorder.origins


def render_pdf(snapshot: dict[str, Any], *, issued_at: datetime | None = None) -> bytes:
    """The report's PDF; a long one is rendered in parts and joined (``followup.pdf_parts``).

    ``issued_at`` dates the file (its metadata); by default the snapshot's ``issued_at``, else now.
    The document's own date is the snapshot's ``date``, in the text.
    """
    parts = pdf_parts.split(snapshot)
    if len(parts) == 1:
        whole, origins = tagged_pdf(render_html(snapshot))
        pdf_ua.fix_part(whole, origins)
    else:
        whole = _render_parts(parts)
    pdf_metadata.finish(whole, metadata(snapshot, issued_at))
    out = io.BytesIO()
    whole.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _render_parts(parts: list[dict[str, Any]]) -> pikepdf.Pdf:
    # One font configuration for every part: each new one holds on to fontconfig and Pango
    # memory that is not given back while the process lives.
    font_config = FontConfiguration()
    counts = []
    for part in parts:  # the first pass: how many pages each part has
        document = _layout(render_html(part), font_config)
        counts.append(len(document.pages))
        del document
    first_page, written = 1, []
    for part, count in zip(parts, counts, strict=True):
        part["part"].update(first_page=first_page, total=sum(counts))
        opened, origins = tagged_pdf(render_html(part), font_config)
        info = part["part"]
        pdf_ua.fix_part(opened, origins, first=info["first"], continues=info["continues"])
        written.append(opened)
        first_page += count
    return pdf_parts.join(
        written, page_counts=counts, continues=[part["part"]["continues"] for part in parts]
    )


def metadata(snapshot: dict[str, Any], issued_at: datetime | None = None) -> pdf_metadata.Metadata:
    """What the PDF says about itself: title, kommun, diarienummer, language, issuing time."""
    if issued_at is None and snapshot.get("issued_at"):
        issued_at = parse_datetime(snapshot["issued_at"])
    promise, period = snapshot["promise"], snapshot["period"]
    recipient = snapshot.get("recipient_body") or snapshot.get("your_reference") or ""
    keywords = [snapshot["kind_label"], promise["kind_label"], recipient, snapshot["our_reference"]]
    return pdf_metadata.Metadata(
        title=snapshot["title"],
        creator=snapshot["municipality"]["name"],
        identifier=snapshot["our_reference"],
        language=snapshot.get("language") or "sv",
        issued_at=issued_at or timezone.now(),
        subject=f"{snapshot['kind_label']}: {promise['title']}, {period['start']}–{period['end']}",
        keywords=", ".join(keyword for keyword in keywords if keyword),
        producer=f"WeasyPrint {weasyprint_version}, pikepdf {pikepdf.__version__}",
    )


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def page_count(snapshot: dict[str, Any]) -> int:
    """How many pages ``render_pdf`` makes of the snapshot: every part laid out, as its first pass
    does, and nothing written."""
    font_config = FontConfiguration()
    count = 0
    for part in pdf_parts.split(snapshot):
        document = _layout(render_html(part), font_config)
        count += len(document.pages)
        del document
    return count
