from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Konton")

    def ready(self):
        from . import sessions  # noqa: F401  (receiver: remembers each sign-in's session)
