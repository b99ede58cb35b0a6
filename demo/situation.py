"""The demo kommuners lägesbilder and indicators, read from ``demo/data/situation.toml`` and written
through ``situation.services`` as a coordinator's saves would, after ``load_demo_data`` (it links
the existing demo activities and promises).

Idempotent: an adopted lägesbild never changes, so one that exists (by kommun and title) is left
alone; an indicator (by kommun and name) and its values are put back to what the file says. Every
indicator is marked ``is_demo``: its figures are invented.
"""

from datetime import date
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from promises import services as promise_services
from promises.models import Activity, Organisation, Promise
from situation import services
from situation.choices import Gender
from situation.models import Assessment, Indicator, IndicatorValue

from .parsing import SpecError, read_toml
from .summary import DemoSummary, Outcome

SITUATION_FILE = "situation.toml"
INDICATOR_FIELDS = ("name", "unit", "source", "kolada_kpi", "has_gender_split", "note")
SERIES = {"totals": Gender.TOTAL, "women": Gender.WOMEN, "men": Gender.MEN}
ASSESSMENT_FIELDS = ("title", "period_start", "period_end", "summary", "analysis", "diary_number")
PROBLEM_FIELDS = (
    "title",
    "place",
    "time",
    "affected",
    "description",
    "sources",
    "source_limitations",
    "level",
    "level_justification",
)
ADOPTION_FIELDS = ("adopted_by", "adopted_on", "adopted_paragraph")
# The day the demo figures count as fetched.
RETRIEVED_ON = date(2026, 3, 2)


def read_situation(directory: Path) -> dict:
    data = read_toml(directory / SITUATION_FILE)
    for key in ("indicators", "assessments"):
        if key not in data:
            raise SpecError(SITUATION_FILE, key, _("saknas"))
    return data


@transaction.atomic
def load_demo_situation(directory: Path, *, summary: DemoSummary) -> DemoSummary:
    data = read_situation(directory)
    slugs = {spec["municipality"] for spec in [*data["indicators"], *data["assessments"]]}
    slugs |= {spec["police_area"] for spec in data["assessments"] if spec.get("police_area")}
    organisations = Organisation.objects.in_bulk(list(slugs), field_name="slug")
    users = get_user_model().objects.in_bulk(
        [spec["author"] for spec in data["assessments"]], field_name="username"
    )
    if set(organisations) != slugs or len(users) != len(
        {spec["author"] for spec in data["assessments"]}
    ):
        raise LookupError(_("Demolägesbilderna bygger på kedjans demodata: läs in den först."))
    author_of = {spec["municipality"]: users[spec["author"]] for spec in data["assessments"]}
    indicators = {}
    for index, spec in enumerate(data["indicators"]):
        municipality = organisations[spec["municipality"]]
        user = author_of.get(spec["municipality"])
        indicator = _load_indicator(spec, municipality, user, summary, f"indicators[{index}]")
        indicators[(spec["municipality"], indicator.name)] = indicator
    for index, spec in enumerate(data["assessments"]):
        _load_assessment(
            spec, organisations, users[spec["author"]], indicators, summary, f"assessments[{index}]"
        )
    return summary


def _load_indicator(spec, municipality, user, summary, path) -> Indicator:
    wanted = {
        name: spec.get(name, "" if name != "has_gender_split" else False)
        for name in INDICATOR_FIELDS
    }
    wanted["is_demo"] = True
    indicator = Indicator.objects.filter(municipality=municipality, name=spec["name"]).first()
    if indicator is None:
        indicator, outcome = Indicator(municipality=municipality, **wanted), Outcome.CREATED
        promise_services.save(indicator, user=user)
    elif changes := {k: v for k, v in wanted.items() if getattr(indicator, k) != v}:
        promise_services.assign(indicator, changes)
        promise_services.save(indicator, user=user)
        outcome = Outcome.UPDATED
    else:
        outcome = Outcome.UNCHANGED
    summary.record_model(Indicator, outcome)
    existing = {(v.period, v.gender): v for v in indicator.values.all()}
    preliminary_from = spec.get("preliminary_from")
    for key, gender in SERIES.items():
        for offset, number in enumerate(spec.get(key, [])):
            period = spec["first_year"] + offset
            value = Decimal(str(number))
            preliminary = preliminary_from is not None and period >= preliminary_from
            _load_value(
                indicator,
                existing.get((period, gender)),
                period,
                gender,
                value,
                preliminary,
                user,
                summary,
            )
    return indicator


def _load_value(indicator, row, period, gender, value, preliminary, user, summary) -> None:
    if row is not None and row.value == value and row.is_preliminary == preliminary:
        summary.record_model(IndicatorValue, Outcome.UNCHANGED)
        return
    outcome = Outcome.CREATED if row is None else Outcome.UPDATED
    row = row or IndicatorValue(indicator=indicator, period=period, gender=gender)
    row.value, row.is_preliminary, row.retrieved_on = value, preliminary, RETRIEVED_ON
    promise_services.save(row, user=user)
    summary.record_model(IndicatorValue, outcome)


def _activity(municipality, reference, path) -> Activity:
    area_number, _colon, number = reference["code"].partition(":")
    activity = Activity.objects.filter(
        focus_area__promise__agreement__municipality=municipality,
        focus_area__promise__title=reference["promise"],
        focus_area__number=area_number,
        number=number,
    ).first()
    if activity is None:
        raise SpecError(
            SITUATION_FILE, path, _("aktiviteten %(code)s i %(promise)s finns inte") % reference
        )
    return activity


def _load_assessment(spec, organisations, user, indicators, summary, path) -> None:
    municipality = organisations[spec["municipality"]]
    if Assessment.objects.filter(municipality=municipality, title=spec["title"]).exists():
        summary.record_model(Assessment, Outcome.UNCHANGED)
        return
    assessment = services.create_draft(
        user=user,
        municipality=municipality,
        police_area=organisations.get(spec.get("police_area")),
        publish_summary=spec.get("publish_summary", False),
        **{
            name: spec[name].strip() if isinstance(spec[name], str) else spec[name]
            for name in ASSESSMENT_FIELDS
            if name in spec
        },
    )
    for p_index, p_spec in enumerate(spec.get("problems", [])):
        p_path = f"{path}.problems[{p_index}]"
        problem = services.create_problem(
            user=user,
            assessment=assessment,
            **{name: p_spec[name] for name in PROBLEM_FIELDS if name in p_spec},
        )
        services.set_problem_indicators(
            problem=problem,
            user=user,
            indicators=[
                indicators[(spec["municipality"], name)] for name in p_spec.get("indicators", [])
            ],
        )
        promises = list(
            Promise.objects.filter(
                agreement__municipality=municipality, title__in=p_spec.get("promises", [])
            )
        )
        if len(promises) != len(p_spec.get("promises", [])):
            raise SpecError(SITUATION_FILE, f"{p_path}.promises", _("ett löfte finns inte"))
        services.set_problem_promises(problem=problem, user=user, promises=promises)
        for c_index, c_spec in enumerate(p_spec.get("causes", [])):
            c_path = f"{p_path}.causes[{c_index}]"
            services.create_cause(
                user=user,
                problem=problem,
                text=c_spec["text"],
                reasoning=c_spec.get("reasoning", ""),
                activities=[
                    _activity(municipality, reference, f"{c_path}.activities[{a_index}]")
                    for a_index, reference in enumerate(c_spec.get("activities", []))
                ],
            )
    services.adopt_assessment(
        assessment=assessment, user=user, **{name: spec[name] for name in ADOPTION_FIELDS}
    )
    summary.record_model(Assessment, Outcome.CREATED)
