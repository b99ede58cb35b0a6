"""The follow-up app's section of the start page: a committee secretary's issued reports."""

from datetime import date

import pytest
from django.urls import reverse

from followup.models import Report
from promises import services
from promises.models import Promise

pytestmark = pytest.mark.django_db

SECTION_HEADING = "Utfärdade rapporter till nämnderna"


def _report(promise, *, title, status=Report.Status.ISSUED, day=date(2025, 12, 1), committee=""):
    return Report.objects.create(
        promise=promise,
        kind=Report.Kind.HALF_YEAR,
        status=status,
        title=title,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 6, 30),
        date=day,
        recipient_body=committee,
    )


@pytest.fixture
def other_kommuns_report(outsider, upplands_bro, jarfalla_police):
    agreement = services.create_agreement(
        user=outsider,
        municipality=upplands_bro,
        police_area=jarfalla_police,
        title="Samverkansöverenskommelse Upplands-Bro",
        valid_from=date(2025, 1, 1),
        valid_to=date(2026, 12, 31),
    )
    promise = Promise.objects.create(
        agreement=agreement,
        title="Medborgarlöfte Upplands-Bro",
        period_start=date(2025, 1, 1),
        period_end=date(2026, 12, 31),
        status=Promise.Status.ADOPTED,
        adopted_by="Kommunstyrelsen",
        adopted_on=date(2025, 1, 20),
    )
    return _report(
        promise, title="Upplands-Bros halvårsuppföljning", committee="Trygghetsutskottet"
    )


def _start(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("promises:start"))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_secretary_her_kommuns_issued_reports_newest_first(
    client, secretary, issued_report, other_kommuns_report
):
    newer = _report(
        issued_report.promise,
        title="Knivstas senaste rapport",
        day=date(2025, 12, 15),
        committee="Trygghetsutskottet",
    )
    draft = _report(issued_report.promise, title="Knivstas utkast", status=Report.Status.DRAFT)
    html = _start(client, secretary)
    section = html.split(SECTION_HEADING)[1].split("</section>")[0]
    assert section.index(newer.title) < section.index(issued_report.title)
    for report in (newer, issued_report):
        assert reverse("followup:report_download", args=[report.pk]) in section
    assert "Kommunstyrelsen" in section
    assert "Trygghetsutskottet" in section
    assert draft.title not in html
    assert other_kommuns_report.title not in html
    assert "Aktiviteter som väntar på uppföljning" not in html


def test_it_gives_a_coordinator_the_follow_up_list_not_the_reports(client, owner, issued_report):
    html = _start(client, owner)
    assert SECTION_HEADING not in html
    assert "Aktiviteter som väntar på uppföljning" in html
