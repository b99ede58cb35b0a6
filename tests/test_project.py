"""Project-wide guarantees: PostgreSQL with Swedish collation, migrations in step, settings."""

import ast
import os
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_it_runs_on_postgresql_with_swedish_sorting():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w FROM (VALUES ('Örebro'), ('Arboga'), ('Ängelholm'), ('Åre'), ('Zinkgruvan')) "
            "AS t(w) ORDER BY w"
        )
        assert [row[0] for row in cursor.fetchall()] == [
            "Arboga",
            "Zinkgruvan",
            "Åre",
            "Ängelholm",
            "Örebro",
        ]


@pytest.mark.django_db
def test_it_has_migrations_for_every_model_change():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


# Set for the suite (the Makefile; the browser tests' conftest); a subprocess that stands for
# production starts without them.
SUITE_ONLY = {
    "SECRET_KEY",
    "DEBUG",
    "DATABASE_URL",
    "SECURE_COOKIES",
    "SECURE_SSL_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}
PRODUCTION = {
    "SECRET_KEY": "k7Qx2mVb9RtLw4NpZs8HcJd3FyGa6UeXo1Ki5TnBq0WrMv7Plh",  # 50 random characters
    "ALLOWED_HOSTS": "loften.example.se",
    "DATABASE_URL": "postgresql://lofteskollen@db.example.se:5432/lofteskollen",
    "EMAIL_HOST": "smtp.example.se",
}


def _run(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in SUITE_ONLY}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def _start_wsgi(**env):
    """What gunicorn does at start-up: import the WSGI application."""
    return _run("-c", "import config.wsgi; print('started')", **env)


def test_it_refuses_to_start_in_production_without_a_secret_key():
    result = _start_wsgi(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "started" not in result.stdout


def test_it_refuses_a_weak_secret_key_in_production():
    result = _start_wsgi(DEBUG="false", SECRET_KEY="django-insecure-abc")
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_it_starts_in_production_with_a_real_secret_key():
    result = _start_wsgi(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.se")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_it_fails_the_deploy_check_without_a_secret_key():
    result = _run("manage.py", "check", "--deploy", DEBUG="false")
    assert result.returncode != 0
    assert "lofteskollen.E001" in result.stderr


def test_it_runs_check_and_makemigrations_in_a_bare_checkout():
    """Commands that sign nothing need no environment at all (a developer's first look)."""
    check = _run("manage.py", "check")
    assert check.returncode == 0, check.stderr
    assert "no issues" in check.stdout
    migrations = _run("manage.py", "makemigrations", "--check", "--dry-run")
    assert migrations.returncode == 0, migrations.stderr + migrations.stdout


def test_it_uses_swedish_and_stockholm_time(settings):
    assert settings.LANGUAGE_CODE == "sv"
    assert settings.TIME_ZONE == "Europe/Stockholm"


def test_ruff_finds_nothing_to_fix():
    ruff = Path(sys.executable).parent / "ruff"
    check = subprocess.run([ruff, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    fmt = subprocess.run([ruff, "format", "--check", "."], cwd=ROOT, capture_output=True, text=True)
    assert fmt.returncode == 0, fmt.stdout


def test_it_keeps_every_import_contract_between_the_apps():
    """pyproject.toml's import-linter contracts (layers config → public | demo → followup →
    promises; promises imports no other package; no app imports another app's views) hold, over
    every app of the project."""
    linter = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "importlinter"
    ]
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps <= set(linter["root_packages"]), "an app is missing from the contracts"
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [lint, "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(linter['contracts'])} kept, 0 broken." in result.stdout


@pytest.mark.django_db
def test_it_answers_in_swedish_even_to_a_browser_that_asks_for_english(client):
    response = client.get("/logga-in/", headers={"accept-language": "en-US,en;q=0.9"})
    content = response.content.decode()
    assert '<html lang="sv">' in content
    assert "Användarnamn" in content


def test_it_fails_the_deploy_check_when_e_mail_would_only_be_printed():
    without_mail = {name: value for name, value in PRODUCTION.items() if name != "EMAIL_HOST"}
    result = _run("manage.py", "check", "--deploy", **without_mail)
    assert result.returncode != 0
    assert "mail.E001" in result.stderr


def test_it_passes_the_deploy_check_with_the_documented_production_variables():
    result = _run("manage.py", "check", "--deploy", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def _production_settings(*names, **env):
    script = (
        "import django; django.setup(); from django.conf import settings; "
        f"print(repr([getattr(settings, name, None) for name in {list(names)!r}]))"
    )
    result = _run("-c", script, **{**PRODUCTION, **env})
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip())


def test_it_turns_on_https_redirect_and_hsts_by_default_in_production():
    redirect, hsts, subdomains, preload = _production_settings(
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
    )
    assert (redirect, hsts, subdomains, preload) == (True, 31_536_000, True, False)
    assert _production_settings("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", DEBUG="true") == [
        False,
        0,
    ]
    assert _production_settings(
        "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", SECURE_SSL_REDIRECT="false"
    ) == [False, 31_536_000]


def test_it_trusts_x_forwarded_proto_only_when_told_that_a_proxy_sets_it():
    assert _production_settings("SECURE_PROXY_SSL_HEADER") == [None]
    assert _production_settings("SECURE_PROXY_SSL_HEADER", TRUST_X_FORWARDED_PROTO="true") == [
        ("HTTP_X_FORWARDED_PROTO", "https")
    ]


def test_it_ends_sessions_after_a_configurable_idle_time():
    assert _production_settings("SESSION_COOKIE_AGE", "SESSION_REFRESH_SECONDS") == [
        8 * 60 * 60,
        5 * 60,
    ]
    assert _production_settings(
        "SESSION_COOKIE_AGE", "SESSION_REFRESH_SECONDS", SESSION_IDLE_SECONDS="1800"
    ) == [1800, 180]


def test_it_answers_503_in_swedish_when_postgresql_is_not_running():
    """A real app process whose database server does not answer (a closed port)."""
    script = (
        "import django; django.setup(); from django.test import Client; "
        "response = Client(raise_request_exception=False).get('/', secure=True); "
        "print(response.status_code, response['Retry-After']); "
        "print(response.content.decode())"
    )
    result = _run(
        "-c",
        script,
        **{
            **PRODUCTION,
            "ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": "postgresql://lofteskollen@127.0.0.1:1/lofteskollen",
        },
    )
    assert result.returncode == 0, result.stderr
    first_line, page = result.stdout.split("\n", 1)
    assert first_line == "503 30"
    assert "Löfteskollen är tillfälligt otillgänglig" in page


def _listening_port(sock: socket.socket) -> int:
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock.getsockname()[1]


def _check_port(port: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, ROOT / "scripts" / "check-port", str(port)],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )


def test_it_says_at_once_that_the_port_of_make_run_is_taken():
    with socket.socket() as server:
        port = _listening_port(server)
        started = time.monotonic()
        result = _check_port(port)
        elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert f"Porten {port} är upptagen" in result.stderr
    assert f"Port {port} is taken: stop what uses it or run make run PORT=" in result.stderr
    assert elapsed < 1


def test_it_lets_make_run_serve_on_a_free_port():
    with socket.socket() as server:
        port = _listening_port(server)
    # The server has stopped: the port is free again.
    result = _check_port(port)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_it_checks_the_port_before_make_run_installs_or_seeds_anything():
    with socket.socket() as server:
        port = _listening_port(server)
        result = subprocess.run(
            ["make", "--no-print-directory", "run", f"PORT={port}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert result.returncode != 0
    assert f"Port {port} is taken" in result.stderr
    assert "pip" not in result.stdout + result.stderr
    assert "migrate" not in result.stdout + result.stderr
