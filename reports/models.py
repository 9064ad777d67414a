"""A period-report export run in the background (reports/jobs.py): too large a scope to be
written within a web request, so the requester waits on a page and downloads the file when ready."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.formatting import format_date
from cchc.uploads import random_name


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("Tệp Excel (.xlsx)")
    CSV = "csv", _("Chi tiết nhiệm vụ (.csv)")


class ExportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo tệp")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không thành công")


class ExportJob(models.Model):
    """One requested export. `params` holds the choice of the export form (plan id or year,
    period kind, custom start and end as ISO dates), read again by the job under the
    requester's own visibility."""

    requested_by = models.ForeignKey(
        "accounts.User", verbose_name=_("Người yêu cầu"), on_delete=models.CASCADE, related_name="export_jobs"
    )
    params = models.JSONField(_("Tham số"), default=dict)
    label = models.CharField(_("Nội dung"), max_length=255, blank=True)
    format = models.CharField(_("Định dạng"), max_length=8, choices=ExportFormat.choices)
    status = models.CharField(
        _("Trạng thái"), max_length=16, choices=ExportJobStatus.choices, default=ExportJobStatus.QUEUED
    )
    file = models.FileField(_("Tệp"), upload_to=random_name("exports"), blank=True)
    filename = models.CharField(_("Tên tệp"), max_length=255, blank=True)
    display_name = models.CharField(_("Tên tệp hiển thị"), max_length=255, blank=True)
    task_count = models.PositiveIntegerField(_("Số nhiệm vụ"), null=True, blank=True)
    error = models.CharField(_("Lỗi"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("Bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("Xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần xuất báo cáo")
        verbose_name_plural = _("lần xuất báo cáo")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(format__in=ExportFormat.values), name="exportjob_format_valid"),
            models.CheckConstraint(condition=Q(status__in=ExportJobStatus.values), name="exportjob_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=ExportJobStatus.DONE) | ~Q(file=""), name="exportjob_done_has_file"
            ),
        ]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="exportjob_requester_idx")]

    def __str__(self) -> str:
        return f"{self.label or self.pk} ({self.format}, {self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportJobStatus.DONE, ExportJobStatus.FAILED)


class ImmutableRow(models.Model):
    """A row written once and never changed: save() refuses an update, delete() refuses; on
    PostgreSQL a trigger (migration 0003) refuses UPDATE whatever the code path."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(f"{type(self).__name__} rows are immutable")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{type(self).__name__} rows are immutable")


class PeriodClosing(ImmutableRow):
    """A closed reporting period ("chốt số liệu"): the figures of a plan (or of every plan of a
    year) at the period's cut-off, frozen at the moment of closing (reports/closing.py).

    `snapshot` holds everything the report prints (headline, by area, by unit, by source, the
    tasks with their state at the cut-off, inspections, appendix figures); the period's dates
    are copied because the secretariat may edit the ReportingPeriod later. Reopening is a
    PeriodReopening row; closing again writes a new row with the next version."""

    identifier = models.CharField(_("Số hiệu"), max_length=40, unique=True)
    scope_key = models.CharField(_("Phạm vi"), max_length=24, help_text=_("plan-<id> hoặc year-<năm>"))
    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("Kế hoạch"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("Năm"))
    period = models.ForeignKey(
        "figures.ReportingPeriod", verbose_name=_("Kỳ báo cáo"), on_delete=models.PROTECT, related_name="closings"
    )
    kind = models.CharField(_("Loại kỳ"), max_length=8)
    start = models.DateField(_("Số liệu từ ngày"))
    cutoff = models.DateField(_("Ngày chốt số liệu"))
    version = models.PositiveSmallIntegerField(_("Lần chốt"))
    closed_at = models.DateTimeField(_("Chốt lúc"))
    closed_by = models.ForeignKey(
        "accounts.User", verbose_name=_("Người chốt"), on_delete=models.PROTECT, related_name="+"
    )
    snapshot = models.JSONField(_("Số liệu đã chốt"))

    class Meta:
        verbose_name = _("lần chốt số liệu")
        verbose_name_plural = _("lần chốt số liệu")
        ordering = ["-closed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["scope_key", "period", "version"], name="closing_one_per_version"),
            models.CheckConstraint(condition=Q(start__lte=models.F("cutoff")), name="closing_start_before_cutoff"),
            models.CheckConstraint(
                condition=Q(plan__isnull=True, scope_key__startswith="year-")
                | Q(plan__isnull=False, scope_key__startswith="plan-"),
                name="closing_scope_matches_plan",
            ),
        ]

    def __str__(self) -> str:
        return self.identifier


class PeriodReopening(ImmutableRow):
    """Reopening a closed period: a recorded act with its reason. The closing stays as it was
    (what was reported); the period may then be closed again under a new identifier."""

    closing = models.OneToOneField(
        PeriodClosing, verbose_name=_("Lần chốt"), on_delete=models.PROTECT, related_name="reopening"
    )
    reopened_at = models.DateTimeField(_("Mở lại lúc"))
    reopened_by = models.ForeignKey(
        "accounts.User", verbose_name=_("Người mở lại"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("Lý do"))

    class Meta:
        verbose_name = _("lần mở lại kỳ đã chốt")
        verbose_name_plural = _("lần mở lại kỳ đã chốt")
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="reopening_has_reason")]

    def __str__(self) -> str:
        return f"{self.closing} ({format_date(self.reopened_at)})"


class UnitNarrative(models.Model):
    """A unit's part of a period's report for one reform area (reports/narratives.py): what was
    done, the difficulties, the proposals. Written by the unit's people beside its figures; the
    Word draft merges the units' parts under each area (section II)."""

    period = models.ForeignKey(
        "figures.ReportingPeriod", verbose_name=_("Kỳ báo cáo"), on_delete=models.PROTECT, related_name="narratives"
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("Đơn vị"), on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("plans.ReformArea", verbose_name=_("Lĩnh vực"), on_delete=models.PROTECT, related_name="+")
    achieved = models.TextField(_("Kết quả đạt được"), blank=True)
    difficulties = models.TextField(_("Khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("Đề xuất, kiến nghị"), blank=True)
    updated_at = models.DateTimeField(_("Cập nhật lúc"))
    updated_by = models.ForeignKey(
        "accounts.User", verbose_name=_("Người cập nhật"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("báo cáo của đơn vị theo lĩnh vực")
        verbose_name_plural = _("báo cáo của đơn vị theo lĩnh vực")
        ordering = ["period", "area__order", "unit__order", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit", "area"], name="narrative_one_per_unit_area"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} · {self.area_id} · {self.period_id}"


class NarrativeSubmission(models.Model):
    """The unit head's submission of the unit's report for a period: the moment the obligation
    was met (on time or late against the period's due date). One per unit and period; later
    corrections do not move it."""

    period = models.ForeignKey(
        "figures.ReportingPeriod",
        verbose_name=_("Kỳ báo cáo"),
        on_delete=models.PROTECT,
        related_name="narrative_submissions",
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("Đơn vị"), on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("Nộp lúc"))
    submitted_by = models.ForeignKey(
        "accounts.User", verbose_name=_("Người nộp"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("lượt nộp báo cáo của đơn vị")
        verbose_name_plural = _("lượt nộp báo cáo của đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="narrative_submitted_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} · {self.period_id} ({format_date(self.submitted_at)})"

    def submitted_day(self) -> datetime.date:
        """The local calendar day of the submission (Asia/Ho_Chi_Minh), judged against the due date."""
        return timezone.localdate(self.submitted_at)


class SteeringPack(ImmutableRow):
    """The monthly pack for the steering committee ("gói báo cáo Ban chỉ đạo", reports/steering.py):
    the figures of the agency's plans of a year (or of one plan) at the last day of a finished
    month, frozen when the pack is made, with the baseline of the month before that its
    "changes since last month" are computed against. Made once per scope and month; never updated."""

    identifier = models.CharField(_("Số hiệu"), max_length=64, unique=True)
    scope_key = models.CharField(_("Phạm vi"), max_length=24, help_text=_("plan-<id> hoặc year-<năm>"))
    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("Kế hoạch"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("Năm"))
    month = models.DateField(_("Tháng"), help_text=_("Ngày đầu tháng"))
    cutoff = models.DateField(_("Số liệu đến ngày"))
    made_at = models.DateTimeField(_("Tạo lúc"))
    made_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("Người tạo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Để trống: tạo tự động theo lịch gửi hằng tháng"),
    )
    snapshot = models.JSONField(_("Số liệu của gói"))
    baseline = models.JSONField(_("Số liệu tháng trước"))

    class Meta:
        verbose_name = _("gói báo cáo Ban chỉ đạo")
        verbose_name_plural = _("gói báo cáo Ban chỉ đạo")
        ordering = ["-month", "scope_key"]
        constraints = [
            models.UniqueConstraint(fields=["scope_key", "month"], name="steeringpack_one_per_scope_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="steeringpack_month_first_day"),
            models.CheckConstraint(condition=Q(month__lt=models.F("cutoff")), name="steeringpack_month_before_cutoff"),
            models.CheckConstraint(
                condition=Q(plan__isnull=True, scope_key__startswith="year-")
                | Q(plan__isnull=False, scope_key__startswith="plan-"),
                name="steeringpack_scope_matches_plan",
            ),
        ]

    def __str__(self) -> str:
        return self.identifier


class SteeringPackSchedule(models.Model):
    """When the daily job sends last month's pack by e-mail (one row, edited by the secretariat):
    on `day` of each month (1–28), or later that month if the job did not run that day."""

    enabled = models.BooleanField(_("Tự động gửi gói báo cáo hằng tháng"), default=True)
    day = models.PositiveSmallIntegerField(_("Ngày gửi gói báo cáo hằng tháng"), default=5)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), null=True, blank=True)
    updated_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("Người cập nhật"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("lịch gửi gói báo cáo hằng tháng")
        verbose_name_plural = _("lịch gửi gói báo cáo hằng tháng")
        constraints = [
            models.CheckConstraint(condition=Q(day__gte=1, day__lte=28), name="packschedule_day_in_month"),
        ]

    def __str__(self) -> str:
        return f"{self.day} ({'on' if self.enabled else 'off'})"
