from django.contrib import admin

from tasks.models import Task

from .models import Plan, PlanImport, ReformArea


@admin.register(ReformArea)
class ReformAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "order"]
    ordering = ["order"]


class TaskInline(admin.TabularInline):
    model = Task
    fk_name = "plan"
    extra = 0
    fields = ["area", "number", "content", "lead_unit", "deadline", "deadline_text", "status", "progress"]
    autocomplete_fields = ["lead_unit"]
    show_change_link = True
    ordering = ["area__order", "position"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "year", "issuing_unit", "issued_on", "status"]
    list_filter = ["year", "status", "issuing_unit"]
    search_fields = ["number", "title"]
    autocomplete_fields = ["issuing_unit", "parent"]
    list_select_related = ["issuing_unit"]
    inlines = [TaskInline]


@admin.register(PlanImport)
class PlanImportAdmin(admin.ModelAdmin):
    """Uploads of the import flow, for looking up who imported what; changed only by the flow."""

    list_display = ["original_name", "number", "year", "issuing_unit", "status", "created_by", "created_at", "plan"]
    list_filter = ["status", "year"]
    list_select_related = ["issuing_unit", "created_by", "plan"]
    search_fields = ["original_name", "number", "title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
