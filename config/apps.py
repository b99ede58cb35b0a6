from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectConfig(AppConfig):
    """The project itself as an app, so that project-wide code is wired up here and no app has to
    import ``config`` (the top of the project, which may import anything)."""

    name = "config"
    label = "project"
    verbose_name = _("Löfteskollen")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401  (registers the production key check)
        from .middleware import session_renewed_at_login

        user_logged_in.connect(session_renewed_at_login, dispatch_uid="session_renewed_at_login")
