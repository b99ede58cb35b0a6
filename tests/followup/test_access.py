"""The report access helper: 404 for other kommuner, 403 for read-only roles, drafts hidden."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from followup.access import get_report_for_user

pytestmark = pytest.mark.django_db


def test_it_gives_coordinators_their_drafts_to_read_and_write(draft_report, owner):
    assert get_report_for_user(owner, draft_report.pk) == draft_report
    assert get_report_for_user(owner, draft_report.pk, write=True) == draft_report


@pytest.mark.parametrize("role", ["police", "secretary"])
def test_it_hides_drafts_from_read_only_roles_and_refuses_writes(request, draft_report, role):
    user = request.getfixturevalue(role)
    with pytest.raises(Http404):
        get_report_for_user(user, draft_report.pk)
    with pytest.raises(PermissionDenied):
        get_report_for_user(user, draft_report.pk, write=True)


@pytest.mark.parametrize("role", ["police", "secretary"])
def test_it_lets_read_only_roles_read_issued_reports(request, issued_report, role):
    user = request.getfixturevalue(role)
    assert get_report_for_user(user, issued_report.pk) == issued_report
    with pytest.raises(PermissionDenied):
        get_report_for_user(user, issued_report.pk, write=True)


@pytest.mark.parametrize("write", [False, True])
def test_it_does_not_disclose_reports_to_other_kommuner(draft_report, outsider, write):
    with pytest.raises(Http404):
        get_report_for_user(outsider, draft_report.pk, write=write)
    with pytest.raises(Http404):
        get_report_for_user(AnonymousUser(), draft_report.pk, write=write)


def test_it_hides_reports_from_police_of_another_area(issued_report, make_user, jarfalla_police):
    other_police = make_user("polis-jub", organisation=jarfalla_police, role="polis")
    with pytest.raises(Http404):
        get_report_for_user(other_police, issued_report.pk)
