"""A client for Kolada's open API (version 3, no key): a KPI's metadata and a kommun's values.

What the API answers, from its documentation (https://github.com/Hypergene/kolada, README.rst, the
"Routes", "Metadata" and "Query data" sections, written for v2; v3, whose reference is the Swagger
page https://api.kolada.se/v3/docs, keeps the shapes: v3 clients read the paging link as
``next_url``, where the v2 text says ``next_page``, so both are followed here):

- every answer is ``{"values": [...], "count": <int>, "next_url": "<url>" or null}``, at most
  5,000 items a page; the rest is on the page ``next_url`` points to;
- ``/kpi/<id>`` lists KPI objects ``{"id", "title", "description", "is_divided_by_gender",
  "municipality_type", "publication_date", "prel_publication_date", ...}``; Kolada puts the unit
  at the end of the title, after the last comma ("Anmälda brott totalt, antal/100 000 inv");
- ``/data/kpi/<kpi>/municipality/<kommunkod>/year/<years>`` lists objects ``{"kpi",
  "municipality", "period", "values": [{"gender": "T"|"K"|"M", "status", "value", "count"}]}``,
  at most three values per period, one per gender; ``value`` is null where Kolada has no figure.

The documentation does not enumerate ``status``: a value is missing when it is null or its status
is ".." (Kolada's sign for "no figure"), and preliminary when its status says so ("prel…").

Every failure a caller can meet (no connection, a timeout, a 5xx after the retries, an answer that
is not Kolada's JSON) is a ``KoladaError`` with a Swedish message the page can show as it is.
"""

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from urllib.parse import quote

import urllib3
from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_BASE_URL = "https://api.kolada.se/v3"
GENDERS = ("T", "K", "M")
MISSING_STATUS = ".."
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# What an indicator value holds (IndicatorValue.value): below 10^12, four decimals.
LARGEST, PRECISION = Decimal(10) ** 12, Decimal("0.0001")
MAX_PAGES = 100  # 5,000 values a page: far more than one kommun's series ever has


class KoladaError(Exception):
    """Kolada could not be asked, or answered something we cannot read. ``str()`` is Swedish."""


class KoladaUnavailable(KoladaError):
    def __init__(self, detail: str = ""):
        self.detail = detail
        super().__init__(_("Kolada svarar inte just nu. Försök igen senare."))


class KoladaBadAnswer(KoladaError):
    def __init__(self, detail: str = ""):
        self.detail = detail
        super().__init__(_("Kolada svarade med något som inte går att läsa. Försök igen senare."))


class KoladaNotFound(KoladaError):
    def __init__(self, kpi: str):
        super().__init__(_("Kolada har inget nyckeltal med id %(kpi)s.") % {"kpi": kpi})


@dataclass(frozen=True)
class Kpi:
    id: str
    name: str
    unit: str
    has_gender_split: bool


@dataclass(frozen=True)
class Value:
    period: int
    gender: str
    value: Decimal | None  # None: Kolada has no figure (null or ".."), never 0
    is_preliminary: bool


def _setting(name: str, default):
    return getattr(settings, name, default)


class KoladaClient:
    """One client per fetch: a pool with connect/read timeouts and a bounded number of retries."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        retries: int | None = None,
        backoff: float | None = None,
    ):
        self.base_url = (base_url or _setting("KOLADA_BASE_URL", DEFAULT_BASE_URL)).rstrip("/")
        self.timeout = urllib3.Timeout(
            connect=connect_timeout or _setting("KOLADA_CONNECT_TIMEOUT", 5.0),
            read=read_timeout or _setting("KOLADA_READ_TIMEOUT", 20.0),
        )
        self.retries = _setting("KOLADA_RETRIES", 3) if retries is None else retries
        self.backoff = _setting("KOLADA_BACKOFF", 1.0) if backoff is None else backoff
        self.http = urllib3.PoolManager(
            timeout=self.timeout,
            retries=False,  # retried below, where each outcome is decided
            headers={"Accept": "application/json", "User-Agent": "Lofteskollen (Kolada v3)"},
        )

    # -- the two questions the app asks -----------------------------------------------------

    def kpi(self, kpi_id: str) -> Kpi:
        """The KPI's name, unit and whether Kolada splits it by gender."""
        for item in self._items(f"{self.base_url}/kpi/{quote(kpi_id, safe='')}"):
            if isinstance(item, dict) and item.get("id") == kpi_id:
                return _kpi(item)
        raise KoladaNotFound(kpi_id)

    def values(self, kpi_id: str, municipality_code: str, years: list[int]) -> list[Value]:
        """Every value (per year and gender) of ``kpi_id`` for the kommun in ``years``."""
        path = "/data/kpi/{}/municipality/{}/year/{}".format(
            quote(kpi_id, safe=""),
            quote(municipality_code, safe=""),
            ",".join(str(year) for year in sorted(years)),
        )
        found: list[Value] = []
        for item in self._items(self.base_url + path):
            found.extend(_values(item))
        return found

    # -- paging, retries, errors -------------------------------------------------------------

    def _items(self, url: str) -> Iterator:
        for _page in range(MAX_PAGES):
            answer = self._get_json(url)
            values = answer.get("values")
            if not isinstance(values, list):
                raise KoladaBadAnswer("no values list")
            yield from values
            url = answer.get("next_url") or answer.get("next_page")
            if not url:
                return
            if not isinstance(url, str) or not url.startswith(("http://", "https://")):
                raise KoladaBadAnswer(f"next page {url!r}")
        raise KoladaBadAnswer("too many pages")

    def _get_json(self, url: str) -> dict:
        attempt = 0
        while True:
            try:
                response = self.http.request("GET", url, preload_content=True)
            except urllib3.exceptions.HTTPError as error:  # connection, timeout, protocol
                problem: str = f"{type(error).__name__}: {error}"
                retry_after = None
            else:
                if response.status == 200:
                    return _parse(response.data)
                if response.status not in RETRY_STATUSES:
                    raise KoladaBadAnswer(f"HTTP {response.status}")
                problem = f"HTTP {response.status}"
                retry_after = _retry_after(response.headers.get("Retry-After"))
            if attempt >= self.retries:
                raise KoladaUnavailable(problem)
            delay = self.backoff * (2**attempt)
            if retry_after is not None:
                delay = max(delay, min(retry_after, 30.0))
            time.sleep(delay)
            attempt += 1


def _retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _parse(data: bytes) -> dict:
    try:
        answer = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise KoladaBadAnswer(str(error)) from error
    if not isinstance(answer, dict):
        raise KoladaBadAnswer("not an object")
    return answer


def _kpi(item: dict) -> Kpi:
    title = str(item.get("title") or "").strip()
    if not title:
        raise KoladaBadAnswer("KPI without title")
    name, _comma, unit = title.rpartition(", ")
    if not name:
        name, unit = title, ""
    return Kpi(
        id=str(item["id"]),
        name=name.strip(),
        unit=unit.strip(),
        has_gender_split=bool(item.get("is_divided_by_gender")),
    )


def _values(item) -> list[Value]:
    if not isinstance(item, dict) or not isinstance(item.get("values"), list):
        raise KoladaBadAnswer("data item without values")
    try:
        period = int(str(item.get("period")))
    except ValueError as error:
        raise KoladaBadAnswer(f"period {item.get('period')!r}") from error
    found = []
    for entry in item["values"]:
        if not isinstance(entry, dict) or entry.get("gender") not in GENDERS:
            raise KoladaBadAnswer(f"value {entry!r}")
        status = str(entry.get("status") or "").strip()
        found.append(
            Value(
                period=period,
                gender=entry["gender"],
                value=_decimal(entry.get("value"), status),
                is_preliminary=status.lower().startswith("prel"),
            )
        )
    return found


def _decimal(raw, status: str) -> Decimal | None:
    if raw is None or status == MISSING_STATUS or raw == MISSING_STATUS:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise KoladaBadAnswer(f"value {raw!r}")
    try:
        value = Decimal(str(raw))
    except InvalidOperation as error:
        raise KoladaBadAnswer(f"value {raw!r}") from error
    if not value.is_finite() or abs(value) >= LARGEST:
        raise KoladaBadAnswer(f"value {raw!r}")
    return value.quantize(PRECISION) if value.as_tuple().exponent < -4 else value
