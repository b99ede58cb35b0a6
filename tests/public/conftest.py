"""What every test of the public pages shares: plain static files and the public world."""

import pytest

from tests.public.test_pages import build_public_world


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Outside DEBUG the settings pick WhiteNoise's manifest storage, which needs collectstatic."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def world(owner, adopted_promise, focus_area, activity, upplands_bro, outsider, jarfalla_police):
    return build_public_world(
        owner=owner,
        adopted_promise=adopted_promise,
        focus_area=focus_area,
        activity=activity,
        upplands_bro=upplands_bro,
        outsider=outsider,
        jarfalla_police=jarfalla_police,
    )
