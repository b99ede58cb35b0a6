"""The report's PDF: rendered from the snapshot with WeasyPrint, archival and accessible.

PDF/A-2b (ISO 19005-2, level B) and PDF/UA-1 (ISO 14289-1): a tagged structure tree that
``followup.pdf_ua`` completes after WeasyPrint (artifacts, whole tables and sections, header
scopes, metadata), document language sv (from ``<html lang="sv">``), the title in the metadata
(from ``<title>``) and every font embedded. WeasyPrint also offers level A ("pdf/a-2a"); we claim
only level B, whose rules it is known to meet, since no PDF/A validator runs here to confirm A.

Nothing is fetched over the network: the only resources are the DejaVu Sans font files, loaded
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
from django.conf import settings
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

from . import pdf_metadata, pdf_parts, pdf_ua  # noqa: E402  (they import WeasyPrint)

PDF_VARIANT = "pdf/a-2b"
TEMPLATE = "followup/report_pdf.html"

_FONT_FILES = {
    "regular": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "italic": "DejaVuSans-Oblique.ttf",
    "bold_italic": "DejaVuSans-BoldOblique.ttf",
}


def font_directory() -> Path:
    """Where DejaVu Sans lives: settings.REPORT_FONT_DIR, else the Debian package's directory
    (fonts-dejavu-core, which scripts/install-system-deps installs)."""
    configured = getattr(settings, "REPORT_FONT_DIR", None)
    return Path(configured) if configured else Path("/usr/share/fonts/truetype/dejavu")


def font_files() -> dict[str, Path]:
    directory = font_directory()
    files = {}
    for style, name in _FONT_FILES.items():
        path = (directory / name).resolve()
        if not path.is_file():
            raise FileNotFoundError(
                f"The report font {path} is missing; install fonts-dejavu-core or set "
                "REPORT_FONT_DIR."
            )
        files[style] = path
    return files


def font_urls() -> dict[str, str]:
    return {style: path.as_uri() for style, path in font_files().items()}


def render_html(snapshot: dict[str, Any]) -> str:
    return render_to_string(TEMPLATE, {"doc": snapshot, "fonts": font_urls()})


IMAGE_TYPES = {"image/png", "image/jpeg", "image/svg+xml"}


class LocalFontsOnly(URLFetcher):
    """Let WeasyPrint read the report's font files and inline images (``data:image/png;base64,…``,
    the logo) and nothing else: no network, no other file, no other kind of data.

    The fonts are read from disk once per process and served from memory. ``fail_on_errors``
    stops the rendering if a font cannot be read, rather than falling back to another font.
    """

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self._fonts = {path.as_uri(): path for path in font_files().values()}
        self._cache: dict[str, bytes] = {}

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return _inline_image(url)
        if url not in self._fonts:
            raise ValueError(f"Report PDFs load no external resources (refused {url}).")
        if url not in self._cache:
            self._cache[url] = self._fonts[url].read_bytes()
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
