from django.contrib import admin

from .history import record_event, snapshot
from .models import Task, TaskEvent, TaskEventKind
from .workflow_models import CompletionReport, Evidence, ExtensionRequest


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "area", "lead_unit", "deadline", "status", "progress", "completed_on"]
    list_filter = ["status", "area", "plan__year", "plan", "is_recurring"]
    search_fields = ["content", "number", "expected_output", "lead_unit__name", "plan__number"]
    autocomplete_fields = ["lead_unit", "coordinating_units", "parent_task"]
    list_select_related = ["plan", "area", "lead_unit"]
    date_hierarchy = "deadline"
    readonly_fields = ["version", "extension_count", "original_deadline"]

    def save_model(self, request, obj, form, change):
        """Admin edits are history too: an EDITED entry, and a new version so that a unit's
        open form conflicts instead of overwriting the correction."""
        if not change:
            super().save_model(request, obj, form, change)
            record_event(task=obj, kind=TaskEventKind.CREATED, actor=request.user, before=None)
            return
        before = snapshot(Task.objects.get(pk=obj.pk))
        obj.version += 1
        super().save_model(request, obj, form, change)
        changed = ", ".join(form.changed_data) or "–"
        record_event(
            task=obj,
            kind=TaskEventKind.EDITED,
            actor=request.user,
            before=before,
            note=f"Sửa trong trang quản trị: {changed}",
        )


@admin.register(TaskEvent)
class TaskEventAdmin(admin.ModelAdmin):
    """Read-only: history is immutable."""

    list_display = ["task", "kind", "effective_on", "created_at", "actor", "status_before", "status_after"]
    list_filter = ["kind"]
    list_select_related = ["task", "actor"]
    search_fields = ["task__content", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Workflow records are written by tasks/services.py only; the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CompletionReport)
class CompletionReportAdmin(ReadOnlyAdmin):
    list_display = ["task", "status", "completed_on", "submitted_by", "submitted_at", "is_late", "decided_by"]
    list_filter = ["status", "is_late"]
    list_select_related = ["task", "submitted_by", "decided_by"]
    search_fields = ["task__content", "note", "decision_note"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["task", "original_name", "document_number", "document_date", "uploaded_by", "created_at"]
    list_select_related = ["task", "uploaded_by"]
    search_fields = ["original_name", "document_number", "document_title", "task__content"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyAdmin):
    list_display = ["task", "status", "current_deadline", "requested_deadline", "requested_by", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["task", "requested_by", "decided_by"]
