"""A local stand-in for Kolada's API (v3), started by the tests in their own process.

It answers in Kolada's documented format (https://github.com/Hypergene/kolada README.rst; see
situation/kolada.py): ``{"values": [...], "count": n, "next_url": ...}``; ``/v3/kpi/<id>`` lists KPI
objects, ``/v3/data/kpi/<kpi>/municipality/<kommunkod>/year/<years>`` data objects with one value
per gender. A test switches its behaviour (``server.behaviour = ...``):

- ``"ok"``: answer at once (``server.page_size`` > 0 splits the data over pages);
- ``"error-once"``: a 500 for the first request, then answer (the client's retry);
- ``"error"``: a 500 for every request;
- ``"slow"``: sleep ``server.delay`` seconds (longer than the client's read timeout) before answering;
- ``"malformed"``: 200 with a body that is not JSON.

The fixture ``kolada_server`` points ``settings.KOLADA_BASE_URL`` at it, with short timeouts and
no real wait between retries, so that nothing reaches the internet and the tests stay quick.
"""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

KPIS = {
    "N07540": {
        "id": "N07540",
        "title": "Anmälda brott totalt, antal/100 000 inv",
        "description": "Antal anmälda brott totalt per 100 000 invånare.",
        "is_divided_by_gender": 0,
        "municipality_type": "K",
        "operating_area": "Trygghet",
        "publication_date": "2026-04-01",
        "prel_publication_date": None,
        "has_ou_data": False,
    },
    "U07460": {
        "id": "U07460",
        "title": "Elever i åk 9 som känner sig trygga i skolan, andel (%)",
        "description": "Andel elever i årskurs 9 som känner sig trygga i skolan.",
        "is_divided_by_gender": 1,
        "municipality_type": "K",
        "operating_area": "Trygghet",
        "publication_date": "2026-06-01",
        "prel_publication_date": "2026-03-01",
        "has_ou_data": False,
    },
}


def data_item(kpi: str, code: str, year: int, values: dict[str, object], status: str = "") -> dict:
    """One of Kolada's data objects: a period with a value per gender (``"T"``, ``"K"``, ``"M"``)."""
    return {
        "kpi": kpi,
        "municipality": code,
        "period": year,
        "values": [
            {"gender": gender, "status": status, "value": value, "count": 1}
            for gender, value in values.items()
        ],
    }


def default_data() -> dict[tuple[str, str], list[dict]]:
    return {
        ("N07540", "0330"): [
            data_item("N07540", "0330", 2021, {"T": 7012.4}),
            data_item("N07540", "0330", 2022, {"T": 6805}),
            data_item("N07540", "0330", 2023, {"T": None}, status=".."),
            data_item("N07540", "0330", 2024, {"T": 6590.1}, status="Prel"),
        ],
        ("U07460", "0330"): [
            data_item("U07460", "0330", 2023, {"T": 84, "K": 81.5, "M": 86.2}),
            data_item("U07460", "0330", 2024, {"T": 86, "K": "..", "M": 88}),
        ],
    }


@dataclass
class KoladaState:
    behaviour: str = "ok"
    page_size: int = 0
    delay: float = 2.0
    kpis: dict = field(default_factory=lambda: dict(KPIS))
    data: dict = field(default_factory=default_data)
    requests: list[str] = field(default_factory=list)
    base_url: str = ""
    _errors_sent: int = 0


class _Handler(BaseHTTPRequestHandler):
    state: KoladaState  # set on the subclass the fixture makes

    def log_message(self, format, *args):  # keep the test output quiet
        pass

    def do_GET(self):
        state = self.state
        state.requests.append(self.path)
        if state.behaviour == "slow":
            time.sleep(state.delay)
        if state.behaviour == "error" or (
            state.behaviour == "error-once" and state._errors_sent == 0
        ):
            state._errors_sent += 1
            return self._send(500, b'{"error": "Internal Server Error"}')
        if state.behaviour == "malformed":
            return self._send(200, b"<html>Kolada underh\xc3\xa5lls</html>")
        url = urlsplit(self.path)
        parts = [part for part in url.path.split("/") if part]
        query = parse_qs(url.query)
        if parts[:2] == ["v3", "kpi"] and len(parts) == 3:
            items = [state.kpis[kpi] for kpi in parts[2].split(",") if kpi in state.kpis]
        elif parts[:3] == ["v3", "data", "kpi"] and len(parts) in (6, 8):
            kpi, code = parts[3], parts[5]
            if parts[4] != "municipality" or parts[6:7] not in ([], ["year"]):
                return self._send(404, b'{"error": "Not Found"}')
            years = {int(year) for year in parts[7].split(",")} if len(parts) == 8 else None
            items = [
                item
                for item in state.data.get((kpi, code), [])
                if years is None or int(item["period"]) in years
            ]
        else:
            return self._send(404, b'{"error": "Not Found"}')
        self._send_page(items, url.path, int(query.get("page", ["1"])[0]))

    def _send_page(self, items: list, path: str, page: int):
        size = self.state.page_size or 5000
        chunk = items[(page - 1) * size : page * size]
        more = page * size < len(items)
        base = f"http://{self.server.server_address[0]}:{self.server.server_address[1]}{path}"
        answer = {
            "count": len(chunk),
            "values": chunk,
            "next_url": f"{base}?page={page + 1}&per_page={size}" if more else None,
            "previous_url": f"{base}?page={page - 1}&per_page={size}" if page > 1 else None,
        }
        self._send(200, json.dumps(answer).encode())

    def _send(self, status: int, body: bytes):
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
            pass


@pytest.fixture
def kolada_server(settings):
    state = KoladaState()
    handler = type("Handler", (_Handler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    state.base_url = f"http://{host}:{port}/v3"
    settings.KOLADA_BASE_URL = state.base_url
    settings.KOLADA_CONNECT_TIMEOUT = 1.0
    settings.KOLADA_READ_TIMEOUT = 0.3
    settings.KOLADA_RETRIES = 2
    settings.KOLADA_BACKOFF = 0.01
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
