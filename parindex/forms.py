from __future__ import annotations

from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cchc.dates import BoundedDates
from cchc.formatting import points
from cchc.uploads import DocumentField
from cchc.widgets import DayMonthYearInput
from units.models import Unit, UnitKind

from .models import Criterion, ScoringKind


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


class MaximaForm(forms.Form):
    """The maximum of a parent row and of each of its direct rows, in one form, so points move
    between them in one save ("Phân bổ lại điểm"). `rows` is the parent first, then its rows."""

    def __init__(self, *args: Any, rows: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[self._name(row)] = PointsField(
                label=row.stt, max_length=16, initial=points(row.max_points), widget=self._widget(row)
            )

    @staticmethod
    def _name(row: Criterion) -> str:
        return f"row_{row.pk}"

    def _widget(self, row: Criterion) -> forms.TextInput:
        role = "parent" if row is self.rows[0] else "child"
        return forms.TextInput(attrs={"class": "form-control form-control-sm text-end", f"data-par-{role}": ""})

    def maxima(self) -> dict[int, Decimal]:
        return {row.pk: self.cleaned_data[self._name(row)] for row in self.rows}

    def family(self) -> list[tuple[Criterion, forms.BoundField]]:
        """(row, its field) for the template's table: the parent first."""
        return [(row, self[self._name(row)]) for row in self.rows]

    def shown_total(self) -> Decimal:
        """The sum of the rows' maximums as the form shows them (deductions aside): the running
        total under the table when the page is drawn; static/js/par_points.js keeps it live."""
        from .imports import parse_points

        total = Decimal(0)
        for name in self._child_fields():
            value = self[name].value()
            number = parse_points(value) if value is not None else None
            if number is not None and number > 0:
                total += number
        return total

    def _child_fields(self) -> list[str]:
        return [self._name(row) for row in self.rows[1:]]


class CriterionAddForm(MaximaForm):
    """A new row of a draft set, with its parent's and siblings' maximums (when it has a parent)
    so the points it takes can come from them in the same save."""

    stt = forms.CharField(label=_("STT"), max_length=16, help_text=_("Ví dụ: 1.1.5; lĩnh vực: 1 hoặc I"))
    content = CriterionForm.base_fields["content"]
    max_points = PointsField(
        label=_("Điểm tối đa"),
        max_length=16,
        help_text=_("Ví dụ: 0,25; trừ điểm: -0,5"),
        widget=forms.TextInput(attrs={"data-par-child": ""}),
    )
    method = CriterionForm.base_fields["method"]
    evidence = CriterionForm.base_fields["evidence"]
    evidence_required = CriterionForm.base_fields["evidence_required"]
    kind = forms.ChoiceField(
        label=_("Cách tính điểm"), choices=[c for c in ScoringKind.choices if c[0] != ScoringKind.COMPUTED]
    )

    ROW_FIELDS = ("stt", "content", "max_points", "method", "evidence", "evidence_required", "kind")

    def row_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.ROW_FIELDS}

    def row_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.ROW_FIELDS]

    def _child_fields(self) -> list[str]:
        return [*super()._child_fields(), "max_points"]
