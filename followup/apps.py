from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "followup"
    verbose_name = _("Uppföljning")

    def ready(self):
        from promises.start_page import StartSection, register_start_section
        from situation.duty import register_follow_up_source

        from .duty_source import latest_issued_reports
        from .start import secretary_reports

        register_start_section(
            "followup-reports",
            StartSection(template="followup/start_reports.html", context=secretary_reports),
        )
        # The law's checklist (situation, a lower layer) reads the follow-ups done from here.
        register_follow_up_source("followup-reports", latest_issued_reports)
