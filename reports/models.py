"""A period-report export run in the background (reports/jobs.py): too large a scope to be
written within a web request, so the requester waits on a page and downloads the file when ready."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
