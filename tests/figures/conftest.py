"""Figures on top of the role cast: today pinned to 23/11/2026, the six-month period of 2026
and a few of the seeded indicators."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from figures import services
from figures.models import Indicator, IndicatorValue, PeriodKind, ReportingPeriod

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Pages read timezone.localdate(); pin it so due dates and the default period are exact."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def h1(db) -> ReportingPeriod:
    return services.period_get_or_create(year=2026, kind=PeriodKind.H1)


@pytest.fixture
def dossiers(db) -> Indicator:
    """A counted indicator (summed across units)."""
    return Indicator.objects.get(code="ho-so-tiep-nhan")


@pytest.fixture
def online_share(db) -> Indicator:
    """A rate in % (averaged across the units that reported it)."""
    return Indicator.objects.get(code="ty-le-ho-so-truc-tuyen")


def put(indicator: Indicator, unit, period: ReportingPeriod, value: str, by=None) -> IndicatorValue:
    """A value written directly (tests of reads do not need the entry form)."""
    from django.utils import timezone

    return IndicatorValue.objects.create(
        indicator=indicator, unit=unit, period=period, value=Decimal(value), entered_by=by, entered_at=timezone.now()
    )
