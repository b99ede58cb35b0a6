""" "Rapportera perioden": status updates for several activities of a promise in one form, all
saved in one transaction or none, each error next to its row."""

from datetime import date

import pytest
from django.urls import reverse

from promises import services
from promises.models import Activity, ActivitySummary, StatusUpdate
from tests.htmlforms import forms_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities(owner, focus_area):
    return [
        services.create_activity(
            user=owner,
            focus_area=focus_area,
            description=f"Aktivitet nummer {n}.",
            responsible=Activity.Responsible.JOINT,
        )
        for n in range(1, 4)
    ]


def _url(promise, query=""):
    return reverse("promises:period_report", args=[promise.pk]) + query


def _form(client, url) -> dict:
    """The rows as a browser submits them: the page's own form, every field as shown."""
    html = client.get(url).content.decode()
    form = max(forms_of(html), key=lambda f: len(f.fields))
    return form.data() | {f.name: [f.value] for f in form.fields if f.name not in form.data()}


def _fill(data, row, *, status="pagar", text="Två insatser i centrum.", count="2", public="true"):
    data[f"rad-{row}-status"] = [status]
    data[f"rad-{row}-description"] = [text]
    data[f"rad-{row}-occurrences"] = [count]
    data[f"rad-{row}-is_public"] = [public]
    data[f"rad-{row}-date"] = ["2025-03-01"]


def test_it_shows_one_fieldset_per_activity_with_a_legend_naming_it(client, police, activities):
    client.force_login(police)
    promise = activities[0].focus_area.promise
    html = client.get(_url(promise)).content.decode()
    assert html.count('<fieldset class="report-entry"') == 3
    for activity in activities:
        assert f"<legend>Aktivitet {activity.code}: {activity.description}</legend>" in html
    # Linked from the promise page for the police contact.
    assert _url(promise) in client.get(promise.get_absolute_url()).content.decode()


def test_it_saves_every_filled_row_and_skips_the_empty_ones(client, police, activities):
    client.force_login(police)
    promise = activities[0].focus_area.promise
    data = _form(client, _url(promise))
    _fill(data, 0)
    _fill(data, 2, status="genomford", text="Dialogen hölls.", count="1", public="false")

    response = client.post(_url(promise), data)

    assert response.status_code == 302
    first, second = StatusUpdate.objects.order_by("activity__number")
    assert (first.activity, first.status, first.occurrences, first.is_public) == (
        activities[0],
        "pagar",
        2,
        True,
    )
    assert (second.activity, second.status, second.is_public) == (activities[2], "genomford", False)
    assert {first.author, second.author} == {police}
    assert not activities[1].status_updates.exists()
    # The kept summaries follow each saved update (the signals of a single update run per row).
    summaries = {s.activity_id: s.latest_status for s in ActivitySummary.objects.all()}
    assert summaries == {activities[0].pk: "pagar", activities[2].pk: "genomford"}


def test_it_saves_nothing_when_one_row_is_wrong_and_shows_the_error_by_that_row(
    client, police, activities
):
    client.force_login(police)
    promise = activities[0].focus_area.promise
    data = _form(client, _url(promise))
    _fill(data, 0, text="Första raden är rätt.")
    _fill(data, 1, text="Kontakt med 19811218-9876.")  # a personnummer: refused
    _fill(data, 2, count="-1")

    response = client.post(_url(promise), data)

    assert response.status_code == 422
    assert not StatusUpdate.objects.exists()
    forms = response.context["formset"].forms
    assert forms[0].errors == {}
    assert list(forms[1].errors) == ["description"]
    assert list(forms[2].errors) == ["occurrences"]
    html = response.content.decode()
    assert 'id="id_rad-1-description_error"' in html
    assert 'id="id_rad-2-occurrences_error"' in html
    assert "Första raden är rätt." in html  # what was typed is kept
    assert f'href="#id_rad-1-description">{activities[1].code}, vad hände:' in html


def test_it_checks_each_row_against_its_own_activity(client, police, activities):
    """A row dated before its promise began is refused by the model's rule for that row."""
    client.force_login(police)
    promise = activities[0].focus_area.promise
    data = _form(client, _url(promise))
    _fill(data, 0)
    _fill(data, 1)
    data["rad-1-date"] = ["2023-06-01"]

    response = client.post(_url(promise), data)

    assert response.status_code == 422
    assert not StatusUpdate.objects.exists()
    assert list(response.context["formset"].forms[1].errors) == ["date"]


def test_it_asks_for_at_least_one_row(client, police, activities):
    client.force_login(police)
    promise = activities[0].focus_area.promise
    response = client.post(_url(promise), _form(client, _url(promise)))
    assert response.status_code == 422
    assert "Fyll i status och text för minst en aktivitet." in response.content.decode()


def test_it_refuses_a_row_for_an_activity_the_user_may_not_update(
    client, police, outsider, activities, upplands_bro, jarfalla_police
):
    """A tampered form: the police contact posts a row for an activity of a kommun her area does
    not cover. Nothing is saved, not even her valid row."""
    other_agreement = services.create_agreement(
        user=outsider,
        municipality=upplands_bro,
        police_area=jarfalla_police,
        title="Upplands-Bro",
        valid_from=date(2023, 1, 1),
        valid_to=date(2026, 12, 31),
    )
    other_promise = services.create_promise(
        user=outsider,
        agreement=other_agreement,
        title="Upplands-Bros löfte",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
    )
    area = services.create_focus_area(user=outsider, promise=other_promise, title="Område")
    foreign = services.create_activity(user=outsider, focus_area=area, description="Främmande.")
    client.force_login(police)
    promise = activities[0].focus_area.promise
    data = _form(client, _url(promise))
    _fill(data, 0)
    _fill(data, 1)
    data["rad-1-activity"] = [str(foreign.pk)]

    response = client.post(_url(promise), data)

    assert response.status_code == 422
    assert not StatusUpdate.objects.exists()
    assert "Du kan inte rapportera för den här aktiviteten." in response.content.decode()


@pytest.mark.parametrize(("role", "status"), [("outsider", 404), ("secretary", 403)])
def test_it_refuses_whoever_may_not_update_the_promises_activities(
    client, request, activities, role, status
):
    client.force_login(request.getfixturevalue(role))
    promise = activities[0].focus_area.promise
    data = {"rad-TOTAL_FORMS": "1", "rad-INITIAL_FORMS": "1", "rad-0-activity": activities[0].pk}
    data |= {"rad-0-status": "pagar", "rad-0-description": "Text.", "rad-0-date": "2025-03-01"}
    assert client.get(_url(promise)).status_code == status
    assert client.post(_url(promise), data).status_code == status
    assert not StatusUpdate.objects.exists()


@pytest.mark.parametrize("data", [{}, {"rad-TOTAL_FORMS": "99999999", "rad-INITIAL_FORMS": "x"}])
def test_it_answers_a_broken_form_with_an_error_not_a_crash(client, police, activities, data):
    client.force_login(police)
    response = client.post(_url(activities[0].focus_area.promise), data)
    assert response.status_code == 422
    assert 'class="error-summary"' in response.content.decode()


def test_it_pages_a_large_promise_and_filters_by_area_and_waiting(client, owner, police, promise):
    """231 activities: one page of 25 rows at a time, one focus area, or those still waiting."""
    areas = [
        services.create_focus_area(user=owner, promise=promise, title=f"Område {n}")
        for n in range(1, 4)
    ]
    Activity.objects.bulk_create(
        Activity(focus_area=areas[n % 3], number=n // 3 + 1, description=f"Aktivitet {n}.")
        for n in range(231)
    )
    first = Activity.objects.filter(focus_area=areas[0]).order_by("number").first()
    services.add_status_update(
        user=owner, activity=first, status="pagar", description="Gjort.", date=date(2025, 12, 1)
    )
    client.force_login(police)

    page = client.get(_url(promise, "?sida=abc"))
    assert len(page.context["formset"].forms) == 25
    last = client.get(_url(promise, "?sida=999999"))
    assert len(last.context["formset"].forms) == 231 - 9 * 25
    area = client.get(_url(promise, "?omrade=1&sida=4")).context
    assert area["report"].page.paginator.count == 77
    assert {f.row_activity.focus_area_id for f in area["formset"].forms} == {areas[0].pk}
    waiting = client.get(_url(promise, "?omrade=1&vantar=1")).context
    assert waiting["report"].page.paginator.count == 76  # the one updated this period is done


def test_it_rolls_back_the_rows_already_written_when_the_service_refuses_a_later_one(
    police, activities
):
    rows = [
        (activities[0], {"status": "pagar", "description": "Rätt."}),
        (activities[1], {"status": "pagar", "description": "Fel datum.", "date": date(2023, 1, 1)}),
        (activities[2], {"status": "okänd", "description": "Fel status."}),
    ]
    with pytest.raises(services.RowErrors) as refused:
        services.add_status_updates(user=police, rows=rows)
    assert sorted(refused.value.by_row) == [1, 2]
    assert "date" in refused.value.by_row[1].message_dict
    assert not StatusUpdate.objects.exists()
    assert not ActivitySummary.objects.exists()
