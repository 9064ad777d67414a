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


class PointsField(forms.CharField):
    """Points as people type them: "0,25", "0.5", "-0,25"."""

    def clean(self, value):
        from .imports import parse_points

        text = super().clean(value)
        number = parse_points(text)
        if number is None:
            raise ValidationError(_("Nhập điểm là một số, ví dụ 0,5 hoặc 0,25."))
        return number


class SelfScoreForm(forms.Form):
    value = PointsField(label=_("Điểm tự đánh giá"), max_length=16)
    explanation = forms.CharField(label=_("Giải trình, tài liệu kiểm chứng"), required=False, max_length=2000)


class AppraiseForm(forms.Form):
    value = PointsField(label=_("Điểm thẩm định"), max_length=16)
    reason = forms.CharField(label=_("Lý do điều chỉnh"), required=False, max_length=2000)


class ResponseForm(forms.Form):
    text = forms.CharField(label=_("Ý kiến của đơn vị"), max_length=2000)


class SurveyImportForm(forms.Form):
    file = DocumentField(
        label=_("Tệp kết quả điều tra (.xlsx)"),
        help_text=_("Các cột: Mã đơn vị | STT | Điểm; mỗi dòng một đơn vị và một tiêu chí điều tra."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
