"""Records of the progress workflow: completion reports waiting for confirmation, evidence
(tài liệu kiểm chứng) and deadline extension requests. Written only by tasks/services/."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.formatting import format_date
from cchc.uploads import FILE_KINDS, INLINE_TYPES, file_extension, random_name


class ReportStatus(models.TextChoices):
    AWAITING_HEAD = "awaiting_head", _("Chờ lãnh đạo đơn vị duyệt")
    AWAITING_SECRETARIAT = "awaiting_secretariat", _("Chờ thường trực xác nhận")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    RETURNED = "returned", _("Trả lại")
    REJECTED_BY_HEAD = "rejected_by_head", _("Lãnh đạo đơn vị không duyệt")


OPEN_REPORT_STATUSES = (ReportStatus.AWAITING_HEAD, ReportStatus.AWAITING_SECRETARIAT)


class CompletionReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_REPORT_STATUSES)


class CompletionReport(models.Model):
    """A unit's report that a task is completed, on its way to the secretariat's decision."""

    task = models.ForeignKey(
        "tasks.Task", verbose_name=_("Nhiệm vụ"), on_delete=models.CASCADE, related_name="completion_reports"
    )
    submitted_by = models.ForeignKey(
        "accounts.User", verbose_name=_("Người báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("Thời điểm báo cáo"), auto_now_add=True, db_index=True)
    completed_on = models.DateField(_("Ngày hoàn thành"))
    note = models.TextField(_("Kết quả thực hiện"))
    is_late = models.BooleanField(_("Báo cáo sau thời hạn"), default=False)
    status = models.CharField(_("Trạng thái"), max_length=24, choices=ReportStatus.choices)
    # Restored when the report is returned: the progress the unit had reported before.
    progress_before = models.PositiveSmallIntegerField(default=0)
    status_before = models.CharField(max_length=16, blank=True)
    event = models.ForeignKey(
        "tasks.TaskEvent", verbose_name=_("Lịch sử"), on_delete=models.CASCADE, related_name="+", null=True
    )
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("Người xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("Thời điểm xử lý"), null=True, blank=True)
    decision_note = models.TextField(_("Ý kiến xử lý"), blank=True)

    objects = CompletionReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo hoàn thành")
        verbose_name_plural = _("báo cáo hoàn thành")
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(status__in=["awaiting_head", "awaiting_secretariat"]),
                name="report_one_open_per_task",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["awaiting_head", "awaiting_secretariat"]) | Q(decided_at__isnull=False),
                name="report_decided_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="report_status_submitted_idx")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.get_status_display()} {format_date(self.completed_on)}"


class Evidence(models.Model):
    """A piece of evidence (tài liệu kiểm chứng): an uploaded file and/or an issued document
    (number, date, title). Attached to the history entry it was reported with."""

    task = models.ForeignKey(
        "tasks.Task", verbose_name=_("Nhiệm vụ"), on_delete=models.CASCADE, related_name="evidence"
    )
    event = models.ForeignKey(
        "tasks.TaskEvent", verbose_name=_("Lịch sử"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("Tệp"), upload_to=random_name("evidence"), blank=True, max_length=255)
    original_name = models.CharField(_("Tên tệp"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("Dung lượng (byte)"), default=0)
    document_number = models.CharField(_("Số văn bản"), max_length=64, blank=True)
    document_date = models.DateField(_("Ngày văn bản"), null=True, blank=True)
    document_title = models.CharField(_("Trích yếu văn bản"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("Người gửi"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("Thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = _("tài liệu kiểm chứng")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(document_number=""), name="evidence_has_file_or_document"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name or self.reference

    @property
    def kind(self) -> str:
        """ "PDF", "Word", "JPEG"…: the file's type as its name says (checked at upload)."""
        return FILE_KINDS.get(file_extension(self.original_name), "") if self.file else ""

    @property
    def preview(self) -> str:
        """ "image" or "pdf" when the file can be shown in the page, else ""."""
        if not self.file or file_extension(self.original_name) not in INLINE_TYPES:
            return ""
        return "pdf" if file_extension(self.original_name) == "pdf" else "image"

    @property
    def reference(self) -> str:
        """The issued document as a person cites it: "Số 12/QĐ-STP ngày 05/03/2026: …"."""
        if not self.document_number:
            return ""
        text = self.document_number
        if self.document_date:
            text += f" ({format_date(self.document_date)})"
        if self.document_title:
            text += f": {self.document_title}"
        return text


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xem xét")
    APPROVED = "approved", _("Đồng ý")
    REFUSED = "refused", _("Không đồng ý")


class ExtensionRequest(models.Model):
    """A unit's request to move a task's deadline (gia hạn); at most two are granted per task."""

    task = models.ForeignKey(
        "tasks.Task", verbose_name=_("Nhiệm vụ"), on_delete=models.CASCADE, related_name="extension_requests"
    )
    requested_by = models.ForeignKey(
        "accounts.User", verbose_name=_("Người đề nghị"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("Thời điểm đề nghị"), auto_now_add=True)
    current_deadline = models.DateField(_("Thời hạn hiện tại"), null=True, blank=True)
    requested_deadline = models.DateField(_("Thời hạn đề nghị"))
    reason = models.TextField(_("Lý do"))
    status = models.CharField(
        _("Trạng thái"), max_length=16, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("Người xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("Thời điểm xử lý"), null=True, blank=True)
    decision_note = models.TextField(_("Ý kiến xử lý"), blank=True)

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=Q(status="pending"), name="extension_one_pending_per_task"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} → {format_date(self.requested_deadline)} ({self.get_status_display()})"
