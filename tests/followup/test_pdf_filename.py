"""The issued PDF's file name: the diarienummer first, in characters every file system and case
management system takes (``followup.issuing.pdf_filename``)."""

import re
from datetime import date

import pytest

from followup.issuing import pdf_filename
from followup.models import Report
from promises.models import Agreement, Organisation, Promise


def report(our_reference: str, *, kind="slutuppfoljning", promise_kind="medborgarlofte", version=1):
    """An unsaved report: the name is built from its fields alone."""
    kommun = Organisation(
        kind=Organisation.Kind.MUNICIPALITY, name="Upplands-Bro", slug="upplands-bro"
    )
    agreement = Agreement(municipality=kommun)
    promise = Promise(agreement=agreement, kind=promise_kind)
    return Report(
        promise=promise,
        kind=kind,
        our_reference=our_reference,
        date=date(2025, 11, 10),
        version=version,
    )


@pytest.mark.parametrize(
    ("our_reference", "expected"),
    [
        ("KS 2025/412", "KS-2025-412-slutuppfoljning-medborgarlofte-2025-11-10.pdf"),
        ("KS-2025-412", "KS-2025-412-slutuppfoljning-medborgarlofte-2025-11-10.pdf"),
        (" KS  2025 / 412 ", "KS-2025-412-slutuppfoljning-medborgarlofte-2025-11-10.pdf"),
        ("KS 21/0531", "KS-21-0531-slutuppfoljning-medborgarlofte-2025-11-10.pdf"),
        ("Dnr KFN 2025:17", "Dnr-KFN-2025-17-slutuppfoljning-medborgarlofte-2025-11-10.pdf"),
        ("Kö/Å 2025.ä", "Ko-A-2025-a-slutuppfoljning-medborgarlofte-2025-11-10.pdf"),
        ("\\..\\etc\\passwd", "etc-passwd-slutuppfoljning-medborgarlofte-2025-11-10.pdf"),
        ("", "upplands-bro-slutuppfoljning-medborgarlofte-2025-11-10.pdf"),
        ("§ / –", "upplands-bro-slutuppfoljning-medborgarlofte-2025-11-10.pdf"),
        ("ÅÄÖ", "AAO-slutuppfoljning-medborgarlofte-2025-11-10.pdf"),
    ],
)
def test_it_carries_the_diarienummer_in_safe_characters(our_reference, expected):
    assert pdf_filename(report(our_reference)) == expected


def test_it_names_the_kind_of_report_and_of_promise_and_a_corrections_version():
    name = pdf_filename(
        report("KS 2025/412", kind="halvarsuppfoljning", promise_kind="atgardsplan", version=2)
    )
    assert name == "KS-2025-412-halvarsuppfoljning-atgardsplan-2025-11-10-version-2.pdf"


def test_it_shortens_a_long_diarienummer_and_keeps_to_ascii():
    name = pdf_filename(report("Kommunstyrelsens förvaltning ärende 2025/000412-överklagat"))
    assert name == "Kommunstyrelsens-forvaltning-slutuppfoljning-medborgarlofte-2025-11-10.pdf"
    for odd in ("KS\u00a02025/412", "KS\t2025\n412", "KS 2025/412 🙂", "ks:2025*412?"):
        name = pdf_filename(report(odd))
        assert re.fullmatch(r"[A-Za-z0-9]+(-[A-Za-z0-9]+)*\.pdf", name), name
        assert name.lower().startswith("ks-2025-412-"), name
