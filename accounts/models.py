from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.models import TimeStampedModel

from .roles import Role


class User(AbstractUser):
    """A person using the tool. Unit staff and unit heads belong to exactly one unit."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    # The interface language this person chose with the language switch; empty until they
    # choose, and then Vietnamese (cchc.middleware.AgencyLocaleMiddleware), whatever the
    # browser's language.
    language = models.CharField(
        _("Ngôn ngữ giao diện"),
        max_length=8,
        blank=True,
        default="",
        choices=[("vi", "Tiếng Việt"), ("en", "English")],
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """Vietnamese order: family and middle names (last_name) first — "Nguyễn Thị Thu"."""
        return f"{self.last_name} {self.first_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.username

    @cached_property
    def role_names(self) -> frozenset[str]:
        # One query per request, then cached on the instance.
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: Role) -> bool:
        return role.value in self.role_names

    @property
    def is_secretariat(self) -> bool:
        return self.is_active and (self.is_superuser or self.has_role(Role.SECRETARIAT))

    @property
    def is_leader(self) -> bool:
        return self.is_active and self.has_role(Role.LEADER)

    @property
    def is_unit_head(self) -> bool:
        return self.is_active and self.unit_id is not None and self.has_role(Role.UNIT_HEAD)

    @property
    def is_unit_staff(self) -> bool:
        return self.is_active and self.unit_id is not None and self.has_role(Role.UNIT_STAFF)

    @property
    def is_unit_member(self) -> bool:
        """Staff or head of a unit: both act for their unit."""
        return self.is_unit_staff or self.is_unit_head

    @property
    def reads_everything(self) -> bool:
        return self.is_secretariat or self.is_leader


class UserImportStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xác nhận")
    APPLIED = "applied", _("Đã nhập")
    CANCELLED = "cancelled", _("Đã hủy")


class UserImport(TimeStampedModel):
    """An uploaded list of users between upload and confirmation. The workbook is read once,
    at upload (accounts/imports.py); its cells are kept here and the file itself is not
    stored. Nothing is written to the users until the secretariat confirms."""

    original_name = models.CharField(_("Tên tệp"), max_length=255)
    sheet = models.CharField(_("Trang tính"), max_length=64, blank=True)
    columns = models.JSONField(_("Các cột"), default=dict)
    rows = models.JSONField(_("Các dòng đọc được"), default=list)
    file_issues = models.JSONField(_("Lỗi của tệp"), default=list)
    status = models.CharField(
        _("Trạng thái"), max_length=16, choices=UserImportStatus.choices, default=UserImportStatus.PENDING
    )
    created_by = models.ForeignKey(User, verbose_name=_("Người tải lên"), on_delete=models.PROTECT, related_name="+")
    created_count = models.PositiveIntegerField(_("Số người dùng đã tạo"), default=0)

    class Meta:
        verbose_name = _("lần nhập người dùng")
        verbose_name_plural = _("lần nhập người dùng")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name
