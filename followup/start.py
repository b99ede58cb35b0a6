"""The follow-up app's section of the start page: a committee secretary's issued reports.

Registered with ``promises.start_page.register_start_section`` (see ``apps.py``), since the promises
app imports no other app.
"""

from promises.models import Membership
from promises.querysets import SECRETARY, municipality_ids

from .models import Report
from .selectors import report_base_queryset

START_LIMIT = 10


def secretary_reports(user, roles: frozenset[str]) -> dict | None:
    """The reports in force of the kommuner where ``user`` is committee secretary, newest first
    (one query); None for anyone who is not a secretary."""
    if Membership.Role.SECRETARY not in roles:
        return None
    reports = list(
        report_base_queryset()
        .visible_to(user)
        .filter(
            status=Report.Status.ISSUED,
            promise__agreement__municipality_id__in=municipality_ids(user, roles=(SECRETARY,)),
        )
        .order_by("-date", "-issued_at", "-pk")[: START_LIMIT + 1]
    )
    return {"reports": reports[:START_LIMIT], "has_more": len(reports) > START_LIMIT}
