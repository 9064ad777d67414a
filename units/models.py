import datetime
from typing import Self, TypeVar

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cchc.formatting import format_date
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

    def existing_on(self, day: datetime.date) -> Self:
        """Units that existed on `day` (valid_from ≤ day < valid_until, open ends unbounded)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=day)
        )


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
    # The validity period (docs/DOMAIN.md, "The 2025 reorganisation"): the unit exists on D when
    # valid_from ≤ D < valid_until; empty ends are unbounded. A unit that ceases keeps its row,
    # its tasks' history and its figures before valid_until; is_active follows valid_until
    # (the reorganisation services set both). An empty period (valid_until = valid_from) is a
    # unit created by a merge recorded by mistake and undone: it never existed.
    valid_from = models.DateField(_("Hoạt động từ ngày"), null=True, blank=True)
    valid_until = models.DateField(
        _("Ngừng hoạt động từ ngày"),
        null=True,
        blank=True,
        help_text=_("Ngày sắp xếp tổ chức có hiệu lực; đơn vị tồn tại đến hết ngày hôm trước"),
    )
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
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="unit_valid_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def last_day(self) -> datetime.date | None:
        """The last day the unit existed ("đến 28/02/2025"), None while it exists."""
        return self.valid_until - datetime.timedelta(days=1) if self.valid_until else None

    def label_on(self, day: datetime.date) -> str:
        """The unit's name in figures as of `day`: a unit that ceased by then says until when
        ("Sở Kế hoạch và Đầu tư (đến 28/02/2025)"), so a period spanning a reorganisation
        lists the old unit and its successor apart."""
        if self.valid_until is not None and self.valid_until <= day and self.last_day is not None:
            return _("%(name)s (đến %(date)s)") % {"name": self.name, "date": format_date(self.last_day)}
        return self.name

    def exists_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day < self.valid_until
        )


class UnitName(models.Model):
    """A name (and code) a unit bore until a rename took effect: history is not rewritten, the
    name as of a date stays readable (units.selectors.unit_name_on)."""

    unit = models.ForeignKey(Unit, verbose_name=_("Đơn vị"), on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("Tên cũ"), max_length=255)
    code = models.CharField(_("Mã viết tắt cũ"), max_length=32)
    until = models.DateField(_("Dùng đến trước ngày"), help_text=_("Ngày tên mới có hiệu lực"))

    class Meta:
        verbose_name = _("tên cũ của đơn vị")
        verbose_name_plural = _("tên cũ của đơn vị")
        ordering = ["unit", "until", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "until"], name="unitname_one_per_unit_and_date")]

    def __str__(self) -> str:
        return f"{self.name} ({format_date(self.until)})"


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
