from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from promises.admin import SwedishAdminMixin

from .models import NotificationPreference, PromiseFollow, SentNotification


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(SwedishAdminMixin, SimpleHistoryAdmin):
    list_display = ("user", "kind", "frequency")
    autocomplete_fields = ["user"]
    list_filter = ("kind", "frequency")
    search_fields = ("user__username", "user__email")


@admin.register(SentNotification)
class SentNotificationAdmin(SwedishAdminMixin, admin.ModelAdmin):
    list_display = ("user", "kind", "key", "state", "planned_for", "sent_at")
    list_filter = ("kind", "state")
    search_fields = ("user__username", "user__email", "key")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PromiseFollow)
class PromiseFollowAdmin(SwedishAdminMixin, admin.ModelAdmin):
    """Who follows what; a user follows with the button on the promise page (an administrator
    may only remove a follow)."""

    list_display = ("user", "promise", "created_at")
    search_fields = ("user__username", "user__email", "promise__title")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
