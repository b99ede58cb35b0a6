"""Fetching indicators from Kolada (the local test server) and writing them: the idempotent
upsert, ``manage.py fetch_indicators`` and the task behind the button."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from situation.indicators_kolada import (
    due_for_refresh,
    fetch_indicator,
    kolada_indicator,
    request_fetch,
)
from situation.kolada import KoladaError
from situation.models import Indicator, IndicatorFetch, IndicatorValue
from situation.tasks import fetch_indicator_task
from tests.followup.conftest import run_ready_tasks

from .kolada_server import (
    data_item,
    kolada_server,  # noqa: F401  the fixture
)

pytestmark = pytest.mark.django_db


def _series(indicator):
    return {
        (row.period, row.gender): (row.value, row.is_preliminary)
        for row in IndicatorValue.objects.filter(indicator=indicator)
    }


def test_a_fetch_names_the_indicator_and_writes_its_values(kolada_server, knivsta, owner):  # noqa: F811
    indicator = kolada_indicator(municipality=knivsta, kpi="n07540", user=owner)
    assert (indicator.name, indicator.kolada_kpi) == ("N07540", "N07540")

    result = fetch_indicator(indicator, user=owner)

    indicator.refresh_from_db()
    assert (indicator.name, indicator.unit, indicator.source) == (
        "Anmälda brott totalt",
        "antal/100 000 inv",
        "Kolada",
    )
    assert indicator.has_gender_split is False
    assert _series(indicator) == {
        (2021, "T"): (Decimal("7012.4"), False),
        (2022, "T"): (Decimal("6805"), False),
        (2023, "T"): (None, False),  # Kolada's "..": missing, never 0
        (2024, "T"): (Decimal("6590.1"), True),
    }
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    assert set(IndicatorValue.objects.values_list("retrieved_on", flat=True)) == {
        timezone.localdate()
    }
    # The history says who fetched what.
    first = IndicatorValue.history.filter(period=2021).get()
    assert first.history_user == owner
    assert first.history_change_reason == "Hämtat från Kolada (N07540)"


def test_fetching_again_updates_and_never_duplicates(kolada_server, knivsta, owner):  # noqa: F811
    indicator = kolada_indicator(municipality=knivsta, kpi="N07540", user=owner)
    fetch_indicator(indicator, user=owner)
    IndicatorValue.objects.update(retrieved_on=timezone.localdate() - timedelta(days=40))
    # Kolada revises 2024 (no longer preliminary) and fills in 2023.
    kolada_server.data[("N07540", "0330")][2:] = [
        data_item("N07540", "0330", 2023, {"T": 6702}),
        data_item("N07540", "0330", 2024, {"T": 6601.5}),
    ]

    result = fetch_indicator(indicator, user=owner)

    assert IndicatorValue.objects.count() == 4
    assert _series(indicator)[(2023, "T")] == (Decimal("6702"), False)
    assert _series(indicator)[(2024, "T")] == (Decimal("6601.5"), False)
    assert (result.created, result.updated, result.unchanged) == (0, 2, 2)
    # Every value was retrieved again today; only the two changed ones got a history row.
    assert set(IndicatorValue.objects.values_list("retrieved_on", flat=True)) == {
        timezone.localdate()
    }
    assert IndicatorValue.history.count() == 4 + 2
    assert kolada_indicator(municipality=knivsta, kpi="N07540", user=owner) == indicator
    assert Indicator.objects.count() == 1


def test_a_gender_split_kpi_gets_a_value_per_gender(kolada_server, knivsta, owner):  # noqa: F811
    indicator = kolada_indicator(municipality=knivsta, kpi="U07460", user=owner)
    fetch_indicator(indicator, user=owner)

    indicator.refresh_from_db()
    assert indicator.has_gender_split is True
    series = _series(indicator)
    assert len(series) == 6
    assert series[(2024, "K")] == (None, False)
    assert series[(2023, "M")] == (Decimal("86.2"), False)


def test_a_failed_fetch_writes_nothing(kolada_server, knivsta, owner):  # noqa: F811
    indicator = kolada_indicator(municipality=knivsta, kpi="N07540", user=owner)
    kolada_server.behaviour = "error"

    with pytest.raises(KoladaError):
        fetch_indicator(indicator, user=owner)

    assert not IndicatorValue.objects.exists()
    indicator.refresh_from_db()
    assert indicator.name == "N07540"


def test_the_command_fetches_one_kommuns_kpi_creating_its_indicator(kolada_server, knivsta):  # noqa: F811
    out = StringIO()
    call_command("fetch_indicators", "--kommun", "0330", "--kpi", "N07540", stdout=out)

    indicator = Indicator.objects.get()
    assert (indicator.municipality, indicator.name) == (knivsta, "Anmälda brott totalt")
    assert IndicatorValue.objects.count() == 4
    assert out.getvalue() == "0330 N07540: 4 nya värden, 0 ändrade, 0 oförändrade.\n"

    out = StringIO()
    call_command("fetch_indicators", stdout=out)  # all of them, again: nothing new
    assert out.getvalue() == "0330 N07540: 0 nya värden, 0 ändrade, 4 oförändrade.\n"
    assert IndicatorValue.objects.count() == 4


def test_the_command_reports_kolada_failures_in_swedish(kolada_server, knivsta, owner):  # noqa: F811
    kolada_indicator(municipality=knivsta, kpi="N07540", user=owner)
    kolada_server.behaviour = "error"
    err = StringIO()

    with pytest.raises(CommandError, match="1 av 1 hämtningar misslyckades"):
        call_command("fetch_indicators", stderr=err)

    assert err.getvalue() == "0330 N07540: Kolada svarar inte just nu. Försök igen senare.\n"


def test_the_command_refuses_an_unknown_kommun(kolada_server, knivsta):  # noqa: F811
    with pytest.raises(CommandError, match="Ingen kommun har kommunkoden 9999"):
        call_command("fetch_indicators", "--kommun", "9999")


def test_the_task_fetches_through_the_task_backend_and_records_the_outcome(
    kolada_server,  # noqa: F811
    knivsta,
    owner,
    django_capture_on_commit_callbacks,
):
    indicator = kolada_indicator(municipality=knivsta, kpi="N07540", user=owner)
    with django_capture_on_commit_callbacks(execute=True):
        assert request_fetch(indicator, user=owner) is True
    assert IndicatorFetch.objects.get().status == IndicatorFetch.Status.QUEUED
    assert request_fetch(indicator, user=owner) is False  # one queued fetch at a time

    assert run_ready_tasks() == 1

    fetch = IndicatorFetch.objects.get()
    assert fetch.status == IndicatorFetch.Status.DONE
    assert fetch.message == "4 nya värden, 0 ändrade, 0 oförändrade."
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 4
    assert IndicatorValue.history.filter(period=2021).get().history_user == owner


def test_a_failing_task_records_the_swedish_error(
    kolada_server,  # noqa: F811
    knivsta,
    owner,
):
    indicator = kolada_indicator(municipality=knivsta, kpi="N07540", user=owner)
    kolada_server.behaviour = "slow"
    kolada_server.delay = 1.0
    request_fetch(indicator, user=owner)

    fetch_indicator_task.call(indicator.pk, owner.pk)  # what the worker runs

    fetch = IndicatorFetch.objects.get()
    assert fetch.status == IndicatorFetch.Status.FAILED
    assert fetch.message == "Kolada svarar inte just nu. Försök igen senare."
    assert not IndicatorValue.objects.exists()


def test_the_monthly_refresh_queues_what_is_due(
    kolada_server,  # noqa: F811
    knivsta,
    owner,
    django_capture_on_commit_callbacks,
):
    fresh = kolada_indicator(municipality=knivsta, kpi="N07540", user=owner)
    stale = kolada_indicator(municipality=knivsta, kpi="U07460", user=owner)
    Indicator.objects.create(municipality=knivsta, name="NTU", source="NTU")
    request_fetch(fresh, user=owner)
    fetch_indicator_task.call(fresh.pk, owner.pk)
    assert list(due_for_refresh()) == [stale]

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("fetch_indicators", "--due", stdout=out)
    assert out.getvalue() == "1 indikatorer köade för hämtning.\n"
    assert run_ready_tasks() == 1
    assert IndicatorValue.objects.filter(indicator=stale).count() == 6
    assert list(due_for_refresh()) == []
    # A month later both are due again.
    assert len(due_for_refresh(timezone.now() + timedelta(days=31))) == 2
