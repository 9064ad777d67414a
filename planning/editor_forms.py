"""Forms of the plan editor and of the units' own plans. They validate input; the rules (who,
which status, deadlines no later than the agency task's) live in the services."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.formatting import format_date
from cchc.uploads import DocumentField
from plans.deadlines import Deadline, DeadlineError, parse_deadline
from plans.models import Plan, ReformArea
from tasks.models import TaskSource
from tasks.services import EvidenceInput
from units.models import Unit

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DOCUMENT_TEXT_MAX = 255  # TaskEvent.document


class PlanForm(forms.Form):
    """A plan's own fields, as its document states them."""

    number = forms.CharField(label=_("Số hiệu văn bản"), max_length=64, help_text=_("Ví dụ: 125/KH-UBND"))
    title = forms.CharField(label=_("Trích yếu"), max_length=500)
    year = forms.IntegerField(label=_("Năm kế hoạch"), min_value=2000, max_value=2100)
    issuing_unit = forms.ModelChoiceField(
        label=_("Cơ quan ban hành"), queryset=Unit.objects.active(), empty_label=_("Chọn cơ quan")
    )
    issued_on = forms.DateField(
        label=_("Ngày ban hành"), required=False, widget=DATE_WIDGET, help_text=_("Để trống khi còn là dự thảo.")
    )
    parent = forms.ModelChoiceField(
        label=_("Kế hoạch cấp trên"),
        queryset=Plan.objects.none(),
        required=False,
        empty_label=_("Không có (kế hoạch của cơ quan)"),
        help_text=_("Kế hoạch của cơ quan mà kế hoạch này triển khai (để trống với kế hoạch của cơ quan)."),
    )
    unit_plans_due = forms.DateField(
        label=_("Hạn các đơn vị ban hành kế hoạch"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Ngày các đơn vị phải ban hành kế hoạch CCHC của mình để triển khai kế hoạch này."),
    )

    def __init__(self, *args, plan: Plan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Plan.objects.agency().select_related("issuing_unit").order_by("-year", "number")
        if plan is not None:
            parents = parents.exclude(pk=plan.pk)
        self.fields["parent"].queryset = parents
        self.fields["year"].initial = timezone.localdate().year

    def clean_number(self):
        return " ".join(self.cleaned_data["number"].split())

    def clean(self):
        data = super().clean()
        issued_on, year = data.get("issued_on"), data.get("year")
        if issued_on and issued_on > timezone.localdate():
            self.add_error("issued_on", _("Ngày ban hành không được sau ngày hôm nay."))
        if data.get("parent") and year and data["parent"].year != year:
            self.add_error("parent", _("Kế hoạch cấp trên phải cùng năm kế hoạch."))
        return data


class DecisionFields(forms.Form):
    """The reason of a change and the document that decided it (number, date, title, file)."""

    reason = forms.CharField(
        label=_("Lý do thay đổi"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=True
    )
    document_number = forms.CharField(
        label=_("Số văn bản quyết định"), max_length=64, required=False, help_text=_("Ví dụ: 15/QĐ-UBND")
    )
    document_date = forms.DateField(label=_("Ngày văn bản"), required=False, widget=DATE_WIDGET)
    document_title = forms.CharField(label=_("Trích yếu văn bản"), max_length=150, required=False)
    document_file = DocumentField(label=_("Tệp văn bản (không bắt buộc)"), required=False)
    effective_on = forms.DateField(
        label=_("Có hiệu lực từ ngày"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Để trống: ngày hôm nay. Số liệu tính thay đổi từ ngày này."),
    )

    def __init__(self, *args, document_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.document_required = document_required
        if not document_required:
            self.fields["reason"].required = False

    def clean(self):
        data = super().clean()
        number = (data.get("document_number") or "").strip()
        if self.document_required and not number:
            self.add_error(
                "document_number", _("Kế hoạch đã ban hành: nêu văn bản quyết định việc bổ sung, điều chỉnh.")
            )
        if number and not data.get("document_date"):
            self.add_error("document_date", _("Nhập ngày của văn bản quyết định."))
        if (data.get("document_date") or data.get("document_file")) and not number:
            self.add_error("document_number", _("Nhập số văn bản quyết định."))
        effective_on = data.get("effective_on")
        if effective_on and effective_on > timezone.localdate():
            self.add_error("effective_on", _("Ngày hiệu lực không được sau ngày hôm nay."))
        return data

    def document_text(self) -> str:
        """The document as TaskEvent.document stores it: "15/QĐ-UBND ngày 08/01/2026: title"."""
        data = self.cleaned_data
        number = (data.get("document_number") or "").strip()
        if not number:
            return ""
        text = number
        if data.get("document_date"):
            text += f" ngày {format_date(data['document_date'])}"
        if (data.get("document_title") or "").strip():
            text += f": {data['document_title'].strip()}"
        return text[:DOCUMENT_TEXT_MAX]

    def reason_text(self) -> str:
        return (self.cleaned_data.get("reason") or "").strip() or str(_("Soạn thảo kế hoạch"))

    def evidence(self) -> EvidenceInput:
        upload = self.cleaned_data.get("document_file")
        return EvidenceInput(files=(upload,)) if upload else EvidenceInput()

    def effective_date(self) -> datetime.date | None:
        return self.cleaned_data.get("effective_on")


class TaskFields(DecisionFields):
    """A task as written in the plan's table."""

    area = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=ReformArea.objects.all(), empty_label=_("Chọn lĩnh vực")
    )
    number = forms.CharField(label=_("STT"), max_length=16, help_text=_("Số thứ tự như trong kế hoạch: 3, 1.2"))
    content = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}))
    expected_output = forms.CharField(label=_("Sản phẩm"), max_length=500, required=False)
    lead_unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"), queryset=Unit.objects.active(), empty_label=_("Chọn đơn vị")
    )
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"),
        queryset=Unit.objects.active(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    coordination_text = forms.CharField(label=_("Phối hợp (như ghi trong kế hoạch)"), max_length=500, required=False)
    deadline_text = forms.CharField(
        label=_("Thời hạn (như ghi trong kế hoạch)"),
        max_length=128,
        required=False,
        help_text=_("Ví dụ: 30/6/2026, Quý II, Tháng 9, Thường xuyên. Để trống: không hạn."),
    )
    source = forms.ChoiceField(label=_("Nguồn giao"), choices=TaskSource.choices, initial=TaskSource.SELF)
    remarks = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    field_order = [
        "area",
        "number",
        "content",
        "expected_output",
        "lead_unit",
        "coordinating_units",
        "coordination_text",
        "deadline_text",
        "source",
        "remarks",
    ]

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["area"].label_from_instance = lambda area: f"{area.code}. {area.short_name}"
        if not plan.is_agency_plan:
            # A unit's plan: the unit leads every task of its own plan.
            self.fields["lead_unit"].queryset = Unit.objects.filter(pk=plan.issuing_unit_id)
            self.fields["lead_unit"].initial = plan.issuing_unit_id

    def clean_deadline_text(self) -> Deadline:
        text = self.cleaned_data["deadline_text"]
        try:
            return parse_deadline(text, year=self.plan.year)
        except DeadlineError as exc:
            raise ValidationError(
                _(
                    "Không đọc được thời hạn “%(text)s”: ghi ngày (30/6/2026), quý (Quý II), "
                    "tháng (Tháng 9) hoặc “Thường xuyên”."
                ),
                code="deadline",
                params={"text": text},
            ) from exc

    def task_values(self) -> dict[str, object]:
        """The fields task_create / task_edit take, from the cleaned form."""
        data = self.cleaned_data
        deadline: Deadline = data["deadline_text"]
        return {
            "area": data["area"],
            "number": data["number"].strip(),
            "content": data["content"].strip(),
            "expected_output": data["expected_output"].strip(),
            "lead_unit": data["lead_unit"],
            "coordination_text": data["coordination_text"].strip(),
            "deadline": deadline.date,
            "deadline_text": deadline.text,
            "is_recurring": deadline.recurring,
            "source": data["source"],
            "remarks": data["remarks"].strip(),
        }


class TaskEditForm(TaskFields):
    version = forms.IntegerField(widget=forms.HiddenInput)


class TaskRemoveForm(DecisionFields):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AreaOrderForm(DecisionFields):
    """The tasks of one area: their order (vị trí) and their numbers as written (STT)."""

    def __init__(self, *args, tasks, issued: bool, **kwargs):
        super().__init__(*args, document_required=False, **kwargs)
        self.issued = issued
        self.tasks = list(tasks)
        self.fields["reason"].required = False
        for index, task in enumerate(self.tasks, start=1):
            self.fields[f"order_{task.pk}"] = forms.IntegerField(
                label=_("Thứ tự"),
                min_value=1,
                initial=index,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
            )
            self.fields[f"number_{task.pk}"] = forms.CharField(
                label=_("STT"),
                max_length=16,
                initial=task.number,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def rows(self):
        return [(task, self[f"order_{task.pk}"], self[f"number_{task.pk}"]) for task in self.tasks]

    def numbers(self) -> dict[int, str]:
        return {task.pk: self.cleaned_data[f"number_{task.pk}"].strip() for task in self.tasks}

    def renumbered(self) -> bool:
        return any(task.number != number for task, number in zip(self.tasks, self.numbers().values(), strict=True))

    def positions(self) -> dict[int, int]:
        """The area's existing positions handed out again in the new order (ties keep the old
        order), so that the area stays where it was among the plan's rows."""
        slots = sorted(task.position for task in self.tasks)
        ranked = sorted(enumerate(self.tasks), key=lambda item: (self.cleaned_data[f"order_{item[1].pk}"], item[0]))
        return {task.pk: slot for (_index, task), slot in zip(ranked, slots, strict=True)}

    def clean(self):
        data = super().clean()
        if not (self.is_bound and not self.errors and self.renumbered()):
            return data
        if not (data.get("reason") or "").strip():
            self.add_error("reason", _("Nêu lý do đánh số lại."))
        if self.issued and not (data.get("document_number") or "").strip():
            self.add_error("document_number", _("Kế hoạch đã ban hành: nêu văn bản quyết định việc đánh số lại."))
        return data


class PlanIssueForm(forms.Form):
    number = forms.CharField(label=_("Số hiệu văn bản"), max_length=64, help_text=_("Ví dụ: 45/KH-STP"))
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=DATE_WIDGET)


class UnitPlanStartForm(forms.Form):
    title = forms.CharField(label=_("Trích yếu"), max_length=500)
    number = forms.CharField(
        label=_("Số hiệu văn bản"),
        max_length=64,
        required=False,
        help_text=_("Có thể để trống: lãnh đạo đơn vị nhập số khi ban hành."),
    )


class DerivedPartForm(forms.Form):
    """One part of an agency task the unit takes over: its own content, output and deadline."""

    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    expected_output = forms.CharField(label=_("Sản phẩm"), max_length=500, required=False)
    deadline = forms.DateField(label=_("Thời hạn"), required=False, widget=DATE_WIDGET)


DerivedPartFormSet = forms.formset_factory(DerivedPartForm, extra=2, min_num=1, max_num=10)
