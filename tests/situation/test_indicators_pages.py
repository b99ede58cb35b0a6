"""The indicator pages: the button "Hämta från Kolada" (queued, then the outcome), manual
indicators with pasted values, who may do what, and the query counts at 1× and 10× data."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from situation import indicators
from situation.indicators_kolada import kolada_indicator
from situation.models import Indicator, IndicatorFetch, IndicatorValue
from tests.followup.conftest import run_ready_tasks

from .kolada_server import kolada_server  # noqa: F401  the fixture

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def test_the_button_queues_the_fetch_and_the_page_shows_it_then_the_result(
    client,
    owner,
    knivsta,
    kolada_server,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("situation:indicator_add_kolada", args=[knivsta.pk]), {"kpi": "n07540"}
        )
    indicator = Indicator.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("situation:indicator_detail", args=[indicator.pk])

    page = _text(client.get(response["Location"]))
    assert "Hämtas…" in page
    assert "Källa: Kolada (KPI N07540), ännu inte hämtad" in page
    assert "Hämta från Kolada</button>" not in page  # not twice while queued
    assert kolada_server.requests == []  # nothing fetched inside the request

    assert run_ready_tasks() == 1

    page = _text(client.get(response["Location"]))
    assert "Hämtas…" not in page
    assert "<h1>Anmälda brott totalt</h1>" in page
    today = date.today().isoformat()
    assert f"Källa: Kolada (KPI N07540), hämtad {today}" in page
    assert "4 nya värden, 0 ändrade, 0 oförändrade." in page
    assert '<th scope="row">2021</th><td>7012,4</td>' in page
    assert '<th scope="row">2023</th><td>saknas</td>' in page
    assert '<th scope="row">2024</th><td>6590,1 (preliminärt)</td>' in page

    # Fetching again through the button: the page's form posts to indicator_fetch.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("situation:indicator_fetch", args=[indicator.pk]))
    assert response.status_code == 302
    assert IndicatorFetch.objects.get().status == IndicatorFetch.Status.QUEUED
    assert run_ready_tasks() == 1
    assert IndicatorValue.objects.count() == 4


def test_a_failed_fetch_shows_the_swedish_error_on_the_page(
    client,
    owner,
    knivsta,
    kolada_server,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client.force_login(owner)
    kolada_server.behaviour = "error"
    indicator = kolada_indicator(municipality=knivsta, kpi="N07540", user=owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("situation:indicator_fetch", args=[indicator.pk]))
    run_ready_tasks()

    page = _text(client.get(reverse("situation:indicator_detail", args=[indicator.pk])))

    assert "misslyckades: Kolada svarar inte just nu. Försök igen senare." in page
    assert "Hämta från Kolada</button>" in page  # the user may try again


def test_a_wrong_kpi_gets_a_swedish_message_next_to_the_field(client, owner, knivsta):
    client.force_login(owner)
    response = client.post(
        reverse("situation:indicator_add_kolada", args=[knivsta.pk]), {"kpi": "brott"}
    )

    assert response.status_code == 200
    assert "Ett nyckeltal i Kolada är en bokstav och fem siffror, t.ex. N07540." in _text(response)
    assert not Indicator.objects.exists()


def test_who_may_fetch(client, secretary, outsider, knivsta, owner):
    indicator = kolada_indicator(municipality=knivsta, kpi="N07540", user=owner)
    url = reverse("situation:indicator_fetch", args=[indicator.pk])
    client.force_login(secretary)  # reads, never writes
    assert client.get(reverse("situation:indicator_detail", args=[indicator.pk])).status_code == 200
    assert client.post(url).status_code == 403
    client.force_login(outsider)  # another kommun: does not learn it exists
    assert client.post(url).status_code == 404
    assert client.get(reverse("situation:indicator_detail", args=[indicator.pk])).status_code == 404
    assert not IndicatorFetch.objects.exists()


def test_a_manual_indicator_and_its_pasted_values(client, owner, knivsta):
    client.force_login(owner)
    response = client.post(
        reverse("situation:indicator_create", args=[knivsta.pk]),
        {
            "name": "Andel som känner sig trygga i centrum kvällstid",
            "unit": "andel (%)",
            "source": "Polisens trygghetsmätning",
            "has_gender_split": "on",
            "note": "",
        },
    )
    indicator = Indicator.objects.get()
    assert response["Location"] == reverse("situation:indicator_values", args=[indicator.pk])

    response = client.post(
        response["Location"],
        {"values": "år;totalt;kvinnor;män\r\n2023;74,5;71;78,2\r\n2024\t76\t..\t78,9\r\n"},
    )

    assert response.status_code == 302
    assert {
        (v.period, v.gender): v.value for v in IndicatorValue.objects.filter(indicator=indicator)
    } == {
        (2023, "T"): Decimal("74.5"),
        (2023, "K"): Decimal("71"),
        (2023, "M"): Decimal("78.2"),
        (2024, "T"): Decimal("76"),
        (2024, "K"): None,
        (2024, "M"): Decimal("78.9"),
    }
    page = _text(client.get(response["Location"]))
    assert f"Källa: Polisens trygghetsmätning, inlagd {date.today().isoformat()}" in page
    assert '<th scope="col">Kvinnor</th>' in page


def test_pasted_values_with_wrong_lines_save_nothing_and_say_which_lines(client, owner, knivsta):
    indicator = indicators.create_indicator(
        user=owner, municipality=knivsta, name="Otrygghet i bostadsområdet", source="NTU"
    )
    client.force_login(owner)
    response = client.post(
        reverse("situation:indicator_values", args=[indicator.pk]),
        {"values": "2021;12,5\n2022;tolv\n\n2023;11;10;12\n1890;3\n2021;4"},
    )

    assert response.status_code == 200
    page = _text(response)
    assert "Rad 2: ”tolv” är inte ett tal." in page
    assert "Rad 4: indikatorn är inte uppdelad på kön" in page
    assert "Rad 5: ”1890” är inte ett årtal mellan 1990 och 2100." in page
    assert "Rad 6: året 2021 finns redan på rad 1." in page
    assert 'id="id_values_error"' in page  # next to the field
    assert "2022;tolv" in page  # what was typed is kept
    assert not IndicatorValue.objects.exists()


def test_pasting_again_updates_and_never_duplicates(client, owner, knivsta):
    indicator = indicators.create_indicator(
        user=owner, municipality=knivsta, name="Otrygghet", source="NTU"
    )
    client.force_login(owner)
    url = reverse("situation:indicator_values", args=[indicator.pk])
    client.post(url, {"values": "2022;12,5\n2023;13"})
    client.post(url, {"values": "2023;13,5\n2024;14"})

    assert sorted(
        IndicatorValue.objects.filter(indicator=indicator).values_list("period", "value")
    ) == [(2022, Decimal("12.5")), (2023, Decimal("13.5")), (2024, Decimal("14"))]
    assert IndicatorValue.history.filter(period=2023).count() == 2
    assert IndicatorValue.history.filter(period=2023).first().history_user == owner


def test_a_kolada_indicators_edit_form_only_takes_a_note(client, owner, knivsta):
    indicator = kolada_indicator(municipality=knivsta, kpi="N07540", user=owner)
    client.force_login(owner)
    url = reverse("situation:indicator_edit", args=[indicator.pk])
    assert 'name="name"' not in _text(client.get(url))

    response = client.post(
        url, {"note": "Anmälningarna ökade när polisen ", "version": indicator.lock_version}
    )

    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.note) == ("N07540", "Anmälningarna ökade när polisen")
    assert client.get(reverse("situation:indicator_values", args=[indicator.pk])).status_code == 302


# -- query counts: the same at 1× and 10× data ------------------------------------------------


def _add_indicators(owner, knivsta, count: int) -> list[Indicator]:
    made = []
    for number in range(count):
        indicator = indicators.create_indicator(
            user=owner,
            municipality=knivsta,
            name=f"Indikator {number}",
            source="NTU",
            has_gender_split=True,
        )
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=indicator, period=year, gender=gender, value=number)
            for year in range(2015, 2015 + count)
            for gender in "TKM"
        )
        kpi = kolada_indicator(municipality=knivsta, kpi=f"N{number:05d}", user=owner)
        IndicatorFetch.objects.create(indicator=kpi, requested_at="2026-11-01T00:00Z")
        made.append(indicator)
    return made


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["list", "detail", "values", "edit", "delete"])
def test_the_indicator_pages_run_a_fixed_number_of_queries(client, owner, knivsta, page):
    client.force_login(owner)

    def url(made):
        if page == "list":
            return reverse("situation:indicator_list", args=[knivsta.pk])
        view = {
            "detail": "indicator_detail",
            "values": "indicator_values",
            "edit": "indicator_edit",
            "delete": "indicator_delete",
        }
        return reverse(f"situation:{view[page]}", args=[made[-1].pk])

    made = _add_indicators(owner, knivsta, 1)
    _queries(client, url(made))  # warm the per-user caches
    once = _queries(client, url(made))
    Indicator.objects.all().delete()
    made = _add_indicators(owner, knivsta, 10)
    assert _queries(client, url(made)) == once


def test_demo_data_is_never_replaced_by_kolada(client, owner, knivsta):
    indicator = kolada_indicator(municipality=knivsta, kpi="N07540", user=owner)
    Indicator.objects.filter(pk=indicator.pk).update(is_demo=True)
    client.force_login(owner)

    page = _text(client.get(reverse("situation:indicator_detail", args=[indicator.pk])))
    assert "Demodata: värdena är påhittade och hämtas inte från Kolada." in page
    assert "Hämta från Kolada</button>" not in page
    client.post(reverse("situation:indicator_fetch", args=[indicator.pk]))
    client.post(reverse("situation:indicator_add_kolada", args=[knivsta.pk]), {"kpi": "N07540"})
    assert not IndicatorFetch.objects.exists()


def test_an_indicator_no_problem_uses_can_be_deleted_with_its_values(client, owner, knivsta):
    indicator = indicators.create_indicator(
        user=owner, municipality=knivsta, name="Fel nyckeltal", source="NTU"
    )
    IndicatorValue.objects.create(indicator=indicator, period=2024, value=3)
    client.force_login(owner)
    url = reverse("situation:indicator_delete", args=[indicator.pk])
    assert "Dess 1 värde tas också bort." in _text(client.get(url))

    response = client.post(url)

    assert response["Location"] == reverse("situation:indicator_list", args=[knivsta.pk])
    assert not Indicator.objects.exists()
    assert not IndicatorValue.objects.exists()
    assert Indicator.history.filter(history_type="-").get().history_user == owner


def test_an_indicator_a_problem_uses_is_kept(client, owner, knivsta, problem):
    from situation import services

    indicator = indicators.create_indicator(
        user=owner, municipality=knivsta, name="Anmälda brott", source="Kolada"
    )
    services.set_problem_indicators(problem=problem, user=owner, indicators=[indicator])
    client.force_login(owner)
    url = reverse("situation:indicator_delete", args=[indicator.pk])

    page = _text(client.get(url))
    assert "kan inte tas bort så länge den gör det" in page
    assert "Problem 1 i version 1: Otrygghet vid stationen" in page
    assert client.post(url).status_code == 200
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    with pytest.raises(ValidationError):
        indicators.delete_indicator(indicator=indicator, user=owner)
