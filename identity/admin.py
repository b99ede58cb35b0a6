from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from promises.admin import SwedishAdminMixin

from .models import IdentityProvider


@admin.register(IdentityProvider)
class IdentityProviderAdmin(SwedishAdminMixin, SimpleHistoryAdmin):
    list_display = ["display_name", "organisation", "issuer", "enabled", "local_passwords_allowed"]
    list_filter = ["enabled", "local_passwords_allowed"]
    search_fields = ["display_name", "organisation__name", "issuer"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
