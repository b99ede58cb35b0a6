"""Data for the åtgärdsplan tests: an adopted åtgärdsplan of Knivsta with activities, and a
lägesbild whose causes the activities address. Invented places and groups, never individuals."""

from datetime import date

from promises import services
from promises.models import Activity, Promise
from situation.models import Assessment, Cause, Problem


def action_plan(owner, agreement, *, adopt: bool = True) -> Promise:
    plan = services.create_promise(
        user=owner,
        agreement=agreement,
        kind=Promise.Kind.ACTION_PLAN,
        title="Åtgärdsplan Knivsta 2024–2025",
        reference_number="KS 24/0042",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
    )
    if adopt:
        plan = services.adopt_promise(
            promise=plan,
            user=owner,
            adopted_by="Kommunstyrelsen",
            adopted_on=date(2024, 2, 5),
            adoption_paragraph="§ 12",
        )
    return plan


def add_activities(owner, plan: Promise, count: int, *, area_title="Trygg stationsmiljö"):
    area = services.create_focus_area(user=owner, promise=plan, title=area_title)
    return [
        services.create_activity(
            user=owner,
            focus_area=area,
            description=f"Åtgärd {n}: trygghetsvandring vid stationen",
            responsible=Activity.Responsible.MUNICIPALITY,
            partners="Fastighetsägarna",
            contact_persons="Trygghetssamordnaren",
            goal_text="Belysningen vid gångtunneln är åtgärdad före hösten.",
        )
        for n in range(1, count + 1)
    ]


def assessment(municipality, *, version=1) -> Assessment:
    """A draft lägesbild; ``adopt`` adopts it once ``cause`` has added its problems and causes."""
    return Assessment.objects.create(
        municipality=municipality,
        version=version,
        title=f"Lägesbild Knivsta version {version}",
        period_start=date(2023, 1, 1),
        period_end=date(2023, 12, 31),
    )


def cause(assessment: Assessment, problem_number: int, number: int, text: str, activities=()):
    problem, _ = Problem.objects.get_or_create(
        assessment=assessment,
        number=problem_number,
        defaults={"title": f"Otrygghet vid stationen ({problem_number})"},
    )
    made = Cause.objects.create(problem=problem, number=number, text=text)
    made.activities.set(activities)
    return made


def adopt(assessment: Assessment, on: date) -> Assessment:
    """Adopt, written past the frozen-version guard as the adoption service's own update is."""
    Assessment.objects.filter(pk=assessment.pk).update(
        adopted_on=on, adopted_by="Kommunstyrelsen", adopted_paragraph="§ 6"
    )
    assessment.refresh_from_db()
    return assessment
