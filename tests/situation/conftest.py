from datetime import date

import pytest

from situation import services
from situation.models import Indicator, IndicatorValue

# A valid personnummer (Skatteverket's test number): the guard must refuse it in every text.
PERSONNUMMER = "19121212-1212"


@pytest.fixture
def draft(owner, knivsta, uppsala_police):
    return services.create_draft(
        user=owner,
        municipality=knivsta,
        police_area=uppsala_police,
        title="Lägesbild Knivsta 2025",
        summary="Otryggheten kring stationen är det största problemet.",
    )


@pytest.fixture
def problem(owner, draft):
    return services.create_problem(
        user=owner,
        assessment=draft,
        title="Otrygghet vid stationen",
        place="Knivsta station och gångtunneln",
        time="Kvällar och helger",
        affected="Pendlare och unga som väntar på bussen",
        sources="Polisens trygghetsmätning, medborgardialog",
        source_limitations="Mörkertalet för ofredanden är stort.",
        level="forhojd",
        level_justification="Fler anmälningar tre år i rad.",
    )


@pytest.fixture
def cause(owner, problem, activity):
    return services.create_cause(
        user=owner,
        problem=problem,
        text="Dålig belysning i gångtunneln",
        reasoning="Trygghetsvandringen pekade ut tunneln.",
        activities=[activity],
    )


@pytest.fixture
def indicator(knivsta):
    indicator = Indicator.objects.create(
        municipality=knivsta,
        name="Anmälda brott totalt, antal/100 000 inv",
        unit="antal/100 000 inv",
        source="Kolada",
        kolada_kpi="N07540",
    )
    IndicatorValue.objects.create(indicator=indicator, period=2024, value="7012.5")
    return indicator


@pytest.fixture
def adopted(owner, draft, problem, cause, indicator):
    services.set_problem_indicators(problem=problem, user=owner, indicators=[indicator])
    return services.adopt_assessment(
        assessment=draft,
        user=owner,
        adopted_by="Kommunstyrelsen",
        adopted_on=date(2025, 3, 10),
        adopted_paragraph="§ 6",
    )
