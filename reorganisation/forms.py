"""The reorganisation form: what the secretariat decides, read into a services.Decision. A split
or a dissolution adds one choice per open task (the receiving unit) once the units are chosen."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.dates import BoundedDates
from cchc.formatting import DATE_FORMAT
from cchc.widgets import DayMonthYearInput
from tasks.models import Task
from units.models import Unit, UnitKind

from .models import ReorganisationKind, UserHandling
from .services import Decision, NewUnit

PER_TASK_KINDS = (ReorganisationKind.SPLIT, ReorganisationKind.DISSOLVE)
_DATE = {"input_formats": [DATE_FORMAT], "widget": DayMonthYearInput(attrs={"class": "form-control"})}


def _existing_units():
    return Unit.objects.filter(valid_until__isnull=True).order_by("order", "name")


class ReorganisationForm(BoundedDates, forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=ReorganisationKind.choices)
    effective_on = forms.DateField(label=_("Ngày có hiệu lực"), **_DATE)
    predecessors = forms.ModelMultipleChoiceField(
        label=_("Đơn vị được sắp xếp"),
        queryset=_existing_units(),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8}),
    )
    successor = forms.ModelChoiceField(
        label=_("Đơn vị tiếp nhận chính"),
        queryset=_existing_units(),
        required=False,
        empty_label=_("Không chọn"),
        help_text=_("Nhận tài khoản, vai trò phối hợp và kiến nghị không gắn với nhiệm vụ"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    other_successors = forms.ModelMultipleChoiceField(
        label=_("Đơn vị tiếp nhận khác (chia tách, giải thể)"),
        queryset=_existing_units(),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
    )
    new_unit_code = forms.CharField(label=_("Mã đơn vị mới (hợp nhất)"), max_length=32, required=False)
    new_unit_name = forms.CharField(label=_("Tên đơn vị mới (hợp nhất)"), max_length=255, required=False)
    new_unit_kind = forms.ChoiceField(label=_("Loại đơn vị mới"), choices=UnitKind.choices, required=False)
    new_name = forms.CharField(label=_("Tên mới (đổi tên)"), max_length=255, required=False)
    new_code = forms.CharField(label=_("Mã mới (đổi tên, để trống nếu giữ mã)"), max_length=32, required=False)
    user_handling = forms.ChoiceField(
        label=_("Tài khoản của đơn vị ngừng hoạt động"), choices=UserHandling.choices, initial=UserHandling.MOVE
    )
    document_number = forms.CharField(label=_("Số văn bản quyết định"), max_length=64)
    document_date = forms.DateField(label=_("Ngày văn bản"), **_DATE)
    document_title = forms.CharField(label=_("Trích yếu"), max_length=500)
    note = forms.CharField(label=_("Ghi chú bàn giao"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, tasks: Sequence[Task] = (), receivers: Sequence[Unit] = (), **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if not isinstance(field.widget, forms.Select | forms.SelectMultiple | DayMonthYearInput):
                field.widget.attrs.setdefault("class", "form-control")
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select")
            field.widget.attrs.setdefault("data-field", name)
        self.tasks = list(tasks)
        choices = [("", "—")] + [(str(unit.pk), unit.name) for unit in receivers]
        for task in self.tasks:
            self.fields[self.task_field(task)] = forms.ChoiceField(
                label=f"{task.area.code}.{task.number} {task.content[:120]}",
                choices=choices,
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    @staticmethod
    def task_field(task: Task) -> str:
        return f"task_{task.pk}"

    @property
    def task_fields(self) -> list[forms.BoundField]:
        return [self[self.task_field(task)] for task in self.tasks]

    def receivers(self) -> list[Unit]:
        """The receiving units, the main one first."""
        data = self.cleaned_data
        main = [data["successor"]] if data.get("successor") else []
        others = [unit for unit in data.get("other_successors") or [] if not main or unit.pk != main[0].pk]
        return main + others

    def needs_task_choices(self) -> bool:
        return self.cleaned_data["kind"] in PER_TASK_KINDS

    def decision(self) -> Decision:
        data = self.cleaned_data
        receivers = {unit.pk: unit for unit in self.receivers()}
        new_unit = None
        if data["kind"] == ReorganisationKind.MERGE and (data["new_unit_code"] or data["new_unit_name"]):
            new_unit = NewUnit(
                code=data["new_unit_code"],
                name=data["new_unit_name"],
                kind=data["new_unit_kind"] or UnitKind.DEPARTMENT,
                parent=data["predecessors"][0].parent,
            )
        task_successors = {}
        for task in self.tasks:
            chosen = data.get(self.task_field(task)) or ""
            if chosen.isdigit() and int(chosen) in receivers:
                task_successors[task.pk] = receivers[int(chosen)]
        return Decision(
            kind=data["kind"],
            effective_on=data["effective_on"],
            predecessors=list(data["predecessors"]),
            successors=list(receivers.values()),
            new_unit=new_unit,
            new_name=data["new_name"] if data["kind"] == ReorganisationKind.RENAME else "",
            new_code=data["new_code"] if data["kind"] == ReorganisationKind.RENAME else "",
            task_successors=task_successors,
            user_handling=data["user_handling"],
            document_number=data["document_number"],
            document_date=data["document_date"],
            document_title=data["document_title"],
            note=data["note"],
        )
