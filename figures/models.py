"""Reporting periods and the appendix figures (số liệu) units enter for each period.

The secretariat defines indicators once (name, unit of measure, group); each unit enters one
value per indicator and period; the report totals them (figures/selectors.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Self, TypeVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.formatting import format_datetime
from cchc.models import TimeStampedModel


class PeriodKind(models.TextChoices):
    Q1 = "q1", _("Quý I")
    H1 = "h1", _("6 tháng")
    Q3 = "q3", _("Quý III")
    YEAR = "year", _("Năm")
    CUSTOM = "custom", _("Tùy chọn")


STANDARD_KINDS = (PeriodKind.Q1, PeriodKind.H1, PeriodKind.Q3, PeriodKind.YEAR)


@dataclass(frozen=True)
class PeriodDates:
    start: datetime.date
    cutoff: datetime.date
    due_date: datetime.date


def default_period(year: int, kind: str) -> PeriodDates:
    """The data window and due date of a standard period (Bộ Nội vụ, văn bản 581/BNV-CCHC):
    data from 15/12 of the previous year (15/06 for Q3) to the 14th of the period's last
    month; the report is due on the 20th of that month."""
    last_month = {PeriodKind.Q1: 3, PeriodKind.H1: 6, PeriodKind.Q3: 9, PeriodKind.YEAR: 12}.get(kind)
    if last_month is None:
        raise ValueError(f"No default dates for period kind {str(kind)!r}")
    start = datetime.date(year, 6, 15) if kind == PeriodKind.Q3 else datetime.date(year - 1, 12, 15)
    return PeriodDates(
        start=start,
        cutoff=datetime.date(year, last_month, 14),
        due_date=datetime.date(year, last_month, 20),
    )


class ReportingPeriod(TimeStampedModel):
    """A report's period: a data window (start → cut-off) and the day units' reports are due.

    The four standard periods of a year are created with default_period()'s dates, which the
    secretariat may then edit; custom periods cover any other range."""

    year = models.PositiveSmallIntegerField(_("Năm"))
    kind = models.CharField(_("Kỳ báo cáo"), max_length=8, choices=PeriodKind.choices)
    name = models.CharField(_("Tên kỳ báo cáo"), max_length=120, blank=True, help_text=_("Để trống: tự đặt theo kỳ"))
    start = models.DateField(_("Số liệu từ ngày"))
    cutoff = models.DateField(_("Số liệu đến ngày"), help_text=_("Ngày chốt số liệu"))
    due_date = models.DateField(_("Hạn đơn vị gửi báo cáo"))

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-year", "cutoff", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind"], condition=~Q(kind="custom"), name="figures_period_unique_year_kind"
            ),
            models.CheckConstraint(condition=Q(start__lte=F("cutoff")), name="figures_period_start_before_cutoff"),
            models.CheckConstraint(
                condition=Q(kind__in=["q1", "h1", "q3", "year", "custom"]), name="figures_period_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        if self.name:
            return self.name
        if self.kind == PeriodKind.YEAR:
            return _("Năm %(year)s") % {"year": self.year}
        return f"{self.get_kind_display()} {self.year}"

    def is_late(self, today: datetime.date) -> bool:
        return today > self.due_date


class IndicatorGroup(models.TextChoices):
    """Indicator groups, in the order reports list them."""

    INSTITUTIONS = "institutions", _("Thể chế (VBQPPL)")
    TTHC = "tthc", _("Thủ tục hành chính")
    ONLINE_SERVICES = "online_services", _("Dịch vụ công trực tuyến")
    DIGITAL_SIGNATURE = "digital_signature", _("Chữ ký số, văn bản điện tử")
    INSPECTION = "inspection", _("Kiểm tra CCHC")
    OTHER = "other", _("Khác")


GROUP_ORDER = {value: position for position, value in enumerate(IndicatorGroup.values)}


class Aggregation(models.TextChoices):
    """How units' values add up in the report. Counts are summed; a rate or share ("tỷ lệ hồ
    sơ trực tuyến", in %) is not additive across units and is averaged over the units that
    reported it (an unweighted mean)."""

    SUM = "sum", _("Cộng tổng")
    AVERAGE = "avg", _("Trung bình các đơn vị")


_IndicatorT = TypeVar("_IndicatorT", bound="Indicator")


class IndicatorQuerySet(models.QuerySet[_IndicatorT, _IndicatorT]):
    def active(self) -> Self:
        return self.filter(is_active=True)


class Indicator(TimeStampedModel):
    code = models.SlugField(_("Mã chỉ tiêu"), max_length=64, unique=True)
    name = models.CharField(_("Tên chỉ tiêu"), max_length=255)
    unit_of_measure = models.CharField(
        _("Đơn vị tính"), max_length=32, help_text=_("Ví dụ: văn bản, thủ tục, hồ sơ, %")
    )
    group = models.CharField(_("Nhóm"), max_length=24, choices=IndicatorGroup.choices, default=IndicatorGroup.OTHER)
    order = models.PositiveIntegerField(_("Thứ tự"), default=0)
    aggregate = models.CharField(
        _("Cách tổng hợp"),
        max_length=8,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
        help_text=_("Tỷ lệ (%) không cộng giữa các đơn vị: chọn “Trung bình các đơn vị”"),
    )
    is_active = models.BooleanField(_("Đang sử dụng"), default=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("chỉ tiêu số liệu")
        verbose_name_plural = _("chỉ tiêu số liệu")
        ordering = ["group", "order", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(aggregate__in=["sum", "avg"]), name="figures_indicator_aggregate_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit_of_measure})"


class IndicatorValue(models.Model):
    """One unit's value of one indicator for one period; who entered it last and when."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("Chỉ tiêu"), on_delete=models.PROTECT, related_name="values"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("Đơn vị"), on_delete=models.PROTECT, related_name="indicator_values"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("Kỳ báo cáo"), on_delete=models.PROTECT, related_name="values"
    )
    value = models.DecimalField(_("Giá trị"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    note = models.CharField(_("Ghi chú"), max_length=255, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("Nhập lúc"))

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        ordering = ["period", "unit", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "period"], name="figures_value_unique_per_period"),
            models.CheckConstraint(condition=Q(value__gte=0), name="figures_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.indicator.name} · {self.period}: {self.value}"


class SubmissionStatus(models.TextChoices):
    """Where a unit stands with a period's figures (figures/selectors.py period_submission_status)."""

    ON_TIME = "on_time", _("Nộp đúng hạn")
    LATE = "late", _("Nộp muộn")
    MISSING = "missing", _("Chưa nộp (quá hạn)")
    NOT_DUE = "not_due", _("Chưa nộp (chưa đến hạn)")


class FigureSubmission(models.Model):
    """A unit's submission (nộp) of its figures for a period: the moment the obligation was
    met, which the values' entered_at (last changed) cannot tell. One per unit and period;
    corrections after it do not move it."""

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("Kỳ báo cáo"), on_delete=models.PROTECT, related_name="submissions"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("Đơn vị"), on_delete=models.PROTECT, related_name="figure_submissions"
    )
    submitted_at = models.DateTimeField(_("Nộp lúc"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người nộp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    values_count = models.PositiveIntegerField(_("Số chỉ tiêu đã nhập khi nộp"), default=0)

    class Meta:
        verbose_name = _("lượt nộp số liệu")
        verbose_name_plural = _("lượt nộp số liệu")
        ordering = ["period", "submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="figures_submission_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period} · {format_datetime(self.submitted_at)}"

    def submitted_day(self) -> datetime.date:
        """The day (local time) the unit submitted: what the due date is compared with."""
        return timezone.localtime(self.submitted_at).date()
