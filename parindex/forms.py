from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cchc.uploads import DocumentField
from units.models import Unit, UnitKind


class CriteriaSetImportForm(forms.Form):
    """A criteria set from the province's published workbook."""

    file = DocumentField(
        label=_("Tệp bộ tiêu chí (.xlsx)"),
        help_text=_("Các cột: STT | Nội dung | Điểm tối đa | Cách chấm | Tài liệu kiểm chứng."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    agency = forms.ModelChoiceField(
        label=_("Cơ quan ban hành"),
        queryset=Unit.objects.active().filter(kind=UnitKind.MINISTRY),
        empty_label=_("Chọn cơ quan"),
    )
    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=2000, max_value=2100)
    unit_kind = forms.ChoiceField(label=_("Loại đơn vị được đánh giá"), choices=UnitKind.choices)
    title = forms.CharField(label=_("Tên bộ tiêu chí"), max_length=255)
    decision = forms.CharField(label=_("Quyết định ban hành"), max_length=255, required=False)

    def clean_file(self):
        file = self.cleaned_data["file"]
        if PurePath(file.name).suffix.lower() != ".xlsx":
            raise ValidationError(_("Bộ tiêu chí nhập từ tệp Excel (.xlsx)."))
        return file


class CopyForm(forms.Form):
    year = forms.IntegerField(label=_("Năm của bộ mới"), min_value=2000, max_value=2100)
