"""The report's PDF: rendered from the snapshot with WeasyPrint, archival and accessible.

PDF/A-2b (ISO 19005-2, level B) with a tagged structure tree, document language sv (from
``<html lang="sv">``), the title in the metadata (from ``<title>``) and every font embedded.
WeasyPrint also offers level A ("pdf/a-2a"); we claim only level B, whose rules it is known to meet,
and add the tags on top, since no PDF/A validator runs here to confirm level A.

Nothing is fetched over the network: the only resources are the DejaVu Sans font files, loaded
from the local file system through a fetcher that refuses every other URL.
"""

import hashlib
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from . import pdf_parts

# WeasyPrint reports every rendering step (even its import) at INFO; keep that out of the logs
# unless the project's LOGGING configures the logger itself.
_progress = logging.getLogger("weasyprint.progress")
if _progress.level == logging.NOTSET:
    _progress.setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

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


class LocalFontsOnly(URLFetcher):
    """Let WeasyPrint read the report's font files and nothing else: no network, no other file.

    The fonts are read from disk once per process and served from memory. ``fail_on_errors``
    stops the rendering if a font cannot be read, rather than falling back to another font.
    """

    def __init__(self):
        super().__init__(allowed_protocols={"file"}, fail_on_errors=True)
        self._fonts = {path.as_uri(): path for path in font_files().values()}
        self._cache: dict[str, bytes] = {}

    def fetch(self, url, headers=None):
        if url not in self._fonts:
            raise ValueError(f"Report PDFs load no external resources (refused {url}).")
        if url not in self._cache:
            self._cache[url] = self._fonts[url].read_bytes()
        return URLFetcherResponse(url, body=self._cache[url], headers={"Content-Type": "font/ttf"})


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


def render_pdf(snapshot: dict[str, Any]) -> bytes:
    """The report's PDF; a long one is rendered in parts and joined (``followup.pdf_parts``)."""
    parts = pdf_parts.split(snapshot)
    if len(parts) == 1:
        return html_to_pdf(render_html(snapshot))
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
        written.append(html_to_pdf(render_html(part), font_config))
        first_page += count
    return pdf_parts.join(written, page_counts=counts)


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
