"""The kommun's look in the produced PDF: its font embedded (and no other), its logo drawn on the
first page with its alt text, its address footer at the foot of the first page only. Read back from
the file: pikepdf for the fonts and the logo's Figure, pdftotext per page, and a rendered image of
page 1 per profile (pdftoppm) for what a reader sees."""

import io
import subprocess
from datetime import date
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageChops

from followup import services
from followup.logos import clean_logo
from followup.models import DocumentProfile, Report
from followup.outline import default_sections
from followup.pdf import render_pdf
from followup.selectors import report_with_parts
from followup.snapshot import build_snapshot

from .report_factory import create_world

pytestmark = pytest.mark.django_db

LOGOS = Path(__file__).parent / "logo_files"
FOOTER = "Exempelkommun · Postadress: Box 1, 000 00 Exempelstad\nBesöksadress: Torget 1"

PROFILES = {
    # key: (font, its embedded name, logo file or None, footer). The logos are PNGs here: an SVG
    # logo's own text is drawn in the system's sans-serif, which would blur the font check.
    "liberation": ("liberation-serif", "LiberationSerif", "valid.png", FOOTER),
    "open-sans": ("open-sans", "OpenSans", "valid.png", ""),
    "default": ("dejavu-sans", "DejaVuSans", None, ""),
    "svg": ("liberation-sans", "LiberationSans", "../../../demo/data/logos/knivsta.svg", FOOTER),
}


@pytest.fixture
def world():
    return create_world()


def _issue_like(key: str, world, tmp_path) -> Path:
    """The PDF of a draft of ``world``'s promise, with the kommun's profile set up as ``key``."""
    font, _name, logo, footer = PROFILES[key]
    current = DocumentProfile.objects.filter(municipality=world.kommun).first()
    services.save_profile(
        municipality=world.kommun,
        user=world.owner,
        fields={"font": font, "footer": footer, "logo_alt": "Exempelkommuns logotyp"},
        sections=default_sections(),
        logo=clean_logo((LOGOS / logo).read_bytes()) if logo else None,
        remove_logo=logo is None,
        expected_version=current.lock_version if current else 0,
    )
    draft = services.create_draft(
        user=world.owner,
        promise=world.promise,
        kind=Report.Kind.HALF_YEAR,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )
    services.save_draft(
        report=draft,
        user=world.owner,
        fields={
            "summary": "Lång sammanfattning. " * 400,  # two pages at least
            "proposals": "Uppföljningen anmäls till Kommunstyrelsen.",
        },
    )
    path = tmp_path / f"{key}.pdf"
    path.write_bytes(render_pdf(build_snapshot(report_with_parts(draft.pk))))
    return path


def _fonts(path: Path) -> tuple[set[str], set[str]]:
    """The fonts of the pages' own text, and those inside images (an SVG logo's text)."""
    text, images = set(), set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in page.obj.Resources.get("/Font", {}).values():
                text.add(str(font.BaseFont).split("+")[-1])
            for xobject in page.obj.Resources.get("/XObject", {}).values():
                for font in xobject.get("/Resources", {}).get("/Font", {}).values():
                    images.add(str(font.BaseFont).split("+")[-1])
    return text, images


def _page_text(path: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _page_image(path: Path, page: int = 1) -> Image.Image:
    png = subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", str(page), "-l", str(page), str(path)],
        check=True,
        capture_output=True,
    ).stdout
    return Image.open(io.BytesIO(png)).convert("RGB")


@pytest.mark.parametrize("key", ["liberation", "open-sans", "default"])
def test_the_document_is_set_in_the_profiles_font_only(key, world, tmp_path):
    path = _issue_like(key, world, tmp_path)
    text, _in_images = _fonts(path)
    family = PROFILES[key][1]
    assert {name.replace("-", "").removesuffix("Bold").removesuffix("Italic") for name in text} == {
        family
    }, text
    assert family in {name.replace("-", "") for name in text}


@pytest.mark.parametrize("key", ["svg", "liberation"])
def test_the_logo_is_a_figure_with_its_alt_text(key, world, tmp_path):
    path = _issue_like(key, world, tmp_path)
    with pikepdf.open(path) as pdf:
        figures = []

        def walk(element):
            if isinstance(element, pikepdf.Dictionary) and element.get("/S") == "/Figure":
                figures.append(element)
            kids = element.get("/K") if isinstance(element, pikepdf.Dictionary) else None
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids else []:
                if isinstance(kid, pikepdf.Dictionary):
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
        assert [str(figure.Alt) for figure in figures] == ["Exempelkommuns logotyp"]


def test_the_address_footer_stands_on_the_first_page_only(world, tmp_path):
    path = _issue_like("liberation", world, tmp_path)
    first, second = _page_text(path, 1), _page_text(path, 2)
    assert "Postadress: Box 1, 000 00 Exempelstad" in first
    assert "Besöksadress: Torget 1" in first
    assert "Postadress" not in second
    assert "Postadress" not in _page_text(_issue_like("open-sans", world, tmp_path), 1)


def test_each_profile_draws_its_own_first_page(world, tmp_path):
    """The rendered page 1: the logo's corner has colour only with a logo (the test logos are blue,
    the text black), the foot has ink only with a footer, and the profiles' pages differ."""
    images = {key: _page_image(_issue_like(key, world, tmp_path)) for key in PROFILES}
    width, height = images["default"].size

    def ink(image, box) -> int:
        return sum(image.crop(box).convert("L").histogram()[:200])  # pixels darker than 200

    def colour(image, box) -> int:
        data = image.crop(box).convert("RGB").tobytes()
        pixels = (data[i : i + 3] for i in range(0, len(data), 3))
        return sum(1 for pixel in pixels if max(pixel) - min(pixel) > 60)

    logo_corner = (int(width * 0.10), int(height * 0.02), int(width * 0.45), int(height * 0.07))
    foot = (int(width * 0.10), int(height * 0.93), int(width * 0.90), int(height * 0.99))
    for key in ("liberation", "open-sans", "svg"):
        assert colour(images[key], logo_corner) > 20, key
    assert colour(images["default"], logo_corner) == 0
    assert ink(images["liberation"], foot) > 20
    assert ink(images["svg"], foot) > 20
    assert ink(images["default"], foot) == 0
    keys = list(PROFILES)
    for index, key in enumerate(keys):
        for other in keys[index + 1 :]:
            assert ImageChops.difference(images[key], images[other]).getbbox() is not None
