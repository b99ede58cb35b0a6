from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Invitation


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    """Read in the admin; invitations are made, sent again and revoked in the app (the link's
    e-mail goes out from there)."""

    list_display = (
        "email",
        "organisation",
        "role",
        "is_manager",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    )
    list_filter = ("organisation",)
    search_fields = ("email",)
    readonly_fields = (
        "organisation",
        "email",
        "role",
        "is_manager",
        "title",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
        "user",
    )

    def has_add_permission(self, request):
        return False
