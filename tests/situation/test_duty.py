"""The law's checklist per kommun (Lagkrav enligt lag 2023:196): each duty uppfyllt or not, in
words, for fitting data; the settings form; who sees what; the query count."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from lxml import html

from followup.models import Report
from situation.duty import add_months, duty_checklist
from situation.models import DutySettings
from tests.followup.report_factory import complete_draft

from .plan_data import action_plan, add_activities, adopt, assessment, cause

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 1)


def states(checklist) -> dict[str, bool]:
    return {duty.key: duty.fulfilled for duty in checklist.duties}


def issue(report: Report) -> Report:
    """Mark a complete draft issued (issuing's own end state; its PDF is tested in followup)."""
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.ISSUED, issued_at=timezone.now()
    )
    return report


def test_a_kommun_that_has_done_nothing_fulfils_nothing(knivsta):
    checklist = duty_checklist(knivsta, today=TODAY)
    assert states(checklist) == {
        "lagesbild": False,
        "atgardsplan": False,
        "samordning": False,
        "uppfoljning": False,
    }
    texts = [duty.text for duty in checklist.duties]
    assert texts == [
        "Ingen antagen lägesbild finns.",
        "Ingen antagen åtgärdsplan gäller.",
        "Ingen samordningsfunktion är angiven.",
        "Ingen uppföljningsrapport är utfärdad.",
    ]
    assert checklist.settings.renewal_months == 24


def test_each_duty_is_fulfilled_by_its_own_data(owner, agreement, knivsta, promise):
    picture = assessment(knivsta)
    adopt(picture, date(2024, 1, 15))
    assert states(duty_checklist(knivsta, today=TODAY))["lagesbild"] is True
    # A draft åtgärdsplan is not yet one; an adopted one is.
    draft_plan = action_plan(owner, agreement, adopt=False)
    assert states(duty_checklist(knivsta, today=TODAY))["atgardsplan"] is False
    plan = action_plan(owner, agreement)
    checklist = duty_checklist(knivsta, today=TODAY)
    assert states(checklist)["atgardsplan"] is True
    assert checklist.duties[1].text == "Åtgärdsplan Knivsta 2024–2025, antagen 2024-02-05."
    assert draft_plan.pk != plan.pk
    DutySettings.objects.create(
        municipality=knivsta,
        coordination_function="Trygghetssamordnare, kommunledningskontoret",
        coordination_contact="trygghet@knivsta.example",
    )
    checklist = duty_checklist(knivsta, today=TODAY)
    assert states(checklist)["samordning"] is True
    assert checklist.duties[2].text == (
        "Trygghetssamordnare, kommunledningskontoret (kontakt: trygghet@knivsta.example)"
    )
    # A draft report is no follow-up done; an issued one is.
    report = complete_draft(owner=owner, promise=plan)
    assert states(duty_checklist(knivsta, today=TODAY))["uppfoljning"] is False
    issue(report)
    checklist = duty_checklist(knivsta, today=TODAY)
    assert states(checklist)["uppfoljning"] is True
    assert checklist.duties[3].text.endswith("utfärdad 2025-11-10.")
    assert checklist.fulfilled_count == 4


def test_the_lägesbild_grows_old_after_the_kommuns_renewal_cycle(knivsta):
    adopt(assessment(knivsta), date(2024, 1, 15))
    assert states(duty_checklist(knivsta, today=date(2026, 1, 14)))["lagesbild"] is True
    old = duty_checklist(knivsta, today=date(2026, 1, 15))
    assert states(old)["lagesbild"] is False
    assert "Äldre än 24 månader" in old.duties[0].text and "2026-01-15" in old.duties[0].text
    DutySettings.objects.create(municipality=knivsta, renewal_months=36)
    assert states(duty_checklist(knivsta, today=date(2026, 1, 15)))["lagesbild"] is True


def test_months_are_added_to_the_months_last_day():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 11, 30), 24) == date(2026, 11, 30)
    assert add_months(date(2024, 12, 15), 1) == date(2025, 1, 15)


def test_the_page_says_each_state_in_words(client, owner, secretary, knivsta):
    adopt(assessment(knivsta), timezone.localdate())
    client.force_login(secretary)
    response = client.get(reverse("situation:duty_checklist", args=[knivsta.pk]))
    assert response.status_code == 200
    doc = html.fromstring(response.content)
    assert doc.findtext(".//h1") == "Lagkrav enligt lag (2023:196)"
    items = doc.find_class("duty")
    assert [" ".join(i.find_class("duty-state")[0].text_content().split()) for i in items] == [
        "✓ Uppfyllt",
        "✗ Inte uppfyllt",
        "✗ Inte uppfyllt",
        "✗ Inte uppfyllt",
    ]
    # The secretary reads; only coordinators change the settings.
    assert reverse("situation:duty_settings", args=[knivsta.pk]) not in response.content.decode()


def test_the_settings_form_saves_and_checks(client, owner, secretary, outsider, knivsta):
    url = reverse("situation:duty_settings", args=[knivsta.pk])
    client.force_login(owner)
    response = client.post(
        url,
        {
            "coordination_function": "Trygghetssamordnare",
            "coordination_contact": "trygghet@knivsta.example",
            "renewal_months": "0",
            "version": "",
        },
    )
    assert response.status_code == 200
    assert "Kontrollera att detta värde är större än eller lika med 1." in response.content.decode()
    response = client.post(
        url,
        {
            "coordination_function": "Trygghetssamordnare",
            "coordination_contact": "trygghet@knivsta.example",
            "renewal_months": "12",
            "version": "",
        },
    )
    assert response.status_code == 302
    settings = DutySettings.objects.get(municipality=knivsta)
    assert (settings.coordination_function, settings.renewal_months) == ("Trygghetssamordnare", 12)
    # A second editor who opened the form before that save does not overwrite it.
    response = client.post(
        url,
        {
            "coordination_function": "Annan",
            "coordination_contact": "",
            "renewal_months": "24",
            "version": "0",
        },
    )
    assert response.status_code == 200
    assert DutySettings.objects.get(municipality=knivsta).renewal_months == 12
    for user, status in ((secretary, 403), (outsider, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status
    client.force_login(outsider)
    assert client.get(reverse("situation:duty_checklist", args=[knivsta.pk])).status_code == 404


def _grow(owner, agreement, knivsta, scale):
    for n in range(scale):
        picture = assessment(knivsta, version=n + 1)
        plan = action_plan(owner, agreement)
        cause(picture, 1, 1, "Orsak", add_activities(owner, plan, 1))
        adopt(picture, date(2024, 1, 1 + n))
        issue(complete_draft(owner=owner, promise=plan))


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_runs_the_same_queries_with_ten_times_the_data(
    client, owner, agreement, knivsta, upplands_bro, make_user, jarfalla_police
):
    from promises import services
    from promises.models import Membership

    _grow(owner, agreement, knivsta, 10)
    bro_owner = make_user("bro", organisation=upplands_bro, role=Membership.Role.COORDINATOR)
    bro_agreement = services.create_agreement(
        user=bro_owner,
        municipality=upplands_bro,
        police_area=jarfalla_police,
        title="Samverkansöverenskommelse Upplands-Bro",
        valid_from=date(2023, 1, 1),
        valid_to=date(2026, 12, 31),
    )
    _grow(bro_owner, bro_agreement, upplands_bro, 1)
    client.force_login(owner)
    large = _count(client, reverse("situation:duty_checklist", args=[knivsta.pk]))
    client.force_login(bro_owner)
    small = _count(client, reverse("situation:duty_checklist", args=[upplands_bro.pk]))
    assert small == large
