from django.contrib import admin

from audit.models import AuditAction
from audit.services import audit_record
from plans.models import Plan
from tasks.models import Task


class TaskInline(admin.TabularInline):
    """The plan's tasks, read-only: a task changes on its own page, through the task services
    (tasks/admin.py), so that every change leaves history and checks the version."""

    model = Task
    fk_name = "plan"
    extra = 0
    fields = ["area", "number", "content", "lead_unit", "deadline", "deadline_text", "status", "progress"]
    readonly_fields = fields
    show_change_link = True
    ordering = ["area__order", "position"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "year", "issuing_unit", "issued_on", "status"]
    list_filter = ["year", "status", "issuing_unit"]
    search_fields = ["number", "title"]
    autocomplete_fields = ["issuing_unit", "parent"]
    list_select_related = ["issuing_unit"]
    inlines = [TaskInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action = AuditAction.PLAN_CHANGED if change else AuditAction.PLAN_CREATED
        audit_record(action=action, actor=request.user, request=request, target=obj, detail=f"status={obj.status}")

    def delete_model(self, request, obj):
        audit_record(action=AuditAction.PLAN_DELETED, actor=request.user, request=request, target=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for plan in queryset:
            audit_record(action=AuditAction.PLAN_DELETED, actor=request.user, request=request, target=plan)
        super().delete_queryset(request, queryset)
