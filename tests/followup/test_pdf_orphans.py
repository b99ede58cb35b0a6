"""``manage.py pdf_orphans``: lists, and with --delete removes, files that no report points at."""

import os
import time

import pytest
from django.core.management import call_command

from followup.models import Report
from followup.storage import PENDING_PREFIX


def _old(path, *, hours=2):
    then = time.time() - hours * 3600
    os.utime(path, (then, then))
    return path


@pytest.fixture
def debris(issued_report, media_root):
    folder = (media_root / Report.objects.get(pk=issued_report.pk).pdf.name).parent
    deeper = media_root / "rapporter" / "uppsala" / "2024"
    deeper.mkdir(parents=True)
    return {
        "orphan": _old(_write(deeper / "uppsala-slutuppfoljning-2024-06-01.pdf")),
        "temporary": _old(_write(folder / f"{PENDING_PREFIX}0123abcd-knivsta.pdf")),
        "young": _write(folder / "being-issued-right-now.pdf"),
        "outside": _old(_write(media_root / "elsewhere.pdf")),
    }


def _write(path):
    path.write_bytes(b"%PDF-1.7 partial")
    return path


def _name(path, media_root):
    return path.relative_to(media_root).as_posix()


def test_it_lists_orphans_and_temporary_files_without_removing_them(
    issued_report, media_root, debris, capsys
):
    call_command("pdf_orphans")

    out = capsys.readouterr().out
    assert f"{_name(debris['orphan'], media_root)}\tingen rapport" in out
    assert f"{_name(debris['temporary'], media_root)}\ttillfällig fil" in out
    assert Report.objects.get(pk=issued_report.pk).pdf.name not in out
    assert "being-issued-right-now" not in out  # younger than an hour: an issue may be running
    assert "elsewhere" not in out  # not in the reports' folder
    assert "2 filer hittades" in out
    assert all(path.exists() for path in debris.values())


def test_it_removes_them_with_delete_and_keeps_every_referenced_file(
    issued_report, media_root, debris, capsys
):
    call_command("pdf_orphans", "--delete")

    assert "2 filer togs bort" in capsys.readouterr().out
    assert not debris["orphan"].exists()
    assert not debris["temporary"].exists()
    assert debris["young"].exists()
    assert debris["outside"].exists()
    assert (media_root / Report.objects.get(pk=issued_report.pk).pdf.name).is_file()


def test_it_counts_young_files_when_told_to(media_root, debris, capsys):
    call_command("pdf_orphans", "--older-than", "0")

    assert "being-issued-right-now" in capsys.readouterr().out
