from typing import Self, TypeVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.models import TimeStampedModel


class UnitKind(models.TextChoices):
    MINISTRY = "ministry", _("Bộ, cơ quan, UBND tỉnh")
    DEPARTMENT = "department", _("Sở, ban, ngành / Vụ, cục")
    OFFICE = "office", _("Văn phòng, phòng")
    DISTRICT = "district", _("UBND cấp huyện")
    COMMUNE = "commune", _("UBND cấp xã")
    OTHER = "other", _("Khác")


_UnitT = TypeVar("_UnitT", bound="Unit")


class UnitQuerySet(models.QuerySet[_UnitT, _UnitT]):
    def active(self) -> Self:
        return self.filter(is_active=True)


class Unit(TimeStampedModel):
    """An agency or one of its units (vụ, cục, sở, UBND huyện/xã…), in a hierarchy."""

    name = models.CharField(_("Tên đơn vị"), max_length=255)
    code = models.CharField(_("Mã viết tắt"), max_length=32, unique=True, help_text=_("Ví dụ: SNV, STP, UBND-LG"))
    kind = models.CharField(_("Loại đơn vị"), max_length=16, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("Đang hoạt động"), default=True)
    order = models.PositiveIntegerField(_("Thứ tự"), default=0)
    requires_head_approval = models.BooleanField(
        _("Báo cáo cần lãnh đạo đơn vị duyệt"),
        default=False,
        help_text=_("Khi bật, báo cáo hoàn thành của cán bộ chờ lãnh đạo đơn vị duyệt trước khi gửi thường trực"),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="unit_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name


class UnitGroup(TimeStampedModel):
    """A named set of units as plans write it: "Các sở, ban, ngành", "UBND các huyện…"."""

    name = models.CharField(_("Tên nhóm"), max_length=255, unique=True)
    slug = models.SlugField(_("Mã nhóm"), max_length=64, unique=True)
    units = models.ManyToManyField(Unit, verbose_name=_("Các đơn vị"), related_name="groups", blank=True)

    class Meta:
        verbose_name = _("nhóm đơn vị")
        verbose_name_plural = _("nhóm đơn vị")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UnitAlias(TimeStampedModel):
    """A name as plans write it ("Sở KH&CN", "UBND cấp xã", "Các sở, ngành liên quan") that the
    secretariat has told the plan import what it stands for: one unit, a unit group, or no
    unit at all (the words are kept in the task's coordination text as written). Matched by
    `key`, the name folded (case, diacritics and punctuation ignored; planning/unit_matching.py)."""

    name = models.CharField(_("Tên như ghi trong kế hoạch"), max_length=255)
    key = models.CharField(_("Khóa so khớp"), max_length=255, unique=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("Đơn vị"), null=True, blank=True, on_delete=models.CASCADE, related_name="aliases"
    )
    group = models.ForeignKey(
        UnitGroup,
        verbose_name=_("Nhóm đơn vị"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="aliases",
    )

    class Meta:
        verbose_name = _("tên gọi khác của đơn vị")
        verbose_name_plural = _("tên gọi khác của đơn vị")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=True) | Q(group__isnull=True), name="unitalias_unit_or_group"
            ),
        ]

    def __str__(self) -> str:
        return self.name
