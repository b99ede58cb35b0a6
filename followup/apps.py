from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "followup"
    verbose_name = _("Uppföljning")

    def ready(self):
        from promises.start_page import StartSection, register_start_section

        from .start import secretary_reports

        register_start_section(
            "followup-reports",
            StartSection(template="followup/start_reports.html", context=secretary_reports),
        )
