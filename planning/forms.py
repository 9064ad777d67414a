from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.dates import BoundedDates
from cchc.uploads import DocumentField
from cchc.widgets import DayMonthYearInput
from units.models import Unit

DATE_WIDGET = DayMonthYearInput()


class PlanImportForm(BoundedDates, forms.Form):
    """Step 1: the workbook and what the plan's document says of itself."""

    file = DocumentField(
        label=_("Tệp Excel của kế hoạch (.xlsx)"),
        help_text=_(
            "Bảng nhiệm vụ như phụ lục kế hoạch: STT, Nội dung nhiệm vụ, Sản phẩm, Chủ trì, Phối hợp, Thời hạn."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    number = forms.CharField(label=_("Số hiệu văn bản"), max_length=64, help_text=_("Ví dụ: 125/KH-UBND"))
    year = forms.IntegerField(label=_("Năm kế hoạch"), min_value=2000, max_value=2100)
    title = forms.CharField(
        label=_("Trích yếu"),
        max_length=500,
        required=False,
        help_text=_("Để trống: lấy dòng tiêu đề trong tệp (“Kế hoạch cải cách hành chính năm …”)."),
    )
    issuing_unit = forms.ModelChoiceField(label=_("Cơ quan ban hành"), queryset=Unit.objects.active())
    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() != ".xlsx":
            raise ValidationError(
                _("Chỉ nhận tệp Excel .xlsx. Với tệp .xls hoặc Word, hãy mở và lưu lại dưới dạng .xlsx."),
                code="not_xlsx",
            )
        return upload

    def clean_number(self):
        return " ".join(self.cleaned_data["number"].split())


class PlanImportConfirmForm(forms.Form):
    """Step 2: the choices the preview asks for."""

    create_units = forms.BooleanField(label=_("Tạo mới các đơn vị chưa có trong danh mục"), required=False)
    update_existing = forms.BooleanField(label=_("Cập nhật kế hoạch đã có"), required=False)
