"""Project-wide guarantees: PostgreSQL with Swedish collation, migrations in step, settings."""

import os
import subprocess
import sys
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


def _run(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
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


@pytest.mark.django_db
def test_it_answers_in_swedish_even_to_a_browser_that_asks_for_english(client):
    response = client.get("/logga-in/", headers={"accept-language": "en-US,en;q=0.9"})
    content = response.content.decode()
    assert '<html lang="sv">' in content
    assert "Användarnamn" in content
