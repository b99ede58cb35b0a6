"""A small closed-loop load driver: N clients, each with its own session cookie and HTTP connection
(kept alive where the server allows; gunicorn's sync workers close it after each response, and
http.client then opens a new one), each sending one request after the other for a bounded time.

The driver runs on the same machine as the server and takes CPU from it: absolute times are
inflated on a small machine, the ratio to the hello-world view measured in the same run is the
stable figure.
"""

import http.client
import random
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class Client:
    """One user's browser: a connection, the cookies, one request at a time."""

    def __init__(self, host: str, port: int, timeout: float = 120):
        self.host, self.port, self.timeout = host, port, timeout
        self.connection = http.client.HTTPConnection(host, port, timeout=timeout)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        headers = {"Accept": "text/html,*/*", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                if attempt == 2:
                    return 0, {}, b""  # no answer: counted as an error
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, content

    def get(self, path: str):
        return self.request("GET", path)

    def login(self, username: str, password: str) -> None:
        """Sign in through the real login form (CSRF token and all); raises if refused."""
        status, _headers, content = self.get("/logga-in/")
        match = CSRF_INPUT.search(content)
        if status != 200 or match is None:
            raise RuntimeError(f"The login page answered {status} without a form.")
        body = urlencode(
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": match.group(1).decode(),
            }
        ).encode()
        status, _headers, _content = self.request(
            "POST",
            "/logga-in/",
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"http://{self.host}:{self.port}",
                "Referer": f"http://{self.host}:{self.port}/logga-in/",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"Login of {username} answered {status}, not a redirect.")


@dataclass
class Measurement:
    latencies: list[float] = field(default_factory=list)  # seconds, of the 200 answers
    errors: dict[int, int] = field(default_factory=dict)  # status (0: no answer) → count
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + sum(self.errors.values())

    def percentile(self, p: int) -> float | None:
        if not self.latencies:
            return None
        if len(self.latencies) == 1:
            return self.latencies[0]
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1]


def drive(
    clients: list[Client], path: str, duration: float, think: float = 0.0, seed: int = 11
) -> Measurement:
    """Every client requests ``path`` again and again until ``duration`` seconds have passed (a
    request under way then is let finish and counted). With ``think`` > 0 each client, like a
    person reading the page, waits a random time (exponential, mean ``think`` seconds) before
    its first request and after each answer; with 0 it asks again at once (the server's
    saturation: the time a page takes is then the queue of all clients)."""
    result = Measurement()
    lock = threading.Lock()
    deadline = time.perf_counter() + duration

    def loop(client: Client, rng: random.Random):
        while time.perf_counter() < deadline:
            if think:
                time.sleep(
                    min(rng.expovariate(1 / think), max(0.0, deadline - time.perf_counter()))
                )
                if time.perf_counter() >= deadline:
                    break
            started = time.perf_counter()
            status, _headers, _content = client.get(path)
            elapsed = time.perf_counter() - started
            with lock:
                if status == 200:
                    result.latencies.append(elapsed)
                else:
                    result.errors[status] = result.errors.get(status, 0) + 1

    begun = time.perf_counter()
    threads = [
        threading.Thread(target=loop, args=(client, random.Random(seed + index)))
        for index, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - begun
    return result


def warm_up(clients: list[Client], path: str, workers: int) -> list[int]:
    """One request from each of ``workers`` clients at once, untimed (so that each server worker
    has loaded its templates); returns their statuses."""
    statuses = [0] * workers

    def one(index):
        statuses[index] = clients[index].get(path)[0]

    threads = [threading.Thread(target=one, args=(i,)) for i in range(min(workers, len(clients)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses
