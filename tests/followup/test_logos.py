"""A kommun's logo passes followup.logos before it is stored: PNG or SVG by content, within the
size limit, re-encoded, and an SVG without anything that runs or fetches. The files are real files
in logo_files/ (each one says what it tries)."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from lxml import etree
from PIL import Image

from followup.logos import PNG, SVG, clean_logo
from followup.models.profiles import LOGO_MAX_BYTES

FILES = Path(__file__).parent / "logo_files"


def _read(name: str) -> bytes:
    return (FILES / name).read_bytes()


def _refusal(data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        clean_logo(data)
    return " ".join(caught.value.messages)


def test_it_accepts_a_png_and_stores_it_re_encoded_without_its_metadata():
    original = _read("valid.png")
    assert b"tEXt" in original and b"19811218" in original
    logo = clean_logo(original)
    assert logo.media_type == PNG
    assert b"tEXt" not in logo.data and b"19811218" not in logo.data
    with Image.open(io.BytesIO(logo.data)) as image:
        assert (image.format, image.size) == ("PNG", (120, 60))
        assert image.getpixel((50, 30)) == (20, 90, 160, 255)
        assert image.getpixel((0, 0))[3] == 0  # the transparency stays


def test_it_accepts_an_svg_and_writes_it_anew_without_comments_or_editor_metadata():
    logo = clean_logo(_read("valid.svg"))
    assert logo.media_type == SVG
    root = etree.fromstring(logo.data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert b"<!--" not in logo.data
    assert b"inkscape" not in logo.data
    assert b"Exempelstad" in logo.data and b'href="#shield"' in logo.data
    assert b"url(#sky)" in logo.data


def test_its_checksum_is_that_of_the_stored_bytes():
    import hashlib

    logo = clean_logo(_read("valid.svg"))
    assert logo.sha256 == hashlib.sha256(logo.data).hexdigest()


def test_it_refuses_an_html_page_named_png():
    assert "varken en PNG- eller en SVG-bild" in _refusal(_read("html_named.png"))


@pytest.mark.parametrize(
    ("name", "kind"), [("gif_renamed.png", "GIF"), ("jpeg_renamed.png", "JPEG")]
)
def test_it_refuses_other_images_renamed_png(name, kind):
    assert f"Filen är en {kind}-bild" in _refusal(_read(name))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("script.svg", "skript"),
        ("onload.svg", "händelseattribut som onload"),
        ("external_href.svg", "hämta något utifrån eller länka vidare"),
        ("javascript_link.svg", "hämta något utifrån eller länka vidare"),
        ("foreign_object.svg", "foreignObject"),
        ("css_import.svg", "stilmallar får inte hämta något utifrån"),
        ("billion_laughs.svg", "DOCTYPE"),
        ("external_entity.svg", "DOCTYPE"),
    ],
)
def test_it_refuses_an_svg_that_could_run_or_fetch_something(name, message):
    assert message in _refusal(_read(name))


def test_it_refuses_the_svg_1_1_doctype_without_fetching_its_dtd():
    data = (
        b'<!DOCTYPE  svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n'
        b'  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
    )
    assert "DOCTYPE" in _refusal(data)


def test_it_refuses_a_url_to_elsewhere_in_a_presentation_attribute():
    data = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://x.invalid/a.svg#p)"'
        b' width="1" height="1"/></svg>'
    )
    assert "stilmallar" in _refusal(data)


def test_it_refuses_an_xml_document_that_is_not_an_svg():
    assert "varken en PNG- eller en SVG-bild" in _refusal(b"<html><body>hej</body></html>")


def test_it_refuses_a_png_too_small_or_broken():
    assert "8 × 8 pixlar" in _refusal(_read("tiny.png"))
    assert "går inte att läsa" in _refusal(_read("valid.png")[:60])


def _svg_of_size(size: int) -> bytes:
    head = b'<svg xmlns="http://www.w3.org/2000/svg"><text>'
    tail = b"</text></svg>"
    return head + b"x" * (size - len(head) - len(tail)) + tail


def test_it_accepts_a_logo_at_the_limit_and_refuses_one_byte_more():
    at_limit = _svg_of_size(LOGO_MAX_BYTES)
    assert len(at_limit) == LOGO_MAX_BYTES
    assert clean_logo(at_limit).media_type == SVG
    over = _svg_of_size(LOGO_MAX_BYTES + 1)
    assert "högst 300 kB" in _refusal(over)


def test_it_refuses_an_empty_file():
    assert "tom" in _refusal(b"")
