"""The lägesbild's pages: who gets in, what they show, and the forms a coordinator fills in."""

from datetime import date

import pytest
from django.urls import reverse

from promises.models import Membership
from situation.models import NEVER_INDIVIDUALS, Assessment, Problem

from .conftest import PERSONNUMMER


@pytest.fixture
def pages(draft, problem, cause, promise):
    """Every page of the app, as (url, writes?)."""
    return [
        (reverse("situation:index"), False),
        (reverse("situation:assessment_list", args=[draft.municipality_id]), False),
        (draft.get_absolute_url(), False),
        (reverse("situation:assessment_history", args=[draft.pk]), False),
        (reverse("situation:assessment_create", args=[draft.municipality_id]), True),
        (reverse("situation:assessment_new_version", args=[draft.municipality_id]), True),
        (reverse("situation:assessment_edit", args=[draft.pk]), True),
        (reverse("situation:assessment_adopt", args=[draft.pk]), True),
        (reverse("situation:assessment_publish", args=[draft.pk]), True),
        (reverse("situation:assessment_delete", args=[draft.pk]), True),
        (reverse("situation:problem_create", args=[draft.pk]), True),
        (reverse("situation:problem_edit", args=[problem.pk]), True),
        (reverse("situation:problem_delete", args=[problem.pk]), True),
        (reverse("situation:problem_indicators", args=[problem.pk]), True),
        (reverse("situation:cause_create", args=[problem.pk]), True),
        (reverse("situation:cause_edit", args=[cause.pk]), True),
        (reverse("situation:cause_activities", args=[cause.pk]), True),
        (reverse("situation:cause_delete", args=[cause.pk]), True),
        (reverse("situation:promise_problems", args=[promise.pk]), True),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client, pages):
    for url, _writes in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_another_kommun_gets_404(client, outsider, pages):
    client.force_login(outsider)
    for url, _writes in pages:
        if url == reverse("situation:index"):
            continue
        assert client.get(url).status_code == 404, url


def test_a_secretary_reads_but_does_not_write(client, secretary, pages):
    client.force_login(secretary)
    for url, writes in pages:
        assert client.get(url).status_code == (403 if writes else 200), url


@pytest.mark.parametrize("role", ["owner", "police"])
def test_coordinators_and_police_contacts_write(client, request, pages, role):
    client.force_login(request.getfixturevalue(role))
    for url, _writes in pages:
        assert client.get(url).status_code == 200, url


def test_the_page_shows_problem_cause_and_the_linked_activity(client, owner, adopted, activity):
    client.force_login(owner)
    page = client.get(adopted.get_absolute_url()).content.decode()
    assert "Problem 1: Otrygghet vid stationen" in page
    assert "Knivsta station och gångtunneln" in page  # var
    assert "Pendlare och unga som väntar på bussen" in page  # vem drabbas
    assert "Mörkertalet för ofredanden är stort." in page  # källornas begränsningar
    assert "Förhöjd" in page and "Fler anmälningar tre år i rad." in page
    assert "Orsak 1.1" in page and "Dålig belysning i gångtunneln" in page
    assert f'href="{activity.get_absolute_url()}"' in page
    assert "Anmälda brott totalt, antal/100 000 inv" in page and "Källa: Kolada" in page


def test_the_problem_form_reminds_never_individuals(client, owner, draft):
    client.force_login(owner)
    page = client.get(reverse("situation:problem_create", args=[draft.pk])).content.decode()
    assert str(NEVER_INDIVIDUALS) in page.replace("&#x27;", "'")


def test_a_personnummer_in_a_problem_is_refused_next_to_the_field(client, owner, draft):
    client.force_login(owner)
    url = reverse("situation:problem_create", args=[draft.pk])
    response = client.post(url, {"number": 1, "title": "Otrygghet", "affected": PERSONNUMMER})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Texten innehåller ett personnummer eller samordningsnummer" in page
    assert 'id="id_affected_error"' in page
    assert not Problem.objects.exists()


def test_a_coordinator_drafts_adds_a_problem_and_a_cause_and_adopts(
    client, owner, knivsta, activity
):
    client.force_login(owner)
    response = client.post(
        reverse("situation:assessment_create", args=[knivsta.pk]),
        {"title": "Lägesbild Knivsta 2025", "summary": "Kort."},
    )
    assessment = Assessment.objects.get()
    assert response["Location"] == assessment.get_absolute_url()
    client.post(
        reverse("situation:problem_create", args=[assessment.pk]),
        {
            "number": 1,
            "title": "Skadegörelse i centrum",
            "level": "hog",
            "level_justification": "Ökar.",
        },
    )
    problem = assessment.problems.get()
    client.post(
        reverse("situation:cause_create", args=[problem.pk]),
        {"number": 1, "text": "Ingen vuxen närvaro på kvällarna", "activities": [activity.pk]},
    )
    assert list(problem.causes.get().activities.all()) == [activity]
    response = client.post(
        reverse("situation:assessment_adopt", args=[assessment.pk]),
        {"adopted_by": "Kommunstyrelsen", "adopted_on": "2025-03-10", "adopted_paragraph": "§ 6"},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.adopted_on == date(2025, 3, 10)
    # Frozen: the edit pages of an adopted version answer 403.
    assert client.get(reverse("situation:assessment_edit", args=[assessment.pk])).status_code == 403
    assert client.get(reverse("situation:problem_edit", args=[problem.pk])).status_code == 403
    # Ny version copies it.
    response = client.post(reverse("situation:assessment_new_version", args=[knivsta.pk]))
    new = Assessment.objects.drafts().get()
    assert new.version == 2 and new.problems.get().causes.get().activities.get() == activity


def test_an_incomplete_draft_is_not_adopted_and_says_why(client, owner, draft):
    client.force_login(owner)
    response = client.post(
        reverse("situation:assessment_adopt", args=[draft.pk]),
        {"adopted_by": "Kommunstyrelsen", "adopted_on": "2025-03-10"},
    )
    assert response.status_code == 200
    assert "Lägesbilden behöver minst ett problem." in response.content.decode()


def test_the_promise_side_chooses_the_problems_it_answers(client, owner, adopted, promise):
    client.force_login(owner)
    problem = adopted.problems.get()
    url = reverse("situation:promise_problems", args=[promise.pk])
    response = client.post(url, {"problems": [problem.pk]})
    assert response.status_code == 302
    assert list(problem.promises.all()) == [promise]
    page = client.get(adopted.get_absolute_url()).content.decode()
    assert "Löften som svarar mot problemet" in page and promise.title in page


def test_deleting_a_draft_asks_first(client, owner, draft, problem):
    client.force_login(owner)
    url = reverse("situation:assessment_delete", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "1 problem" in page
    response = client.post(url)
    assert response["Location"] == reverse(
        "situation:assessment_list", args=[draft.municipality_id]
    )
    assert not Assessment.objects.exists()


def test_the_menu_and_the_start_page_lead_to_the_lagesbild(client, owner, adopted):
    client.force_login(owner)
    page = client.get(reverse("promises:start")).content.decode()
    assert f'href="{reverse("situation:index")}"' in page
    assert f'href="{adopted.get_absolute_url()}"' in page


def test_a_secretary_has_no_start_section(client, secretary, adopted):
    client.force_login(secretary)
    page = client.get(reverse("promises:start")).content.decode()
    assert 'id="situation-heading"' not in page
    assert Membership.objects.filter(user=secretary).exists()


def test_the_history_shows_the_lagesbild_its_problems_and_causes(client, secretary, adopted):
    client.force_login(secretary)
    page = client.get(reverse("situation:assessment_history", args=[adopted.pk])).content.decode()
    assert "Lägesbild: " in page and "Problem 1" in page and "Orsak 1" in page
    assert "Lägesbilden antogs." in page


def test_a_reader_sees_no_edit_links(client, secretary, adopted):
    client.force_login(secretary)
    page = client.get(adopted.get_absolute_url()).content.decode()
    assert "/andra/" not in page and "/atgarder/" not in page and "Publicering" not in page
