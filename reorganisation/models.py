"""A reorganisation of units (sắp xếp tổ chức bộ máy) and its handover record (biên bản bàn
giao): which units ceased, which received their work, and every task, recommendation and
account that moved. Written only by reorganisation/services.py (docs/DOMAIN.md, "The 2025
reorganisation")."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.formatting import format_date
from cchc.models import TimeStampedModel
from cchc.uploads import random_name


class ReorganisationKind(models.TextChoices):
    MERGE = "merge", _("Hợp nhất")  # A + B → a new unit C
    ABSORB = "absorb", _("Sáp nhập")  # A into an existing B
    SPLIT = "split", _("Chia tách")  # A → B + C, the successor chosen per task
    RENAME = "rename", _("Đổi tên")  # the same unit under a new name (and code)
    DISSOLVE = "dissolve", _("Giải thể")  # A ceases, its open work handed to chosen units


# Kinds in which the predecessors cease to exist (a rename keeps the unit).
CEASING_KINDS = (
    ReorganisationKind.MERGE,
    ReorganisationKind.ABSORB,
    ReorganisationKind.SPLIT,
    ReorganisationKind.DISSOLVE,
)


class UserHandling(models.TextChoices):
    MOVE = "move", _("Chuyển sang đơn vị tiếp nhận")
    DISABLE = "disable", _("Khóa tài khoản")


class Reorganisation(TimeStampedModel):
    """One decision reorganising units, effective on a date, and the handover it made."""

    kind = models.CharField(_("Hình thức"), max_length=16, choices=ReorganisationKind.choices)
    effective_on = models.DateField(_("Ngày có hiệu lực"))
    document_number = models.CharField(_("Số văn bản quyết định"), max_length=64)
    document_date = models.DateField(_("Ngày văn bản"))
    document_title = models.CharField(_("Trích yếu"), max_length=500)
    document_file = models.FileField(
        _("Tệp văn bản"), upload_to=random_name("reorganisation"), blank=True, max_length=255
    )
    note = models.TextField(_("Ghi chú bàn giao"), blank=True)
    predecessors = models.ManyToManyField(
        "units.Unit", verbose_name=_("Đơn vị trước sắp xếp"), related_name="reorganisations_as_predecessor"
    )
    successors = models.ManyToManyField(
        "units.Unit", verbose_name=_("Đơn vị tiếp nhận"), related_name="reorganisations_as_successor"
    )
    user_handling = models.CharField(
        _("Tài khoản của đơn vị ngừng hoạt động"),
        max_length=16,
        choices=UserHandling.choices,
        default=UserHandling.MOVE,
    )
    recorded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("Người ghi nhận"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(_("Đã hủy lúc"), null=True, blank=True)
    undone_by = models.ForeignKey(
        "accounts.User", verbose_name=_("Người hủy"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("sắp xếp tổ chức")
        verbose_name_plural = _("sắp xếp tổ chức")
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {format_date(self.effective_on)} ({self.document_number})"

    @property
    def document_reference(self) -> str:
        """ "Quyết định số 345/QĐ-UBND ngày 25/02/2025": as a history entry cites it."""
        return f"{self.document_number} ({format_date(self.document_date)}): {self.document_title}"


class HandedTask(models.Model):
    """One task of the handover record: from the ceasing unit to its successor, with the
    task's history entry that recorded the move."""

    reorganisation = models.ForeignKey(Reorganisation, on_delete=models.CASCADE, related_name="handed_tasks")
    task = models.ForeignKey("tasks.Task", verbose_name=_("Nhiệm vụ"), on_delete=models.PROTECT, related_name="+")
    from_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("Đơn vị bàn giao"), on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("Đơn vị tiếp nhận"), on_delete=models.PROTECT, related_name="+"
    )
    event = models.OneToOneField("tasks.TaskEvent", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("nhiệm vụ bàn giao")
        verbose_name_plural = _("nhiệm vụ bàn giao")
        ordering = ["reorganisation", "id"]
        constraints = [
            models.UniqueConstraint(fields=["reorganisation", "task"], name="handedtask_once_per_reorganisation")
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.from_unit_id} → {self.to_unit_id}"


class HandedRecommendation(models.Model):
    """An inspection recommendation not yet remedied that moved to the successor."""

    reorganisation = models.ForeignKey(Reorganisation, on_delete=models.CASCADE, related_name="handed_recommendations")
    recommendation = models.ForeignKey("inspections.Recommendation", on_delete=models.PROTECT, related_name="+")
    from_unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["reorganisation", "id"]

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.from_unit_id} → {self.to_unit_id}"


class HandedUser(models.Model):
    """An account of a ceasing unit: moved to the successor (to_unit) or disabled (no to_unit)."""

    reorganisation = models.ForeignKey(Reorganisation, on_delete=models.CASCADE, related_name="handed_users")
    user = models.ForeignKey("accounts.User", verbose_name=_("Người dùng"), on_delete=models.PROTECT, related_name="+")
    from_unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["reorganisation", "id"]
        constraints = [models.CheckConstraint(condition=~Q(from_unit=models.F("to_unit")), name="handeduser_moves")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.from_unit_id} → {self.to_unit_id}"


class HandedCoordination(models.Model):
    """An open task the ceasing unit coordinated: the unit left its coordinating units and the
    main successor joined them (unless it leads the task: `joined` False)."""

    reorganisation = models.ForeignKey(Reorganisation, on_delete=models.CASCADE, related_name="handed_coordinations")
    task = models.ForeignKey("tasks.Task", on_delete=models.PROTECT, related_name="+")
    left_units = models.ManyToManyField("units.Unit", related_name="+")
    joined = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    event = models.OneToOneField("tasks.TaskEvent", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["reorganisation", "id"]

    def __str__(self) -> str:
        return f"{self.task_id} → {self.joined_id}"
