"""Fixtures shared by the whole suite: two kommuner with their police areas, and one user per role.

``owner`` is Knivsta's coordinator, ``police`` a police contact whose area covers Knivsta,
``secretary`` Knivsta's committee secretary (read-only), and ``outsider`` a coordinator of another
kommun, who must never learn that Knivsta's objects exist.
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection

from promises import services
from promises.models import Activity, Membership, Organisation


def pytest_configure(config):
    from django.conf import settings

    # Production hashes passwords slowly on purpose; the suite creates hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests serve static files from the source folders; production uses the hashed manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True
    # Nothing reaches Kolada from the tests: a port nobody listens on, unless a test starts the
    # local Kolada (tests/situation/kolada_server.py), which points the client at itself.
    settings.KOLADA_BASE_URL = "http://127.0.0.1:9/v3"
    # The models have looked up their storages already (Report.pdf's "reports"): let them, and
    # Django's own storage handler, see the changed STORAGES, as an override_settings would.
    import django.test.signals  # noqa: F401  Django's receivers, storages_changed among them
    from django.core.signals import setting_changed

    setting_changed.send(
        sender=type(settings), setting="STORAGES", value=settings.STORAGES, enter=True
    )


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        return f"database: {engine} (not PostgreSQL)"
    import psycopg

    params = settings.DATABASES["default"]
    conninfo = {
        "dbname": params.get("NAME") or "postgres",
        "user": params.get("USER") or None,
        "host": params.get("HOST") or None,
        "port": params.get("PORT") or None,
    }
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}) as conn:
        version = conn.execute("SELECT version()").fetchone()[0]
        collation = conn.execute(
            "SELECT daticulocale FROM pg_database WHERE datname = current_database()"
        ).fetchone()[0]
    return f"database: {version} (ICU locale {collation})"


@pytest.fixture(autouse=True, scope="session")
def _require_postgresql(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql", (
            "The suite runs against PostgreSQL: use make test."
        )


def analyze_tables() -> None:
    """Refresh PostgreSQL's statistics after loading a lot of data in a test.

    Earlier tests leave the tables analysed while empty; the planner then believes they hold one
    row and picks nested loops that take minutes on the demo data. A real deployment has
    autovacuum's statistics; a test that seeds the demo must refresh them itself. ANALYZE sees the
    test transaction's own rows."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@pytest.fixture
def make_user(db):
    def make(username: str, *, organisation: Organisation | None = None, role: str = "", **extra):
        user = get_user_model().objects.create_user(
            username=username, password="test-password", **extra
        )
        if organisation is not None:
            Membership.objects.create(user=user, organisation=organisation, role=role)
        return user

    return make


@pytest.fixture
def knivsta(db):
    return Organisation.objects.create(
        kind=Organisation.Kind.MUNICIPALITY,
        name="Knivsta kommun",
        slug="knivsta",
        municipality_code="0330",
        office="Kommunledningskontoret",
    )


@pytest.fixture
def upplands_bro(db):
    return Organisation.objects.create(
        kind=Organisation.Kind.MUNICIPALITY,
        name="Upplands-Bro kommun",
        slug="upplands-bro",
        municipality_code="0139",
    )


@pytest.fixture
def uppsala_police(knivsta):
    area = Organisation.objects.create(
        kind=Organisation.Kind.POLICE_AREA, name="Lokalpolisområde Uppsala/Knivsta", slug="lpo-uk"
    )
    area.covered_municipalities.add(knivsta)
    return area


@pytest.fixture
def jarfalla_police(upplands_bro):
    area = Organisation.objects.create(
        kind=Organisation.Kind.POLICE_AREA,
        name="Lokalpolisområde Järfälla/Upplands-Bro",
        slug="lpo-jub",
    )
    area.covered_municipalities.add(upplands_bro)
    return area


@pytest.fixture
def owner(make_user, knivsta):
    return make_user("samordnare", organisation=knivsta, role=Membership.Role.COORDINATOR)


@pytest.fixture
def police(make_user, uppsala_police):
    return make_user("polis", organisation=uppsala_police, role=Membership.Role.POLICE)


@pytest.fixture
def secretary(make_user, knivsta):
    return make_user("sekreterare", organisation=knivsta, role=Membership.Role.SECRETARY)


@pytest.fixture
def outsider(make_user, upplands_bro, jarfalla_police):
    return make_user("samordnare-ub", organisation=upplands_bro, role=Membership.Role.COORDINATOR)


@pytest.fixture
def agreement(owner, knivsta, uppsala_police):
    return services.create_agreement(
        user=owner,
        municipality=knivsta,
        police_area=uppsala_police,
        title="Samverkansöverenskommelse Knivsta 2023–2026",
        reference_number="KS-2023/147",
        valid_from=date(2023, 1, 1),
        valid_to=date(2026, 12, 31),
        goals="Bredare lägesbild\nVåldsprevention",
    )


@pytest.fixture
def promise(owner, agreement):
    return services.create_promise(
        user=owner,
        agreement=agreement,
        title="Medborgarlöfte Knivsta 2024–2025",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
        purpose="Ett gemensamt brottsförebyggande arbete.",
    )


@pytest.fixture
def adopted_promise(owner, promise):
    return services.adopt_promise(
        promise=promise,
        user=owner,
        adopted_by="Kommunstyrelsen",
        adopted_on=date(2024, 1, 29),
        adoption_paragraph="§ 6",
    )


@pytest.fixture
def focus_area(owner, promise):
    return services.create_focus_area(
        user=owner, promise=promise, title="Insatser i samverkan mot narkotika"
    )


@pytest.fixture
def activity(owner, focus_area):
    return services.create_activity(
        user=owner,
        focus_area=focus_area,
        description="Planerade narkotikainsatser tillsammans med beroendemottagningen.",
        responsible=Activity.Responsible.JOINT,
        contact_persons="Kim Exempelsson, kommunpolis",
        target_count=4,
        target_unit="narkotikainsatser",
        target_period="ar",
    )


@pytest.fixture
def municipal_activity(owner, focus_area):
    return services.create_activity(
        user=owner,
        focus_area=focus_area,
        description="Kommunen skriver en ANDTS-handlingsplan.",
        responsible=Activity.Responsible.MUNICIPALITY,
    )


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches: a page kept by an earlier test, whose data was rolled
    back, must not answer for this one's (public pages are kept under their ETag)."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path_factory):
    """Issued PDFs (the demo data issues some) go to a throwaway folder, never to media/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
