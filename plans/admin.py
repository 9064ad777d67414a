from django.contrib import admin

from .models import PlanImport, ReformArea

# Plan itself is registered by planning/admin.py: its page lists the plan's tasks.


@admin.register(ReformArea)
class ReformAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "order"]
    ordering = ["order"]


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
