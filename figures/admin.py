from django.contrib import admin

from .models import FigureSubmission, Indicator, IndicatorValue, ReportingPeriod


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "year", "kind", "start", "cutoff", "due_date"]
    list_filter = ["year", "kind"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "unit_of_measure", "group", "order", "aggregate", "is_active"]
    list_filter = ["group", "aggregate", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "code"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["unit", "indicator", "period", "value", "entered_by", "entered_at"]
    list_filter = ["period", "indicator__group"]
    search_fields = ["unit__name", "indicator__name"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["entered_by"]
    list_select_related = ["unit", "indicator", "period", "entered_by"]


@admin.register(FigureSubmission)
class FigureSubmissionAdmin(admin.ModelAdmin):
    """Read-only: the submission date is what late and missing reports are judged on. A
    submission made by mistake may be deleted; the unit then submits again."""

    list_display = ["unit", "period", "submitted_at", "submitted_by", "values_count"]
    list_filter = ["period"]
    search_fields = ["unit__name"]
    list_select_related = ["unit", "period", "submitted_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
