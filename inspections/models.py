"""Inspections of CCHC work (kiểm tra công tác CCHC): the annual plan, its teams, each
inspection with its shortcomings and recommendations (kiến nghị), and the follow-up."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Self, TypeVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.formatting import format_datetime
from cchc.models import TimeStampedModel
from cchc.uploads import random_name

if TYPE_CHECKING:
    pass


class InspectionPlan(TimeStampedModel):
    """An agency's annual inspection plan (Kế hoạch kiểm tra công tác CCHC năm …)."""

    agency = models.ForeignKey(
        "units.Unit", verbose_name=_("Cơ quan"), on_delete=models.PROTECT, related_name="inspection_plans"
    )
    year = models.PositiveSmallIntegerField(_("Năm"))
    number = models.CharField(_("Số hiệu văn bản"), max_length=64, blank=True, help_text=_("Ví dụ: 45/KH-UBND"))
    title = models.CharField(_("Trích yếu"), max_length=500)
    issued_on = models.DateField(_("Ngày ban hành"), null=True, blank=True)
    subject_units = models.ManyToManyField(
        "units.Unit",
        verbose_name=_("Đơn vị thuộc đối tượng kiểm tra"),
        related_name="inspection_plans_subject_of",
        blank=True,
    )

    class Meta:
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = _("kế hoạch kiểm tra")
        ordering = ["-year", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="inspectionplan_unique_agency_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="inspectionplan_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        label = self.number or self.title
        return f"{label} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("inspections:plan_detail", args=[self.pk])


class InspectionTeam(TimeStampedModel):
    """An inspection team (đoàn / tổ kiểm tra): a leader and members, who may come from other agencies."""

    plan = models.ForeignKey(
        InspectionPlan, verbose_name=_("Kế hoạch kiểm tra"), on_delete=models.CASCADE, related_name="teams"
    )
    name = models.CharField(_("Tên đoàn"), max_length=255, help_text=_("Ví dụ: Đoàn kiểm tra số 1"))
    leader = models.ForeignKey(
        "accounts.User",
        verbose_name=_("Trưởng đoàn (người dùng)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_inspection_teams",
    )
    leader_name = models.CharField(
        _("Trưởng đoàn (ghi tên)"),
        max_length=255,
        blank=True,
        help_text=_("Khi trưởng đoàn không có tài khoản: họ tên, chức vụ, cơ quan"),
    )
    members = models.ManyToManyField(
        "accounts.User", verbose_name=_("Thành viên (người dùng)"), related_name="inspection_teams", blank=True
    )
    external_members = models.TextField(
        _("Thành viên khác"), blank=True, help_text=_("Mỗi dòng một người: họ tên, chức vụ, cơ quan")
    )

    class Meta:
        verbose_name = _("đoàn kiểm tra")
        verbose_name_plural = _("đoàn kiểm tra")
        ordering = ["plan", "name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="inspectionteam_unique_name_per_plan"),
            models.CheckConstraint(
                condition=Q(leader__isnull=False) | ~Q(leader_name=""), name="inspectionteam_has_leader"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def leader_display(self) -> str:
        return str(self.leader) if self.leader_id else self.leader_name

    @property
    def external_member_list(self) -> list[str]:
        return [line.strip() for line in self.external_members.splitlines() if line.strip()]


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Theo kế hoạch")
    DONE = "done", _("Đã kiểm tra")


class Inspection(TimeStampedModel):
    """One unit inspected under a plan by a team. A unit is inspected at most once per plan."""

    plan = models.ForeignKey(
        InspectionPlan, verbose_name=_("Kế hoạch kiểm tra"), on_delete=models.CASCADE, related_name="inspections"
    )
    team = models.ForeignKey(
        InspectionTeam, verbose_name=_("Đoàn kiểm tra"), on_delete=models.RESTRICT, related_name="inspections"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("Đơn vị được kiểm tra"), on_delete=models.PROTECT, related_name="inspections"
    )
    scheduled_start = models.DateField(_("Dự kiến từ ngày"))
    scheduled_end = models.DateField(_("Dự kiến đến ngày"))
    actual_start = models.DateField(_("Kiểm tra từ ngày"), null=True, blank=True)
    actual_end = models.DateField(_("Kiểm tra đến ngày"), null=True, blank=True)
    areas = models.ManyToManyField(
        "plans.ReformArea", verbose_name=_("Lĩnh vực kiểm tra"), related_name="inspections", blank=True
    )
    strengths = models.TextField(_("Ưu điểm"), blank=True)
    status = models.CharField(
        _("Trạng thái"), max_length=16, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    minutes = models.FileField(
        _("Biên bản / kết luận kiểm tra"), upload_to=random_name("inspections"), blank=True, max_length=255
    )
    minutes_name = models.CharField(_("Tên tệp biên bản"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        ordering = ["plan", "scheduled_start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit"], name="inspection_unique_unit_per_plan"),
            models.CheckConstraint(
                condition=Q(scheduled_end__gte=models.F("scheduled_start")), name="inspection_schedule_ordered"
            ),
            models.CheckConstraint(
                condition=Q(actual_start__isnull=True)
                | Q(actual_end__isnull=True)
                | Q(actual_end__gte=models.F("actual_start")),
                name="inspection_actual_dates_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(actual_start__isnull=False, actual_end__isnull=False),
                name="inspection_done_has_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} ({self.plan.year})"

    def get_absolute_url(self) -> str:
        return reverse("inspections:detail", args=[self.pk])

    @property
    def is_done(self) -> bool:
        return self.status == InspectionStatus.DONE


class Shortcoming(models.Model):
    """A shortcoming (tồn tại, hạn chế) found in one reform area."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("Cuộc kiểm tra"), on_delete=models.CASCADE, related_name="shortcomings"
    )
    area = models.ForeignKey("plans.ReformArea", verbose_name=_("Lĩnh vực"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("Tồn tại, hạn chế"))

    class Meta:
        verbose_name = _("tồn tại, hạn chế")
        verbose_name_plural = _("tồn tại, hạn chế")
        ordering = ["inspection", "area__order", "id"]

    def __str__(self) -> str:
        return f"{self.area.code}: {self.text[:80]}"


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Chưa khắc phục")
    ANSWERED = "answered", _("Đơn vị đã báo cáo")
    CLOSED = "closed", _("Đã khắc phục")


def recommendation_overdue(as_of: datetime.date, *, prefix: str = "") -> Q:
    """The one definition of an overdue recommendation, as a condition: not closed and past its
    deadline (an answer waiting for the secretariat still counts). `prefix` reaches the
    recommendations through a relation ("recommendations__") for conditional counts."""
    return ~Q(**{f"{prefix}status": RecommendationStatus.CLOSED}) & Q(**{f"{prefix}deadline__lt": as_of})


_RecommendationT = TypeVar("_RecommendationT", bound="Recommendation")


class RecommendationQuerySet(models.QuerySet[_RecommendationT, _RecommendationT]):
    def not_closed(self) -> Self:
        return self.exclude(status=RecommendationStatus.CLOSED)

    def overdue(self, as_of: datetime.date) -> Self:
        """Not closed and past its deadline (recommendation_overdue)."""
        return self.filter(recommendation_overdue(as_of))


class Recommendation(TimeStampedModel):
    """A recommendation (kiến nghị) the responsible unit must remedy by a deadline."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("Cuộc kiểm tra"), on_delete=models.CASCADE, related_name="recommendations"
    )
    area = models.ForeignKey("plans.ReformArea", verbose_name=_("Lĩnh vực"), on_delete=models.PROTECT, related_name="+")
    content = models.TextField(_("Nội dung kiến nghị"))
    deadline = models.DateField(_("Thời hạn khắc phục"))
    responsible_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Đơn vị chịu trách nhiệm"),
        on_delete=models.PROTECT,
        related_name="inspection_recommendations",
    )
    status = models.CharField(
        _("Trạng thái"),
        max_length=16,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.OPEN,
        db_index=True,
    )
    closed_on = models.DateField(_("Ngày đóng"), null=True, blank=True)
    task = models.OneToOneField(
        "tasks.Task",
        verbose_name=_("Nhiệm vụ trong kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspection_recommendation",
    )

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["inspection", "deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False)
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
                name="recommendation_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.content[:80]

    def get_absolute_url(self) -> str:
        return reverse("inspections:recommendation", args=[self.pk])

    def is_overdue(self, as_of: datetime.date) -> bool:
        """recommendation_overdue for one row already read."""
        return self.status != RecommendationStatus.CLOSED and self.deadline < as_of


class RecommendationResponse(models.Model):
    """The inspected unit's report on one recommendation (báo cáo sau kiểm tra): a note and evidence."""

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("Kiến nghị"), on_delete=models.CASCADE, related_name="responses"
    )
    author = models.ForeignKey(
        "accounts.User",
        verbose_name=_("Người báo cáo"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="recommendation_responses",
    )
    note = models.TextField(_("Kết quả khắc phục"))
    evidence = models.FileField(
        _("Tài liệu kiểm chứng"), upload_to=random_name("inspection-evidence"), blank=True, max_length=255
    )
    evidence_name = models.CharField(_("Tên tệp kiểm chứng"), max_length=255, blank=True)
    document_reference = models.CharField(
        _("Văn bản kiểm chứng"),
        max_length=255,
        blank=True,
        help_text=_("Số, ngày văn bản, ví dụ: 12/BC-STP ngày 05/12"),
    )
    created_at = models.DateTimeField(_("Thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo khắc phục")
        verbose_name_plural = _("báo cáo khắc phục")
        ordering = ["recommendation", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(note=""), name="recommendationresponse_has_note"),
            models.CheckConstraint(
                condition=~Q(evidence="") | ~Q(document_reference=""), name="recommendationresponse_has_evidence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.note[:60]}"


class InspectionEventKind(models.TextChoices):
    PLAN_CREATED = "plan_created", _("Lập kế hoạch kiểm tra")
    PLAN_CHANGED = "plan_changed", _("Sửa kế hoạch kiểm tra")
    TEAM_CREATED = "team_created", _("Thành lập đoàn kiểm tra")
    TEAM_CHANGED = "team_changed", _("Sửa đoàn kiểm tra")
    SCHEDULED = "scheduled", _("Lên lịch kiểm tra")
    RESCHEDULED = "rescheduled", _("Đổi lịch kiểm tra")
    RESULT_RECORDED = "result_recorded", _("Ghi nhận kết quả kiểm tra")
    SHORTCOMING_ADDED = "shortcoming_added", _("Ghi tồn tại, hạn chế")
    RECOMMENDATION_ADDED = "recommendation_added", _("Đưa ra kiến nghị")
    RESPONDED = "responded", _("Đơn vị báo cáo khắc phục")
    CLOSED = "closed", _("Đóng kiến nghị")
    KEPT_OPEN = "kept_open", _("Tiếp tục theo dõi")
    TASK_CREATED = "task_created", _("Chuyển thành nhiệm vụ")


class InspectionEvent(models.Model):
    """One immutable entry of the inspection history: who, when, what, note. Written by the services."""

    plan = models.ForeignKey(
        InspectionPlan, verbose_name=_("Kế hoạch kiểm tra"), on_delete=models.CASCADE, related_name="events"
    )
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("Cuộc kiểm tra"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("Kiến nghị"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("Loại"), max_length=32, choices=InspectionEventKind.choices)
    actor = models.ForeignKey(
        "accounts.User",
        verbose_name=_("Người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspection_events",
    )
    created_at = models.DateTimeField(_("Thời điểm"), auto_now_add=True, db_index=True)
    note = models.TextField(_("Nội dung"), blank=True)

    class Meta:
        verbose_name = _("lịch sử kiểm tra")
        verbose_name_plural = _("lịch sử kiểm tra")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {format_datetime(self.created_at)}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("Inspection history is immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Inspection history is immutable")
