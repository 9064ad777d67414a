"""The demo agency's appendix figures: the first quarter's figures entered by every reporting
unit, the six-month figures by all but three (MISSING_H1), so the overview has units to chase.
Values come from the fixed formulas in FIGURES, so every total is reproducible.

Written through services.figures_enter, as the units (or the secretariat on their behalf)
would. demo/services.py may call `demo_load_figures` after loading units and users.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from units.models import Unit

from . import services
from .models import Indicator, PeriodKind, ReportingPeriod
from .selectors import reporting_units

# Units that have not entered their six-month figures.
MISSING_H1 = ("BQLKKT", "UBND-XNT", "UBND-XTDG")
# Units that submitted late (four days after the due date); every other unit that entered its
# figures submitted them two days before the due date, at 09:00. So the reporting calendar
# shows on time / late / missing (issue 18).
LATE = {PeriodKind.Q1: ("UBND-PBS", "UBND-PSL"), PeriodKind.H1: ("SXD",)}
ON_TIME_DAYS_BEFORE = 2
LATE_DAYS_AFTER = 4

# Indicator code → its Q1 value for the n-th reporting unit (n = 0, 1, 2…); the six-month
# value is twice that (rates stay as they are).
FIGURES = {
    "vbqppl-ban-hanh": lambda n: n % 3,
    "vbqppl-ra-soat": lambda n: 2 + n % 4,
    "tthc-cong-bo": lambda n: 3 + n % 5,
    "tthc-sua-doi": lambda n: 1 + n % 3,
    "tthc-bai-bo": lambda n: n % 2,
    "tthc-don-gian-hoa": lambda n: n % 4,
    "ho-so-tiep-nhan": lambda n: 120 + 37 * n,
    "ho-so-dung-han": lambda n: 118 + 37 * n,
    "ho-so-qua-han": lambda n: 2,
    "dvc-toan-trinh": lambda n: 10 + n % 7,
    "dvc-mot-phan": lambda n: 5 + n % 6,
    "ty-le-ho-so-truc-tuyen": lambda n: Decimal("45.5") + 2 * (n % 10),
    "van-ban-ky-so": lambda n: 300 + 25 * n,
    "kiem-tra-cchc": lambda n: n % 2,
    "don-vi-duoc-kiem-tra": lambda n: 2 * (n % 2),
}
RATES = {"ty-le-ho-so-truc-tuyen"}


def demo_load_figures(*, year: int, users: Mapping[str, User]) -> list[ReportingPeriod]:
    """Enter the demo figures for Q1 and the first six months of `year` (leaves periods that
    already hold figures alone). Returns the two periods."""
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=FIGURES)}
    secretariat = users["thuongtruc"]
    enterers = {user.unit_id: user for user in users.values() if user.is_unit_member}
    periods = [services.period_get_or_create(year=year, kind=kind) for kind in (PeriodKind.Q1, PeriodKind.H1)]
    units: list[Unit] = list(reporting_units())
    for period in periods:
        if period.values.exists():
            continue
        six_months = period.kind == PeriodKind.H1
        for n, unit in enumerate(units):
            if six_months and unit.code in MISSING_H1:
                continue
            values = {
                indicator.pk: Decimal(FIGURES[code](n)) * (2 if six_months and code not in RATES else 1)
                for code, indicator in indicators.items()
            }
            by = enterers.get(unit.pk, secretariat)
            services.figures_enter(unit=unit, period=period, values=values, by=by)
            services.figures_submit(unit=unit, period=period, by=by, at=_submitted_at(period, unit))
    return periods


def _submitted_at(period: ReportingPeriod, unit: Unit) -> datetime.datetime:
    """When the demo unit submitted: never later than now (a demo loaded before the date)."""
    late = unit.code in LATE.get(PeriodKind(period.kind), ())
    offset = datetime.timedelta(days=LATE_DAYS_AFTER if late else -ON_TIME_DAYS_BEFORE)
    day = period.due_date + offset
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    return min(moment, timezone.now())
