from django.contrib import admin

from .models import (
    Inspection,
    InspectionEvent,
    InspectionPlan,
    InspectionTeam,
    Recommendation,
    RecommendationResponse,
    Shortcoming,
)


class TeamInline(admin.TabularInline):
    model = InspectionTeam
    extra = 0
    fields = ["name", "leader", "leader_name"]
    raw_id_fields = ["leader"]
    show_change_link = True


@admin.register(InspectionPlan)
class InspectionPlanAdmin(admin.ModelAdmin):
    list_display = ["__str__", "agency", "year", "issued_on"]
    list_filter = ["year"]
    search_fields = ["number", "title", "agency__name"]
    autocomplete_fields = ["agency"]
    filter_horizontal = ["subject_units"]
    list_select_related = ["agency"]
    inlines = [TeamInline]


@admin.register(InspectionTeam)
class InspectionTeamAdmin(admin.ModelAdmin):
    list_display = ["name", "plan", "leader", "leader_name"]
    list_filter = ["plan__year"]
    search_fields = ["name", "leader_name", "external_members"]
    raw_id_fields = ["leader"]
    filter_horizontal = ["members"]
    list_select_related = ["plan", "leader"]


class ShortcomingInline(admin.TabularInline):
    model = Shortcoming
    extra = 0


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0
    fields = ["area", "content", "deadline", "responsible_unit", "status"]
    autocomplete_fields = ["responsible_unit"]
    show_change_link = True


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ["unit", "plan", "team", "scheduled_start", "actual_start", "status"]
    list_filter = ["status", "plan__year", "team"]
    search_fields = ["unit__name", "unit__code", "strengths"]
    autocomplete_fields = ["unit"]
    filter_horizontal = ["areas"]
    list_select_related = ["unit", "plan", "team"]
    inlines = [ShortcomingInline, RecommendationInline]


class ResponseInline(admin.TabularInline):
    model = RecommendationResponse
    extra = 0
    fields = ["author", "note", "document_reference", "evidence_name", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "responsible_unit", "area", "deadline", "status", "closed_on"]
    list_filter = ["status", "area", "inspection__plan__year"]
    search_fields = ["content", "responsible_unit__name"]
    autocomplete_fields = ["responsible_unit"]
    raw_id_fields = ["inspection", "task"]
    list_select_related = ["responsible_unit", "area"]
    date_hierarchy = "deadline"
    inlines = [ResponseInline]


@admin.register(InspectionEvent)
class InspectionEventAdmin(admin.ModelAdmin):
    """Read-only: history is immutable."""

    list_display = ["created_at", "kind", "plan", "inspection", "actor"]
    list_filter = ["kind"]
    list_select_related = ["plan", "inspection", "inspection__unit", "actor"]
    search_fields = ["note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
