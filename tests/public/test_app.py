"""The public app is model-less: it shows what the other apps hold and stores nothing itself."""

from django.apps import apps


def test_it_has_no_models_of_its_own():
    assert list(apps.get_app_config("public").get_models()) == []
