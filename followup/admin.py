"""Reports in the Django admin: full history; issued reports are shown but cannot be changed.

The model guards refuse any change to an issued report, so the admin shows issued reports
read-only rather than letting a save fail.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from promises.admin import SwedishAdminMixin

from .models import DocumentProfile, Report, ReportActivityEntry, ReportDocument, ReportSignatory


class _FrozenWhenIssued:
    """Read-only once the report (or the report the part belongs to) is issued."""

    def _report_of(self, obj):
        return obj if isinstance(obj, Report) else getattr(obj, "report", None)

    def has_change_permission(self, request, obj=None):
        report = self._report_of(obj) if obj is not None else None
        if report is not None and not report.is_draft:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        report = self._report_of(obj) if obj is not None else None
        if report is not None and not report.is_draft:
            return False
        return super().has_delete_permission(request, obj)


class EntryInline(SwedishAdminMixin, _FrozenWhenIssued, admin.StackedInline):
    model = ReportActivityEntry
    extra = 0
    fields = ["activity", "follow_up", "include_internal", "verdict", "verdict_justification"]
    raw_id_fields = ["activity"]

    def has_add_permission(self, request, obj=None):
        return (obj is None or obj.is_draft) and super().has_add_permission(request, obj)


class SignatoryInline(SwedishAdminMixin, _FrozenWhenIssued, admin.TabularInline):
    model = ReportSignatory
    extra = 0
    fields = ["order", "name", "title"]

    def has_add_permission(self, request, obj=None):
        return (obj is None or obj.is_draft) and super().has_add_permission(request, obj)


class DocumentInline(SwedishAdminMixin, _FrozenWhenIssued, admin.TabularInline):
    model = ReportDocument
    extra = 0
    fields = ["order", "title", "date"]

    def has_add_permission(self, request, obj=None):
        return (obj is None or obj.is_draft) and super().has_add_permission(request, obj)


@admin.register(Report)
class ReportAdmin(SwedishAdminMixin, _FrozenWhenIssued, SimpleHistoryAdmin):
    list_display = [
        "title",
        "kind",
        "status",
        "version",
        "date",
        "recipient_body",
        "our_reference",
        "promise",
    ]
    list_filter = ["status", "kind", "promise__agreement__municipality"]
    search_fields = ["title", "our_reference", "recipient_body", "promise__title"]
    list_select_related = ["promise"]
    date_hierarchy = "date"
    raw_id_fields = ["promise", "replaces"]
    readonly_fields = ["snapshot", "pdf", "pdf_sha256", "issued_at", "issued_by", "created_at"]
    inlines = [SignatoryInline, DocumentInline, EntryInline]


@admin.register(ReportActivityEntry)
class ReportActivityEntryAdmin(SwedishAdminMixin, _FrozenWhenIssued, SimpleHistoryAdmin):
    list_display = ["report", "activity", "verdict"]
    list_filter = ["verdict"]
    list_select_related = ["report", "activity__focus_area"]
    raw_id_fields = ["report", "activity"]
    search_fields = ["report__title", "follow_up"]


@admin.register(ReportSignatory)
class ReportSignatoryAdmin(SwedishAdminMixin, _FrozenWhenIssued, SimpleHistoryAdmin):
    list_display = ["name", "title", "report"]
    list_select_related = ["report"]
    raw_id_fields = ["report"]
    search_fields = ["name", "title"]


@admin.register(ReportDocument)
class ReportDocumentAdmin(SwedishAdminMixin, _FrozenWhenIssued, SimpleHistoryAdmin):
    list_display = ["title", "date", "report"]
    list_select_related = ["report"]
    raw_id_fields = ["report"]
    search_fields = ["title"]


@admin.register(DocumentProfile)
class DocumentProfileAdmin(SwedishAdminMixin, SimpleHistoryAdmin):
    """Read-mostly: the kommun's coordinators edit the profile on its own page, where the logo
    passes its checks (followup.logos) and the sections theirs (followup.outline). Here the
    sections and the logo are shown, never changed, and a profile is not added."""

    list_display = ["municipality", "document_type", "uses_child_checklist", "font", "updated_at"]
    list_filter = ["document_type", "uses_child_checklist", "font"]
    list_select_related = ["municipality"]
    search_fields = ["municipality__name"]
    fields = [
        "municipality",
        "document_type",
        "uses_child_checklist",
        "font",
        "footer",
        "sections",
        "logo_type",
        "logo_sha256",
        "logo_alt",
        "updated_at",
    ]
    readonly_fields = ["municipality", "sections", "logo_type", "logo_sha256", "updated_at"]

    def has_add_permission(self, request):
        return False
