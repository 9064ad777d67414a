"""Reporting periods: default dates per 581/BNV-CCHC, the period due next, editing dates."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from figures import selectors, services
from figures.models import PeriodKind, ReportingPeriod, default_period

D = datetime.date


@pytest.mark.parametrize(
    ("kind", "start", "cutoff", "due"),
    [
        (PeriodKind.Q1, D(2025, 12, 15), D(2026, 3, 14), D(2026, 3, 20)),
        (PeriodKind.H1, D(2025, 12, 15), D(2026, 6, 14), D(2026, 6, 20)),
        (PeriodKind.Q3, D(2026, 6, 15), D(2026, 9, 14), D(2026, 9, 20)),
        (PeriodKind.YEAR, D(2025, 12, 15), D(2026, 12, 14), D(2026, 12, 20)),
    ],
)
def test_default_dates_2026(kind, start, cutoff, due):
    dates = default_period(2026, kind)
    assert (dates.start, dates.cutoff, dates.due_date) == (start, cutoff, due)


def test_custom_has_no_default_dates():
    with pytest.raises(ValueError, match="custom"):
        default_period(2026, PeriodKind.CUSTOM)


def test_get_or_create_uses_defaults_once_then_keeps_edits(cast):
    period = services.period_get_or_create(year=2026, kind=PeriodKind.Q3)
    assert (period.start, period.cutoff, period.due_date) == (D(2026, 6, 15), D(2026, 9, 14), D(2026, 9, 20))
    assert str(period) == "Quý III 2026"
    services.period_update_dates(
        period=period, start=D(2026, 6, 15), cutoff=D(2026, 9, 10), due_date=D(2026, 9, 15), by=cast.secretariat
    )
    again = services.period_get_or_create(year=2026, kind=PeriodKind.Q3)
    assert again.pk == period.pk
    assert (again.cutoff, again.due_date) == (D(2026, 9, 10), D(2026, 9, 15))
    assert ReportingPeriod.objects.count() == 1


def test_one_standard_period_per_year_and_kind_but_many_custom(db):
    services.period_get_or_create(year=2026, kind=PeriodKind.H1)
    dates = default_period(2026, PeriodKind.H1)
    with pytest.raises(IntegrityError):
        ReportingPeriod.objects.create(
            year=2026, kind=PeriodKind.H1, start=dates.start, cutoff=dates.cutoff, due_date=dates.due_date
        )


def test_custom_periods_may_repeat(cast):
    for name in ("Đợt 1", "Đợt 2"):
        services.period_create_custom(
            year=2026,
            name=name,
            start=D(2026, 10, 1),
            cutoff=D(2026, 10, 31),
            due_date=D(2026, 11, 5),
            by=cast.secretariat,
        )
    assert list(ReportingPeriod.objects.filter(kind=PeriodKind.CUSTOM).values_list("name", flat=True)) == [
        "Đợt 1",
        "Đợt 2",
    ]


def test_start_after_cutoff_is_refused_by_service_and_database(cast, h1):
    with pytest.raises(ValidationError) as error:
        services.period_update_dates(
            period=h1, start=D(2026, 7, 1), cutoff=D(2026, 6, 14), due_date=D(2026, 6, 20), by=cast.secretariat
        )
    assert "cutoff" in error.value.message_dict
    with pytest.raises(IntegrityError):
        ReportingPeriod.objects.filter(pk=h1.pk).update(start=D(2026, 7, 1))


def test_only_the_secretariat_changes_dates(cast, h1):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.period_update_dates(
            period=h1, start=h1.start, cutoff=h1.cutoff, due_date=D(2026, 6, 30), by=cast.leader
        )


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 1, 5), (2026, "q1")),
        (D(2026, 3, 20), (2026, "q1")),
        (D(2026, 3, 21), (2026, "h1")),
        (D(2026, 7, 1), (2026, "q3")),
        (D(2026, 11, 23), (2026, "year")),
        (D(2026, 12, 21), (2027, "q1")),
    ],
)
def test_current_period_is_the_one_due_next(db, today, expected):
    period = selectors.current_period(today)
    assert (period.year, period.kind) == expected


def test_period_edit_page_saves_dates(cast, h1):
    url = reverse("figures:period_edit", args=[h1.pk])
    client = cast.client(cast.secretariat)
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "", "start": "2025-12-15", "cutoff": "2026-06-10", "due_date": "2026-06-18"})
    assert response.status_code == 302
    assert response["Location"] == reverse("figures:overview") + f"?period={h1.pk}"
    h1.refresh_from_db()
    assert (h1.cutoff, h1.due_date) == (D(2026, 6, 10), D(2026, 6, 18))


def test_period_edit_page_shows_errors_and_saves_nothing(cast, h1):
    url = reverse("figures:period_edit", args=[h1.pk])
    response = cast.client(cast.secretariat).post(
        url, {"name": "", "start": "2026-07-01", "cutoff": "2026-06-10", "due_date": "2026-06-18"}
    )
    assert response.status_code == 200
    assert "Ngày chốt số liệu không được trước ngày bắt đầu." in response.content.decode()
    h1.refresh_from_db()
    assert (h1.start, h1.cutoff) == (D(2025, 12, 15), D(2026, 6, 14))


def test_custom_period_page_creates_a_period(cast):
    response = cast.client(cast.secretariat).post(
        reverse("figures:period_create"),
        {
            "year": "2026",
            "name": "Báo cáo đột xuất tháng 10",
            "start": "2026-10-01",
            "cutoff": "2026-10-31",
            "due_date": "2026-11-05",
        },
    )
    period = ReportingPeriod.objects.get(kind=PeriodKind.CUSTOM)
    assert response.status_code == 302
    assert (period.name, period.start, period.cutoff, period.due_date) == (
        "Báo cáo đột xuất tháng 10",
        D(2026, 10, 1),
        D(2026, 10, 31),
        D(2026, 11, 5),
    )


def test_custom_period_page_needs_a_name(cast):
    response = cast.client(cast.secretariat).post(
        reverse("figures:period_create"),
        {"year": "2026", "name": "", "start": "2026-10-01", "cutoff": "2026-10-31", "due_date": "2026-11-05"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert not ReportingPeriod.objects.filter(kind=PeriodKind.CUSTOM).exists()
