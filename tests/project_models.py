"""The models of the apps whose code lives in this repository (not Django's, not libraries')."""

from pathlib import Path

from django.apps import apps
from django.conf import settings


def project_models(*, historical: bool = True):
    root = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if root not in path.parents or ".venv" in path.parts:
            continue
        for model in config.get_models():
            if historical or not model.__name__.startswith("Historical"):
                yield model
