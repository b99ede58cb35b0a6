from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data for a local run (``manage.py seed_demo``): the top layer, it writes through the
    services of both ``promises`` and ``followup``. No models."""

    name = "demo"
    verbose_name = _("Demodata")
