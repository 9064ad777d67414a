from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.formatting import format_datetime


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Đăng nhập")
    LOGIN_FAILED = "login_failed", _("Đăng nhập thất bại")
    LOGOUT = "logout", _("Đăng xuất")
    USER_CREATED = "user_created", _("Tạo người dùng")
    USER_CHANGED = "user_changed", _("Sửa người dùng")
    ROLES_CHANGED = "roles_changed", _("Đổi vai trò")
    USER_DEACTIVATED = "user_deactivated", _("Khóa tài khoản")
    USER_REACTIVATED = "user_reactivated", _("Mở lại tài khoản")
    USERS_IMPORTED = "users_imported", _("Nhập người dùng")
    PASSWORD_RESET_ISSUED = "password_reset_issued", _("Cấp liên kết đặt mật khẩu")
    PASSWORD_CHANGED = "password_changed", _("Đổi mật khẩu")
    OTP_ENROLLED = "otp_enrolled", _("Bật xác thực hai bước")
    PLAN_CREATED = "plan_created", _("Tạo kế hoạch")
    PLAN_CHANGED = "plan_changed", _("Sửa kế hoạch")
    PLAN_DELETED = "plan_deleted", _("Xóa kế hoạch")
    PLAN_IMPORTED = "plan_imported", _("Nhập kế hoạch")
    TASK_CONFIRMED = "task_confirmed", _("Xác nhận hoàn thành")
    TASK_CONFIRMATION_UNDONE = "task_confirmation_undone", _("Hủy xác nhận hoàn thành")
    TASK_RETURNED = "task_returned", _("Trả lại báo cáo")
    EXPORT = "export", _("Xuất báo cáo")
    LOCKOUT_CLEARED = "lockout_cleared", _("Mở khóa đăng nhập")
    PERIOD_CLOSED = "period_closed", _("Chốt số liệu kỳ báo cáo")
    PERIOD_REOPENED = "period_reopened", _("Mở lại kỳ đã chốt")
    REORGANISATION_RECORDED = "reorganisation_recorded", _("Ghi nhận sắp xếp tổ chức")
    REORGANISATION_UNDONE = "reorganisation_undone", _("Hủy ghi nhận sắp xếp tổ chức")
    STEERING_PACK_MADE = "steering_pack_made", _("Tạo gói báo cáo Ban chỉ đạo")


class AuditEntry(models.Model):
    """Who did what, when and from where. Append-only."""

    at = models.DateTimeField(_("Thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "accounts.User",
        verbose_name=_("Người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("Tên đăng nhập"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("Địa chỉ IP"), null=True, blank=True)
    action = models.CharField(_("Hành động"), max_length=32, choices=AuditAction.choices, db_index=True)
    target = models.CharField(_("Đối tượng"), max_length=255, blank=True)
    detail = models.TextField(_("Chi tiết"), blank=True)

    class Meta:
        verbose_name = _("nhật ký")
        verbose_name_plural = _("nhật ký")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{format_datetime(self.at)} {self.username} {self.action}"
