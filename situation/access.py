"""One access helper per object kind of the lägesbild; views call these and repeat no rules.

As in promises.access: someone outside the kommun gets 404 (existence is not disclosed); a member who
may read but not write gets PermissionDenied (403) when ``write=True``. The kommun's coordinators and
the police contacts of the police area that covers it write; its other members read.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from promises.models import Organisation
from promises.querysets import municipality_ids

from .models import Assessment, Cause, Indicator, Problem
from .querysets import WRITER_ROLES


def _get(queryset: QuerySet, user, pk, *, write: bool):
    obj = get_object_or_404(queryset.visible_to(user), pk=pk)
    if write and not queryset.editable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


def may_write_municipality(user, municipality_id: int) -> bool:
    """Whether ``user`` writes the lägesbilder of this kommun (read from the remembered reach)."""
    return municipality_id in municipality_ids(user, roles=WRITER_ROLES)


def get_municipality_for_situation(user, pk, *, write: bool = False) -> Organisation:
    """The kommun whose lägesbilder ``user`` reads (or, with ``write``, writes)."""
    municipality = get_object_or_404(Organisation.objects.municipalities().visible_to(user), pk=pk)
    if write and not may_write_municipality(user, municipality.pk):
        raise PermissionDenied
    return municipality


def get_assessment_for_user(user, pk, *, write: bool = False) -> Assessment:
    queryset = Assessment.objects.select_related("municipality", "police_area")
    return _get(queryset, user, pk, write=write)


def get_problem_for_user(user, pk, *, write: bool = False) -> Problem:
    queryset = Problem.objects.select_related("assessment__municipality")
    return _get(queryset, user, pk, write=write)


def get_cause_for_user(user, pk, *, write: bool = False) -> Cause:
    queryset = Cause.objects.select_related("problem__assessment__municipality")
    return _get(queryset, user, pk, write=write)


def get_indicator_for_user(user, pk, *, write: bool = False) -> Indicator:
    queryset = Indicator.objects.select_related("municipality")
    return _get(queryset, user, pk, write=write)
