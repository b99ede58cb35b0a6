"""Reads for the effect section: "Vad vi gjorde" beside "Hur det gick".

For each problem of a lägesbild: its indicators over time (``situation.charts.Series``, drawn with
their table) and the measures taken against it, the activities linked to its causes, each with its
latest status and, on internal pages, the coordinator's latest follow-up colour where one is set.

Three places show it: the promise page (the problems the promise answers, ``Problem.promises``, and
those whose causes its activities address), the public pages (only a lägesbild that the public rule
``Assessment.objects.public()`` lets out, with the public status of public activities) and the
follow-up reports (which copy the figures into their snapshot, ``as_dict``).

Every selector runs a fixed number of queries however many problems, indicators, values and
activities there are.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import OuterRef, Q, Subquery

from promises.models import Activity, Organisation, Promise, StatusUpdate

from .charts import Figure, Series
from .models import Assessment, Cause, IndicatorValue, Problem


@dataclass
class Measure:
    """An activity (åtgärd) addressing one or more of the problem's causes."""

    activity: Activity
    causes: list[str] = field(default_factory=list)  # the causes' codes, "1.2"
    status: str = ""  # a StatusUpdate.Status value, "" without an update
    colour: str = ""  # a FollowUpRating colour value, "" without a rating (or on public pages)
    colour_label: str = ""

    @property
    def status_label(self) -> str:
        return str(StatusUpdate.Status(self.status).label) if self.status else ""

    @property
    def promise(self) -> Promise:
        return self.activity.focus_area.promise


@dataclass
class IndicatorSeries:
    """One indicator of a problem, with its code ("Indikator 1.2") for a text to cite."""

    code: str
    chart_id: str
    series: Series


@dataclass
class ProblemEffect:
    problem: Problem
    indicators: list[IndicatorSeries] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    causes: list[Cause] = field(default_factory=list)


@dataclass
class Effect:
    """The problems of one lägesbild version, with their indicators and measures."""

    assessment: Assessment
    problems: list[ProblemEffect]


def _value(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.normalize()


def series_of(indicator, values: list[IndicatorValue]) -> Series:
    """The chart's and table's data of ``indicator`` from its values (already loaded)."""
    retrieved = max((v.retrieved_on for v in values), default=None)
    return Series(
        name=indicator.name,
        unit=indicator.unit,
        source=indicator.source,
        retrieved_on=retrieved.isoformat() if retrieved else "",
        split=indicator.has_gender_split,
        is_demo=indicator.is_demo,
        note=indicator.note,
        figures=[
            Figure(
                period=v.period_label or str(v.period),
                gender=v.gender,
                value=_value(v.value),
                preliminary=v.is_preliminary,
            )
            for v in values
        ],
    )


def _latest_public_status():
    newest = StatusUpdate.objects.public().filter(activity=OuterRef("pk")).order_by("-date", "-pk")
    return Subquery(newest.values("status")[:1])


def _ratings(activity_ids: set[int]) -> dict[int, tuple[str, str]]:
    """The latest follow-up colour per activity (value, label), if the ratings exist. One query."""
    try:
        rating = apps.get_model("situation", "FollowUpRating")
    except LookupError:
        return {}
    latest: dict[int, tuple[str, str]] = {}
    for row in rating.objects.filter(activity_id__in=activity_ids).order_by("period_start", "pk"):
        latest[row.activity_id] = (row.colour, str(row.get_colour_display()))
    return latest


def problem_effects(problems: list[Problem], *, public: bool = False) -> list[ProblemEffect]:
    """Indicators (with values) and measures of ``problems``, in four or five queries.

    ``public``: measures only from public promises, with their latest public status, no colour."""
    if not problems:
        return []
    ids = [problem.pk for problem in problems]
    links = list(
        Problem.indicators.through.objects.filter(problem_id__in=ids)
        .select_related("indicator")
        .order_by("indicator__name", "indicator_id")
    )
    values: dict[int, list[IndicatorValue]] = {}
    for value in IndicatorValue.objects.filter(
        indicator_id__in={link.indicator_id for link in links}
    ).order_by("indicator_id", "period", "period_label", "gender"):
        values.setdefault(value.indicator_id, []).append(value)
    causes = list(Cause.objects.filter(problem_id__in=ids).order_by("problem_id", "number"))
    cause_links = list(
        Cause.activities.through.objects.filter(cause__problem_id__in=ids).values_list(
            "cause_id", "activity_id"
        )
    )
    activities = Activity.objects.filter(pk__in={a for _c, a in cause_links}).select_related(
        "focus_area__promise__agreement__municipality"
    )
    if public:
        activities = activities.public().annotate(latest_status=_latest_public_status())
    else:
        activities = activities.with_latest_status()
    found = {activity.pk: activity for activity in activities}
    ratings = {} if public else _ratings(set(found))

    by_problem = {problem.pk: ProblemEffect(problem=problem) for problem in problems}
    for link in links:
        effect = by_problem[link.problem_id]
        code = f"{effect.problem.number}.{len(effect.indicators) + 1}"
        effect.indicators.append(
            IndicatorSeries(
                code=code,
                chart_id=f"indikator-{link.problem_id}-{link.indicator_id}",
                series=series_of(link.indicator, values.get(link.indicator_id, [])),
            )
        )
    cause_by_id = {}
    for cause in causes:
        effect = by_problem[cause.problem_id]
        cause.problem = effect.problem  # its code reads the problem's number
        effect.causes.append(cause)
        cause_by_id[cause.pk] = cause
    measures: dict[tuple[int, int], Measure] = {}
    for cause_id, activity_id in sorted(
        cause_links, key=lambda pair: (cause_by_id[pair[0]].number, pair[1])
    ):
        cause, activity = cause_by_id[cause_id], found.get(activity_id)
        if activity is None:  # not public, on a public page
            continue
        key = (cause.problem_id, activity_id)
        if key not in measures:
            colour, label = ratings.get(activity_id, ("", ""))
            measures[key] = Measure(
                activity=activity,
                status=activity.latest_status or "",
                colour=colour,
                colour_label=label,
            )
            by_problem[cause.problem_id].measures.append(measures[key])
        measures[key].causes.append(cause.code)
    for effect in by_problem.values():
        effect.measures.sort(key=lambda m: (m.promise.title, m.activity.code))
    return list(by_problem.values())


def _newest(problems: list[Problem]) -> list[Problem]:
    """The problems of the newest version among those found (an older version's copies of the
    same problems would say the same twice)."""
    if not problems:
        return []
    newest = max(problems, key=lambda p: p.assessment.version).assessment_id
    return sorted((p for p in problems if p.assessment_id == newest), key=lambda p: p.number)


def _answered_by(promise: Promise) -> Q:
    """Problems the promise answers, or whose causes its activities address."""
    return Q(promises=promise) | Q(causes__activities__focus_area__promise=promise)


def promise_effect(promise: Promise, user) -> Effect | None:
    """The effect section of the promise page (signed in): the newest lägesbild version the user
    may read that links the promise, adopted or draft."""
    problems = _newest(
        list(
            Problem.objects.visible_to(user)
            .filter(_answered_by(promise))
            .filter(assessment__municipality=promise.agreement.municipality_id)
            .select_related("assessment")
            .distinct()
        )
    )
    if not problems:
        return None
    return Effect(assessment=problems[0].assessment, problems=problem_effects(problems))


def public_promise_effect(promise: Promise) -> Effect | None:
    """The effect section of a public promise page: only from a public lägesbild."""
    problems = _newest(
        list(
            Problem.objects.public()
            .filter(_answered_by(promise))
            .filter(assessment__municipality=promise.agreement.municipality_id)
            .select_related("assessment")
            .distinct()
        )
    )
    if not problems:
        return None
    return Effect(
        assessment=problems[0].assessment, problems=problem_effects(problems, public=True)
    )


def public_assessment(municipality: Organisation) -> Effect | None:
    """The kommun's newest public lägesbild with all its problems, or None."""
    assessment = Assessment.objects.public().in_municipality(municipality).order_by("-version")
    assessment = assessment.first()
    if assessment is None:
        return None
    problems = list(assessment.problems.order_by("number"))
    for problem in problems:
        problem.assessment = assessment
    return Effect(assessment=assessment, problems=problem_effects(problems, public=True))


def report_effect(promise: Promise) -> Effect | None:
    """The effect section of a follow-up report of ``promise``: the problems it answers in the
    kommun's newest adopted lägesbild (a report never cites a draft), with every measure."""
    problems = _newest(
        list(
            Problem.objects.filter(_answered_by(promise))
            .filter(
                assessment__municipality=promise.agreement.municipality_id,
                assessment__adopted_on__isnull=False,
            )
            .select_related("assessment")
            .distinct()
        )
    )
    if not problems:
        return None
    return Effect(assessment=problems[0].assessment, problems=problem_effects(problems))


def values_of_assessment(assessment_id: int) -> dict[int, list[IndicatorValue]]:
    """The values of every indicator of a lägesbild's problems, by indicator. One query."""
    values: dict[int, list[IndicatorValue]] = {}
    for value in (
        IndicatorValue.objects.filter(indicator__problems__assessment_id=assessment_id)
        .distinct()
        .order_by("indicator_id", "period", "period_label", "gender")
    ):
        values.setdefault(value.indicator_id, []).append(value)
    return values
