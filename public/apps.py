from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The public pages, feeds and open data ("Följ med i hur det går!"). Model-less: it reads the
    promises app through its selectors and public QuerySets and writes nothing."""

    name = "public"
    verbose_name = _("Offentliga sidor")
