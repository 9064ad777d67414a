"""Notifications (thông báo): what the tool tells each person to do, in the app and through
the configured channels (e-mail, or any channel added by configuration: notifications/channels.py).

A notification is also the *send record*: at most one per person, kind, object and day (a
database constraint), so two workers running the daily job at once, or the job run twice,
never tell anyone the same thing twice. What went out through a channel is a `Delivery`,
claimed by one worker before it sends (unique per person, channel and key).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.formatting import format_date


class NotificationKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Nhiệm vụ sắp đến hạn")
    OVERDUE = "overdue", _("Nhiệm vụ quá hạn")
    ESCALATED = "escalated", _("Nhiệm vụ quá hạn lâu (báo lãnh đạo đơn vị)")
    REPORT_RETURNED = "report_returned", _("Báo cáo hoàn thành bị trả lại")
    REPORT_CONFIRMED = "report_confirmed", _("Báo cáo hoàn thành được xác nhận")
    REPORT_HEAD_REJECTED = "report_head_rejected", _("Lãnh đạo đơn vị không duyệt báo cáo")
    EXTENSION_APPROVED = "extension_approved", _("Đề nghị gia hạn được đồng ý")
    EXTENSION_REFUSED = "extension_refused", _("Đề nghị gia hạn không được đồng ý")
    DECISION_WAITING = "decision_waiting", _("Báo cáo chờ tôi xử lý")
    RECOMMENDATION_DUE = "recommendation_due", _("Kiến nghị kiểm tra sắp đến hạn khắc phục")
    RECOMMENDATION_OVERDUE = "recommendation_overdue", _("Kiến nghị kiểm tra quá hạn khắc phục")
    FIGURES_DUE = "figures_due", _("Số liệu kỳ báo cáo sắp đến hạn")
    FIGURES_MISSING = "figures_missing", _("Số liệu kỳ báo cáo chưa nộp")
    FIGURES_LATE = "figures_late", _("Đơn vị nộp số liệu kỳ báo cáo muộn")
    NARRATIVE_DUE = "narrative_due", _("Báo cáo của đơn vị sắp đến hạn")
    NARRATIVE_MISSING = "narrative_missing", _("Báo cáo của đơn vị chưa gửi")
    UNIT_SILENT = "unit_silent", _("Đơn vị lâu không cập nhật tiến độ")
    PLAN_ADJUSTED = "plan_adjusted", _("Kế hoạch có điều chỉnh liên quan đến đơn vị")
    WEEKLY_SUMMARY = "weekly_summary", _("Tổng hợp quá hạn hằng tuần")


# Sent at once, one message each (a decision someone waits for), not in the daily digest.
IMMEDIATE_KINDS = frozenset(
    {
        NotificationKind.REPORT_RETURNED,
        NotificationKind.REPORT_CONFIRMED,
        NotificationKind.REPORT_HEAD_REJECTED,
        NotificationKind.EXTENSION_APPROVED,
        NotificationKind.EXTENSION_REFUSED,
    }
)
# At most once a week per person and object (the object key carries the ISO week).
WEEKLY_KINDS = frozenset({NotificationKind.UNIT_SILENT, NotificationKind.WEEKLY_SUMMARY})


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One thing one person is told, in Vietnamese as it was written when it was sent.

    `object_key` names what it is about ("task:12", "period:3", "queue", "unit:5@2026-W48")
    and, with recipient, kind and day, is unique; `content_type`/`object_id` point at the
    object itself where there is one, `url` is the page to open (a path in this app)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Người nhận"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("Loại"), max_length=32, choices=NotificationKind.choices)
    day = models.DateField(_("Ngày"))
    object_key = models.CharField(_("Đối tượng"), max_length=64)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    title = models.CharField(_("Tiêu đề"), max_length=255)
    body = models.TextField(_("Nội dung"), blank=True)
    url = models.CharField(_("Đường dẫn"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("Thời điểm"), auto_now_add=True)
    read_at = models.DateTimeField(_("Đã đọc lúc"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "object_key", "day"], name="notification_once_per_kind_object_day"
            ),
            models.CheckConstraint(condition=Q(kind__in=NotificationKind.values), name="notification_kind_valid"),
        ]
        indexes = [
            # The bell: a count of one person's unread notifications on every page.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
            models.Index(fields=["day"], name="notification_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind} {self.object_key} {format_date(self.day)}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Delivery(models.Model):
    """What went out through one channel: a person's daily digest ("digest:2026-12-01") or one
    immediate notification ("n:123"). A worker inserts the rows it means to send with its own
    `claim` token (conflicts ignored) and sends only the rows that carry its token."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("Kênh"), max_length=32)
    key = models.CharField(_("Nội dung gửi"), max_length=64)
    claim = models.UUIDField()
    notification_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("lần gửi thông báo")
        verbose_name_plural = _("lần gửi thông báo")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "channel", "key"], name="delivery_once_per_channel_key"),
        ]
        indexes = [models.Index(fields=["claim"], name="delivery_claim_idx")]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.channel} {self.key}"


class NotificationPreference(models.Model):
    """The channels a person wants for one kind, besides the app itself (always on). No row:
    settings.NOTIFICATION_DEFAULT_CHANNELS."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("Loại"), max_length=32, choices=NotificationKind.choices)
    channels = models.JSONField(_("Kênh nhận"), default=list, blank=True)

    class Meta:
        verbose_name = _("tùy chọn nhận thông báo")
        verbose_name_plural = _("tùy chọn nhận thông báo")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {', '.join(self.channels)}"


class QuietMode(models.Model):
    """Holidays: until this date (inclusive) nothing goes out through any channel but the app."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiet_mode")
    until = models.DateField(_("Tạm dừng gửi đến hết ngày"))

    class Meta:
        verbose_name = _("tạm dừng nhận thông báo")
        verbose_name_plural = _("tạm dừng nhận thông báo")

    def __str__(self) -> str:
        return f"{self.user_id} → {format_date(self.until)}"


class ReminderRun(models.Model):
    """One run of the daily job (not recorded for a dry run). The next run reads the task
    history recorded since `window_end` (decisions and plan changes)."""

    day = models.DateField(_("Ngày"))
    started_at = models.DateTimeField(_("Bắt đầu lúc"))
    window_end = models.DateTimeField(_("Đọc lịch sử đến"))
    finished_at = models.DateTimeField(_("Xong lúc"), null=True, blank=True)
    notifications_created = models.PositiveIntegerField(_("Số thông báo mới"), default=0)
    deliveries_sent = models.PositiveIntegerField(_("Số lần gửi"), default=0)
    queries = models.PositiveIntegerField(_("Số truy vấn"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần chạy nhắc việc")
        verbose_name_plural = _("lần chạy nhắc việc")
        ordering = ["-window_end", "-id"]

    def __str__(self) -> str:
        return f"{format_date(self.day)} ({self.notifications_created})"
