"""Issue 15's journey in Chromium, through the pages only: from an empty lägesbild to the
citizen's chart.

The world is set up by the fixtures: Knivsta kommun with its police area, an adopted medborgarlöfte
with two activities and its coordinator. Everything else is clicks and typing. The coordinator
opens "Lägesbild" from the menu and writes a draft with two problems (a personnummer is refused next
to its field and nothing typed is lost), fetches two KPIs from Kolada (the local stand-in of
tests/situation/kolada_server.py; the fetches run in the task worker) and links them to the
problems, names the causes and links the activities, adopts the lägesbild, publishes its summary
and issues it as a tjänsteskrivelse, whose PDF she downloads and reads back. A citizen then opens
the kommun's public page and finds the summary with a chart and its table. axe on every page, and
the public page fits 375 px.
"""

import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, label, login
from tests.browser.test_responsive import overflow
from tests.followup.conftest import run_ready_tasks
from tests.situation.conftest import PERSONNUMMER
from tests.situation.kolada_server import (
    data_item,
    kolada_server,  # noqa: F401  the fixture
)

pytestmark = pytest.mark.browser

TITLE = "Lägesbild brottsligheten i Knivsta kommun 2025"
SUMMARY = "Otryggheten kring stationen och våldet i centrum är de största problemen."
VIOLENCE_KPI = {
    "id": "N07403",
    "title": "Anmälda våldsbrott, antal/100 000 inv",
    "description": "Antal anmälda våldsbrott per 100 000 invånare.",
    "is_divided_by_gender": 0,
    "municipality_type": "K",
    "operating_area": "Trygghet",
    "publication_date": "2026-04-01",
    "prel_publication_date": None,
    "has_ou_data": False,
}
VIOLENCE_VALUES = {2021: 1010.2, 2022: 985.5, 2023: 1102.7, 2024: 1050}
PROBLEMS = [
    {
        "title": "Otrygghet vid stationen",
        "place": "Knivsta station och gångtunneln",
        "time": "Kvällar och helger",
        "affected": "Pendlare och unga som väntar på bussen",
        "description": "Många undviker gångtunneln efter mörkrets inbrott.",
        "sources": "Anmälda brott (Kolada), medborgardialog",
        "source_limitations": "Mörkertalet för ofredanden är stort; skolenkäten valdes bort.",
        "level": "förhöjd",
        "level_justification": "Fler anmälningar tre år i rad.",
        "kpi_name": "Anmälda brott totalt",
        "cause": "Dålig belysning i gångtunneln",
        "reasoning": "Trygghetsvandringen pekade ut tunneln.",
    },
    {
        "title": "Våld i centrum på helgnätter",
        "place": "Centrum kring restaurangerna",
        "time": "Fredags- och lördagsnätter",
        "affected": "Unga vuxna i nöjeslivet",
        "description": "Bråk vid stängningsdags.",
        "sources": "Anmälda våldsbrott (Kolada)",
        "source_limitations": "Polisens interna statistik valdes bort: den finns inte per kommun.",
        "level": "hög",
        "level_justification": "Våldet ökade 2023 och ligger kvar.",
        "kpi_name": "Anmälda våldsbrott",
        "cause": "Alkohol och trängsel vid stängningsdags",
        "reasoning": "Anmälningarna samlas kring klockan tre.",
    },
]


@pytest.fixture
def world(owner, knivsta, uppsala_police, activity, municipal_activity, adopted_promise):
    """Knivsta with its police area, an adopted promise with two activities, a coordinator."""
    return activity, municipal_activity


@pytest.fixture
def kolada(kolada_server):  # noqa: F811
    kolada_server.kpis["N07403"] = VIOLENCE_KPI
    kolada_server.data[("N07403", "0330")] = [
        data_item("N07403", "0330", year, {"T": value}) for year, value in VIOLENCE_VALUES.items()
    ]
    return kolada_server


def follow(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def fill_problem(page, problem: dict) -> None:
    page.get_by_label(label("Vad")).fill(problem["title"])
    page.get_by_label(label("Var")).fill(problem["place"])
    page.get_by_label(label("När")).fill(problem["time"])
    page.get_by_label(label("Vem drabbas")).fill(problem["affected"])
    page.get_by_label(label("Beskrivning")).fill(problem["description"])
    page.get_by_label(label("Källor")).fill(problem["sources"])
    page.get_by_label(label("Källornas begränsningar")).fill(problem["source_limitations"])
    page.get_by_label(label("Nivå")).select_option(label=problem["level"])
    page.get_by_label(label("Motivering av nivån")).fill(problem["level_justification"])


def writes_the_draft(page, axe) -> None:
    follow(
        page, page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Lägesbild")
    )
    axe(page)
    follow(page, page.get_by_role("link", name="Knivsta kommun"))
    axe(page)
    follow(page, page.get_by_role("link", name="Ny lägesbild"))
    axe(page)
    page.get_by_label(label("Rubrik")).fill(TITLE)
    page.get_by_label(label("Framtagen tillsammans med")).select_option(
        label="Lokalpolisområde Uppsala/Knivsta"
    )
    page.get_by_label(label("Avser från")).fill("2024-01-01")
    page.get_by_label(label("Avser till och med")).fill("2024-12-31")
    page.get_by_label(label("Sammanfattning")).fill(SUMMARY)
    page.get_by_label(label("Analys")).fill("Båda problemen hänger ihop med kvällarna i centrum.")
    page.get_by_label(label("Diarienummer")).fill("KS 2025/0123")
    follow(page, page.get_by_role("button", name="Spara"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    axe(page)

    for number, problem in enumerate(PROBLEMS, start=1):
        follow(page, page.get_by_role("link", name="Lägg till problem"))
        expect(page.get_by_role("note")).to_contain_text(
            "Beskriv platser, situationer och grupper – aldrig enskilda personer."
        )
        axe(page)
        fill_problem(page, problem)
        if number == 1:  # a personnummer slips in: refused next to its field, nothing lost
            page.get_by_label(label("Vem drabbas")).fill(
                f"{problem['affected']}, bl.a. {PERSONNUMMER}"
            )
            follow(page, page.get_by_role("button", name="Spara"))
            expect(page.locator("#id_affected_error")).to_contain_text(
                "Texten innehåller ett personnummer eller samordningsnummer."
            )
            expect(page.get_by_label(label("Vad"))).to_have_value(problem["title"])
            expect(page.get_by_label(label("Källornas begränsningar"))).to_have_value(
                problem["source_limitations"]
            )
            expect(page.get_by_label(label("Nivå"))).to_have_value("forhojd")
            expect(page.get_by_label(label("Motivering av nivån"))).to_have_value(
                problem["level_justification"]
            )
            axe(page)
            page.get_by_label(label("Vem drabbas")).fill(problem["affected"])
        follow(page, page.get_by_role("button", name="Spara"))
        expect(
            page.get_by_role("heading", name=f"Problem {number}: {problem['title']}")
        ).to_be_visible()
    axe(page)


def fetches_from_kolada(page, axe, kolada) -> None:
    breadcrumbs = page.get_by_role("navigation", name="Du är här")
    follow(page, breadcrumbs.get_by_role("link", name="Knivsta kommun"))
    follow(page, page.get_by_role("link", name="Indikatorer: Kolada, NTU, trygghetsmätningar"))
    axe(page)
    # The indicator page writes figures without a thousands separator (the charts use one).
    for kpi, figure in (("N07540", "6805"), ("N07403", "1102,7")):
        page.get_by_label("Nyckeltal i Kolada").fill(kpi)
        follow(page, page.get_by_role("button", name="Hämta från Kolada"))
        expect(page.get_by_text("Hämtas…")).to_be_visible()
        axe(page)
        assert run_ready_tasks() == 1  # the fetch, in the worker
        page.reload()
        expect(page.get_by_text(f"Källa: Kolada (KPI {kpi}), hämtad").first).to_be_visible()
        expect(page.get_by_role("cell", name=figure, exact=True)).to_be_visible()
        axe(page)
        follow(page, page.get_by_role("link", name="Indikatorer", exact=True))
    for kpi in ("N07540", "N07403"):  # asked of the local Kolada, for Knivsta's code
        assert any(f"/v3/data/kpi/{kpi}/municipality/0330/" in path for path in kolada.requests)
    table = page.get_by_role("table", name="Kommunens indikatorer")
    expect(table.get_by_role("row")).to_have_count(3)  # a heading and the two indicators


def links_indicators_and_causes(page, axe, assessment_url: str, activities) -> None:
    page.goto(assessment_url)
    for number, problem in enumerate(PROBLEMS, start=1):
        page.get_by_text(f"Hantera problem {number}").click()
        follow(page, page.get_by_role("link", name=f"Välj indikatorer för problem {number}"))
        axe(page)
        page.get_by_role(
            "checkbox", name=f"{problem['kpi_name']} (källa: Kolada)", exact=True
        ).check()
        follow(page, page.get_by_role("button", name="Spara indikatorerna"))

        page.get_by_text(f"Hantera problem {number}").click()
        follow(page, page.get_by_role("link", name=f"Lägg till orsak till problem {number}"))
        axe(page)
        page.get_by_label(label("Orsak")).fill(problem["cause"])
        page.get_by_label(label("Resonemang")).fill(problem["reasoning"])
        if number == 1:  # in the cause's own form
            page.get_by_role(
                "checkbox", name=re.compile(re.escape(activities[0].description))
            ).check()
        follow(page, page.get_by_role("button", name="Spara"))
        if number == 2:  # afterwards, as on an adopted version
            follow(page, page.get_by_role("link", name="Koppla åtgärder till orsak 2.1"))
            axe(page)
            page.get_by_role(
                "checkbox", name=re.compile(re.escape(activities[1].description))
            ).check()
            follow(page, page.get_by_role("button", name="Spara åtgärderna"))
    page.goto(assessment_url)
    axe(page)


def test_a_lagesbild_from_draft_to_the_citizens_chart(
    world, kolada, page, axe, new_page, tmp_path, settings, today
):
    settings.MEDIA_ROOT = tmp_path
    run_ready_tasks()  # what the set-up queued (the news of the adopted promise)
    login(page, "samordnare", PASSWORD)

    # 1. The draft and its two problems.
    writes_the_draft(page, axe)
    assessment_url = page.url

    # 2. Two indicators from Kolada, through the task worker.
    fetches_from_kolada(page, axe, kolada)

    # 2–3. The indicators, causes and åtgärder linked to the problems.
    links_indicators_and_causes(page, axe, assessment_url, world)
    for number, problem in enumerate(PROBLEMS, start=1):
        section = page.get_by_role("region", name=f"Problem {number}: {problem['title']}")
        expect(section.get_by_text("Källa: Kolada, hämtad").first).to_be_visible()
        cause = section.locator(f"#orsak-{number}-1")
        expect(cause).to_contain_text(f"Orsak {number}.1 {problem['cause']}")
        expect(
            cause.get_by_role("link", name=re.compile(world[number - 1].description[:30]))
        ).to_be_visible()
    first = page.get_by_role("region", name=f"Problem 1: {PROBLEMS[0]['title']}")
    expect(first.get_by_role("cell", name="6 805").first).to_be_visible()

    # 4. Adopted, then its summary published.
    follow(page, page.get_by_role("link", name="Anta", exact=True))
    axe(page)
    page.get_by_label(label("Antagen av")).fill("Kommunstyrelsen")
    page.get_by_label(label("Beslutsdatum")).fill(today.isoformat())
    page.get_by_label(label("Paragraf")).fill("§ 34")
    follow(page, page.get_by_role("button", name="Anta lägesbilden"))
    expect(page.locator("dt:text-is('Antagen') + dd")).to_have_text(
        f"Kommunstyrelsen {today.isoformat()} § 34"
    )
    axe(page)
    follow(page, page.get_by_role("link", name="Publicering"))
    axe(page)
    page.get_by_label("Publicera sammanfattningen").check()
    follow(page, page.get_by_role("button", name="Spara"))
    expect(page.locator("dt:text-is('Sammanfattningen publiceras') + dd")).to_have_text("Ja")

    # 5. The tjänsteskrivelse, rendered by the worker, downloaded and read back.
    follow(page, page.get_by_role("link", name=re.compile("som tjänsteskrivelse")))
    axe(page)
    follow(page, page.get_by_role("button", name="Skapa PDF"))
    expect(page.locator(".report-note").get_by_role("status")).to_have_text(
        "PDF:en skapas. Ladda om sidan om en stund."
    )
    axe(page)
    assert run_ready_tasks() >= 1
    page.reload()
    download_link = page.get_by_role("link", name=re.compile("^Ladda ner PDF:en"))
    expect(download_link).to_be_visible()
    axe(page)
    with page.expect_download() as download_info:
        download_link.click()
    pdf = Path(download_info.value.path())
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    text = re.sub(r"\s+", " ", text)
    for expected in (
        "TJÄNSTESKRIVELSE",
        "Förslag till beslut",
        "Sammanfattning",
        SUMMARY,
        "Ärendet",
        f"Problem 1: {PROBLEMS[0]['title']}",
        f"Vem drabbas: {PROBLEMS[0]['affected']}",
        "Indikator 1.1: Anmälda brott totalt",
        "2022 6 805 2023 uppgift saknas",
        "Indikator 2.1: Anmälda våldsbrott",
        "2023 1 102,7",
        "Källa: Kolada, hämtad",
        "Analys",
        f"Orsak 2.1: {PROBLEMS[1]['cause']}",
    ):
        assert expected in text, f"{expected!r} is not in the PDF: {text}"
    assert PERSONNUMMER not in text

    # 6. A citizen, not signed in, on the kommun's public page.
    citizen = new_page()
    citizen.goto("/")
    follow(citizen, citizen.get_by_role("link", name="Knivsta kommun").first)
    section = citizen.get_by_role("region", name="Lägesbild")
    expect(section.get_by_text(SUMMARY)).to_be_visible()
    chart = section.get_by_role("img", name=re.compile("Anmälda våldsbrott"))
    expect(chart.first).to_be_visible()
    assert chart.first.evaluate("element => element.tagName") == "svg"
    table = section.get_by_role("table", name=re.compile("Anmälda våldsbrott"))
    expect(table.first.get_by_role("row", name=re.compile("^2023 "))).to_contain_text("1 102,7")
    expect(section.get_by_text("Källa: Kolada").first).to_be_visible()
    expect(citizen.get_by_text(PERSONNUMMER)).to_have_count(0)
    axe(citizen)
    citizen.set_viewport_size({"width": 375, "height": 800})
    citizen.reload()
    assert overflow(citizen) is None, overflow(citizen)
    axe(citizen)
