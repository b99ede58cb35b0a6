"""The access helpers for reports and for a kommun's document profile; views call them and never
repeat permission logic.

Someone from another organisation gets 404. For a write, a person who sees the kommun's chain but
may not write its reports (a secretary, a police contact) gets PermissionDenied (403), drafts
included: they already know the kommun, so a 403 discloses nothing. For a read, drafts exist only
for the kommun's coordinators; everyone else gets 404 for them. A document profile is read by
everyone who reads the kommun's reports (it is in every issued document) and written by its
coordinators.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from promises.models import Organisation
from promises.querysets import COORDINATOR, municipality_ids

from . import selectors
from .models import Report


def _queryset():
    return Report.objects.select_related(
        "promise__agreement__municipality", "replaces", "issued_by"
    )


def get_report_for_user(user, pk, *, write: bool = False) -> Report:
    if write:
        report = get_object_or_404(_queryset().in_reach_of(user), pk=pk)
        if not Report.objects.editable_by(user).filter(pk=report.pk).exists():
            raise PermissionDenied
        return report
    return get_object_or_404(_queryset().visible_to(user), pk=pk)


def versions_visible_to(user, report: Report) -> list[Report]:
    """The report's line of versions as ``user`` may see it: the same rule as for reports
    themselves (``ReportQuerySet.visible_to``), so a secretary never learns of a draft correction."""
    versions = selectors.versions_of(report)
    visible = set(
        Report.objects.visible_to(user)
        .filter(pk__in=[version.pk for version in versions])
        .values_list("pk", flat=True)
    )
    return [version for version in versions if version.pk in visible]


def get_municipality_for_profile(user, pk, *, write: bool = False) -> Organisation:
    """The kommun whose document profile ``user`` asks for: 404 for a kommun the user does not
    reach; for a write, 403 for a reader (secretary, police contact), who sees the profile as the
    documents they receive already show it."""
    municipality = get_object_or_404(Organisation.objects.municipalities().visible_to(user), pk=pk)
    if write and not can_edit_profile(user, municipality):
        raise PermissionDenied
    return municipality


def can_edit_profile(user, municipality: Organisation) -> bool:
    """Only the kommun's coordinators edit its document profile (no query: the user's kommuner
    are read once per request)."""
    return municipality.pk in municipality_ids(user, roles=(COORDINATOR,))
