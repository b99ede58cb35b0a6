"""The lägesbild as a tjänsteskrivelse to Kommunstyrelsen: its page, its PDF made by a task with
the reports' machinery, read back."""

import subprocess

import pytest
from django.urls import reverse

from followup import assessment_document
from followup.models import AssessmentDocument
from situation.models import Assessment
from tests.situation.lagesbild import build_lagesbild

from . import pdf_checks as checks


def pdftotext(data: bytes, tmp_path) -> str:
    path = tmp_path / "lagesbild.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


@pytest.fixture
def lagesbild(chain):
    return build_lagesbild(
        chain.promise.agreement.municipality,
        promise=chain.promise,
        activities=[chain.activities[(1, 1)]],
        adopt=False,
    )


def _url(assessment, name="followup:assessment_document"):
    return reverse(name, args=[assessment.pk])


def test_it_shows_the_document_as_it_reads_now(client, owner, lagesbild):
    client.force_login(owner)
    response = client.get(_url(lagesbild))
    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("Förslag till beslut", "Sammanfattning", "Ärendet", "Analys"):
        assert f">{heading}</h2>" in html
    assert "Till Kommunstyrelsen" in html
    assert (
        "Kommunstyrelsen fastställer lägesbilden Lägesbild Knivsta kommun 2025, version 1." in html
    )
    assert "KS 2025/0123" in html
    assert "Problem 1: Otrygghet vid stationen 1" in html
    assert "Orsak 1.1:" in html and "Insats 1:1" in html
    assert "Skapa PDF" in html


def test_it_keeps_the_document_from_other_kommuner(client, outsider, lagesbild):
    client.force_login(outsider)
    assert client.get(_url(lagesbild)).status_code == 404
    assert client.post(_url(lagesbild)).status_code == 404
    assert client.get(_url(lagesbild, "followup:assessment_pdf")).status_code == 404


def test_a_reader_may_read_it_but_not_ask_for_the_pdf(client, secretary, lagesbild):
    client.force_login(secretary)
    assert "Skapa PDF" not in client.get(_url(lagesbild)).content.decode()
    assert client.post(_url(lagesbild)).status_code == 403
    assert not AssessmentDocument.objects.exists()


def test_it_renders_the_pdf_in_a_task_and_it_reads_back(
    client, owner, lagesbild, run_tasks, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(lagesbild))
    assert response.status_code == 302
    document = AssessmentDocument.objects.get(assessment=lagesbild)
    assert not document.is_ready  # made by the task, never in the request
    assert "PDF:en skapas" in client.get(_url(lagesbild)).content.decode()
    assert run_tasks() == 1
    response = client.get(_url(lagesbild, "followup:assessment_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "KS-2025-0123-lagesbild-version-1.pdf" in response["Content-Disposition"]
    data = response.content
    text = pdftotext(data, tmp_path)
    for line in (
        "TJÄNSTESKRIVELSE",
        "Till Kommunstyrelsen",
        "Förslag till beslut",
        "Sammanfattning",
        "Ärendet",
        "Problem 1: Otrygghet vid stationen 1",
        "Indikatorer och åtgärder",
        "Analys",
        "Orsaker och beslutade åtgärder",
        "2023 8 200,5",
        "2022 uppgift saknas",
    ):
        assert line in text, line
    assert "KS 2025/0123" in text
    assert "Kommunstyrelsen fastställer lägesbilden" in text
    assert "Källa: Kolada, hämtad 2026-11-20." in text
    assert "Källornas begränsningar: Mörkertalet för brott som sällan anmäls." in text
    snapshot = AssessmentDocument.objects.get(assessment=lagesbild).snapshot
    checks.check_all(data, title=snapshot["title"], html=assessment_document.render_html(snapshot))
    assert "Ladda ner PDF:en" in client.get(_url(lagesbild)).content.decode()


def test_it_says_when_the_lagesbild_changed_since_the_pdf_was_made(
    client, owner, lagesbild, run_tasks, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(lagesbild))
    run_tasks()
    html = client.get(_url(lagesbild)).content.decode()
    assert "stämmer med lägesbilden" in html
    assessment = Assessment.objects.get(pk=lagesbild.pk)
    assessment.analysis = "En ny analys."
    assessment.save()
    assert (
        "Lägesbilden har ändrats sedan PDF:en skapades"
        in client.get(_url(lagesbild)).content.decode()
    )
