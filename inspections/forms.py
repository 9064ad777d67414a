"""Forms validate; services save. Choices are narrowed to what makes sense for the object."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cchc.dates import BoundedDates
from cchc.uploads import DocumentField
from cchc.widgets import DayMonthYearInput
from plans.models import Plan, PlanStatus, ReformArea
from units.models import Unit

from .models import Inspection, InspectionPlan, InspectionTeam


def _active_users():
    return User.objects.filter(is_active=True).select_related("unit").order_by("last_name", "first_name", "username")


class InspectionPlanForm(BoundedDates, forms.ModelForm):
    class Meta:
        model = InspectionPlan
        fields = ["agency", "year", "number", "title", "issued_on", "subject_units"]
        widgets = {"issued_on": DayMonthYearInput(), "subject_units": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Unit.objects.active()
        self.fields["agency"].empty_label = _("Chọn cơ quan")
        self.fields["subject_units"].queryset = Unit.objects.active()
        self.fields["subject_units"].required = True
        if self.instance.pk:
            # The agency and year identify the plan; a different year is a new plan.
            self.fields["agency"].disabled = True
            self.fields["year"].disabled = True


class TeamForm(forms.ModelForm):
    class Meta:
        model = InspectionTeam
        fields = ["name", "leader", "leader_name", "members", "external_members"]
        widgets = {"external_members": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = _active_users()
        self.fields["leader"].empty_label = _("Không chọn: ghi họ tên trưởng đoàn")
        self.fields["members"].queryset = _active_users()
        self.fields["members"].widget.attrs["size"] = 8

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("leader") and not (cleaned.get("leader_name") or "").strip():
            self.add_error("leader_name", _("Chọn trưởng đoàn hoặc ghi họ tên trưởng đoàn."))
        return cleaned

    def validate_unique(self):
        # The service checks the name per plan (the plan is not on the form).
        pass


class ScheduleForm(BoundedDates, forms.Form):
    team = forms.ModelChoiceField(
        label=_("Đoàn kiểm tra"), queryset=InspectionTeam.objects.none(), empty_label=_("Chọn đoàn kiểm tra")
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị được kiểm tra"), queryset=Unit.objects.none(), empty_label=_("Chọn đơn vị")
    )
    scheduled_start = forms.DateField(label=_("Dự kiến từ ngày"), widget=DayMonthYearInput())
    scheduled_end = forms.DateField(label=_("Dự kiến đến ngày"), widget=DayMonthYearInput())
    areas = forms.ModelMultipleChoiceField(
        label=_("Lĩnh vực kiểm tra"),
        queryset=ReformArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, plan: InspectionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = plan.teams.order_by("name")
        scheduled = plan.inspections.values("unit_id")
        self.fields["unit"].queryset = plan.subject_units.exclude(pk__in=scheduled).order_by("order", "name")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("scheduled_start"), cleaned.get("scheduled_end")
        if start and end and end < start:
            self.add_error("scheduled_end", _("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."))
        return cleaned


class RescheduleForm(BoundedDates, forms.Form):
    team = forms.ModelChoiceField(
        label=_("Đoàn kiểm tra"), queryset=InspectionTeam.objects.none(), empty_label=_("Chọn đoàn kiểm tra")
    )
    scheduled_start = forms.DateField(label=_("Dự kiến từ ngày"), widget=DayMonthYearInput())
    scheduled_end = forms.DateField(label=_("Dự kiến đến ngày"), widget=DayMonthYearInput())
    areas = forms.ModelMultipleChoiceField(
        label=_("Lĩnh vực kiểm tra"),
        queryset=ReformArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, inspection: Inspection, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "team": inspection.team_id,
                "scheduled_start": inspection.scheduled_start,
                "scheduled_end": inspection.scheduled_end,
                "areas": [a.pk for a in inspection.areas.all()],
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = inspection.plan.teams.order_by("name")
        if inspection.is_done:
            # The areas actually checked are part of the recorded result.
            del self.fields["areas"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("scheduled_start"), cleaned.get("scheduled_end")
        if start and end and end < start:
            self.add_error("scheduled_end", _("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."))
        return cleaned


class ResultForm(BoundedDates, forms.Form):
    actual_start = forms.DateField(label=_("Kiểm tra từ ngày"), widget=DayMonthYearInput())
    actual_end = forms.DateField(label=_("Kiểm tra đến ngày"), widget=DayMonthYearInput())
    areas = forms.ModelMultipleChoiceField(
        label=_("Lĩnh vực đã kiểm tra"), queryset=ReformArea.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    strengths = forms.CharField(label=_("Ưu điểm"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    minutes = DocumentField(label=_("Biên bản / kết luận kiểm tra"), required=False)

    @classmethod
    def for_inspection(cls, inspection: Inspection, data=None, files=None) -> ResultForm:
        initial = {
            "actual_start": inspection.actual_start or inspection.scheduled_start,
            "actual_end": inspection.actual_end or inspection.scheduled_end,
            "areas": list(inspection.areas.all()),
            "strengths": inspection.strengths,
        }
        return cls(data, files, initial=initial)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("actual_start"), cleaned.get("actual_end")
        if start and end and end < start:
            self.add_error("actual_end", _("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."))
        return cleaned


class ShortcomingForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=ReformArea.objects.all(), empty_label=_("Chọn lĩnh vực")
    )
    text = forms.CharField(label=_("Tồn tại, hạn chế"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, inspection: Inspection, **kwargs):
        kwargs.setdefault("prefix", "shortcoming")
        super().__init__(*args, **kwargs)
        _limit_areas(self.fields["area"], inspection)


class RecommendationForm(BoundedDates, forms.Form):
    area = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=ReformArea.objects.all(), empty_label=_("Chọn lĩnh vực")
    )
    content = forms.CharField(label=_("Nội dung kiến nghị"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("Thời hạn khắc phục"), widget=DayMonthYearInput())
    responsible_unit = forms.ModelChoiceField(
        label=_("Đơn vị chịu trách nhiệm"), queryset=Unit.objects.none(), empty_label=_("Chọn đơn vị")
    )

    def __init__(self, *args, inspection: Inspection, **kwargs):
        kwargs.setdefault("prefix", "recommendation")
        kwargs.setdefault("initial", {"responsible_unit": inspection.unit_id})
        super().__init__(*args, **kwargs)
        _limit_areas(self.fields["area"], inspection)
        self.fields["responsible_unit"].queryset = Unit.objects.active()


def _limit_areas(field: forms.ModelChoiceField, inspection: Inspection) -> None:
    """Offer the areas checked, once they are recorded; all areas before that."""
    checked = [area.pk for area in inspection.areas.all()]  # prefetched by the access helper
    if checked:
        field.queryset = ReformArea.objects.filter(pk__in=checked)


class ResponseForm(forms.Form):
    note = forms.CharField(label=_("Kết quả khắc phục"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    evidence = DocumentField(label=_("Tài liệu kiểm chứng"), required=False)
    document_reference = forms.CharField(
        label=_("Hoặc số, ngày văn bản kiểm chứng"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Báo cáo số 12/BC-STP ngày 05/12"),
    )

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Ghi kết quả khắc phục kiến nghị."))
        if (
            "evidence" in cleaned
            and not cleaned.get("evidence")
            and not (cleaned.get("document_reference") or "").strip()
        ):
            self.add_error("evidence", _("Đính kèm tài liệu kiểm chứng hoặc ghi số, ngày văn bản kiểm chứng."))
        return cleaned


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class KeepOpenForm(forms.Form):
    note = forms.CharField(
        label=_("Lý do tiếp tục theo dõi"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Ghi lý do tiếp tục theo dõi kiến nghị.")},
    )


class ToTaskForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Kế hoạch"), queryset=Plan.objects.none(), empty_label=_("Chọn kế hoạch"))
    area = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=ReformArea.objects.all(), empty_label=_("Chọn lĩnh vực")
    )
    number = forms.CharField(label=_("STT nhiệm vụ"), max_length=16)

    def __init__(self, *args, recommendation, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "area": recommendation.area_id,
                "plan": _default_plan_id(recommendation),
                "number": f"KN{recommendation.pk}",
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = (
            Plan.objects.exclude(status=PlanStatus.CLOSED).select_related("issuing_unit").order_by("-year", "number")
        )


def _default_plan_id(recommendation) -> int | None:
    """The responsible unit's own open plan of the latest year, if it has one."""
    plan = (
        Plan.objects.exclude(status=PlanStatus.CLOSED)
        .filter(issuing_unit_id=recommendation.responsible_unit_id)
        .order_by("-year")
        .first()
    )
    return plan.pk if plan else None
