from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("E-post")

    def ready(self):
        from . import news  # noqa: F401  (receivers: what others did is told after commit)
        from .digest import plan_weekly_digests
        from .due_dates import plan_due_date_reminders
        from .duty_reminders import plan_duty_reminders
        from .followed_updates import plan_followed_updates
        from .police_assignments import plan_police_assignments
        from .reminders import plan_activity_reminders
        from .scheduling import register_planner

        # In this order: whatever a planner keeps for the digest on a Monday is in that day's
        # digest, which is planned last.
        register_planner("activity-reminders", plan_activity_reminders)
        register_planner("followed-updates", plan_followed_updates)
        register_planner("police-assignments", plan_police_assignments)
        register_planner("due-date-reminders", plan_due_date_reminders)
        register_planner("duty-reminders", plan_duty_reminders)
        register_planner("weekly-digests", plan_weekly_digests)
