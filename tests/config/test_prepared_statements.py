"""Prepared statements on PostgreSQL: a query a connection sends again and again is parsed and
planned once (config/settings.py), on the suite's real PostgreSQL server, and can be turned off."""

import json

import pytest
from django.conf import settings
from django.db import connection

from promises.models import Organisation
from tests.test_project import PRODUCTION, _run

SETTINGS_OPTIONS = (
    "import json, config.settings as s; print(json.dumps(s.DATABASES['default'].get('OPTIONS')))"
)


def _options(**env) -> dict | None:
    done = _run("-c", SETTINGS_OPTIONS, **{**PRODUCTION, **env})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _prepared(marker: str) -> list[str]:
    """This connection's prepared statements that mention ``marker``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
            [f"%{marker}%"],
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_a_query_sent_again_is_prepared_once_on_the_connection():
    threshold = settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"]
    query = Organisation.objects.filter(slug="finns-inte").only("pk")  # .all(): sent anew
    for _ in range(threshold):
        assert list(query.all()) == []
    assert _prepared('"promises_organisation"."slug"') == []  # not yet: sent `threshold` times
    assert list(query.all()) == []
    (statement,) = _prepared('"promises_organisation"."slug"')
    assert "$1" in statement  # the value went apart from the query, to the server
    assert "finns-inte" not in statement
    assert list(query.all()) == []  # and the prepared statement answers
    assert len(_prepared('"promises_organisation"."slug"')) == 1


def test_production_on_postgresql_prepares_statements_unless_turned_off():
    assert _options() == {"server_side_binding": True, "prepare_threshold": 5}
    assert _options(DATABASE_PREPARE_THRESHOLD="2")["prepare_threshold"] == 2
    assert _options(DATABASE_PREPARED_STATEMENTS="false") is None
    assert _options(DATABASE_URL="sqlite:////tmp/lofteskollen-test.sqlite3") is None
