"""The period report of a closed period, read back from its snapshot: the Excel review, the
task CSV, the dashboard's "đã báo cáo" mode and the JSON API print the figures stored at the
closing (reports/closing.py), never figures computed again, and name the closing.

``review_of`` rebuilds the ReviewData the writers take (reports/xlsx_writer.py,
reports/csv_writer.py) from the snapshot alone: unsaved Plan, Unit and Indicator instances
carry the names the writers print, nothing is read from the tasks.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from figures.models import Indicator
from figures.selectors import IndicatorTotal
from plans.models import Plan
from units.models import Unit

from .closing import ClosingScope, Snapshot, active_closing, snapshot_of
from .completion import UnitFigures
from .dashboards import completion_data
from .models import PeriodClosing
from .review_data import AreaLine, InspectionLine, ReviewData
from .review_period import ReviewPeriod
from .review_tasks import OverdueLine, TaskLine


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


def closing_in_force(*, year: int, plan: Plan | None, period: ReviewPeriod) -> PeriodClosing | None:
    """The closing in force for a plan's (or a year's) period, if the period is closed."""
    if period.reporting_period is None:
        return None
    return active_closing(ClosingScope(year=year, plan=plan), period.reporting_period.pk)


def _task_lines(snap: Snapshot) -> list[TaskLine]:
    return [
        TaskLine(
            t["number"],
            t["area"],
            t["content"],
            t.get("expected_output", ""),
            t["lead_unit"],
            t.get("coordinating_units", ""),
            _date(t["deadline"]),
            t["deadline_text"],
            state.status_label,
            state.completed_on,
            state.bucket_label,
            t.get("note", ""),
            _date(t.get("progress_on")),
            t["evidence"],
            t["plan"],
        )
        for t, state in zip(snap.data["tasks"], snap.tasks, strict=True)
    ]


def _overdue_lines(snap: Snapshot) -> list[OverdueLine]:
    if "overdue" in snap.data:
        return [OverdueLine(**{**row, "deadline": _date(row["deadline"])}) for row in snap.data["overdue"]]
    # A closing of the first format kept no overdue rows: its tasks overdue at the cut-off.
    return [
        OverdueLine(
            t.number,
            t.area,
            t.content,
            t.lead_unit,
            t.deadline,
            (snap.cutoff - t.deadline).days,
            t.status_label,
            t.plan,
        )
        for t in snap.overdue_tasks()
        if t.deadline
    ]


def _inspection_lines(snap: Snapshot) -> list[InspectionLine]:
    return [
        InspectionLine(
            unit=line["unit"],
            team=line.get("team", ""),
            plan=line.get("plan", ""),
            start=_date(line["start"]),
            end=_date(line["end"]),
            areas=line.get("areas", ""),
            recommendations=line["recommendations"],
            open=line["open"],
            answered=line.get("answered", 0),
            closed=line["closed"],
            overdue=line["overdue"],
        )
        for line in snap.inspections.get("lines", [])
    ]


def _figure_totals(snap: Snapshot) -> list[IndicatorTotal] | None:
    if not snap.data.get("has_figures", bool(snap.figures)):
        return None
    totals = []
    for row in snap.figures:
        indicator = Indicator(
            name=row["indicator"],
            unit_of_measure=row["unit_of_measure"],
            group=row.get("group", ""),
            aggregate=row.get("aggregate", "sum"),
        )
        total = _decimal(row["total"])
        totals.append(IndicatorTotal(indicator, total, None, None, row["units_reported"]))
    return totals


def _unit_figures(snap: Snapshot) -> list[UnitFigures]:
    rows: list[dict[str, Any]] = snap.data["units"]
    return [
        UnitFigures(
            unit=Unit(pk=row["id"], name=row["name"]),
            completion=line.completion,
            last_update=_date(row.get("last_update")),
            rank=row["rank"],
            silent=bool(row.get("silent", False)),
        )
        for row, line in zip(rows, snap.units, strict=True)
    ]


def review_of(closing: PeriodClosing) -> ReviewData:
    """The ReviewData of a closed period, from its snapshot only."""
    snap = snapshot_of(closing)
    period = ReviewPeriod(
        year=snap.year, kind=snap.kind, start=snap.start, cutoff=snap.cutoff, reporting_period=closing.period
    )
    plans = [Plan(pk=p["id"], number=p["number"], title=p["title"]) for p in snap.plans]
    generated = snap.data.get("generated_on")
    return ReviewData(
        agency=snap.agency,
        plans=plans,
        year=snap.year,
        period=period,
        completion=snap.completion,
        areas=[AreaLine(a.key, a.name, a.completion) for a in snap.areas],
        units=_unit_figures(snap),
        tasks=_task_lines(snap),
        overdue=_overdue_lines(snap),
        changes=snap.changes,
        inspections=_inspection_lines(snap),
        figures=_figure_totals(snap),
        generated_on=_date(generated) or closing.closed_at.date(),
        multi_plan=closing.plan_id is None,
        closing_identifier=closing.identifier,
    )


def reported_data(closing: PeriodClosing) -> dict[str, Any]:
    """A closed period's figures for the JSON API, from the snapshot, with the closing named."""
    snap = snapshot_of(closing)
    return {
        "closing": {
            "identifier": closing.identifier,
            "closed_at": closing.closed_at.isoformat(),
            "cutoff": closing.cutoff.isoformat(),
        },
        "figures": completion_data(snap.completion),
        "areas": [{"code": a.key, "name": f"{a.key}. {a.name}", **completion_data(a.completion)} for a in snap.areas],
        "sources": [{"source": s.key, **completion_data(s.completion)} for s in snap.sources],
    }
