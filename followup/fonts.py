"""The open fonts a kommun's document may be set in, all from Debian packages and embedded whole
in the PDF (PDF/A requires every font embedded). ``scripts/install-system-deps`` installs them.

Each font is four files (regular, bold, italic, bold italic) in one directory; ``REPORT_FONT_DIR``
(settings) replaces every directory, for a test that takes the fonts away.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

STYLES = ("regular", "bold", "italic", "bold_italic")


@dataclass(frozen=True)
class Font:
    family: str  # the CSS family name the document uses
    label: object  # what the profile's form shows
    package: str  # the Debian package that ships it
    directory: str
    files: tuple[str, str, str, str]  # in the order of STYLES


FONTS: dict[str, Font] = {
    "dejavu-sans": Font(
        "DejaVu Sans",
        _("DejaVu Sans (linjär)"),
        "fonts-dejavu-core",
        "/usr/share/fonts/truetype/dejavu",
        (
            "DejaVuSans.ttf",
            "DejaVuSans-Bold.ttf",
            "DejaVuSans-Oblique.ttf",
            "DejaVuSans-BoldOblique.ttf",
        ),
    ),
    "dejavu-serif": Font(
        "DejaVu Serif",
        _("DejaVu Serif (antikva)"),
        "fonts-dejavu-core",
        "/usr/share/fonts/truetype/dejavu",
        (
            "DejaVuSerif.ttf",
            "DejaVuSerif-Bold.ttf",
            "DejaVuSerif-Italic.ttf",
            "DejaVuSerif-BoldItalic.ttf",
        ),
    ),
    "liberation-sans": Font(
        "Liberation Sans",
        _("Liberation Sans (linjär, mått som Arial)"),
        "fonts-liberation2",
        "/usr/share/fonts/truetype/liberation2",
        (
            "LiberationSans-Regular.ttf",
            "LiberationSans-Bold.ttf",
            "LiberationSans-Italic.ttf",
            "LiberationSans-BoldItalic.ttf",
        ),
    ),
    "liberation-serif": Font(
        "Liberation Serif",
        _("Liberation Serif (antikva, mått som Times New Roman)"),
        "fonts-liberation2",
        "/usr/share/fonts/truetype/liberation2",
        (
            "LiberationSerif-Regular.ttf",
            "LiberationSerif-Bold.ttf",
            "LiberationSerif-Italic.ttf",
            "LiberationSerif-BoldItalic.ttf",
        ),
    ),
    "open-sans": Font(
        "Open Sans",
        _("Open Sans (linjär)"),
        "fonts-open-sans",
        "/usr/share/fonts/truetype/open-sans",
        (
            "OpenSans-Regular.ttf",
            "OpenSans-Bold.ttf",
            "OpenSans-Italic.ttf",
            "OpenSans-BoldItalic.ttf",
        ),
    ),
}
DEFAULT_FONT = "dejavu-sans"
FONT_CHOICES = [(key, font.label) for key, font in FONTS.items()]


def font(key: str | None) -> Font:
    """The font ``key`` names; the default for an unknown or empty key (an older snapshot)."""
    return FONTS.get(key or DEFAULT_FONT, FONTS[DEFAULT_FONT])


def font_files(key: str | None = None) -> dict[str, Path]:
    """The font's four files by style; FileNotFoundError names the package to install."""
    chosen = font(key)
    configured = getattr(settings, "REPORT_FONT_DIR", None)
    directory = Path(configured) if configured else Path(chosen.directory)
    files = {}
    for style, name in zip(STYLES, chosen.files, strict=True):
        path = (directory / name).resolve()
        if not path.is_file():
            raise FileNotFoundError(
                f"The report font {path} is missing; install {chosen.package} or set "
                "REPORT_FONT_DIR."
            )
        files[style] = path
    return files
