from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Task, TaskEvent, TaskSource
from .workflow_models import CompletionReport, Evidence, ExtensionRequest


class TaskAdminForm(forms.ModelForm):
    """The admin's task form carries the version it was loaded at and asks why, like every
    other change of a task: the save goes through tasks/services/ (task_create/task_edit)."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        label=_("Lý do thay đổi"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    change_document = forms.CharField(
        label=_("Văn bản quyết định"),
        max_length=255,
        required=False,
        help_text=_("Số, ngày của văn bản căn cứ, nếu có"),
    )

    class Meta:
        model = Task
        # What a plan edit may change (tasks.services), the plan it belongs to and its coordinating units.
        fields = ["plan", *services.TASK_FIELDS, "coordinating_units"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["loaded_version"] = self.instance.version

    def clean(self):
        data = super().clean()
        if self.instance.pk is None:
            return data
        if not (data.get("change_reason") or "").strip():
            self.add_error("change_reason", _("Nêu lý do thay đổi."))
        current = Task.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
        if data.get("loaded_version") != current:
            raise forms.ValidationError(
                _("Nhiệm vụ đã được thay đổi sau khi bạn mở trang này; hãy tải lại trang để xem thay đổi mới nhất.")
            )
        return data


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    form = TaskAdminForm
    list_display = ["__str__", "plan", "area", "lead_unit", "deadline", "status", "progress", "completed_on"]
    list_filter = ["status", "area", "plan__year", "plan", "is_recurring"]
    search_fields = ["content", "number", "expected_output", "lead_unit__name", "plan__number"]
    autocomplete_fields = ["lead_unit", "coordinating_units", "parent_task"]
    list_select_related = ["plan", "area", "lead_unit"]
    date_hierarchy = "deadline"
    readonly_fields = ["version", "extension_count", "original_deadline"]

    def get_readonly_fields(self, request, obj=None):
        # A task does not move between plans: it is removed from one and added to the other.
        return [*self.readonly_fields, "plan"] if obj is not None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False  # a task leaves its plan with status "removed", and keeps its history

    def save_model(self, request, obj, form, change):
        """Through the services, so the change is history and a stale form conflicts."""
        data = form.cleaned_data
        if not change:
            created = services.task_create(
                plan=data["plan"],
                area=data["area"],
                number=data["number"],
                content=data["content"],
                lead_unit=data["lead_unit"],
                by=request.user,
                expected_output=data.get("expected_output", ""),
                deadline=data.get("deadline"),
                deadline_text=data.get("deadline_text", ""),
                is_recurring=data.get("is_recurring", False),
                coordinating_units=data.get("coordinating_units") or (),
                coordination_text=data.get("coordination_text", ""),
                source=data.get("source") or TaskSource.SELF,
                parent_task=data.get("parent_task"),
                position=data.get("position") or None,
            )
            obj.pk = created.pk
            obj.refresh_from_db()
            return
        changes = {name: data[name] for name in form.changed_data if name in services.EDITABLE_FIELDS}
        coordinating = data.get("coordinating_units") if "coordinating_units" in form.changed_data else None
        services.task_edit(
            task=Task.objects.get(pk=obj.pk),
            by=request.user,
            loaded_version=data["loaded_version"],
            changes=changes,
            coordinating_units=coordinating,
            reason=_("Sửa trong trang quản trị: %(reason)s") % {"reason": data["change_reason"].strip()},
            document=data.get("change_document", ""),
        )
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        """The coordinating units were saved by the service with the task."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


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
    """Workflow records are written by tasks/services/ only; the admin shows them."""

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
