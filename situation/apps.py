from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "situation"
    verbose_name = _("Lägesbild")

    def ready(self):
        from promises.start_page import StartSection, register_start_section

        from . import public_revision  # noqa: F401  (its receiver: the public pages' revision)
        from .start import situation_overview

        register_start_section(
            "situation",
            StartSection(template="situation/start_section.html", context=situation_overview),
        )
