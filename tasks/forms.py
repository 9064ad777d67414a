"""Forms of the progress workflow. They validate input; workflow rules (evidence required for
completion, at most two extensions…) live in tasks/services/ and come back as field errors."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.dates import BoundedDates
from cchc.uploads import DocumentField
from cchc.widgets import DayMonthYearInput, QuickSelect
from plans.models import Plan, ReformArea
from units.models import Unit

from .models import TaskStatus
from .rules import progress_errors
from .services import EvidenceInput

DATE_WIDGET = DayMonthYearInput()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleDocumentField(DocumentField):
    """Several evidence files in one input, each checked by content."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleDocumentField, self).clean(upload, initial) for upload in uploads if upload]


class EvidenceFields(BoundedDates, forms.Form):
    """Evidence (tài liệu kiểm chứng): files and/or the issued document that proves the work."""

    files = MultipleDocumentField(label=_("Tệp kiểm chứng"))
    document_number = forms.CharField(
        label=_("Số văn bản"), max_length=64, required=False, help_text=_("Ví dụ: 125/QĐ-STP")
    )
    document_date = forms.DateField(label=_("Ngày văn bản"), required=False, widget=DATE_WIDGET)
    document_title = forms.CharField(label=_("Trích yếu văn bản"), max_length=500, required=False)

    def evidence(self) -> EvidenceInput:
        data = self.cleaned_data
        return EvidenceInput(
            files=tuple(data.get("files") or ()),
            document_number=data.get("document_number", ""),
            document_date=data.get("document_date"),
            document_title=data.get("document_title", ""),
        )

    def clean(self):
        data = super().clean()
        if (data.get("document_date") or data.get("document_title")) and not data.get("document_number"):
            self.add_error("document_number", _("Nhập số văn bản kiểm chứng."))
        return data


class ProgressForm(EvidenceFields):
    STATUS_CHOICES = [
        (TaskStatus.NOT_STARTED, _("Chưa triển khai")),
        (TaskStatus.IN_PROGRESS, _("Đang triển khai")),
        (TaskStatus.COMPLETED, _("Hoàn thành — gửi báo cáo để xác nhận")),
    ]

    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=STATUS_CHOICES, widget=forms.RadioSelect)
    progress = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("Nội dung đã thực hiện"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Kết quả cụ thể: văn bản đã ban hành, số liệu, việc đã làm."),
    )
    completed_on = forms.DateField(label=_("Ngày hoàn thành"), required=False, widget=DATE_WIDGET)

    field_order = ["version", "status", "progress", "note", "completed_on"]

    def clean(self):
        data = super().clean()
        status, progress = data.get("status"), data.get("progress")
        if status == TaskStatus.COMPLETED:
            data["progress"] = 100  # reporting completion means 100%, whatever the field said
            self.errors.pop("progress", None)
        elif status and progress is not None:
            for name, message in progress_errors(status=status, progress=progress).items():
                self.add_error(name, message)
        return data


class RollupReportForm(forms.Form):
    """The lead unit reports an agency task completed from its units' parts."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Nội dung đã thực hiện"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    completed_on = forms.DateField(label=_("Ngày hoàn thành"), widget=DATE_WIDGET)


class ContributionForm(EvidenceFields):
    note = forms.CharField(
        label=_("Nội dung phối hợp đã thực hiện"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    field_order = ["note"]


class ExtensionForm(BoundedDates, forms.Form):
    requested_deadline = forms.DateField(label=_("Đề nghị gia hạn đến ngày"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Ý kiến (không bắt buộc)"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


class UnitTaskFilterForm(forms.Form):
    """Filters of the unit's task list; every field optional."""

    TIMELINESS = [
        ("", _("Tất cả thời hạn")),
        ("overdue", _("Quá hạn")),
        ("due_soon", _("Sắp đến hạn (5 ngày)")),
        ("on_time", _("Còn trong hạn")),
        ("no_deadline", _("Không có thời hạn")),
    ]
    ROLE = [
        ("", _("Tất cả (chủ trì và phối hợp)")),
        ("lead", _("Đơn vị chủ trì")),
        ("coordinate", _("Đơn vị phối hợp")),
    ]

    # QuickSelect: the page lists a unit's tasks on every visit; its filters' options (every
    # plan the user sees) rendered option by option cost a quarter of the page (cchc/widgets.py).
    plan = forms.ModelChoiceField(
        label=_("Kế hoạch"),
        queryset=Plan.objects.none(),
        required=False,
        widget=QuickSelect,
        empty_label=_("Tất cả kế hoạch"),
    )
    area = forms.ModelChoiceField(
        label=_("Lĩnh vực"),
        queryset=ReformArea.objects.all(),
        required=False,
        widget=QuickSelect,
        empty_label=_("Tất cả lĩnh vực"),
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[("", _("Tất cả trạng thái")), *TaskStatus.choices],
        required=False,
        widget=QuickSelect,
    )
    timeliness = forms.ChoiceField(label=_("Thời hạn"), choices=TIMELINESS, required=False, widget=QuickSelect)
    role = forms.ChoiceField(label=_("Vai trò"), choices=ROLE, required=False, widget=QuickSelect)

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["area"].label_from_instance = lambda area: f"{area.code}. {area.short_name}"


class QueueFilterForm(forms.Form):
    """Filters of the secretariat's queue; every field optional."""

    KIND = [
        ("", _("Tất cả (báo cáo và đề nghị gia hạn)")),
        ("reports", _("Báo cáo hoàn thành")),
        ("extensions", _("Đề nghị gia hạn")),
    ]
    AGE = [("", _("Tất cả thời gian chờ")), ("3", _("Chờ trên 3 ngày")), ("7", _("Chờ trên 7 ngày"))]

    q = forms.CharField(label=_("Tìm"), required=False, max_length=200)
    unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"), queryset=Unit.objects.none(), required=False, empty_label=_("Tất cả đơn vị")
    )
    area = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=ReformArea.objects.all(), required=False, empty_label=_("Tất cả lĩnh vực")
    )
    kind = forms.ChoiceField(label=_("Loại"), choices=KIND, required=False)
    age = forms.ChoiceField(label=_("Thời gian chờ"), choices=AGE, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.active().order_by("name")
        self.fields["area"].label_from_instance = lambda area: f"{area.code}. {area.short_name}"


class BulkConfirmForm(forms.Form):
    """Reports chosen in the queue for confirmation together; `confirmed` is the second step."""

    reports = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=True)
    confirmed = forms.BooleanField(required=False)

    def __init__(self, *args, report_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reports"].choices = [(pk, pk) for pk in report_ids]
