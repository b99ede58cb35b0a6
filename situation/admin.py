"""The lägesbild in the Django admin: full history; adopted versions are shown read-only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from promises.admin import SwedishAdminMixin

from .models import Assessment, Cause, Indicator, IndicatorValue, Problem


class _FrozenWhenAdopted:
    """Read-only once the lägesbild the object belongs to is adopted."""

    def _assessment_of(self, obj):
        if isinstance(obj, Assessment):
            return obj
        if isinstance(obj, Problem):
            return obj.assessment
        if isinstance(obj, Cause):
            return obj.problem.assessment
        return None

    def has_change_permission(self, request, obj=None):
        assessment = self._assessment_of(obj) if obj is not None else None
        if assessment is not None and assessment.is_adopted:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        assessment = self._assessment_of(obj) if obj is not None else None
        if assessment is not None and assessment.is_adopted:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Assessment)
class AssessmentAdmin(SwedishAdminMixin, _FrozenWhenAdopted, SimpleHistoryAdmin):
    list_display = ["title", "municipality", "version", "adopted_on", "publish_summary"]
    list_filter = ["municipality"]
    search_fields = ["title"]
    readonly_fields = ["version"]


@admin.register(Problem)
class ProblemAdmin(SwedishAdminMixin, _FrozenWhenAdopted, SimpleHistoryAdmin):
    list_display = ["title", "assessment", "number", "level"]
    list_select_related = ["assessment"]
    raw_id_fields = ["assessment"]
    filter_horizontal = ["indicators"]
    autocomplete_fields = ["promises"]


@admin.register(Cause)
class CauseAdmin(SwedishAdminMixin, _FrozenWhenAdopted, SimpleHistoryAdmin):
    list_display = ["__str__", "problem"]
    list_select_related = ["problem__assessment"]
    raw_id_fields = ["problem", "activities"]


class IndicatorValueInline(SwedishAdminMixin, admin.TabularInline):
    model = IndicatorValue
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(SwedishAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "municipality", "source", "kolada_kpi", "is_demo"]
    list_filter = ["municipality", "is_demo"]
    search_fields = ["name", "kolada_kpi"]
    inlines = [IndicatorValueInline]
