from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cchc.dates import BoundedDates
from cchc.uploads import DocumentField
from cchc.widgets import DayMonthYearInput
from plans.models import Plan, PlanStatus
from units.models import Unit, UnitKind

from .unit_matching import guess_kind

DATE_WIDGET = DayMonthYearInput()


APPENDIX_EXTENSIONS = (".xlsx", ".docx")


class ParentPlanMixin(forms.Form):
    """The agency plan a unit's plan implements, when the import is a unit's plan: agency plans,
    issued or closed, of another issuer than the unit."""

    parent = forms.ModelChoiceField(
        label=_("Kế hoạch cấp trên"),
        queryset=Plan.objects.none(),
        required=False,
        empty_label=_("Không có (kế hoạch của cơ quan)"),
        help_text=_(
            "Chỉ khi nhập kế hoạch của một đơn vị: kế hoạch của cơ quan mà đơn vị triển khai. Nhiệm vụ trùng nội "
            "dung hoặc số thứ tự với nhiệm vụ đơn vị chủ trì, phối hợp được gắn với nhiệm vụ cấp trên."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plans = Plan.objects.agency().exclude(status=PlanStatus.DRAFT).select_related("issuing_unit")
        self.fields["parent"].queryset = plans.order_by("-year", "number")

    def clean(self):
        data = super().clean()
        parent, unit = data.get("parent"), data.get("issuing_unit")
        if parent is not None and unit is not None and parent.issuing_unit_id == unit.pk:
            self.add_error(
                "issuing_unit",
                _("Kế hoạch của đơn vị do đơn vị ban hành, không phải cơ quan ban hành kế hoạch cấp trên."),
            )
        return data


class PlanImportForm(BoundedDates, ParentPlanMixin, forms.Form):
    """Step 1: the appendix. What the plan's document says of itself is read from the file's
    title rows when left empty, and can be corrected on the preview."""

    file = DocumentField(
        label=_("Tệp phụ lục kế hoạch (.xlsx hoặc .docx)"),
        help_text=_(
            "Bảng nhiệm vụ như phụ lục kế hoạch đã ban hành, Excel hoặc Word: STT, Nội dung nhiệm vụ, Sản phẩm, "
            "Chủ trì, Phối hợp, Thời hạn."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.docx"}),
    )
    number = forms.CharField(
        label=_("Số hiệu văn bản"),
        max_length=64,
        required=False,
        help_text=_("Để trống: đọc từ dòng “Kèm theo Kế hoạch số …” trong tệp. Ví dụ: 125/KH-UBND"),
    )
    year = forms.IntegerField(
        label=_("Năm kế hoạch"), min_value=2000, max_value=2100, required=False, help_text=_("Để trống: đọc từ tệp.")
    )
    title = forms.CharField(
        label=_("Trích yếu"),
        max_length=500,
        required=False,
        help_text=_("Để trống: lấy dòng tiêu đề trong tệp (“Kế hoạch cải cách hành chính năm …”)."),
    )
    issuing_unit = forms.ModelChoiceField(
        label=_("Cơ quan ban hành"),
        queryset=Unit.objects.active(),
        required=False,
        empty_label=_("Đọc từ tệp"),
        help_text=_("Để trống: đọc từ tệp (“… của UBND tỉnh”)."),
    )
    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DATE_WIDGET)
    field_order = ["file", "number", "year", "title", "issuing_unit", "issued_on", "parent"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = PurePath(upload.name).suffix.lower()
        if suffix in (".xls", ".doc"):
            raise ValidationError(
                _(
                    "Tệp %(ext)s là định dạng Office cũ, chưa đọc được. Mở tệp bằng Excel hoặc Word, chọn "
                    "“Lưu thành” (Save As) .xlsx hoặc .docx rồi tải lên lại."
                ),
                code="legacy_office",
                params={"ext": suffix},
            )
        if suffix == ".pdf":
            raise ValidationError(
                _(
                    "Tệp PDF không đọc được bảng nhiệm vụ. Hãy dùng bản Word (.docx) hoặc Excel (.xlsx) của phụ lục; "
                    "nếu chỉ có PDF, mở bằng Word rồi lưu thành .docx và tải lên lại."
                ),
                code="pdf",
            )
        if suffix not in APPENDIX_EXTENSIONS:
            raise ValidationError(
                _("Chỉ nhận tệp Excel .xlsx hoặc Word .docx."),
                code="not_appendix",
            )
        return upload

    def clean_number(self):
        return " ".join(self.cleaned_data["number"].split())


class PlanHeaderForm(ParentPlanMixin, forms.Form):
    """On the preview: the plan's document as read from the file or typed, to correct."""

    number = forms.CharField(label=_("Số hiệu văn bản"), max_length=64)
    year = forms.IntegerField(label=_("Năm kế hoạch"), min_value=2000, max_value=2100)
    issuing_unit = forms.ModelChoiceField(
        label=_("Cơ quan ban hành"), queryset=Unit.objects.active(), empty_label=_("Chọn cơ quan")
    )
    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DATE_WIDGET)
    title = forms.CharField(label=_("Trích yếu"), max_length=500, required=False)

    def clean_number(self):
        return " ".join(self.cleaned_data["number"].split())


class PlanImportConfirmForm(forms.Form):
    """Step 2: the choices the preview asks for."""

    update_existing = forms.BooleanField(label=_("Cập nhật kế hoạch đã có"), required=False)


class UnknownNamesForm(forms.Form):
    """The resolution screen: for each name the catalogue does not know, what it stands for.
    Fields per name i: `choice_i` (a suggested unit "unit:<id>", "other", "create", "group",
    "new_group", "keep" or nothing yet), then what that choice needs. Choices lists are given,
    built from one query each, so a page of many names costs no query per field."""

    KIND_CHOICES = UnitKind.choices

    def __init__(self, *args, names, suggestions, unit_choices, group_choices, initial_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.names = names
        blank = [("", _("— chọn —"))]
        for i, name in enumerate(names):
            options = [
                (f"unit:{uid}", _("Là “%(name)s” (giống %(score)s%%)") % {"name": uname, "score": score})
                for uid, uname, score in suggestions.get(name.key, [])
            ]
            options += [
                ("other", _("Là đơn vị khác trong danh mục")),
                ("create", _("Là đơn vị mới: tạo trong danh mục")),
                ("group", _("Là một nhóm đơn vị có sẵn")),
                ("new_group", _("Là nhóm gồm các đơn vị chọn dưới đây")),
            ]
            if not name.in_lead:
                options.append(("keep", _("Không gắn đơn vị: chỉ giữ như ghi")))
            prefix = f"n{i}"
            self.fields[f"{prefix}_choice"] = forms.ChoiceField(
                label=name.text, choices=options, required=False, widget=forms.RadioSelect
            )
            self.fields[f"{prefix}_unit"] = forms.TypedChoiceField(
                label=_("Đơn vị"), choices=blank + unit_choices, coerce=int, required=False, empty_value=None
            )
            self.fields[f"{prefix}_kind"] = forms.ChoiceField(
                label=_("Loại đơn vị"), choices=self.KIND_CHOICES, required=False
            )
            self.fields[f"{prefix}_parent"] = forms.TypedChoiceField(
                label=_("Đơn vị cấp trên"), choices=blank + unit_choices, coerce=int, required=False, empty_value=None
            )
            self.fields[f"{prefix}_group"] = forms.TypedChoiceField(
                label=_("Nhóm"), choices=blank + group_choices, coerce=int, required=False, empty_value=None
            )
            self.fields[f"{prefix}_units"] = forms.TypedMultipleChoiceField(
                label=_("Các đơn vị của nhóm"), choices=unit_choices, coerce=int, required=False
            )
            current = (initial_choices or {}).get(name.key)
            if current:
                self.initial.update(_initial_for(prefix, current))
            else:
                self.initial[f"{prefix}_kind"] = guess_kind(name.text)

    def rows(self):
        """(name, its bound fields) for the template."""
        for i, name in enumerate(self.names):
            prefix = f"n{i}"
            yield (
                name,
                {part: self[f"{prefix}_{part}"] for part in ("choice", "unit", "kind", "parent", "group", "units")},
            )

    def clean(self):
        data = super().clean()
        for i, name in enumerate(self.names):
            prefix = f"n{i}"
            choice = data.get(f"{prefix}_choice")
            needs = {"other": "unit", "group": "group", "new_group": "units"}.get(choice or "")
            if needs and not data.get(f"{prefix}_{needs}"):
                self.add_error(f"{prefix}_{needs}", _("Chọn cho “%(name)s”.") % {"name": name.text})
        return data

    def choices(self) -> dict[str, dict]:
        """What was chosen, by the name's alias key, as planning.services.plan_import_resolve takes it."""
        out: dict[str, dict] = {}
        data = self.cleaned_data
        for i, name in enumerate(self.names):
            prefix = f"n{i}"
            choice = data.get(f"{prefix}_choice")
            if not choice:
                continue
            entry: dict = {"name": name.text}
            if choice.startswith("unit:"):
                entry.update(action="unit", unit=int(choice.split(":", 1)[1]))
            elif choice == "other":
                entry.update(action="unit", unit=data[f"{prefix}_unit"])
            elif choice == "create":
                entry.update(
                    action="create",
                    kind=data.get(f"{prefix}_kind") or guess_kind(name.text),
                    parent=data.get(f"{prefix}_parent"),
                )
            elif choice == "group":
                entry.update(action="group", group=data[f"{prefix}_group"])
            elif choice == "new_group":
                entry.update(action="new_group", units=list(data[f"{prefix}_units"]))
            else:
                entry.update(action="keep")
            out[name.key] = entry
        return out


def _initial_for(prefix: str, choice: dict) -> dict:
    action = choice.get("action")
    if action == "unit":
        return {f"{prefix}_choice": "other", f"{prefix}_unit": choice.get("unit")}
    if action == "create":
        return {
            f"{prefix}_choice": "create",
            f"{prefix}_kind": choice.get("kind"),
            f"{prefix}_parent": choice.get("parent"),
        }
    if action == "group":
        return {f"{prefix}_choice": "group", f"{prefix}_group": choice.get("group")}
    if action == "new_group":
        return {f"{prefix}_choice": "new_group", f"{prefix}_units": choice.get("units", [])}
    return {f"{prefix}_choice": "keep"}
