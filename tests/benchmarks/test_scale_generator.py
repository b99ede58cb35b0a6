"""The scale benchmark's generator (benchmarks/scale) at a tiny scale, so that it cannot rot
unseen: it writes what its plan says, a history row for every object, and data the app accepts
(every object passes its model's validation and every page shape of the benchmark answers 200)."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count

from benchmarks.scale.generate import GENERATED_MODELS, generate
from benchmarks.scale.pages import find_pages
from benchmarks.scale.writer import history_model
from followup.models import Report
from promises.models import (
    Activity,
    Membership,
    Organisation,
    Promise,
    StatusUpdate,
)

SCALE = 0.002


@pytest.fixture
def generated(db):
    return generate(SCALE, log=lambda *args: None)


def test_it_writes_what_the_plan_says(generated):
    plan = generated.plan
    kommuner = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
    areas = Organisation.objects.filter(kind=Organisation.Kind.POLICE_AREA).annotate(
        covers=Count("covered_municipalities")
    )
    assert kommuner.count() == plan.kommuner
    assert sorted(area.covers for area in areas)[-1] == 6
    assert sum(area.covers for area in areas) == plan.kommuner  # each kommun in one area
    assert Promise.objects.count() == plan.promises
    assert Activity.objects.count() == plan.activities
    assert StatusUpdate.objects.count() == plan.updates
    assert get_user_model().objects.count() == plan.users
    sizes = Promise.objects.annotate(size=Count("focus_areas__activities"))
    assert max(p.size for p in sizes) == plan.largest_promise
    timelines = Activity.objects.annotate(n=Count("status_updates"))
    assert max(a.n for a in timelines) == plan.longest_timeline
    assert {p.status for p in Promise.objects.all()} == set(Promise.Status.values)
    assert StatusUpdate.objects.filter(is_public=True).exists()
    assert StatusUpdate.objects.filter(is_public=False).exists()
    assert Report.objects.filter(status=Report.Status.ISSUED).exists()
    for kommun in kommuner:
        roles = set(kommun.memberships.values_list("role", flat=True))
        assert {Membership.Role.COORDINATOR, Membership.Role.SECRETARY} <= roles
    assert all(area.memberships.filter(role=Membership.Role.POLICE) for area in areas)


def test_every_object_has_its_creation_row_and_versions_match(generated):
    for model in GENERATED_MODELS:
        history = history_model(model)
        if history is None or model._meta.auto_created:
            continue
        created = history.objects.filter(history_type="+").values("id")
        assert not model.objects.exclude(pk__in=created).exists(), model
        if any(f.name == "lock_version" for f in model._meta.fields):
            rows = dict(history.objects.values_list("id").annotate(n=Count("history_id")))
            assert all(rows[pk] == v for pk, v in model.objects.values_list("pk", "lock_version"))
    assert StatusUpdate.history.filter(history_type="~").exclude(history_change_reason="").exists()
    assert Promise.history.filter(history_type="~").exists()


def test_the_data_is_valid_for_the_app(generated, client):
    for model in GENERATED_MODELS:
        if model._meta.auto_created or history_model(model) is None:
            continue
        for obj in model.objects.all()[:40]:
            obj.full_clean()
    users = get_user_model().objects
    for page in find_pages():
        client.logout()
        if page.user:
            client.force_login(users.get(username=page.user))
        response = client.get(page.path)
        assert response.status_code == 200, page
