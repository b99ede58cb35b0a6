from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .forms import SwedishBlankChoiceMixin
from .models import (
    Activity,
    Agreement,
    Deletion,
    DueDate,
    FocusArea,
    Membership,
    Organisation,
    Promise,
    Signatory,
    StatusUpdate,
)


class SwedishAdminForm(SwedishBlankChoiceMixin, forms.ModelForm):
    """The admin's forms label the empty choice in Swedish, as the app's forms do."""


class SwedishAdminMixin:
    """For every ModelAdmin and inline of ours: Swedish throughout, not "- Select an option -"."""

    form = SwedishAdminForm


class DeleteThroughServiceMixin:
    """Deletions in the admin are recorded like the app's, so "Borttaget" can restore them."""

    def delete_model(self, request, obj):
        services.delete_restorable(instance=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.delete_restorable(instance=obj, user=request.user)


class MembershipInline(SwedishAdminMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class SignatoryInline(SwedishAdminMixin, admin.TabularInline):
    model = Signatory
    extra = 0
    fields = ["order", "name", "title"]


@admin.register(Organisation)
class OrganisationAdmin(SwedishAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "municipality_code", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "municipality_code"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["covered_municipalities"]
    inlines = [MembershipInline]

    def get_fields(self, request, obj=None):
        """The kind first (it decides what else applies); a kommun has no "Kommuner i området"."""
        fields = [name for name in super().get_fields(request, obj) if name != "kind"]
        if obj is not None and obj.kind != Organisation.Kind.POLICE_AREA:
            fields.remove("covered_municipalities")
        return ["kind", *fields]


@admin.register(Membership)
class MembershipAdmin(SwedishAdminMixin, SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role", "title"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Agreement)
class AgreementAdmin(SwedishAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "municipality",
        "police_area",
        "reference_number",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["municipality", "police_area"]
    search_fields = ["title", "reference_number"]
    list_select_related = ["municipality", "police_area"]
    inlines = [SignatoryInline]


@admin.register(Promise)
class PromiseAdmin(SwedishAdminMixin, DeleteThroughServiceMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "status", "period_start", "period_end", "agreement"]
    list_filter = ["kind", "status", "agreement__municipality"]
    search_fields = ["title", "reference_number"]
    list_select_related = ["agreement"]
    raw_id_fields = ["supersedes"]
    inlines = [SignatoryInline]


@admin.register(FocusArea)
class FocusAreaAdmin(SwedishAdminMixin, DeleteThroughServiceMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "promise"]
    list_filter = ["promise__agreement__municipality"]
    search_fields = ["title"]
    list_select_related = ["promise"]


@admin.register(Activity)
class ActivityAdmin(SwedishAdminMixin, DeleteThroughServiceMixin, SimpleHistoryAdmin):
    list_display = ["code", "description", "responsible", "target_count", "target_unit"]
    list_filter = ["responsible", "focus_area__promise__agreement__municipality"]
    search_fields = ["description", "partners"]
    list_select_related = ["focus_area"]


@admin.register(StatusUpdate)
class StatusUpdateAdmin(SwedishAdminMixin, DeleteThroughServiceMixin, SimpleHistoryAdmin):
    list_display = ["date", "activity", "status", "occurrences", "is_public", "author"]
    list_filter = ["status", "is_public"]
    search_fields = ["description"]
    list_select_related = ["activity__focus_area", "author"]
    raw_id_fields = ["activity"]


@admin.register(Signatory)
class SignatoryAdmin(SwedishAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "title", "agreement", "promise"]
    search_fields = ["name", "title"]


@admin.register(DueDate)
class DueDateAdmin(SwedishAdminMixin, SimpleHistoryAdmin):
    list_display = ["due_on", "title", "recipient", "promise", "agreement", "met_on"]
    list_select_related = ["promise", "agreement"]
    raw_id_fields = ["promise"]
    search_fields = ["title", "recipient"]


@admin.register(Deletion)
class DeletionAdmin(SwedishAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "deleted_at",
        "kind",
        "description",
        "municipality",
        "deleted_by",
        "restored_at",
    ]
    list_filter = ["municipality", "kind"]
    list_select_related = ["municipality", "deleted_by"]
