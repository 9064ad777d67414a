from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cchc.dates import BoundedDates
from cchc.uploads import DocumentField
from cchc.widgets import DayMonthYearInput
from units.models import Unit, UnitKind

from .models import ScoringKind


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


class EvidenceForm(forms.Form):
    """Evidence for one row: a new file, or a document the unit already has (its choices are
    the unit's own documents, parindex.selectors.unit_documents)."""

    file = DocumentField(label=_("Tải lên tệp kiểm chứng"), required=False)
    document = forms.ChoiceField(label=_("Hoặc chọn tài liệu đơn vị đã có"), required=False)

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [("", "—"), *((d.key, d.label) for d in documents)]

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("document")):
            raise ValidationError(_("Chọn một tệp để tải lên hoặc một tài liệu đơn vị đã có."))
        return data


class AcceptAllForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Xác nhận chấp nhận điểm tự đánh giá của mọi tiêu chí chưa thẩm định"),
        error_messages={"required": _("Đánh dấu xác nhận trước khi chấp nhận tất cả.")},
    )


class CouncilForm(BoundedDates, forms.Form):
    """The council's decision that publishes the results."""

    decision = forms.CharField(
        label=_("Số quyết định"), max_length=255, help_text=_("Ví dụ: Quyết định số 414/QĐ-UBND")
    )
    date = forms.DateField(label=_("Ngày quyết định"), widget=DayMonthYearInput())
    file = DocumentField(label=_("Tệp quyết định (không bắt buộc)"), required=False)


class CriterionForm(forms.Form):
    """One row of a draft criteria set, as the secretariat edits it in the browser."""

    content = forms.CharField(label=_("Nội dung"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    max_points = PointsField(label=_("Điểm tối đa"), max_length=16, help_text=_("Ví dụ: 0,25; trừ điểm: -0,5"))
    method = forms.CharField(
        label=_("Cách chấm"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.CharField(
        label=_("Tài liệu kiểm chứng"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_required = forms.BooleanField(label=_("Bắt buộc tài liệu kiểm chứng"), required=False)
    kind = forms.ChoiceField(label=_("Cách tính điểm"), choices=ScoringKind.choices)
