"""Writes for reporting periods and figures. Views check access through figures/access.py
first; these functions also refuse an entry for another unit, so no caller can bypass it."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cchc.formatting import format_datetime
from units.models import Unit

from .access import can_enter_figures
from .models import (
    STANDARD_KINDS,
    Aggregation,
    FigureSubmission,
    Indicator,
    IndicatorGroup,
    IndicatorValue,
    PeriodKind,
    ReportingPeriod,
    default_period,
)

# ---------------------------------------------------------------- periods


def period_get_or_create(*, year: int, kind: str) -> ReportingPeriod:
    """The standard period of a year, created with default_period()'s dates the first time."""
    if kind not in STANDARD_KINDS:
        raise ValueError(f"{str(kind)!r} is not a standard period kind")
    period = ReportingPeriod.objects.filter(year=year, kind=kind).first()
    if period is not None:
        return period
    dates = default_period(year, kind)
    try:
        with transaction.atomic():
            return ReportingPeriod.objects.create(
                year=year, kind=kind, start=dates.start, cutoff=dates.cutoff, due_date=dates.due_date
            )
    except IntegrityError:  # created meanwhile by a concurrent request
        return ReportingPeriod.objects.get(year=year, kind=kind)


def periods_ensure_year(year: int) -> None:
    """Create the standard periods of a year that do not exist yet (one query when all do)."""
    existing = set(ReportingPeriod.objects.filter(year=year, kind__in=STANDARD_KINDS).values_list("kind", flat=True))
    for kind in STANDARD_KINDS:
        if kind not in existing:
            period_get_or_create(year=year, kind=kind)


def _check_dates(start: datetime.date, cutoff: datetime.date) -> None:
    if start > cutoff:
        raise ValidationError({"cutoff": _("Ngày chốt số liệu không được trước ngày bắt đầu.")})


def period_update_dates(
    *,
    period: ReportingPeriod,
    start: datetime.date,
    cutoff: datetime.date,
    due_date: datetime.date,
    by: User,
    name: str | None = None,
) -> ReportingPeriod:
    if not by.is_secretariat:
        raise PermissionDenied("Only the secretariat changes reporting periods")
    _check_dates(start, cutoff)
    period.start, period.cutoff, period.due_date = start, cutoff, due_date
    fields = ["start", "cutoff", "due_date", "updated_at"]
    if name is not None:
        period.name = name.strip()
        fields.append("name")
    period.full_clean()
    period.save(update_fields=fields)
    return period


def period_create_custom(
    *, year: int, name: str, start: datetime.date, cutoff: datetime.date, due_date: datetime.date, by: User
) -> ReportingPeriod:
    """Any other range the secretariat reports on (e.g. "Đợt kiểm tra tháng 10")."""
    if not by.is_secretariat:
        raise PermissionDenied("Only the secretariat creates reporting periods")
    if not name.strip():
        raise ValidationError({"name": _("Nhập tên kỳ báo cáo.")})
    _check_dates(start, cutoff)
    period = ReportingPeriod(
        year=year, kind=PeriodKind.CUSTOM, name=name.strip(), start=start, cutoff=cutoff, due_date=due_date
    )
    period.full_clean()
    period.save()
    return period


# ---------------------------------------------------------------- indicators


def indicator_create(
    *,
    code: str,
    name: str,
    unit_of_measure: str,
    by: User,
    group: str = IndicatorGroup.OTHER,
    aggregate: str = Aggregation.SUM,
    order: int = 0,
    is_active: bool = True,
) -> Indicator:
    if not by.is_secretariat:
        raise PermissionDenied("Only the secretariat defines indicators")
    indicator = Indicator(
        code=code,
        name=name,
        unit_of_measure=unit_of_measure,
        group=group,
        aggregate=aggregate,
        order=order,
        is_active=is_active,
    )
    indicator.full_clean()
    indicator.save()
    return indicator


def indicator_update(*, indicator: Indicator, by: User, **fields: object) -> Indicator:
    """Change name, unit of measure, group, order, aggregation or is_active (the code stays)."""
    if not by.is_secretariat:
        raise PermissionDenied("Only the secretariat defines indicators")
    allowed = {"name", "unit_of_measure", "group", "order", "aggregate", "is_active"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Cannot update {sorted(unknown)}")
    for field, value in fields.items():
        setattr(indicator, field, value)
    indicator.full_clean()
    indicator.save(update_fields=[*fields, "updated_at"])
    return indicator


# ---------------------------------------------------------------- values


@transaction.atomic
def figures_enter(
    *,
    unit: Unit,
    period: ReportingPeriod,
    values: Mapping[int, Decimal | None],
    by: User,
    notes: Mapping[int, str] | None = None,
) -> dict[str, int]:
    """Save a unit's figures for a period in one transaction.

    `values` maps indicator ids to a value, or None to clear what was entered; `notes` maps
    indicator ids to a note (an id left out keeps the note it had). Only rows that change are
    written, so each row's entered_by/entered_at says who last changed that figure. Returns
    how many rows were created, updated and deleted."""
    if not can_enter_figures(by, unit):
        raise PermissionDenied("Unit members enter figures for their own unit only")
    notes = notes or {}
    indicators = Indicator.objects.in_bulk(list(values))
    errors = {}
    for indicator_id, value in values.items():
        if indicator_id not in indicators:
            errors[f"indicator_{indicator_id}"] = _("Chỉ tiêu không tồn tại.")
        elif value is not None and value < 0:
            errors[f"indicator_{indicator_id}"] = _("Số liệu không được âm.")
    if errors:
        raise ValidationError(errors)

    # Lock the unit's row: two people saving the same unit's figures at once are served one
    # after the other, so the second sees (and updates) the rows the first created.
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    existing = {
        row.indicator_id: row
        for row in IndicatorValue.objects.select_for_update().filter(
            unit=unit, period=period, indicator_id__in=list(values)
        )
    }
    now = timezone.now()
    to_create, to_update, to_delete = [], [], []
    for indicator_id, value in values.items():
        row = existing.get(indicator_id)
        note = notes.get(indicator_id)
        note = (row.note if row is not None else "") if note is None else note.strip()
        if value is None:
            if row is not None:
                to_delete.append(row.pk)
            continue
        if row is None:
            to_create.append(
                IndicatorValue(
                    indicator_id=indicator_id,
                    unit=unit,
                    period=period,
                    value=value,
                    note=note,
                    entered_by=by,
                    entered_at=now,
                )
            )
        elif row.value != value or row.note != note:
            row.value, row.note, row.entered_by, row.entered_at = value, note, by, now
            to_update.append(row)
    for row in [*to_create, *to_update]:
        row.full_clean(exclude=["indicator", "unit", "period", "entered_by"], validate_unique=False)
    IndicatorValue.objects.bulk_create(to_create)
    IndicatorValue.objects.bulk_update(to_update, ["value", "note", "entered_by", "entered_at"])
    IndicatorValue.objects.filter(pk__in=to_delete).delete()
    return {"created": len(to_create), "updated": len(to_update), "deleted": len(to_delete)}


# ---------------------------------------------------------------- submissions


@transaction.atomic
def figures_submit(
    *, unit: Unit, period: ReportingPeriod, by: User, at: datetime.datetime | None = None
) -> FigureSubmission:
    """Record that `unit` submitted (nộp) its figures for `period` now (or `at`: the demo and
    imports of past periods). The unit's people submit for their unit, the secretariat on a
    unit's behalf. Refused when nothing was entered or the unit already submitted: the first
    submission is what the due date is judged on (figures/selectors.py
    period_submission_status); corrections afterwards are saved by figures_enter as before."""
    if not can_enter_figures(by, unit):
        raise PermissionDenied("Unit members submit figures for their own unit only")
    # The unit's row lock serialises this with figures_enter and with a second submit.
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    existing = FigureSubmission.objects.filter(unit=unit, period=period).first()
    if existing is not None:
        raise ValidationError(
            _("Đơn vị đã nộp số liệu %(period)s lúc %(at)s.")
            % {"period": period, "at": format_datetime(timezone.localtime(existing.submitted_at))}
        )
    count = IndicatorValue.objects.filter(unit=unit, period=period).count()
    if count == 0:
        raise ValidationError(_("Chưa nhập số liệu nào: hãy nhập và lưu số liệu trước khi nộp."))
    return FigureSubmission.objects.create(
        unit=unit, period=period, submitted_by=by, submitted_at=at or timezone.now(), values_count=count
    )
