"""Reads for reporting periods and figures: the totals the report (and its Excel export)
prints, and which units have not entered their figures. Each is a fixed number of queries,
whatever the number of units or indicators."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext

from cchc.formatting import rate_percent, vn_int
from units.models import Unit, UnitKind

from . import services
from .models import (
    GROUP_ORDER,
    STANDARD_KINDS,
    Aggregation,
    FigureSubmission,
    Indicator,
    IndicatorGroup,
    IndicatorValue,
    PeriodKind,
    ReportingPeriod,
    SubmissionStatus,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CENT = Decimal("0.01")
# An indicator, or an indicator row with annotations (value_sum, units_reported…).
_Indicator = TypeVar("_Indicator", bound=Indicator)


@dataclass(frozen=True)
class IndicatorTotal:
    """An indicator's figure over the units: `total` is what the report prints — the sum for
    counts, the mean of the reporting units' values for averaged indicators (rates, %)."""

    indicator: Indicator
    total: Decimal | None
    sum: Decimal | None
    average: Decimal | None
    units_reported: int


@dataclass(frozen=True)
class UnitFigure:
    indicator: Indicator
    value: IndicatorValue | None


@dataclass(frozen=True)
class UnitStatus:
    unit: Unit
    values_entered: int
    last_entered_at: datetime.datetime | None


def report_order(indicators: Iterable[_Indicator]) -> list[_Indicator]:
    """Indicators in report order: by group (IndicatorGroup's order), then order and name."""
    return sorted(indicators, key=lambda i: (GROUP_ORDER.get(i.group, len(GROUP_ORDER)), i.order, i.name, i.pk))


def group_label(group: str) -> StrOrPromise:
    return IndicatorGroup(group).label if group in GROUP_ORDER else group


def reporting_units() -> QuerySet[Unit]:
    """Units subject to reporting figures: every active unit except the agency itself
    (kind "ministry": Bộ, cơ quan, UBND tỉnh), which receives the reports."""
    return Unit.objects.active().exclude(kind=UnitKind.MINISTRY).order_by("order", "name")


def report_indicators(period: ReportingPeriod) -> list[Indicator]:
    """The active indicators, and retired ones that still hold values for this period, in
    report order (group, order, name). One query."""
    has_values = IndicatorValue.objects.filter(indicator=OuterRef("pk"), period=period)
    return report_order(Indicator.objects.filter(Q(is_active=True) | Exists(has_values)))


def figures_totals(period: ReportingPeriod, *, units: QuerySet[Unit] | None = None) -> list[IndicatorTotal]:
    """Every report indicator with its total over `units` (all units when None), in ONE
    aggregate query grouped by indicator."""
    in_period = Q(values__period=period)
    if units is not None:
        in_period &= Q(values__unit__in=units)
    has_values = IndicatorValue.objects.filter(indicator=OuterRef("pk"), period=period)
    rows = Indicator.objects.filter(Q(is_active=True) | Exists(has_values)).annotate(
        value_sum=Sum("values__value", filter=in_period),
        units_reported=Count("values__unit", filter=in_period, distinct=True),
    )
    totals = []
    for indicator in report_order(rows):
        count = indicator.units_reported
        value_sum = indicator.value_sum if count else None
        # The mean from the exact sum and count (Decimal), not the database's AVG (a float on SQLite).
        average = (Decimal(indicator.value_sum) / count).quantize(CENT, rounding=ROUND_HALF_UP) if count else None
        total = average if indicator.aggregate == Aggregation.AVERAGE else value_sum
        totals.append(
            IndicatorTotal(
                indicator=indicator,
                total=total,
                sum=value_sum,
                average=average,
                units_reported=count,
            )
        )
    return totals


def units_reporting_status(period: ReportingPeriod, units: QuerySet[Unit] | None = None) -> list[UnitStatus]:
    """Each unit with how many figures it entered for the period and when it last changed one."""
    units = reporting_units() if units is None else units
    in_period = Q(indicator_values__period=period)
    rows = units.annotate(
        values_entered=Count("indicator_values", filter=in_period),
        last_entered_at=Max("indicator_values__entered_at", filter=in_period),
    )
    return [UnitStatus(unit=u, values_entered=u.values_entered, last_entered_at=u.last_entered_at) for u in rows]


def units_missing_figures(period: ReportingPeriod, units: QuerySet[Unit] | None = None) -> list[Unit]:
    """Units subject to reporting (reporting_units() unless given) that entered no value at
    all for the period."""
    units = reporting_units() if units is None else units
    entered = IndicatorValue.objects.filter(unit=OuterRef("pk"), period=period)
    return list(units.filter(~Exists(entered)))


def unit_figures(unit: Unit, period: ReportingPeriod) -> list[UnitFigure]:
    """A unit's values for the period against every report indicator (None where not entered)."""
    values = {
        row.indicator_id: row
        for row in IndicatorValue.objects.filter(unit=unit, period=period).select_related("entered_by")
    }
    return [UnitFigure(indicator=i, value=values.get(i.pk)) for i in report_indicators(period)]


# ---------------------------------------------------------------- periods


def period_choices(today: datetime.date) -> list[ReportingPeriod]:
    """Periods to choose from: every period in the database, newest year first, with this
    year's standard periods created (default dates) the first time anyone asks. One query
    once they exist."""
    periods = list(ReportingPeriod.objects.all())
    present = {p.kind for p in periods if p.year == today.year}
    if not all(kind in present for kind in STANDARD_KINDS):
        services.periods_ensure_year(today.year)
        periods = list(ReportingPeriod.objects.all())
    return periods


def current_period(today: datetime.date, periods: list[ReportingPeriod] | None = None) -> ReportingPeriod:
    """The standard period whose report is due next: on 23/11/2026 the year's report (due
    20/12/2026); from 21/12 on, the next year's Q1 (its data start on 15/12)."""
    if periods is None:
        periods = period_choices(today)
    standard = sorted(
        (p for p in periods if p.kind in STANDARD_KINDS and p.year >= today.year and p.due_date >= today),
        key=lambda p: (p.due_date, p.pk),
    )
    if standard:
        return standard[0]
    return services.period_get_or_create(year=today.year + 1, kind=PeriodKind.Q1)


# ---------------------------------------------------------------- the reporting calendar


def submission_status(
    submission: FigureSubmission | None, period: ReportingPeriod, today: datetime.date
) -> SubmissionStatus:
    """On time: submitted on or before the due date (local day); late: after it; missing: not
    submitted and the due date has passed; not due: not submitted, due date today or later.
    Judged as on `today`: a submission made after `today` does not count yet."""
    if submission is not None and submission.submitted_day() <= today:
        return SubmissionStatus.ON_TIME if submission.submitted_day() <= period.due_date else SubmissionStatus.LATE
    return SubmissionStatus.MISSING if today > period.due_date else SubmissionStatus.NOT_DUE


def period_submission_status(
    period: ReportingPeriod, today: datetime.date | None = None, units: QuerySet[Unit] | None = None
) -> dict[int, SubmissionStatus]:
    """{unit id: SubmissionStatus} for every unit subject to reporting (reporting_units()
    unless given), judged on `today` (default: the local date).

    This is the figure the PAR INDEX (Chỉ số CCHC) deducts points for — a late report and a
    missing one each cost points in the provinces' criteria — so it is judged on the units'
    submission records (FigureSubmission.submitted_at against the period's due date), never on
    when a value was last changed. Two queries."""
    today = today or timezone.localdate()
    units = reporting_units() if units is None else units
    submitted = {s.unit_id: s for s in FigureSubmission.objects.filter(period=period, unit__in=units)}
    return {
        unit_id: submission_status(submitted.get(unit_id), period, today)
        for unit_id in units.values_list("pk", flat=True)
    }


def units_not_submitted(period: ReportingPeriod, units: QuerySet[Unit] | None = None) -> list[Unit]:
    """Units subject to reporting that have not submitted their figures for the period (they
    may have entered some): whom the reminders chase. One query."""
    units = reporting_units() if units is None else units
    submitted = FigureSubmission.objects.filter(unit=OuterRef("pk"), period=period)
    return list(units.filter(~Exists(submitted)))


@dataclass(frozen=True)
class UnitSubmission:
    unit: Unit
    status: SubmissionStatus
    submission: FigureSubmission | None
    # Days after the due date: of the submission (late), or up to today (missing); else 0.
    days_late: int


@dataclass(frozen=True)
class SubmissionCalendar:
    """A period's obligations per unit on `today`, grouped by status, with exact counts."""

    period: ReportingPeriod
    today: datetime.date
    rows: list[UnitSubmission]

    def of(self, status: SubmissionStatus) -> list[UnitSubmission]:
        return [row for row in self.rows if row.status == status]

    @property
    def total(self) -> int:
        return len(self.rows)

    def count(self, status: SubmissionStatus) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def on_time(self) -> int:
        return self.count(SubmissionStatus.ON_TIME)

    @property
    def late(self) -> int:
        return self.count(SubmissionStatus.LATE)

    @property
    def missing(self) -> int:
        return self.count(SubmissionStatus.MISSING)

    @property
    def not_due(self) -> int:
        return self.count(SubmissionStatus.NOT_DUE)

    @property
    def not_submitted(self) -> int:
        return self.missing + self.not_due

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate_percent(self.on_time, self.total)

    @property
    def submitted_rate(self) -> Decimal | None:
        return rate_percent(self.on_time + self.late, self.total)

    def headline(self) -> str:
        """ "Nộp đúng hạn 15/20, nộp muộn 3, chưa nộp 2" in the active language."""
        return gettext("Nộp đúng hạn %(on_time)s/%(total)s, nộp muộn %(late)s, chưa nộp %(missing)s") % {
            "on_time": vn_int(self.on_time),
            "total": vn_int(self.total),
            "late": vn_int(self.late),
            "missing": vn_int(self.not_submitted),
        }


def _days_late(
    status: SubmissionStatus, submission: FigureSubmission | None, period: ReportingPeriod, today: datetime.date
) -> int:
    if status == SubmissionStatus.LATE and submission is not None:
        return (submission.submitted_day() - period.due_date).days
    if status == SubmissionStatus.MISSING:
        return (today - period.due_date).days
    return 0


def submission_calendar(period: ReportingPeriod, today: datetime.date) -> SubmissionCalendar:
    """Every reporting unit with its status for the period, in unit order. Two queries."""
    submitted = {s.unit_id: s for s in FigureSubmission.objects.filter(period=period).select_related("submitted_by")}
    rows = []
    for unit in reporting_units():
        submission = submitted.get(unit.pk)
        status = submission_status(submission, period, today)
        if status not in (SubmissionStatus.ON_TIME, SubmissionStatus.LATE):
            submission = None  # made after `today`: not known on that day
        rows.append(UnitSubmission(unit, status, submission, _days_late(status, submission, period, today)))
    return SubmissionCalendar(period=period, today=today, rows=rows)


@dataclass(frozen=True)
class PeriodSubmissionCounts:
    period: ReportingPeriod
    on_time: int
    late: int
    missing: int
    not_due: int

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.missing + self.not_due

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate_percent(self.on_time, self.total)


def year_submission_counts(periods: Iterable[ReportingPeriod], today: datetime.date) -> list[PeriodSubmissionCounts]:
    """The calendar of a set of periods (a year's): for each, how many reporting units
    submitted on time, late, or not (missing / not yet due). Two queries whatever the number of
    periods and units."""
    periods = sorted(periods, key=lambda p: (p.due_date, p.pk))
    unit_ids = set(reporting_units().values_list("pk", flat=True))
    by_period: dict[int, list[FigureSubmission]] = {p.pk: [] for p in periods}
    for submission in FigureSubmission.objects.filter(period__in=[p.pk for p in periods]).only(
        "period_id", "unit_id", "submitted_at"
    ):
        if submission.unit_id in unit_ids:
            by_period[submission.period_id].append(submission)
    rows = []
    for period in periods:
        statuses = [submission_status(s, period, today) for s in by_period[period.pk]]
        statuses = [s for s in statuses if s in (SubmissionStatus.ON_TIME, SubmissionStatus.LATE)]
        unsubmitted = len(unit_ids) - len(statuses)
        past_due = today > period.due_date
        rows.append(
            PeriodSubmissionCounts(
                period=period,
                on_time=statuses.count(SubmissionStatus.ON_TIME),
                late=statuses.count(SubmissionStatus.LATE),
                missing=unsubmitted if past_due else 0,
                not_due=0 if past_due else unsubmitted,
            )
        )
    return rows
