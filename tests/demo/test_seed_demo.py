"""``manage.py seed_demo``: demo data for a local run, idempotent and refused outside DEBUG."""

from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import F, Q
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from demo.loader import DEMO_PASSWORD, demo_accounts, load_demo_data
from demo.summary import Outcome
from promises.models import (
    Activity,
    Agreement,
    FocusArea,
    Membership,
    Organisation,
    Promise,
    Signatory,
    StatusUpdate,
)
from promises.periods import TargetPeriod
from promises.selectors import activity_progress

pytestmark = pytest.mark.django_db

# Hashing the demo passwords with the production hasher would dominate the run time.
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]

CHAIN_MODELS = [
    Organisation,
    Membership,
    Signatory,
    Agreement,
    Promise,
    FocusArea,
    Activity,
    StatusUpdate,
]


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = FAST_HASHER
    return settings


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for a class of read-only tests, in a transaction rolled back after the class.

    The function-scoped ``settings`` fixture cannot serve a class, hence ``override_settings``. Each
    test still runs in its own savepoint (pytest-django's ``db``), so no test affects the next.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(DEBUG=True, PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        seed()
        yield
        transaction.set_rollback(True)


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows per model of the chain, its history tables and the accounts."""
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in {"promises", "auth"}
    ]
    return {model._meta.label: model.objects.count() for model in models}


def every_value() -> dict[str, list[dict]]:
    models = [*CHAIN_MODELS, get_user_model()]
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}


def test_it_gives_exactly_the_same_data_when_run_twice(debug):
    seed()
    counts, values = row_counts(), every_value()

    output = seed()

    assert row_counts() == counts
    assert every_value() == values
    assert counts["promises.StatusUpdate"] > 100
    assert counts["promises.HistoricalStatusUpdate"] == counts["promises.StatusUpdate"]
    summary_lines = [line for line in output.splitlines() if " nya, " in line]
    assert summary_lines
    assert all(": 0 nya, 0 ändrade" in line for line in summary_lines), output


def test_it_reports_what_it_created_and_then_that_nothing_changed(debug):
    first = load_demo_data()
    second = load_demo_data()

    assert first.total(Outcome.CREATED) == second.total(Outcome.UNCHANGED) > 0
    assert second.total(Outcome.CREATED) == 0
    assert second.total(Outcome.UPDATED) == 0


def test_it_restores_demo_values_that_someone_changed(debug):
    seed()
    promise = Promise.objects.get(title="Medborgarlöfte Knivsta kommun 2024–2025")
    promise.purpose = "Ändrat under en demo."
    promise.save()
    polis = get_user_model().objects.get(username="polis")
    polis.set_password("något annat")
    polis.save()

    seed()

    promise.refresh_from_db()
    assert promise.purpose.startswith("Inom samverkansöverenskommelsen")
    assert promise.history.first().history_user.username == "samordnare"
    polis.refresh_from_db()
    assert polis.check_password(DEMO_PASSWORD)


def test_it_skips_updates_dated_after_today(debug):
    load_demo_data(today=date(2024, 6, 30))

    latest = StatusUpdate.objects.latest("date").date
    assert date(2024, 1, 1) < latest <= date(2024, 6, 30)


def test_it_prints_nothing_at_verbosity_zero(debug):
    out = StringIO()
    call_command("seed_demo", verbosity=0, stdout=out)

    assert out.getvalue() == ""
    assert StatusUpdate.objects.exists()


def test_it_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG=true"):
        seed()

    assert not Organisation.objects.exists()
    assert not get_user_model().objects.exists()


@pytest.mark.usefixtures("seeded")
class TestTheDemoData:
    """Read-only checks of one seeded database."""

    def test_it_lets_every_demo_account_log_in_with_the_demo_password(self, client):
        usernames = [account.username for account in demo_accounts()]
        assert {"admin", "samordnare", "polis", "sekreterare", "samordnare-ub"} <= set(usernames)
        for username in usernames:
            # Through the login form: the lockout backend (django-axes) needs the request.
            response = client.post(
                reverse("login"), {"username": username, "password": DEMO_PASSWORD}
            )
            assert response.status_code == 302, username
            client.logout()
        admin = get_user_model().objects.get(username="admin")
        assert admin.is_superuser and admin.is_staff

    def test_it_gives_each_demo_account_its_role(self):
        roles = {
            (m.user.username, m.organisation.slug): (m.role, m.title)
            for m in Membership.objects.select_related("user", "organisation")
        }
        assert roles[("samordnare", "knivsta")][0] == Membership.Role.COORDINATOR
        assert roles[("polis", "lpo-uppsala-knivsta")][0] == Membership.Role.POLICE
        assert roles[("sekreterare", "knivsta")][0] == Membership.Role.SECRETARY
        assert roles[("samordnare-ub", "upplands-bro")][0] == Membership.Role.COORDINATOR
        managers = Membership.objects.filter(is_manager=True).values_list(
            "user__username", "organisation__slug"
        )
        assert list(managers) == [("forvaltare", "knivsta")]
        assert all(title for _role, title in roles.values())
        assert all(user.first_name and user.last_name for user in get_user_model().objects.all())

    def test_it_lets_the_kungsor_police_area_cover_three_kommuner(self):
        kungsor = Organisation.objects.get(municipality_code="0484")
        area = kungsor.police_areas.get()
        assert area.name == "Lokalpolisområde Västra Mälardalen"
        codes = set(area.covered_municipalities.values_list("municipality_code", flat=True))
        assert codes == {"0484", "1983", "1984"}

    def test_it_gives_knivsta_four_focus_areas_and_kungsor_three(self):
        def areas(code):
            promise = Promise.objects.get(
                kind=Promise.Kind.CITIZEN_PROMISE,
                agreement__municipality__municipality_code=code,
            )
            return promise, list(
                promise.focus_areas.order_by("number").values_list("number", flat=True)
            )

        knivsta, knivsta_areas = areas("0330")
        assert (knivsta.period_start, knivsta.period_end) == (date(2024, 1, 1), date(2025, 12, 31))
        assert knivsta_areas == [1, 2, 3, 4]
        kungsor, kungsor_areas = areas("0484")
        assert (kungsor.period_start, kungsor.period_end) == (date(2024, 1, 1), date(2024, 12, 31))
        assert kungsor_areas == [1, 2, 3]

    def test_it_numbers_the_upplands_bro_action_plan_1_1_to_4_6(self):
        plan = Promise.objects.get(
            kind=Promise.Kind.ACTION_PLAN, agreement__reference_number="KS 21/0531"
        )
        activities = Activity.objects.filter(focus_area__promise=plan).select_related("focus_area")
        codes = [a.code for a in activities.order_by("focus_area__number", "number")]
        expected = [
            f"{area}:{number}"
            for area, count in ((1, 7), (2, 4), (3, 8), (4, 6))
            for number in range(1, count + 1)
        ]
        assert codes == expected

    def test_it_gives_upplands_bro_its_quantified_commitments(self):
        promise = Promise.objects.get(reference_number="KS 22/0091")
        targets = {
            (a.target_count, a.target_unit, a.target_period)
            for a in Activity.objects.filter(
                focus_area__promise=promise, target_count__isnull=False
            )
        }
        assert targets == {
            (1, "mobila medborgardialoger", TargetPeriod.TERM),
            (2, "tematräffar", TargetPeriod.TERM),
            (4, "narkotikainsatser", TargetPeriod.WHOLE_PERIOD),
            (1, "föräldraföreläsningar", TargetPeriod.SCHOOL_YEAR),
            (6, "synlighetsinsatser", TargetPeriod.YEAR),
        }
        gvi = Activity.objects.get(focus_area__promise=promise, description__contains="GVI")
        assert gvi.partners == "Kriminalvården"
        drugs = Activity.objects.get(focus_area__promise=promise, target_unit="narkotikainsatser")
        progress = activity_progress(drugs)[0]
        assert (progress.achieved, progress.target) == (3, 4)

    def test_it_dates_every_update_within_its_promise_and_never_in_the_future(self):
        updates = StatusUpdate.objects.all()
        assert updates.exists()
        assert not updates.filter(date__gt=timezone.localdate()).exists()
        outside = updates.filter(
            Q(date__lt=F("activity__focus_area__promise__period_start"))
            | Q(date__gt=F("activity__focus_area__promise__period_end"))
        )
        assert list(outside) == []

    def test_it_mixes_statuses_visibility_and_demo_authors(self):
        statuses = set(StatusUpdate.objects.values_list("status", flat=True))
        assert {"pagar", "genomford", "forsenad", "installd"} <= statuses
        assert set(StatusUpdate.objects.values_list("is_public", flat=True)) == {True, False}
        authors = set(StatusUpdate.objects.values_list("author__username", flat=True))
        assert authors <= {account.username for account in demo_accounts()}
        assert {"samordnare", "polis", "samordnare-ub"} <= authors
        for promise in Promise.objects.all():
            updates = StatusUpdate.objects.filter(activity__focus_area__promise=promise)
            assert updates.exists(), promise
            assert promise.signatories.count() >= 2, promise

    def test_it_records_an_author_for_every_history_row(self):
        for model in CHAIN_MODELS:
            history = model.history.model.objects
            assert history.exists(), model
            assert not history.filter(history_user__isnull=True).exists(), model

    def test_it_writes_only_objects_that_pass_full_clean(self):
        failures = []
        for model in [*CHAIN_MODELS, get_user_model()]:
            for obj in model.objects.all():
                try:
                    obj.full_clean()
                except ValidationError as error:
                    failures.append(f"{model.__name__} {obj.pk}: {error}")
        assert failures == []
