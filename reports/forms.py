"""The as-of date and drill-down parameters of the dashboards, read from the query string."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.models import ReformArea
from tasks.models import TaskSource
from units.models import Unit

from .completion import Bucket

DATE_INPUT = "%d/%m/%Y"


class AsOfForm(forms.Form):
    as_of = forms.DateField(
        label=_("Tính đến ngày"),
        required=False,
        input_formats=[DATE_INPUT, "%Y-%m-%d"],
        help_text=_("dd/mm/yyyy"),
        widget=forms.DateInput(format=DATE_INPUT, attrs={"placeholder": "dd/mm/yyyy", "class": "form-control"}),
    )


class DrilldownForm(AsOfForm):
    bucket = forms.ChoiceField(label=_("Nhóm"), choices=Bucket.choices)
    area = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=ReformArea.objects.all(), required=False)
    unit = forms.ModelChoiceField(label=_("Đơn vị chủ trì"), queryset=Unit.objects.all(), required=False)
    source = forms.ChoiceField(label=_("Nguồn giao"), choices=TaskSource.choices, required=False)
