"""The lägesbild's pages; thin: access helpers decide, services write, selectors read."""

from .assessments import (
    assessment_adopt,
    assessment_create,
    assessment_delete,
    assessment_detail,
    assessment_edit,
    assessment_history,
    assessment_list,
    assessment_new_version,
    assessment_publish,
    situation_index,
)
from .parts import (
    cause_activities,
    cause_create,
    cause_delete,
    cause_edit,
    problem_create,
    problem_delete,
    problem_edit,
    problem_indicators,
    promise_problems,
)

__all__ = [
    "assessment_adopt",
    "assessment_create",
    "assessment_delete",
    "assessment_detail",
    "assessment_edit",
    "assessment_history",
    "assessment_list",
    "assessment_new_version",
    "assessment_publish",
    "cause_activities",
    "cause_create",
    "cause_delete",
    "cause_edit",
    "problem_create",
    "problem_delete",
    "problem_edit",
    "problem_indicators",
    "promise_problems",
    "situation_index",
]
