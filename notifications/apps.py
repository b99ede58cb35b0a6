from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("E-post")

    def ready(self):
        from .reminders import plan_activity_reminders
        from .scheduling import register_planner

        register_planner("activity-reminders", plan_activity_reminders)

        from .digest import plan_weekly_digests
        from .due_dates import plan_due_date_reminders

        register_planner("due-date-reminders", plan_due_date_reminders)
        register_planner("weekly-digests", plan_weekly_digests)
