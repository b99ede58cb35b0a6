"""A lägesbild for the effect tests, written straight through the models (their services belong
to the lägesbild's own tests): one problem per ``problems``, each with an indicator (values
2021–2024, 2022 missing, 2024 preliminary) and a cause that ``activity`` addresses."""

from datetime import date
from decimal import Decimal

from promises.models import Activity, Organisation, Promise
from situation.models import Assessment, Cause, Indicator, IndicatorValue, Problem

VALUES = {2021: Decimal("9100"), 2022: None, 2023: Decimal("8200.5"), 2024: Decimal("8000")}


def build_lagesbild(
    municipality: Organisation,
    *,
    promise: Promise | None = None,
    activities: list[Activity] = (),
    problems: int = 1,
    indicators_per_problem: int = 1,
    adopt: bool = True,
    publish: bool = True,
    version: int = 1,
) -> Assessment:
    assessment = Assessment.objects.create(
        municipality=municipality,
        version=version,
        title=f"Lägesbild {municipality.name} 2025",
        summary="Otryggheten kring stationen är det största problemet.",
        analysis="Problemen hänger ihop med den öppna narkotikahandeln.",
        publish_summary=publish,
        diary_number="KS 2025/0123",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )
    for number in range(1, problems + 1):
        problem = Problem.objects.create(
            assessment=assessment,
            number=number,
            title=f"Otrygghet vid stationen {number}",
            place="Stationsområdet och gångtunneln",
            time="Kvällar och helger",
            affected="Unga som pendlar, kvinnor på väg hem",
            sources="Anmälda brott, trygghetsmätningen",
            source_limitations="Mörkertalet för brott som sällan anmäls.",
            level=Problem.Level.ELEVATED,
            level_justification="Fler anmälningar tre år i rad.",
        )
        for index in range(indicators_per_problem):
            # Shared between versions, as the indicators of a kommun are.
            indicator, created = Indicator.objects.get_or_create(
                municipality=municipality,
                kolada_kpi=f"N{number:02}{index:02}",
                defaults={
                    "name": f"Anmälda brott totalt {number}.{index + 1}",
                    "unit": "antal/100 000 inv",
                    "source": "Kolada",
                },
            )
            for period, value in VALUES.items() if created else ():
                IndicatorValue.objects.create(
                    indicator=indicator,
                    period=period,
                    value=value,
                    retrieved_on=date(2026, 11, 20),
                    is_preliminary=period == 2024,
                )
            problem.indicators.add(indicator)
        cause = Cause.objects.create(
            problem=problem, number=1, text="Dålig belysning i gångtunneln."
        )
        if activities:
            cause.activities.add(*activities)
        if promise is not None:
            problem.promises.add(promise)
    if adopt:
        assessment.adopted_by = "Kommunstyrelsen"
        assessment.adopted_on = date(2025, 3, 3)
        assessment.adopted_paragraph = "§ 12"
        assessment.save()
    return assessment
