"""The as-of date and drill-down parameters of the dashboards, read from the query string."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.dates import BoundedDates
from cchc.formatting import DATE_FORMAT
from cchc.widgets import DayMonthYearInput
from figures.models import PeriodKind
from plans.models import ReformArea
from tasks.models import TaskSource
from units.models import Unit

from .completion import Bucket

DATE_INPUT = DATE_FORMAT


class AsOfForm(BoundedDates, forms.Form):
    as_of = forms.DateField(
        label=_("Tính đến ngày"),
        required=False,
        input_formats=[DATE_INPUT, "%Y-%m-%d"],
        help_text=_("dd/mm/yyyy"),
        widget=DayMonthYearInput(attrs={"class": "form-control"}),
    )


class DrilldownForm(AsOfForm):
    bucket = forms.ChoiceField(label=_("Nhóm"), choices=Bucket.choices)
    area = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=ReformArea.objects.all(), required=False, empty_label=_("Tất cả lĩnh vực")
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"), queryset=Unit.objects.all(), required=False, empty_label=_("Tất cả đơn vị")
    )
    source = forms.ChoiceField(label=_("Nguồn giao"), choices=TaskSource.choices, required=False)
    # Today's reports waiting for the secretariat (the leaders' panel links here).
    waiting = forms.BooleanField(label=_("Báo cáo hoàn thành đang chờ thường trực xác nhận"), required=False)


class ExportForm(BoundedDates, forms.Form):
    """Which report to export: a plan (or every plan of a year) and a period. Read from the
    query string; a custom period needs both dates."""

    plan = forms.ModelChoiceField(
        label=_("Kế hoạch"),
        queryset=None,
        required=False,
        empty_label=_("Tất cả kế hoạch của năm"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    year = forms.IntegerField(
        label=_("Năm"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("Khi xuất tất cả kế hoạch của năm"),
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    kind = forms.ChoiceField(
        label=_("Kỳ báo cáo"), choices=PeriodKind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    start = forms.DateField(
        label=_("Từ ngày"),
        required=False,
        input_formats=[DATE_INPUT, "%Y-%m-%d"],
        widget=DayMonthYearInput(attrs={"class": "form-control"}),
    )
    end = forms.DateField(
        label=_("Đến ngày (ngày chốt số liệu)"),
        required=False,
        input_formats=[DATE_INPUT, "%Y-%m-%d"],
        widget=DayMonthYearInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans

    def clean(self):
        data = super().clean()
        plan, year = data.get("plan"), data.get("year")
        if plan is not None:
            data["year"] = plan.year
        elif year is None and "year" not in self.errors:
            self.add_error("year", _("Chọn một kế hoạch hoặc nhập năm."))
        elif year is not None and not self.fields["plan"].queryset.filter(year=year).exists():
            self.add_error("year", _("Không có kế hoạch nào của năm %(year)s.") % {"year": year})
        if data.get("kind") == PeriodKind.CUSTOM:
            start, end = data.get("start"), data.get("end")
            if start is None and "start" not in self.errors:
                self.add_error("start", _("Nhập ngày bắt đầu của kỳ tùy chọn."))
            if end is None and "end" not in self.errors:
                self.add_error("end", _("Nhập ngày chốt số liệu của kỳ tùy chọn."))
            if start and end and start > end:
                self.add_error("end", _("Ngày chốt số liệu không được trước ngày bắt đầu."))
        return data


class ReopenForm(forms.Form):
    """Reopening a closed period: the reason is recorded with it."""

    reason = forms.CharField(
        label=_("Lý do mở lại"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class NarrativeForm(forms.Form):
    """A unit's report for a period: per reform area, what was done, the difficulties and the
    proposals (fields "<area code>-<field>"). ``texts`` gives them by area id for the service."""

    LABELS = {
        "achieved": _("Kết quả đạt được"),
        "difficulties": _("Khó khăn, vướng mắc"),
        "proposals": _("Đề xuất, kiến nghị"),
    }
    MAX_LENGTH = 20000

    def __init__(self, *args, areas: list[ReformArea], **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = areas
        for area in areas:
            for name, label in self.LABELS.items():
                self.fields[f"{area.code}-{name}"] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=self.MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
                )

    def texts(self) -> dict[int, dict[str, str]]:
        return {
            area.pk: {name: self.cleaned_data[f"{area.code}-{name}"] for name in self.LABELS} for area in self.areas
        }


class PackCreateForm(forms.Form):
    """The month of a steering-committee pack, "11/2026" (the list's buttons send it)."""

    month = forms.CharField(label=_("Tháng"), max_length=7, help_text=_("mm/yyyy"))

    def clean_month(self):
        text = self.cleaned_data["month"].strip()
        try:
            month, year = (int(part) for part in text.split("/"))
            return datetime.date(year, month, 1)
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(_("Tháng không hợp lệ: nhập theo dạng mm/yyyy, ví dụ 11/2026.")) from exc


class PackScheduleForm(forms.Form):
    """When the daily job e-mails last month's pack."""

    enabled = forms.BooleanField(label=_("Tự động gửi gói báo cáo hằng tháng"), required=False)
    day = forms.IntegerField(
        label=_("Ngày gửi gói báo cáo hằng tháng"),
        min_value=1,
        max_value=28,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 1, "max": 28}),
        error_messages={
            "min_value": _("Ngày gửi phải từ 1 đến 28."),
            "max_value": _("Ngày gửi phải từ 1 đến 28."),
            "required": _("Nhập ngày gửi (từ 1 đến 28)."),
            "invalid": _("Ngày gửi phải là một số từ 1 đến 28."),
        },
    )
