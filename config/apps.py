from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectConfig(AppConfig):
    """The project itself as an app, so that project-wide code is wired up here and no app has to
    import ``config`` (the top of the project, which may import anything)."""

    name = "config"
    label = "project"
    verbose_name = _("Löfteskollen")

    def ready(self):
        from . import checks  # noqa: F401  (registers the production key check)
