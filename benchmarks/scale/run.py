"""The scale benchmark: generate national-scale data, serve it with gunicorn in production mode
and drive every page shape at 10 concurrent users. ``make benchmark-scale [SCALE=0.1]
[DURATION=10]`` runs it on a throwaway PostgreSQL (scripts/with-postgres).

Steps: migrate and collectstatic; generate (generate.py); count each page's SQL queries once
in-process (QUERIES=0 skips it); start ``gunicorn config.wsgi --workers 3`` with DEBUG off,
CONN_MAX_AGE=60 (as in production), a secret key and plain-HTTP cookies on localhost; sign every
client in through the login form; then for the hello-world view (/helse/, no database), each page shape and the hello-world view again:
three untimed requests, then CLIENTS clients (default 10), each with its own session, request it
one after the other for DURATION seconds; then all of it again with each client pausing THINK
seconds on average (exponential; default 1, 0 skips the pass) before each request, for twice as
long, as people reading the pages would. Only 200 answers are timed; any other answer is counted
as an error and reported. The table gives p50/p95/p99 in ms and the ratio of each page's median to
the hello-world view's median in the same run.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
SECRET_KEY = "scale-benchmark-only-secret-key-not-for-production-0123456789"
WORKERS = 3

if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if "DATABASE_URL" not in os.environ:
        sys.exit("DATABASE_URL is not set: run it with make benchmark-scale.")
    temporary = TemporaryDirectory(prefix="scale-benchmark-")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "SECURE_HSTS_SECONDS": "0",
            # As the README's production section says: a worker keeps its connection.
            "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
            "STATIC_ROOT": f"{temporary.name}/static",
            "MEDIA_ROOT": f"{temporary.name}/media",
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        }
    )
    import django

    django.setup()

from django.db import connection  # noqa: E402
from django.test import Client as DjangoClient  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from .cpu import CpuMeter, CpuSplit, available, parent_of  # noqa: E402
from .generate import database_size, generate  # noqa: E402
from .load import Client, Measurement, drive, warm_up  # noqa: E402
from .organisations import BENCHMARK_PASSWORD  # noqa: E402
from .pages import HELLO, Page, find_pages, hello_page  # noqa: E402


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, check=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def count_queries(pages: list[Page]) -> dict[str, int | str]:
    """Each page once, in this process, through Django's test client: its number of queries."""
    from django.contrib.auth import get_user_model

    counts: dict[str, int | str] = {}
    for page in pages:
        client = DjangoClient()
        if page.user:
            client.force_login(get_user_model().objects.get(username=page.user))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
        counts[page.name] = len(queries) if response.status_code == 200 else "error"
    return counts


def start_gunicorn(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",  # quiet: no line per worker booted (access logs are off by default)
        ],
        cwd=ROOT,
    )
    probe = Client("127.0.0.1", port, timeout=5)
    for _ in range(300):
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped at start-up.")
        if probe.get("/helse/")[0] == 200:
            return server
        time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 30 s.")


def milliseconds(value: float | None) -> str:
    return "–" if value is None else f"{value * 1000:,.1f}"


def print_table(rows: list[tuple[Page, Measurement, CpuSplit | None]], queries: dict) -> None:
    hello = [m for page, m, _cpu in rows if page.name == HELLO]
    pooled = Measurement(latencies=[x for m in hello for x in m.latencies])
    base = pooled.percentile(50)
    header = ("page", "requests", "errors", "p50", "p95", "p99 (ms)", "× hello p50", "queries")
    print("\n| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for page, m, _cpu in rows:
        median = m.percentile(50)
        ratio = f"{median / base:,.0f}" if median and base else "–"
        errors = ", ".join(f"{n}× {s or 'no answer'}" for s, n in sorted(m.errors.items())) or "0"
        cells = (
            page.name,
            str(m.requests),
            errors,
            milliseconds(median),
            milliseconds(m.percentile(95)),
            milliseconds(m.percentile(99)),
            ratio,
            str(queries.get(page.name, "")),
        )
        print("| " + " | ".join(cells) + " |")
    print(f"\nhello-world p50 over both of its runs: {milliseconds(base)} ms")


def print_cpu_table(rows: list[tuple[Page, Measurement, CpuSplit | None]], clients: int) -> None:
    """Where the time goes with clients that never pause: the pages served per second, the time
    Little's law gives for that many clients (clients ÷ pages per second, to compare with p50),
    and the CPU one page costs the web server, PostgreSQL and the load driver."""
    header = (
        "page",
        "pages/s",
        f"{clients} ÷ pages/s (ms)",
        "CPU per page: web",
        "database",
        "driver",
        "all (ms)",
    )
    print("\n| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for page, m, cpu in rows:
        if cpu is None or not m.seconds:
            continue
        rate = m.requests / m.seconds
        cells = (
            page.name,
            f"{rate:,.1f}",
            f"{clients / rate * 1000:,.1f}",
            f"{cpu.web:,.1f}",
            f"{cpu.database:,.1f}",
            f"{cpu.driver:,.1f}",
            f"{cpu.total:,.1f}",
        )
        print("| " + " | ".join(cells) + " |")
    print(f"({os.cpu_count()} cores: at most {os.cpu_count()} s of CPU a second for all three.)")


def database_server_pid() -> int:
    """The PostgreSQL server (postmaster): the parent of this connection's backend."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    connection.close()
    return parent_of(backend)


def main() -> None:
    scale = float(os.environ.get("SCALE", "1"))
    duration = float(os.environ.get("DURATION") or (10 if scale >= 0.5 else 5))
    clients_per_page = int(os.environ.get("CLIENTS", "10"))
    # A second pass where each client pauses between pages (THINK seconds on average, 0: none).
    thinking = float(os.environ.get("THINK", "1"))
    print(
        f"Scale benchmark: SCALE={scale}, DURATION={duration} s, {clients_per_page} clients, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
    )
    manage("migrate", "--no-input", "-v0")
    manage("collectstatic", "--no-input", "-v0")
    result = generate(scale, seed=int(os.environ.get("SEED", "11")))
    print(f"Generated in {result.seconds:.1f} s; database size {database_size()}")
    for label in (
        "auth.User",
        "promises.Organisation",
        "promises.Promise",
        "promises.Activity",
        "promises.StatusUpdate",
        "promises.HistoricalStatusUpdate",
        "followup.Report",
    ):
        print(f"  {label:35} {result.counts.get(label, 0):>10,}")
    pages = find_pages()
    queries = count_queries(pages) if os.environ.get("QUERIES", "1") != "0" else {}
    database_pid = database_server_pid() if available() else None
    connection.close()
    port = free_port()
    server = start_gunicorn(port)
    meter = CpuMeter(server.pid, database_pid) if database_pid else None
    try:
        sessions: dict[str | None, list[Client]] = {}
        begun = time.perf_counter()
        for user in dict.fromkeys(page.user for page in pages):
            group = [Client("127.0.0.1", port) for _ in range(clients_per_page)]
            for client in group:
                if user:
                    client.login(user, BENCHMARK_PASSWORD)
            sessions[user] = group
        print(
            f"Signed in {len(sessions) - 1} users × {clients_per_page} clients "
            f"in {time.perf_counter() - begun:.1f} s"
        )
        hello = hello_page()
        for think in (0.0, thinking) if thinking else (0.0,):
            print(
                f"\n{clients_per_page} clients per page, "
                + (f"each reading {think:g} s on average between pages" if think else "no pause")
            )
            rows = []
            for page in [hello, *pages, hello]:
                clients = sessions[page.user]
                statuses = warm_up(clients, page.path, WORKERS)
                seconds = duration * 2 if think else duration  # as many answers to rank
                before = meter.read() if meter else None
                measurement = drive(clients, page.path, seconds, think=think)
                cpu = meter.split(before, meter.read(), measurement.requests) if meter else None
                print(
                    f"  {page.name}: {measurement.requests} requests in "
                    f"{measurement.seconds:.1f} s (warm-up {statuses})",
                    flush=True,
                )
                rows.append((page, measurement, cpu))
            print_table(rows, queries)
            if not think:
                print_cpu_table(rows, clients_per_page)
        print(f"load average at the end: {os.getloadavg()[0]:.1f} (other processes skew the times)")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
