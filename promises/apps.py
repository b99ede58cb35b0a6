from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromisesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "promises"
    verbose_name = _("Löften")

    def ready(self):
        from . import (
            signals,  # noqa: F401  (checks every change reason before a write)
            summaries,  # noqa: F401  (keeps each activity's newest update beside it)
        )
