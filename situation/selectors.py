"""Reads of the lägesbild for its pages: each a fixed number of queries whatever the data."""

from django.db.models import Count, Prefetch

from promises.models import Activity, Organisation, Promise

from .models import Assessment, Cause, Problem


def latest_adopted(municipality: Organisation) -> Assessment | None:
    """The kommun's adopted version with the highest number (the one in force)."""
    return (
        Assessment.objects.adopted()
        .filter(municipality=municipality)
        .order_by("-version")
        .select_related("municipality", "police_area")
        .first()
    )


def current_draft(municipality: Organisation) -> Assessment | None:
    return Assessment.objects.drafts().filter(municipality=municipality).first()


def municipality_overview(user) -> list[dict]:
    """Every kommun ``user`` reads, with its newest adopted version and its draft (two queries)."""
    municipalities = list(Organisation.objects.municipalities().visible_to(user).order_by("name"))
    rows = {m.pk: {"municipality": m, "adopted": None, "draft": None} for m in municipalities}
    assessments = Assessment.objects.filter(municipality_id__in=list(rows)).order_by("version")
    for assessment in assessments.only(
        "pk", "municipality_id", "version", "title", "adopted_on", "publish_summary"
    ):
        row = rows[assessment.municipality_id]
        row["draft" if assessment.is_draft else "adopted"] = assessment
    return list(rows.values())


def assessments_of(municipality: Organisation):
    """Every version of the kommun's lägesbild, newest first, with its number of problems."""
    return (
        Assessment.objects.filter(municipality=municipality)
        .annotate(problem_count=Count("problems"))
        .order_by("-version")
    )


def problems_with_chain(assessment: Assessment):
    """The problems of ``assessment`` with their causes, the causes' åtgärder (with the promise
    each belongs to), the indicators and the promises that answer them: five queries in all."""
    activities = Activity.objects.select_related("focus_area__promise").order_by(
        "-focus_area__promise__period_start", "focus_area__number", "number"
    )
    causes = Cause.objects.prefetch_related(Prefetch("activities", queryset=activities)).order_by(
        "number"
    )
    return (
        Problem.objects.filter(assessment=assessment)
        .prefetch_related(
            Prefetch("causes", queryset=causes),
            "indicators",
            Prefetch("promises", queryset=Promise.objects.order_by("-period_start")),
        )
        .order_by("number")
    )


def promises_of(municipality: Organisation):
    """The kommun's promises, newest first (for "which problems does it answer")."""
    return Promise.objects.filter(agreement__municipality=municipality).order_by(
        "-period_start", "title"
    )


def problems_for_promise_choice(municipality: Organisation):
    """The problems a promise of the kommun may answer: those of its newest adopted version and
    of its draft."""
    newest = latest_adopted(municipality)
    ids = [a.pk for a in (newest, current_draft(municipality)) if a is not None]
    return (
        Problem.objects.filter(assessment_id__in=ids)
        .select_related("assessment")
        .order_by("-assessment__version", "number")
    )


def deletion_consequences(obj) -> list[str]:
    """What goes with a draft or a problem when it is deleted, in words (one query)."""
    from django.utils.translation import ngettext

    lines = []
    if isinstance(obj, Assessment):
        counts = obj.problems.aggregate(
            problems=Count("pk", distinct=True), causes=Count("causes", distinct=True)
        )
        if counts["problems"]:
            lines.append(
                ngettext("%(n)d problem", "%(n)d problem", counts["problems"])
                % {"n": counts["problems"]}
            )
    else:
        counts = {"causes": obj.causes.count()}
    if counts["causes"]:
        lines.append(
            ngettext("%(n)d orsak", "%(n)d orsaker", counts["causes"]) % {"n": counts["causes"]}
        )
    return lines
