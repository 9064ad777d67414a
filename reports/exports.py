"""The period report (báo cáo quý I, sơ kết 6 tháng, quý III, tổng kết năm) as an Excel
workbook, and its task detail as CSV.

Two halves:

- **Reading** (``collect_review``): every figure comes from reports/completion.py, the
  inspections from inspections.selectors, the appendix figures from figures.selectors. A fixed
  number of queries whatever the size: one per sheet, the task detail (``TaskDetail``) streamed
  from the database as values, no model instances, in chunks of TASK_CHUNK tasks with three
  queries per chunk (latest notes, evidence, coordinating units); the overdue sheet's rows come
  from the same pass.
- **Writing** (``write_review_xlsx``, ``write_tasks_csv``): pure functions of that data. The
  workbook is written in openpyxl's write-only mode, so rows go to disk as they come and a
  year of a large province (100,000 tasks) exports in bounded memory: nothing is kept per
  row (not even its height), and the task lists reuse one cell per column (``_ListRows``).

Cells are typed: counts are integers, dates are dates (dd/mm/yyyy), rates are fractions with
the format ``0.00%`` (rate_percent 51.95 → 0.5195, shown 51,95 % in a Vietnamese Excel), text
is always text (never a formula, nor an error value like "#N/A").
Total rows are SUM formulas over the rows above, so a reader can re-check them.

**Formula injection.** Text that a spreadsheet could take for a formula (starting with
``= + - @``, a tab or a carriage return) is written as an explicit string cell (data type
``s``) with the cell's *quotePrefix* flag set: Excel and LibreOffice show the text as typed,
without an apostrophe, and keep it text even when the cell is edited. A CSV has no cell types,
so there the text is prefixed with an apostrophe (the usual CSV-injection defence).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from copy import copy
from dataclasses import dataclass, fields
from decimal import Decimal
from itertools import islice
from typing import NamedTuple
from urllib.parse import quote

from django.db import connections
from django.db.models import F, Lookup, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cchc.templatetags.cchc_format import percent, vn_int
from figures.models import PeriodKind, ReportingPeriod
from figures.selectors import IndicatorTotal, figures_totals, group_label
from figures.services import period_get_or_create
from inspections.selectors import inspections_in_period
from plans.models import Plan, ReformArea
from tasks.models import Task, TaskEvent, TaskEventKind, TaskStatus
from tasks.workflow_models import Evidence
from units.models import Unit

from .completion import (
    Bucket,
    Completion,
    UnitFigures,
    completion_by_area,
    tasks_with_state,
    unit_ranking,
)

TASK_CHUNK = 2000
DATE_FORMAT = "DD/MM/YYYY"
COUNT_FORMAT = "#,##0"
RATE_FORMAT = "0.00%"
DECIMAL_FORMAT = "#,##0.00"

# ---------------------------------------------------------------- the period


@dataclass(frozen=True)
class ReviewPeriod:
    """What the report covers: a data window and its cut-off (the as-of date of every figure)."""

    year: int
    kind: str
    start: datetime.date
    cutoff: datetime.date
    reporting_period: ReportingPeriod | None = None

    @property
    def label(self) -> str:
        """The period in a sentence: "6 tháng năm 2026", "từ 01/01/2026 đến 30/06/2026"."""
        if self.kind == PeriodKind.CUSTOM:
            return _("từ %(start)s đến %(end)s") % {"start": day_text(self.start), "end": day_text(self.cutoff)}
        if self.kind == PeriodKind.YEAR:
            return _("năm %(year)s") % {"year": self.year}
        return _("%(kind)s năm %(year)s") % {"kind": PeriodKind(self.kind).label, "year": self.year}

    @property
    def title(self) -> str:
        """The report's name as the agency writes it."""
        titles = {
            PeriodKind.Q1: _("Báo cáo công tác cải cách hành chính quý I năm %(year)s"),
            PeriodKind.H1: _("Báo cáo sơ kết 6 tháng công tác cải cách hành chính năm %(year)s"),
            PeriodKind.Q3: _("Báo cáo công tác cải cách hành chính quý III năm %(year)s"),
            PeriodKind.YEAR: _("Báo cáo tổng kết công tác cải cách hành chính năm %(year)s"),
        }
        if self.kind in titles:
            return titles[self.kind] % {"year": self.year}
        return _("Báo cáo công tác cải cách hành chính %(period)s") % {"period": self.label}

    @property
    def file_stem(self) -> str:
        """The ASCII name of the file: so-ket-6-thang-2026."""
        stems = {
            PeriodKind.Q1: f"bao-cao-quy-1-{self.year}",
            PeriodKind.H1: f"so-ket-6-thang-{self.year}",
            PeriodKind.Q3: f"bao-cao-quy-3-{self.year}",
            PeriodKind.YEAR: f"tong-ket-nam-{self.year}",
        }
        return stems.get(self.kind) or f"bao-cao-{self.start:%d%m%Y}-{self.cutoff:%d%m%Y}"


def review_period(
    *, year: int, kind: str, start: datetime.date | None = None, end: datetime.date | None = None
) -> ReviewPeriod:
    """The standard period of a year with its (editable) dates from figures.ReportingPeriod —
    created with the default dates of 581/BNV-CCHC the first time — or a custom range (whose
    appendix figures are those of a custom ReportingPeriod with exactly these dates, if any)."""
    if kind == PeriodKind.CUSTOM:
        if start is None or end is None or start > end:
            raise ValueError("A custom period needs a start on or before its end")
        stored = ReportingPeriod.objects.filter(kind=PeriodKind.CUSTOM, start=start, cutoff=end).order_by("pk").first()
        return ReviewPeriod(year=year, kind=kind, start=start, cutoff=end, reporting_period=stored)
    period = period_get_or_create(year=year, kind=kind)
    return ReviewPeriod(year=year, kind=kind, start=period.start, cutoff=period.cutoff, reporting_period=period)


# ---------------------------------------------------------------- the data of the sheets


@dataclass(frozen=True)
class AreaLine:
    code: str
    name: str
    completion: Completion


class TaskLine(NamedTuple):
    """A row of the task detail (and of the CSV), the task's state at the cut-off. The fields
    are in the order of the columns (TASK_FIELDS, then the plan's number), so the row is the
    tuple itself."""

    number: str
    area: str
    content: str
    expected_output: str
    lead_unit: str
    coordinating_units: str
    deadline: datetime.date | None
    deadline_text: str
    status: str
    completed_on: datetime.date | None
    timeliness: str
    note: str
    progress_on: datetime.date | None
    evidence: str
    plan: str


class OverdueLine(NamedTuple):
    """A row of the overdue sheet, fields in the order of its columns."""

    number: str
    area: str
    content: str
    lead_unit: str
    deadline: datetime.date
    days_overdue: int
    status: str
    plan: str


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
    inspections: list[InspectionLine]
    figures: list[IndicatorTotal] | None
    generated_on: datetime.date
    multi_plan: bool = False

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


def day_text(day: datetime.date | None) -> str:
    """30/06/2026; empty for no date."""
    return day.strftime("%d/%m/%Y") if day else ""


def ascii_slug(text: str) -> str:
    """125/KH-UBND → 125-KH-UBND; Sơ kết → So-ket (đ → d)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


def content_disposition(ascii_name: str, display_name: str) -> str:
    """attachment with an ASCII filename and the Vietnamese one per RFC 5987/6266."""
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(display_name, safe='')}"


# ---------------------------------------------------------------- reading (a fixed number of queries)

_TIMELINESS_LABELS = {
    Bucket.ON_TIME: lambda: _("Hoàn thành đúng hạn"),
    Bucket.LATE: lambda: _("Hoàn thành quá hạn"),
    Bucket.WITHIN: lambda: _("Chưa hoàn thành trong hạn"),
    Bucket.OVERDUE: lambda: _("Quá hạn chưa hoàn thành"),
    Bucket.REMOVED: lambda: _("Đưa ra khỏi kế hoạch"),
}


def timeliness_label(bucket: str | None) -> str:
    return _TIMELINESS_LABELS[Bucket(bucket)]() if bucket else ""


_NOTE_KINDS = [TaskEventKind.PROGRESS, TaskEventKind.SUBMITTED]

# The columns of the detail query, in the order of the tuples it returns.
_DETAIL_COLUMNS = (
    "id",
    "number",
    "area__code",
    "area__order",
    "position",
    "content",
    "expected_output",
    "lead_unit_id",
    "lead_unit__name",
    "coordination_text",
    "asof_deadline",
    "deadline_text",
    "asof_status",
    "asof_completed_on",
    "asof_bucket",
    "plan__number",
)


def detail_rows(tasks: QuerySet[Task], *, as_of: datetime.date) -> QuerySet:
    """The tasks that exist at the cut-off, in the plan's order, with their state then: one
    tuple of _DETAIL_COLUMNS per task, no model instance."""
    return (
        tasks_with_state(tasks, as_of=as_of)
        .filter(asof_status__isnull=False)
        .order_by("plan__year", "plan__number", "plan_id", "area__order", "position", "id")
        .values_list(*_DETAIL_COLUMNS)
    )


class _AnyOf(Lookup):
    """``field = ANY(%s)`` with the ids as one array parameter (PostgreSQL): a chunk's 2,000 ids
    as one value, not 2,000 placeholders Django prepares and psycopg interpolates one by one."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]


def _among(field: str, ids: list[int], using: str) -> Q | Lookup:
    """The condition `field` is one of `ids`."""
    if ids and connections[using].vendor == "postgresql":
        return _AnyOf(F(field), ids)
    return Q(**{f"{field}__in": ids})


def latest_notes(task_ids: list[int], *, as_of: datetime.date, using: str) -> dict[int, tuple[str, datetime.date]]:
    """{task id: (note, effective date)} of each task's latest progress note at the cut-off
    (latest effective date, then latest recorded): one query."""
    latest_first = [F("effective_on").desc(), F("id").desc()]
    rows = (
        TaskEvent.objects.using(using)
        .filter(_among("task_id", task_ids, using), kind__in=_NOTE_KINDS, effective_on__lte=as_of)
        .exclude(note="")
        .annotate(rank=Window(RowNumber(), partition_by=F("task_id"), order_by=latest_first))
        .filter(rank=1)
        .order_by()  # not the history's default order, which would join the tasks and plans to sort
        .values_list("task_id", "note", "effective_on")
    )
    return {task_id: (note, day) for task_id, note, day in rows}


def evidence_reference(number: str, day: datetime.date | None, title: str) -> str:
    """Evidence.reference from its columns: "12/QĐ-STP (19/06/2026): Về việc …"."""
    if not number:
        return ""
    text = number
    if day:
        text += f" ({day.day:02}/{day.month:02}/{day.year})"  # dd/mm/yyyy without strftime's cost
    if title:
        text += f": {title}"
    return text


def evidence_texts(task_ids: list[int], *, as_of: datetime.date, using: str) -> dict[int, str]:
    """{task id: its evidence known at the cut-off, one per line, in the order reported}: one query."""
    # The entry's date as a subquery by primary key: a join would have PostgreSQL hash the
    # whole history (or the chunk's) for the few entries that carry evidence.
    reported_on = TaskEvent.objects.using(using).filter(pk=OuterRef("event_id")).order_by().values("effective_on")[:1]
    rows = (
        Evidence.objects.using(using)
        .filter(_among("task_id", task_ids, using))
        .annotate(reported_on=Subquery(reported_on))
        .filter(reported_on__lte=as_of)
        .order_by("task_id", "created_at", "id")
        .values_list("task_id", "original_name", "document_number", "document_date", "document_title")
    )
    texts: dict[int, list[str]] = {}
    for task_id, name, number, day, title in rows:
        texts.setdefault(task_id, []).append(evidence_reference(number, day, title) or name)
    return {task_id: "\n".join(lines) for task_id, lines in texts.items()}


def coordinating_texts(task_ids: list[int], *, using: str) -> dict[int, str]:
    """{task id: its coordinating units' names, "; "-separated in the units' order}: one query."""
    rows = (
        Task.coordinating_units.through.objects.using(using)
        .filter(_among("task_id", task_ids, using))
        .order_by("task_id", "unit__order", "unit__name", "unit_id")
        .values_list("task_id", "unit__name")
    )
    names: dict[int, list[str]] = {}
    for task_id, name in rows:
        names.setdefault(task_id, []).append(name)
    return {task_id: "; ".join(units) for task_id, units in names.items()}


class TaskDetail:
    """The task detail at the cut-off (TaskLine), read when iterated, and the overdue sheet's
    rows (``overdue``) taken from the same pass.

    One query for the rows (values, no model instances), streamed in chunks of TASK_CHUNK;
    per chunk, one query each for the latest notes, the evidence and the coordinating units
    of tasks whose plan names none in words. The overdue tasks are a subset of the detail in
    another order: the pass keeps them (short tuples) and ``overdue`` sorts them, so the
    history is read once for both sheets."""

    def __init__(self, tasks: QuerySet[Task], *, as_of: datetime.date):
        self.tasks = tasks
        self.as_of = as_of
        self._overdue: list[tuple] | None = None

    def __iter__(self) -> Iterator[TaskLine]:
        return self._read(lines=True)

    def lines(self, *, keep_overdue: bool = True) -> Iterator[TaskLine]:
        """The rows; `keep_overdue=False` when nothing will ask for the overdue ones (the CSV)."""
        return self._read(lines=True, keep_overdue=keep_overdue)

    @property
    def overdue(self) -> Iterable[OverdueLine]:
        """Open past their deadline at the cut-off, longest overdue first (then by lead unit,
        the plan's order): from the last complete pass over the detail, or from a pass made
        now (rows only, without notes and evidence) when the detail has not been read."""
        return _OverdueLines(self)

    def _read(self, *, lines: bool, keep_overdue: bool = True) -> Iterator[TaskLine]:
        as_of, using = self.as_of, self.tasks.db
        status_labels = {status.value: str(status.label) for status in TaskStatus}
        timeliness = {None: "", **{bucket.value: timeliness_label(bucket) for bucket in _TIMELINESS_LABELS}}
        done = {Bucket.ON_TIME.value, Bucket.LATE.value}
        overdue_bucket = Bucket.OVERDUE.value
        shared: dict[str, str] = {}  # one string object per area code, unit and plan kept for the overdue sheet
        overdue = []
        rows = detail_rows(self.tasks, as_of=as_of).iterator(chunk_size=TASK_CHUNK)
        while chunk := list(islice(rows, TASK_CHUNK)):
            if lines:
                ids = [row[0] for row in chunk]
                notes = latest_notes(ids, as_of=as_of, using=using)
                evidence = evidence_texts(ids, as_of=as_of, using=using)
                # As the plan writes it ("Các sở, ban, ngành") when it says so; otherwise the units' names.
                unnamed = [row[0] for row in chunk if not row[9]]
                coordinating = coordinating_texts(unnamed, using=using) if unnamed else {}
            for (
                task_id,
                number,
                area,
                area_order,
                position,
                content,
                expected_output,
                lead_unit_id,
                lead_unit,
                coordination_text,
                deadline,
                deadline_text,
                status,
                completed_on,
                bucket,
                plan,
            ) in chunk:
                if bucket == overdue_bucket and keep_overdue:
                    area, lead_unit, plan = (shared.setdefault(text, text) for text in (area, lead_unit, plan))
                    line = (number, area, content, lead_unit, deadline, (as_of - deadline).days, status_labels[status])
                    overdue.append((deadline, lead_unit_id, area_order, position, task_id, *line, plan))
                if lines:
                    note, note_on = notes.get(task_id, ("", None))
                    yield TaskLine(
                        number,
                        area,
                        content,
                        expected_output,
                        lead_unit,
                        coordination_text or coordinating.get(task_id, ""),
                        deadline,
                        deadline_text,
                        status_labels[status],
                        completed_on if bucket in done else None,
                        timeliness[bucket],
                        note,
                        note_on,
                        evidence.get(task_id, ""),
                        plan,
                    )
        if keep_overdue:
            self._overdue = overdue

    def _overdue_lines(self) -> list[OverdueLine]:
        if self._overdue is None:
            for _line in self._read(lines=False):
                pass
        entries, self._overdue = self._overdue, None
        if not entries:
            return []
        # The lead units' names in the database's order (its collation, as ORDER BY name had it);
        # units of the same name rank alike.
        unit_ids = {entry[1] for entry in entries}
        rank, previous = {}, None
        for position, (unit_id, name) in enumerate(
            Unit.objects.using(self.tasks.db).filter(pk__in=unit_ids).order_by("name").values_list("pk", "name")
        ):
            if name != previous:
                current, previous = position, name
            rank[unit_id] = current
        entries.sort(key=lambda e: (e[0], rank[e[1]], e[2], e[3], e[4]))
        return [OverdueLine(*entry[5:]) for entry in entries]


class _OverdueLines:
    """ReviewData.overdue: the overdue rows of a TaskDetail, read when iterated."""

    def __init__(self, detail: TaskDetail):
        self.detail = detail

    def __iter__(self) -> Iterator[OverdueLine]:
        return iter(self.detail._overdue_lines())


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
        inspections=inspection_lines(period),
        figures=figures_totals(period.reporting_period) if period.reporting_period else None,
        generated_on=today or datetime.date.today(),
        multi_plan=multi_plan,
    )


# ---------------------------------------------------------------- writing: cells

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(_FORMULA_START)


# Excel refuses (and offers to "repair") a cell holding more characters than this.
MAX_CELL_TEXT = 32767


_drop_illegal = ILLEGAL_CHARACTERS_RE.sub


def clean_text(text: str) -> str:
    """Control characters XML cannot hold (a pasted \\x0b) would make openpyxl fail: drop them;
    cut text longer than a cell may hold, marking the cut with "…"."""
    text = _drop_illegal("", text)
    return text if len(text) <= MAX_CELL_TEXT else text[: MAX_CELL_TEXT - 1] + "…"


class _Styles:
    """Cell templates made once per workbook; each cell copies a template's style array
    (cheap) rather than looking its font, border and format up again."""

    def __init__(self, ws):
        thin = Side(style="thin", color="808080")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        top = Alignment(vertical="top", wrap_text=True)
        self.templates = {}

        def template(name, *, font=None, fill=None, alignment=top, number_format=None, bordered=True):
            cell = WriteOnlyCell(ws)
            if font:
                cell.font = font
            if fill:
                cell.fill = fill
            if alignment:
                cell.alignment = alignment
            if bordered:
                cell.border = border
            if number_format:
                cell.number_format = number_format
            self.templates[name] = cell._style

        bold = Font(bold=True)
        template("title", font=Font(bold=True, size=14), alignment=None, bordered=False)
        template("label", font=bold, alignment=None, bordered=False)
        template("plain", alignment=None, bordered=False)
        template("date_plain", alignment=Alignment(horizontal="left"), number_format=DATE_FORMAT, bordered=False)
        template("headline", font=Font(bold=True, size=12, color="1F4E79"), alignment=None, bordered=False)
        template("note", font=Font(italic=True, color="595959"), alignment=None, bordered=False)
        template(
            "header",
            font=bold,
            fill=PatternFill("solid", fgColor="DDEBF7"),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        )
        template("text", alignment=top)
        template("count", alignment=Alignment(vertical="top"), number_format=COUNT_FORMAT)
        template("decimal", alignment=Alignment(vertical="top"), number_format=DECIMAL_FORMAT)
        template("rate", alignment=Alignment(vertical="top"), number_format=RATE_FORMAT)
        template("date", alignment=Alignment(vertical="top", horizontal="center"), number_format=DATE_FORMAT)
        template("total_text", font=bold, alignment=top)
        template("total_count", font=bold, number_format=COUNT_FORMAT)
        template("total_rate", font=bold, number_format=RATE_FORMAT)

    def wraps(self, ws, style: str) -> bool:
        """Whether text of this style wraps (and so may need a taller row)."""
        template = self.templates[style]
        return template is not None and bool(ws.parent._alignments[template.alignmentId].wrap_text)

    def formula(self, ws, formula: str, style: str):
        """A formula we build ourselves (SUM over the rows above): the only formulas in the file."""
        cell = WriteOnlyCell(ws)
        cell._style = copy(self.templates[style])
        cell.value = formula
        return cell

    def cell(self, ws, value, style: str = "text"):
        cell = WriteOnlyCell(ws)
        cell._style = copy(self.templates[style])
        if _set_value(cell, value):
            cell.quotePrefix = True
        return cell


def _set_value(cell, value) -> bool:
    """Give `cell` the value, typed: text is cleaned (clean_text) and always a string cell, never
    a formula or an error value. Returns True for text that looks like a formula: its cell must
    carry the quotePrefix flag (shown as typed, stays text when edited)."""
    if value.__class__ is str:
        value = clean_text(value)
        cell._value = value
        cell.data_type = "s"
        return value.startswith(_FORMULA_START)
    cell.value = value  # None, numbers, dates: openpyxl's own typing
    return False


class _ColumnCell(Cell):
    """The cell of one column of a task list, reused for every row: a write-only sheet writes a
    row out during ``ws.append`` and keeps no reference to its cells (openpyxl 3.1
    WriteOnlyWorksheet._write_rows → WorksheetWriter.write_row), so the next row may set the
    same cell's value again. Its style index is looked up once, not per row."""

    __slots__ = ("has_style", "style_id")

    def __init__(self, ws, column: int, style_array: StyleArray | None):
        super().__init__(ws, row=1, column=column, style_array=style_array or StyleArray())
        self.style_id = ws.parent._cell_styles.add(self._style)
        self.has_style = any(self._style)


def _cells_as_given(cells: list, row_idx: int) -> list:
    """Stands in for WriteOnlyWorksheet._values_to_row on our sheets, whose rows are lists of
    cells already: give each its place, no per-cell conversion attempt and copy."""
    for column, cell in enumerate(cells, start=1):
        cell.column = column
        cell.row = row_idx
    return cells


# Characters of average Vietnamese text per unit of Excel column width, and the height of one
# line of 11-point text in points. Estimates: generous enough that nothing is cut off.
CHARS_PER_WIDTH = 1.0
LINE_HEIGHT = 17  # room for a fallback font wider than Calibri (LibreOffice without it)
MAX_ROW_HEIGHT = 409  # Excel's limit
DEFAULT_COLUMN_WIDTH = 13  # openpyxl's width of a column given none


def _line_count(text: str, per_line: int) -> int:
    """Lines `text` takes wrapped at `per_line` characters (each of its own lines at least one)."""
    if len(text) <= per_line and "\n" not in text:
        return 1
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


class _SheetRows:
    """Writes the rows of one write-only sheet, first giving each row a height that fits its
    wrapped text: write-only files carry no computed heights, and LibreOffice does not fit rows
    to wrapped text when it opens a file, so long texts would otherwise print over the next row.
    The height goes into ``ws.row_dimensions`` only while its row is written, so the sheet
    keeps nothing per row in memory. Rows are lists of cells (never bare values or None); were
    openpyxl to stop calling ``_values_to_row``, its own would take them as they are, only slower."""

    def __init__(self, ws, widths: list[float]):
        self.ws = ws
        self.row = 1
        self.per_line = [max(1, int((width or 10) * CHARS_PER_WIDTH)) for width in widths]
        ws._values_to_row = _cells_as_given

    def chars_per_line(self, column: int) -> int:
        """Column `column` (0-based)'s characters per line."""
        if column < len(self.per_line):
            return self.per_line[column]
        return int(DEFAULT_COLUMN_WIDTH * CHARS_PER_WIDTH)

    def append(self, cells: list) -> None:
        """A row of cells of any style (the title blocks, headers, figure rows)."""
        alignments = self.ws.parent._alignments
        lines = 1
        for index, cell in enumerate(cells):
            value, style = cell._value, cell._style  # no style array: the default style, not wrapped
            if value.__class__ is str and style is not None and alignments[style.alignmentId].wrap_text:
                lines = max(lines, _line_count(value, self.chars_per_line(index)))
        self.write(cells, lines)

    def write(self, cells: list, lines: int) -> None:
        row = self.row
        if lines > 1:
            # What RowDimension(height=…) writes: <row r="…" ht="…" customHeight="1">.
            height = min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines)
            self.ws.row_dimensions[row] = {"ht": f"{height:.16g}", "customHeight": "1"}
            self.ws.append(cells)
            del self.ws.row_dimensions[row]
        else:
            self.ws.append(cells)
        self.row = row + 1


class _ListRows:
    """The rows of a task list: one reused cell per column (_ColumnCell) whose value each row
    sets, and the row's height from the text of the wrapping columns."""

    def __init__(self, rows: _SheetRows, styles: _Styles, column_styles: list[str]):
        ws = rows.ws
        self.rows = rows
        self.templates = [styles.templates[style] for style in column_styles]
        self.cells = [_ColumnCell(ws, i, template) for i, template in enumerate(self.templates, start=1)]
        self.quoted: list[_ColumnCell | None] = [None] * len(self.cells)
        self.per_line = [
            rows.chars_per_line(i) if styles.wraps(ws, style) else 0 for i, style in enumerate(column_styles)
        ]
        # A date in a date-formatted column is stored as is (openpyxl would only adjust the format).
        self.dated = [is_date_format(cell.number_format) for cell in self.cells]

    def _quoted(self, index: int) -> _ColumnCell:
        """The column's cell for text that looks like a formula: its style with quotePrefix."""
        cell = self.quoted[index]
        if cell is None:
            template = StyleArray(self.templates[index] or StyleArray())
            template.quotePrefix = 1
            cell = self.quoted[index] = _ColumnCell(self.rows.ws, index + 1, template)
        return cell

    def append(self, values) -> None:
        """One row: values in column order (values beyond the columns are left out)."""
        cells = self.cells.copy()
        per_line, dated = self.per_line, self.dated
        lines = 1
        for index, (cell, value) in enumerate(zip(cells, values)):  # noqa: B905 -- a TaskLine also carries the plan
            if value.__class__ is str:
                value = clean_text(value)
                if value.startswith(_FORMULA_START):
                    cell = cells[index] = self._quoted(index)
                cell._value = value
                cell.data_type = "s"
                width = per_line[index]
                if width and (len(value) > width or "\n" in value):
                    lines = max(lines, _line_count(value, width))
            elif value is None:
                cell._value = None
                cell.data_type = "n"
            elif value.__class__ is datetime.date and dated[index]:
                cell._value = value
                cell.data_type = "d"
            else:
                cell.value = value
        self.rows.write(cells, lines)


def _append(ws, cells: list) -> None:
    ws._cchc_rows.append(cells)


def _setup_sheet(ws, *, title: str, widths: list[float], header_row: int, freeze: str) -> None:
    """Column widths, frozen header, A4 landscape fitted to the page width, header row repeated
    on each printed page, the report title in the page header and page numbers in the footer.
    Must run before the first row is written (write-only mode)."""
    ws._cchc_rows = _SheetRows(ws, widths)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = freeze
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3  # the page header clears the first row
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddHeader.center.text = title.replace("&", "&&")
    ws.oddHeader.center.size = 10
    ws.oddFooter.right.text = _("Trang &P/&N")
    ws.oddFooter.right.size = 9


def _header(ws, styles: _Styles, labels: list[str]):
    _append(ws, [styles.cell(ws, label, "header") for label in labels])


# ---------------------------------------------------------------- writing: sheets

BUCKET_COLUMNS = (Bucket.ON_TIME, Bucket.LATE, Bucket.WITHIN, Bucket.OVERDUE)


def _figure_headers() -> list[str]:
    """The columns every figure row has, area or unit: total, the four buckets, the rate."""
    return [
        _("Tổng số nhiệm vụ"),
        _("Hoàn thành đúng hạn"),
        _("Hoàn thành quá hạn"),
        _("Chưa hoàn thành trong hạn"),
        _("Quá hạn chưa hoàn thành"),
        _("Tỷ lệ hoàn thành (%)"),
    ]


def summary_headers() -> list[str]:
    return [_("Lĩnh vực"), *_figure_headers()]


def unit_headers() -> list[str]:
    return [_("Xếp hạng"), _("Đơn vị chủ trì"), *_figure_headers(), _("Cập nhật gần nhất")]


# The task detail's columns in order (task_headers names them); the Excel sheet, the CSV and the
# export benchmark all write TaskLine fields in this order.
TASK_FIELDS = (
    "number",
    "area",
    "content",
    "expected_output",
    "lead_unit",
    "coordinating_units",
    "deadline",
    "deadline_text",
    "status",
    "completed_on",
    "timeliness",
    "note",
    "progress_on",
    "evidence",
)
TASK_DATE_FIELDS = {"deadline", "completed_on", "progress_on"}


def task_headers(multi_plan: bool) -> list[str]:
    headers = [
        _("STT"),
        _("Lĩnh vực"),
        _("Nội dung nhiệm vụ"),
        _("Sản phẩm"),
        _("Đơn vị chủ trì"),
        _("Đơn vị phối hợp"),
        _("Thời hạn"),
        _("Thời hạn (như ghi trong kế hoạch)"),
        _("Trạng thái tại ngày chốt"),
        _("Ngày hoàn thành"),
        _("Tình trạng thời hạn"),
        _("Báo cáo tiến độ gần nhất"),
        _("Ngày báo cáo tiến độ"),
        _("Tài liệu kiểm chứng"),
    ]
    return [*headers, _("Kế hoạch")] if multi_plan else headers


def overdue_headers(multi_plan: bool) -> list[str]:
    headers = [
        _("STT"),
        _("Lĩnh vực"),
        _("Nội dung nhiệm vụ"),
        _("Đơn vị chủ trì"),
        _("Thời hạn"),
        _("Số ngày quá hạn"),
        _("Trạng thái tại ngày chốt"),
    ]
    return [*headers, _("Kế hoạch")] if multi_plan else headers


def inspection_headers() -> list[str]:
    return [
        _("STT"),
        _("Đơn vị được kiểm tra"),
        _("Đoàn kiểm tra"),
        _("Kế hoạch kiểm tra"),
        _("Kiểm tra từ ngày"),
        _("Đến ngày"),
        _("Lĩnh vực kiểm tra"),
        _("Số kiến nghị"),
        _("Chưa thực hiện"),
        _("Đã báo cáo khắc phục"),
        _("Đã hoàn thành"),
        _("Quá hạn khắc phục"),
    ]


def figure_headers() -> list[str]:
    return [
        _("STT"),
        _("Nhóm"),
        _("Chỉ tiêu"),
        _("Đơn vị tính"),
        _("Cách tổng hợp"),
        _("Số đơn vị đã báo cáo"),
        _("Số liệu"),
    ]


SHEET_NAMES = ("Tổng hợp", "Theo đơn vị", "Chi tiết nhiệm vụ", "Quá hạn", "Kiểm tra", "Số liệu")
# Row of the table headers of the two figure sheets (after the title block).
SUMMARY_HEADER_ROW = 9
UNITS_HEADER_ROW = 5
LIST_HEADER_ROW = 4


def _rate_value(rate: Decimal | None):
    """rate_percent's 51.95 as the fraction 0.5195 a percent-formatted cell holds (exact Decimal)."""
    return None if rate is None else rate / 100


def _count_cells(ws, styles, c: Completion) -> list:
    return [styles.cell(ws, c.total, "count"), *(styles.cell(ws, c.count(b), "count") for b in BUCKET_COLUMNS)]


def _sum_row(ws, styles, *, label_cells: list, first_column: int, first: int, last: int, rate) -> list:
    """Total row: SUM of each count column over rows first..last, then the selector's rate."""
    cells = list(label_cells)
    for offset in range(5):
        letter = get_column_letter(first_column + offset)
        if last >= first:
            cells.append(styles.formula(ws, f"=SUM({letter}{first}:{letter}{last})", "total_count"))
        else:
            cells.append(styles.cell(ws, 0, "total_count"))
    cells.append(styles.cell(ws, _rate_value(rate), "total_rate"))
    return cells


def _title_block(ws, styles, data: ReviewData, sheet_title: str) -> None:
    _append(ws, [styles.cell(ws, f"{data.period.title} — {sheet_title}", "title")])
    line = _("%(scope)s · số liệu từ ngày %(start)s đến ngày %(cutoff)s (ngày chốt số liệu)") % {
        "scope": data.scope_label,
        "start": day_text(data.period.start),
        "cutoff": day_text(data.period.cutoff),
    }
    _append(ws, [styles.cell(ws, line, "plain")])


def write_summary(ws, styles: _Styles, data: ReviewData) -> None:
    _setup_sheet(
        ws,
        title=data.period.title,
        widths=[46, 14, 14, 14, 16, 16, 14],
        header_row=SUMMARY_HEADER_ROW,
        freeze=f"B{SUMMARY_HEADER_ROW + 1}",
    )
    period = data.period
    _append(ws, [styles.cell(ws, period.title.upper(), "title")])
    _append(ws, [styles.cell(ws, _("Cơ quan"), "label"), styles.cell(ws, data.agency, "plain")])
    _append(ws, [styles.cell(ws, _("Kế hoạch"), "label"), styles.cell(ws, data.scope_label, "plain")])
    _append(ws, [styles.cell(ws, _("Kỳ báo cáo"), "label"), styles.cell(ws, period.label, "plain")])
    _append(ws, [styles.cell(ws, _("Số liệu từ ngày"), "label"), styles.cell(ws, period.start, "date_plain")])
    _append(ws, [styles.cell(ws, _("Ngày chốt số liệu"), "label"), styles.cell(ws, period.cutoff, "date_plain")])
    _append(ws, [styles.cell(ws, data.headline, "headline")])
    _append(ws, [])
    _header(ws, styles, summary_headers())
    first = SUMMARY_HEADER_ROW + 1
    for area in data.areas:
        c = area.completion
        _append(
            ws,
            [
                styles.cell(ws, f"{area.code}. {area.name}"),
                *_count_cells(ws, styles, c),
                styles.cell(ws, _rate_value(c.rate), "rate"),
            ],
        )
    last = first + len(data.areas) - 1
    _append(
        ws,
        _sum_row(
            ws,
            styles,
            label_cells=[styles.cell(ws, _("Tổng cộng"), "total_text")],
            first_column=2,
            first=first,
            last=last,
            rate=data.completion.rate,
        ),
    )
    ws.auto_filter.ref = f"A{SUMMARY_HEADER_ROW}:G{last}"
    c = data.completion
    _append(ws, [])
    notes = [
        _("Tỷ lệ hoàn thành = số nhiệm vụ đã được xác nhận hoàn thành ÷ tổng số nhiệm vụ của kế hoạch."),
        _("Trên số nhiệm vụ đã đến hạn: hoàn thành %(done)s/%(due)s, đạt %(rate)s.")
        % {"done": vn_int(c.completed), "due": vn_int(c.due), "rate": percent(c.rate_due)},
    ]
    if c.removed:
        notes.append(_("Không tính %(count)s nhiệm vụ đã đưa ra khỏi kế hoạch.") % {"count": vn_int(c.removed)})
    notes.append(_("Lập ngày %(date)s.") % {"date": day_text(data.generated_on)})
    for note in notes:
        _append(ws, [styles.cell(ws, note, "note")])


def write_units(ws, styles: _Styles, data: ReviewData) -> None:
    _setup_sheet(
        ws,
        title=data.period.title,
        widths=[9, 40, 13, 13, 13, 15, 15, 13, 14],
        header_row=UNITS_HEADER_ROW,
        freeze=f"C{UNITS_HEADER_ROW + 1}",
    )
    _title_block(ws, styles, data, _("Theo đơn vị chủ trì"))
    _append(ws, [styles.cell(ws, data.headline, "headline")])
    _append(ws, [])
    _header(ws, styles, unit_headers())
    first = UNITS_HEADER_ROW + 1
    for row in data.units:
        c = row.completion
        _append(
            ws,
            [
                styles.cell(ws, row.rank, "count"),
                styles.cell(ws, row.unit.name),
                *_count_cells(ws, styles, c),
                styles.cell(ws, _rate_value(c.rate), "rate"),
                styles.cell(ws, row.last_update, "date"),
            ],
        )
    last = first + len(data.units) - 1
    total = _sum_row(
        ws,
        styles,
        label_cells=[styles.cell(ws, "", "total_text"), styles.cell(ws, _("Tổng cộng"), "total_text")],
        first_column=3,
        first=first,
        last=last,
        rate=data.completion.rate,
    )
    _append(ws, [*total, styles.cell(ws, None, "total_text")])
    ws.auto_filter.ref = f"A{UNITS_HEADER_ROW}:I{max(last, UNITS_HEADER_ROW)}"


def _list_sheet(ws, styles, data: ReviewData, *, sheet_title: str, headers: list[str], widths: list[float]) -> None:
    _setup_sheet(
        ws, title=data.period.title, widths=widths, header_row=LIST_HEADER_ROW, freeze=f"A{LIST_HEADER_ROW + 1}"
    )
    _title_block(ws, styles, data, sheet_title)
    _append(ws, [])
    _header(ws, styles, headers)


def _write_task_list(ws, styles: _Styles, data: ReviewData, *, sheet_title, headers, widths, lines, styled) -> int:
    """A sheet listing tasks: title block, header, one row per line (plus the plan's number when
    the export covers several plans), auto-filter over the rows. `styled` names the style of
    each column; a line is a tuple of the column values in order. Returns the number of rows."""
    _list_sheet(
        ws,
        styles,
        data,
        sheet_title=sheet_title,
        headers=headers,
        widths=[*widths, 16] if data.multi_plan else widths,
    )
    rows = _ListRows(ws._cchc_rows, styles, [*styled, "text"] if data.multi_plan else list(styled))
    count = 0
    for line in lines:
        rows.append(line)
        count += 1
    ws.auto_filter.ref = f"A{LIST_HEADER_ROW}:{get_column_letter(len(headers))}{LIST_HEADER_ROW + max(count, 1)}"
    return count


def write_tasks(ws, styles: _Styles, data: ReviewData) -> int:
    return _write_task_list(
        ws,
        styles,
        data,
        sheet_title=_("Chi tiết nhiệm vụ"),
        headers=task_headers(data.multi_plan),
        widths=[7, 8, 50, 28, 24, 28, 12, 16, 16, 12, 20, 45, 12, 36],
        lines=data.tasks,  # TaskLine: TASK_FIELDS, then the plan
        styled=["date" if name in TASK_DATE_FIELDS else "text" for name in TASK_FIELDS],
    )


def write_overdue(ws, styles: _Styles, data: ReviewData) -> int:
    return _write_task_list(
        ws,
        styles,
        data,
        sheet_title=_("Nhiệm vụ quá hạn chưa hoàn thành"),
        headers=overdue_headers(data.multi_plan),
        widths=[7, 8, 60, 28, 12, 12, 18],
        lines=data.overdue,  # OverdueLine: number, area, content, lead unit, deadline, days, status, plan
        styled=["text", "text", "text", "text", "date", "count", "text"],
    )


def write_inspections(ws, styles: _Styles, data: ReviewData) -> None:
    headers = inspection_headers()
    _list_sheet(
        ws,
        styles,
        data,
        sheet_title=_("Kiểm tra công tác cải cách hành chính trong kỳ"),
        headers=headers,
        widths=[7, 34, 24, 18, 12, 12, 16, 11, 11, 13, 12, 12],
    )
    for index, line in enumerate(data.inspections, start=1):
        _append(
            ws,
            [
                styles.cell(ws, index, "count"),
                styles.cell(ws, line.unit),
                styles.cell(ws, line.team),
                styles.cell(ws, line.plan),
                styles.cell(ws, line.start, "date"),
                styles.cell(ws, line.end, "date"),
                styles.cell(ws, line.areas),
                *(styles.cell(ws, n, "count") for n in (line.recommendations, line.open, line.answered, line.closed)),
                styles.cell(ws, line.overdue, "count"),
            ],
        )
    last = LIST_HEADER_ROW + max(len(data.inspections), 1)
    ws.auto_filter.ref = f"A{LIST_HEADER_ROW}:{get_column_letter(len(headers))}{last}"
    if not data.inspections:
        _append(ws, [styles.cell(ws, _("Không có cuộc kiểm tra nào được thực hiện trong kỳ."), "note")])


def _figure_style(value: Decimal | None) -> str:
    return "count" if value is None or value == value.to_integral_value() else "decimal"


def write_figures(ws, styles: _Styles, data: ReviewData) -> None:
    headers = figure_headers()
    _list_sheet(
        ws,
        styles,
        data,
        sheet_title=_("Số liệu tổng hợp"),
        headers=headers,
        widths=[7, 26, 54, 14, 22, 14, 16],
    )
    figures = data.figures or []
    for index, total in enumerate(figures, start=1):
        indicator = total.indicator
        value = total.total
        _append(
            ws,
            [
                styles.cell(ws, index, "count"),
                styles.cell(ws, str(group_label(indicator.group))),
                styles.cell(ws, indicator.name),
                styles.cell(ws, indicator.unit_of_measure),
                styles.cell(ws, str(indicator.get_aggregate_display())),
                styles.cell(ws, total.units_reported, "count"),
                styles.cell(ws, value, _figure_style(value)),
            ],
        )
    last = LIST_HEADER_ROW + max(len(figures), 1)
    ws.auto_filter.ref = f"A{LIST_HEADER_ROW}:{get_column_letter(len(headers))}{last}"
    if data.figures is None:
        _append(
            ws, [styles.cell(ws, _("Chưa có kỳ báo cáo số liệu trùng với khoảng thời gian này (mục Số liệu)."), "note")]
        )


def write_review_xlsx(data: ReviewData, out) -> dict[str, int]:
    """The six sheets, in order, to `out` (a path or a binary file object). Returns the number
    of rows of the two task lists."""
    wb = Workbook(write_only=True)
    wb.properties.title = data.period.title
    wb.properties.creator = "CCHC Tracker"
    sheets = [wb.create_sheet(name) for name in SHEET_NAMES]
    styles = _Styles(sheets[0])
    write_summary(sheets[0], styles, data)
    write_units(sheets[1], styles, data)
    counts = {"tasks": write_tasks(sheets[2], styles, data), "overdue": write_overdue(sheets[3], styles, data)}
    write_inspections(sheets[4], styles, data)
    write_figures(sheets[5], styles, data)
    wb.save(out)
    return counts


# ---------------------------------------------------------------- CSV


def csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return day_text(value)
    text = str(value)
    return "'" + text if looks_like_formula(text) else text


def write_tasks_csv(data: ReviewData, out: io.TextIOBase) -> int:
    """The task detail as CSV for Excel: UTF-8 with a BOM (Excel reads the Vietnamese text
    right), dates dd/mm/yyyy, one row per task. `out` is a text stream; returns the row count."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(task_headers(data.multi_plan))
    # The CSV has no overdue sheet: the detail need not keep its overdue rows.
    lines = data.tasks.lines(keep_overdue=False) if isinstance(data.tasks, TaskDetail) else data.tasks
    count = 0
    for line in lines:
        row = [getattr(line, name) for name in TASK_FIELDS]
        if data.multi_plan:
            row.append(line.plan)
        writer.writerow([csv_text(v) for v in row])
        count += 1
    return count
