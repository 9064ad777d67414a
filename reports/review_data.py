"""Everything the period report shows, read at the period's cut-off (``collect_review``).

Every figure comes from reports/completion.py, the inspections from inspections.selectors, the
appendix figures from figures.selectors, the task rows from reports/review_tasks.py (read when
a writer iterates them). A fixed number of queries whatever the size: one per sheet, and the
task detail in chunks. The writers (reports/xlsx_writer.py, reports/csv_writer.py) are pure
functions of this data.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, fields

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cchc.templatetags.cchc_format import percent, vn_int
from figures.selectors import IndicatorTotal, figures_totals
from inspections.selectors import inspections_in_period
from plans.models import Plan, ReformArea
from tasks.models import Task

from .completion import Completion, UnitFigures, completion_by_area, unit_ranking
from .review_changes import ChangeLine, change_lines
from .review_period import ReviewPeriod
from .review_tasks import OverdueLine, TaskDetail, TaskLine


@dataclass(frozen=True)
class AreaLine:
    code: str
    name: str
    completion: Completion


@dataclass(frozen=True)
class InspectionLine:
    unit: str
    team: str
    plan: str
    start: datetime.date | None
    end: datetime.date | None
    areas: str
    recommendations: int
    open: int
    answered: int
    closed: int
    overdue: int


@dataclass
class ReviewData:
    """Everything the workbook shows. `tasks` and `overdue` are iterables read once, lazily."""

    agency: str
    plans: list[Plan]
    year: int
    period: ReviewPeriod
    completion: Completion
    areas: list[AreaLine]
    units: list[UnitFigures]
    tasks: Iterable[TaskLine]
    overdue: Iterable[OverdueLine]
    changes: list[ChangeLine]
    inspections: list[InspectionLine]
    figures: list[IndicatorTotal] | None
    generated_on: datetime.date
    multi_plan: bool = False
    # The closing's identifier when the data is a closed period's snapshot (reports/closing_review.py).
    closing_identifier: str = ""

    @property
    def scope_label(self) -> str:
        if not self.multi_plan and len(self.plans) == 1:
            plan = self.plans[0]
            return _("Kế hoạch số %(number)s: %(title)s") % {"number": plan.number, "title": plan.title}
        return _("Tất cả kế hoạch năm %(year)s (%(numbers)s)") % {
            "year": self.year,
            "numbers": ", ".join(p.number for p in self.plans),
        }

    @property
    def headline(self) -> str:
        c = self.completion
        return _("Hoàn thành %(done)s/%(total)s nhiệm vụ, đạt %(rate)s") % {
            "done": vn_int(c.completed),
            "total": vn_int(c.total),
            "rate": percent(c.rate),
        }

    @property
    def filename(self) -> str:
        """so-ket-6-thang-2026-125-KH-UBND.xlsx without the extension, ASCII only."""
        suffix = ascii_slug(self.plans[0].number) if len(self.plans) == 1 and not self.multi_plan else "tat-ca-ke-hoach"
        return f"{self.period.file_stem}-{suffix}"

    @property
    def display_filename(self) -> str:
        """The Vietnamese name (Content-Disposition filename*): "Sơ kết 6 tháng 2026 - 125-KH-UBND"."""
        scope = self.plans[0].number if len(self.plans) == 1 and not self.multi_plan else _("tất cả kế hoạch")
        return f"{self.period.title} - {scope}".replace("/", "-")


def ascii_slug(text: str) -> str:
    """125/KH-UBND → 125-KH-UBND; Sơ kết → So-ket (đ → d)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


def inspection_lines(period: ReviewPeriod) -> list[InspectionLine]:
    rows = inspections_in_period(start=period.start, end=period.cutoff, as_of=period.cutoff)
    return [
        InspectionLine(
            unit=i.unit.name,
            team=i.team.name,
            plan=i.plan.number or i.plan.title,
            start=i.actual_start,
            end=i.actual_end,
            areas=", ".join(a.code for a in i.areas.all()),
            recommendations=i.rec_total,
            open=i.rec_open,
            answered=i.rec_answered,
            closed=i.rec_closed,
            overdue=i.rec_overdue,
        )
        for i in rows
    ]


def _sum_completions(parts: Iterable[Completion]) -> Completion:
    """The figures of the whole from those of its parts (every figure is a count): the scope's
    completion from its per-area figures, without reading the tasks again."""
    parts = list(parts)
    return Completion(**{f.name: sum(getattr(c, f.name) for c in parts) for f in fields(Completion)})


def collect_review(
    *,
    tasks: QuerySet[Task],
    plans: list[Plan],
    year: int,
    period: ReviewPeriod,
    multi_plan: bool = False,
    today: datetime.date | None = None,
) -> ReviewData:
    """Everything of the report at the period's cut-off. `tasks` is the scope (a plan's or a
    year's tasks, as the user may see them); the task rows are read when the writer iterates."""
    as_of = period.cutoff
    detail = TaskDetail(tasks, as_of=as_of)
    by_area = completion_by_area(tasks, as_of=as_of)
    areas = [AreaLine(a.code, a.short_name, by_area.get(a.pk, Completion())) for a in ReformArea.objects.all()]
    agencies = sorted({p.issuing_unit.name for p in plans})
    return ReviewData(
        agency="; ".join(agencies),
        plans=plans,
        year=year,
        period=period,
        completion=_sum_completions(by_area.values()),
        areas=areas,
        units=unit_ranking(tasks, as_of=as_of),
        tasks=detail,
        overdue=detail.overdue,
        changes=change_lines(tasks, period),
        inspections=inspection_lines(period),
        figures=figures_totals(period.reporting_period) if period.reporting_period else None,
        generated_on=today or datetime.date.today(),
        multi_plan=multi_plan,
    )
