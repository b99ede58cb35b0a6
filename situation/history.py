"""The history of a lägesbild: its own changes and those of its problems and causes, newest first,
through the promises app's paged history (promises.history)."""

from django.utils.translation import gettext as _

from promises.history import HistorySource, PagedHistory

from .models import Assessment, Cause, Problem


def assessment_tree_history(assessment: Assessment) -> PagedHistory:
    problem_ids = Problem.history.filter(assessment_id=assessment.pk).values("id")

    def problem_label(record):
        return _("Problem %(number)s") % {"number": record.number}

    def cause_label(record):
        return _("Orsak %(number)s") % {"number": record.number}

    return PagedHistory(
        [
            HistorySource(Assessment, Assessment.history.filter(id=assessment.pk)),
            HistorySource(
                Problem, Problem.history.filter(assessment_id=assessment.pk), problem_label
            ),
            HistorySource(Cause, Cause.history.filter(problem_id__in=problem_ids), cause_label),
        ]
    )
