"""The Kolada client against the local test server (tests/situation/kolada_server.py)."""

import time
from decimal import Decimal

import pytest

from situation.kolada import KoladaClient, KoladaError, KoladaNotFound, Kpi, Value

from .kolada_server import (
    data_item,
    kolada_server,  # noqa: F401  the fixture
)

UNAVAILABLE = "Kolada svarar inte just nu. Försök igen senare."


def test_reads_a_kpi_name_unit_and_gender_split(kolada_server):  # noqa: F811
    assert KoladaClient().kpi("N07540") == Kpi(
        id="N07540",
        name="Anmälda brott totalt",
        unit="antal/100 000 inv",
        has_gender_split=False,
    )
    assert KoladaClient().kpi("U07460").has_gender_split is True
    assert kolada_server.requests[0] == "/v3/kpi/N07540"


def test_an_unknown_kpi_is_a_swedish_error(kolada_server):  # noqa: F811
    with pytest.raises(KoladaNotFound, match="Kolada har inget nyckeltal med id N99999"):
        KoladaClient().kpi("N99999")


def test_reads_values_per_year_and_gender(kolada_server):  # noqa: F811
    values = KoladaClient().values("U07460", "0330", [2023, 2024])

    assert kolada_server.requests == ["/v3/data/kpi/U07460/municipality/0330/year/2023,2024"]
    assert values == [
        Value(2023, "T", Decimal("84"), False),
        Value(2023, "K", Decimal("81.5"), False),
        Value(2023, "M", Decimal("86.2"), False),
        Value(2024, "T", Decimal("86"), False),
        Value(2024, "K", None, False),
        Value(2024, "M", Decimal("88"), False),
    ]


def test_a_missing_value_is_none_never_zero_and_preliminary_is_kept(kolada_server):  # noqa: F811
    values = {v.period: v for v in KoladaClient().values("N07540", "0330", [2021, 2023, 2024])}

    assert values[2023].value is None  # null with status ".."
    assert values[2024] == Value(2024, "T", Decimal("6590.1"), True)
    assert values[2021].value == Decimal("7012.4")


def test_follows_the_next_url_over_several_pages(kolada_server):  # noqa: F811
    kolada_server.page_size = 1

    values = KoladaClient().values("N07540", "0330", [2021, 2022, 2023, 2024])

    assert [v.period for v in values] == [2021, 2022, 2023, 2024]
    assert len(kolada_server.requests) == 4
    assert kolada_server.requests[1].endswith("?page=2&per_page=1")


def test_a_500_is_retried_and_then_succeeds(kolada_server):  # noqa: F811
    kolada_server.behaviour = "error-once"

    values = KoladaClient().values("N07540", "0330", [2022])

    assert values == [Value(2022, "T", Decimal("6805"), False)]
    assert len(kolada_server.requests) == 2


def test_a_permanent_500_gives_up_after_the_retries_with_a_swedish_error(kolada_server):  # noqa: F811
    kolada_server.behaviour = "error"

    with pytest.raises(KoladaError) as raised:
        KoladaClient().values("N07540", "0330", [2022])

    assert str(raised.value) == UNAVAILABLE
    assert len(kolada_server.requests) == 3  # the first try and KOLADA_RETRIES = 2 retries


def test_a_timeout_gives_the_swedish_error(kolada_server):  # noqa: F811
    kolada_server.behaviour = "slow"
    kolada_server.delay = 1.0  # the client waits 0.3 s for an answer

    started = time.monotonic()
    with pytest.raises(KoladaError) as raised:
        KoladaClient(retries=0).values("N07540", "0330", [2022])

    assert str(raised.value) == UNAVAILABLE
    assert time.monotonic() - started < 0.9  # it did not wait for the slow answer


def test_an_unreachable_service_gives_the_swedish_error(kolada_server):  # noqa: F811
    # A port nobody listens on: connection refused, retried, then the error.
    client = KoladaClient("http://127.0.0.1:9/v3", retries=1)
    with pytest.raises(KoladaError, match=UNAVAILABLE):
        client.kpi("N07540")


def test_malformed_json_gives_a_swedish_error(kolada_server):  # noqa: F811
    kolada_server.behaviour = "malformed"

    with pytest.raises(KoladaError) as raised:
        KoladaClient().values("N07540", "0330", [2022])

    assert (
        str(raised.value) == "Kolada svarade med något som inte går att läsa. Försök igen senare."
    )


def test_a_figure_out_of_range_is_nonsense_and_many_decimals_are_rounded(kolada_server):  # noqa: F811
    kolada_server.data[("N07540", "0330")] = [data_item("N07540", "0330", 2022, {"T": 12.3456789})]
    assert KoladaClient().values("N07540", "0330", [2022])[0].value == Decimal("12.3457")

    kolada_server.data[("N07540", "0330")] = [data_item("N07540", "0330", 2022, {"T": 1e15})]
    with pytest.raises(KoladaError, match="Kolada svarade med något som inte går att läsa"):
        KoladaClient().values("N07540", "0330", [2022])
