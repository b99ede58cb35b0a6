"""What an upload may hold: size, activities, formulas, ZIP archives."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from imports.forms import UploadForm
from imports.limits import MAX_ACTIVITIES, MAX_FILE_SIZE, MAX_UNCOMPRESSED_SIZE
from imports.readers import Refused, read
from imports.rows import plan_rows

from .conftest import HEADER, KNIVSTA_ROWS, csv_bytes, xlsx_bytes


def _activities(count: int) -> list[tuple]:
    return [
        (
            1 + i // 500,
            f"Område {1 + i // 500}",
            "",
            i % 500 + 1,
            f"Insats nummer {i}.",
            "Gemensamt",
            "",
            None,
            None,
            None,
            None,
            None,
        )
        for i in range(count)
    ]


def test_it_takes_a_file_at_the_activity_limit_and_refuses_one_more():
    _areas, problems = plan_rows(read("plan.csv", csv_bytes(_activities(MAX_ACTIVITIES))))
    assert problems == []
    _areas, problems = plan_rows(read("plan.csv", csv_bytes(_activities(MAX_ACTIVITIES + 1))))
    assert [str(p) for p in problems] == [
        "Filen: den har 1001 insatser; en import får ha högst 1000. Dela upp planen i flera filer."
    ]


def _padded_csv(size: int) -> bytes:
    data = csv_bytes(KNIVSTA_ROWS)
    return data + b"\r\n" * ((size - len(data)) // 2) + b" " * ((size - len(data)) % 2)


def test_it_takes_a_file_at_the_size_limit_and_refuses_one_byte_more():
    at_limit = _padded_csv(MAX_FILE_SIZE)
    assert len(at_limit) == MAX_FILE_SIZE
    form = UploadForm(files={"file": SimpleUploadedFile("plan.csv", at_limit)})
    assert form.is_valid(), form.errors
    form = UploadForm(files={"file": SimpleUploadedFile("plan.csv", at_limit + b" ")})
    assert not form.is_valid()
    assert form.errors["file"] == ["Filen är 2,0\xa0MB. En import får vara högst 2,0\xa0MB."]


def test_it_refuses_a_file_name_with_a_personnummer():
    form = UploadForm(files={"file": SimpleUploadedFile("plan 19811218-9876.csv", b"x")})
    assert not form.is_valid()
    assert "personnummer" in form.errors["file"][0]


def test_it_refuses_another_kind_of_file():
    form = UploadForm(files={"file": SimpleUploadedFile("plan.pdf", b"%PDF-1.7")})
    assert form.errors["file"] == ["Välj en fil av typen .xlsx, .csv eller .docx."]


def _formula_workbook(*, cached: bool) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(
        [1, "Narkotika", "", 1, "Insatser.", "Polisen", "", None, None, "=2*2", "insatser", "år"]
    )
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    if not cached:
        return data
    # Excel saves the formula's value beside it: <c><f>2*2</f><v>4</v></c>.
    source = zipfile.ZipFile(io.BytesIO(data))
    target_bytes = io.BytesIO()
    with zipfile.ZipFile(target_bytes, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"<f>2*2</f><v></v>", b"<f>2*2</f><v>4</v>")
                content = content.replace(b"<f>2*2</f>", b"<f>2*2</f><v>4</v>", 1)
            target.writestr(item, content)
    return target_bytes.getvalue()


def test_it_refuses_a_formula_without_a_saved_value_and_never_runs_one():
    with pytest.raises(Refused) as refused:
        read("plan.xlsx", _formula_workbook(cached=False))
    assert refused.value.message.startswith("Cell J2 innehåller en formel utan sparat värde.")


def test_it_reads_the_saved_value_of_a_formula():
    areas, problems = plan_rows(read("plan.xlsx", _formula_workbook(cached=True)))
    assert problems == []
    assert areas[0].activities[0].values["target_count"] == 4


def test_it_refuses_a_zip_bomb_before_unpacking_it():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (MAX_UNCOMPRESSED_SIZE + 1))
    data = bomb.getvalue()
    assert len(data) < MAX_FILE_SIZE  # small to upload, 40 MB once unpacked
    for name in ("plan.xlsx", "plan.docx"):
        with pytest.raises(Refused) as refused:
            read(name, data)
        assert refused.value.message.startswith("Filen packas upp till 40,0\xa0MB")


def test_it_refuses_a_damaged_file_and_a_missing_header():
    with pytest.raises(Refused) as refused:
        read("plan.xlsx", b"not a zip")
    assert refused.value.message == "Filen är ingen giltig .xlsx-fil."
    with pytest.raises(Refused) as refused:
        read("plan.csv", b"Rubrik;Text\r\n1;x\r\n")
    assert "saknar kolumnen ”Områdets nummer”, ”Insatsens text”" in refused.value.message
    with pytest.raises(Refused) as refused:
        read("plan.csv", "Områdets nummer;Insatsens text\r\n".encode("cp1252"))
    assert "UTF-8" in refused.value.message


def test_it_reads_an_activity_number_that_excel_made_a_time():
    from datetime import time

    rows = [
        (1, "Narkotika", "", time(1, 3), "Insatser.", "Polisen", "", None, None, None, None, None)
    ]
    areas, problems = plan_rows(read("plan.xlsx", xlsx_bytes(rows)))
    assert problems == [] and areas[0].activities[0].values["number"] == 3


def test_it_reads_a_sheet_that_claims_every_cell_without_padding_a_million_rows():
    """A sheet whose dimension says A1:XFD1048576, with one cell in its last row: read-only
    openpyxl would pad every row to 16,384 columns and yield a million rows; the reader stops at
    its limits."""
    import re

    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(KNIVSTA_ROWS)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(
                    rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', content
                )
                content = content.replace(
                    b"</sheetData>",
                    b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'
                    b"</row></sheetData>",
                )
            target.writestr(item, content)
    with pytest.raises(Refused) as refused:
        read("plan.xlsx", out.getvalue())
    assert refused.value.message == "Filen har fler än 5000 rader. Dela upp planen i flera filer."
