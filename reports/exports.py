"""The period report (báo cáo quý I, sơ kết 6 tháng, quý III, tổng kết năm) as an Excel
workbook, and its task detail as CSV.

Two halves:

- **Reading** (``collect_review``): every figure comes from reports/completion.py, the
  inspections from inspections.selectors, the appendix figures from figures.selectors. A fixed
  number of queries whatever the size: one per sheet, the task detail streamed from the database
  in chunks (``.iterator(chunk_size=…)`` with its prefetches: three queries per chunk).
- **Writing** (``write_review_xlsx``, ``write_tasks_csv``): pure functions of that data. The
  workbook is written in openpyxl's write-only mode, so rows go to disk as they come and a
  year of a large province (100,000 tasks) exports in bounded memory.

Cells are typed: counts are integers, dates are dates (dd/mm/yyyy), rates are fractions with
the format ``0.00%`` (rate_percent 51.95 → 0.5195, shown 51,95 % in a Vietnamese Excel).
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
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
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
    completion_of,
    tasks_in_bucket,
    tasks_with_state,
    unit_ranking,
)

TASK_CHUNK = 500
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


@dataclass(frozen=True)
class TaskLine:
    """A row of the task detail (and of the CSV), the task's state at the cut-off."""

    number: str
    area: str
    content: str
    expected_output: str
    lead_unit: str
    coordinating_units: str
    deadline: datetime.date | None
    deadline_text: str
    status: str
    progress_on: datetime.date | None
    completed_on: datetime.date | None
    timeliness: str
    note: str
    evidence: str
    plan: str


@dataclass(frozen=True)
class OverdueLine:
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


def detail_queryset(tasks: QuerySet[Task], *, as_of: datetime.date) -> QuerySet[Task]:
    """The tasks that exist at the cut-off, in the plan's order, with their state then, latest
    progress note, coordinating units and evidence (prefetched per chunk when iterated)."""
    latest_note = (
        TaskEvent.objects.filter(task=OuterRef("pk"), kind__in=_NOTE_KINDS, effective_on__lte=as_of)
        .exclude(note="")
        .order_by("-effective_on", "-id")
    )
    evidence = (
        Evidence.objects.filter(event__effective_on__lte=as_of)
        .only("id", "task_id", "original_name", "document_number", "document_date", "document_title", "created_at")
        .order_by("created_at", "id")
    )
    return (
        tasks_with_state(tasks, as_of=as_of)
        .filter(asof_status__isnull=False)
        .annotate(
            latest_note=Subquery(latest_note.values("note")[:1]),
            latest_note_on=Subquery(latest_note.values("effective_on")[:1]),
        )
        .select_related("plan", "area", "lead_unit")
        .prefetch_related(
            Prefetch("coordinating_units", queryset=Unit.objects.only("id", "name", "order").order_by("order", "name")),
            Prefetch("evidence", queryset=evidence),
        )
        .order_by("plan__year", "plan__number", "plan_id", "area__order", "position", "id")
    )


def task_line(task: Task) -> TaskLine:
    """A fetched task (from detail_queryset) as a row: no query."""
    done = task.asof_bucket in (Bucket.ON_TIME, Bucket.LATE)
    # As the plan writes it ("Các sở, ban, ngành") when it says so; otherwise the units' names.
    coordinating = task.coordination_text or "; ".join(u.name for u in task.coordinating_units.all())
    evidence = "\n".join(e.reference or e.original_name for e in task.evidence.all())
    return TaskLine(
        number=task.number,
        area=task.area.code,
        content=task.content,
        expected_output=task.expected_output,
        lead_unit=task.lead_unit.name,
        coordinating_units=coordinating,
        deadline=task.asof_deadline,
        deadline_text=task.deadline_text,
        status=str(TaskStatus(task.asof_status).label),
        progress_on=task.latest_note_on,
        completed_on=task.asof_completed_on if done else None,
        timeliness=timeliness_label(task.asof_bucket),
        note=task.latest_note or "",
        evidence=evidence,
        plan=task.plan.number,
    )


def task_lines(tasks: QuerySet[Task], *, as_of: datetime.date) -> Iterator[TaskLine]:
    for task in detail_queryset(tasks, as_of=as_of).iterator(chunk_size=TASK_CHUNK):
        yield task_line(task)


def overdue_lines(tasks: QuerySet[Task], *, as_of: datetime.date) -> Iterator[OverdueLine]:
    """Open past their deadline at the cut-off, longest overdue first: one query."""
    rows = (
        tasks_in_bucket(tasks, as_of=as_of, bucket=Bucket.OVERDUE)
        .select_related("plan", "area", "lead_unit")
        .order_by("asof_deadline", "lead_unit__name", "area__order", "position", "id")
    )
    for task in rows.iterator(chunk_size=TASK_CHUNK):
        yield OverdueLine(
            number=task.number,
            area=task.area.code,
            content=task.content,
            lead_unit=task.lead_unit.name,
            deadline=task.asof_deadline,
            days_overdue=(as_of - task.asof_deadline).days,
            status=str(TaskStatus(task.asof_status).label),
            plan=task.plan.number,
        )


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
    by_area = completion_by_area(tasks, as_of=as_of)
    areas = [AreaLine(a.code, a.short_name, by_area.get(a.pk, Completion())) for a in ReformArea.objects.all()]
    agencies = sorted({p.issuing_unit.name for p in plans})
    return ReviewData(
        agency="; ".join(agencies),
        plans=plans,
        year=year,
        period=period,
        completion=completion_of(tasks, as_of=as_of),
        areas=areas,
        units=unit_ranking(tasks, as_of=as_of),
        tasks=task_lines(tasks, as_of=as_of),
        overdue=overdue_lines(tasks, as_of=as_of),
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


def clean_text(text: str) -> str:
    """Control characters XML cannot hold (a pasted \\x0b) would make openpyxl fail: drop them;
    cut text longer than a cell may hold, marking the cut with "…"."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
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

    def formula(self, ws, formula: str, style: str):
        """A formula we build ourselves (SUM over the rows above): the only formulas in the file."""
        cell = WriteOnlyCell(ws)
        cell._style = copy(self.templates[style])
        cell.value = formula
        return cell

    def cell(self, ws, value, style: str = "text"):
        cell = WriteOnlyCell(ws)
        cell._style = copy(self.templates[style])
        if isinstance(value, str):
            value = clean_text(value)
            if looks_like_formula(value):
                cell._value = value
                cell.data_type = "s"  # never a formula
                cell.quotePrefix = True  # shown as typed, stays text when edited
                return cell
        cell.value = value
        return cell


# Characters of average Vietnamese text per unit of Excel column width, and the height of one
# line of 11-point text in points. Estimates: generous enough that nothing is cut off.
CHARS_PER_WIDTH = 1.0
LINE_HEIGHT = 17  # room for a fallback font wider than Calibri (LibreOffice without it)
MAX_ROW_HEIGHT = 409  # Excel's limit


def _append(ws, cells: list) -> None:
    """Append a row, first giving it a height that fits its wrapped text: write-only files carry
    no computed heights, and LibreOffice does not fit rows to wrapped text when it opens a file,
    so long texts would otherwise print over the next row."""
    row = getattr(ws, "_cchc_next_row", 1)
    lines = 1
    for index, cell in enumerate(cells, start=1):
        value = getattr(cell, "value", cell)
        if not isinstance(value, str) or not getattr(cell.alignment, "wrap_text", False):
            continue
        width = ws.column_dimensions[get_column_letter(index)].width or 10
        per_line = max(1, int(width * CHARS_PER_WIDTH))
        lines = max(lines, sum(max(1, -(-len(part) // per_line)) for part in value.split("\n")))
    if lines > 1:
        ws.row_dimensions[row].height = min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines)
    ws.append(cells)
    ws._cchc_next_row = row + 1


def _setup_sheet(ws, *, title: str, widths: list[float], header_row: int, freeze: str) -> None:
    """Column widths, frozen header, A4 landscape fitted to the page width, header row repeated
    on each printed page, the report title in the page header and page numbers in the footer.
    Must run before the first row is written (write-only mode)."""
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


def _write_task_list(ws, styles: _Styles, data: ReviewData, *, sheet_title, headers, widths, lines, cells) -> int:
    """A sheet listing tasks: title block, header, one row per line (plus the plan's number when
    the export covers several plans), auto-filter over the rows. Returns the number of rows."""
    _list_sheet(
        ws,
        styles,
        data,
        sheet_title=sheet_title,
        headers=headers,
        widths=[*widths, 16] if data.multi_plan else widths,
    )
    count = 0
    for line in lines:
        row = cells(line)
        if data.multi_plan:
            row.append(styles.cell(ws, line.plan))
        _append(ws, row)
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
        lines=data.tasks,
        cells=lambda line: [
            styles.cell(ws, getattr(line, name), "date" if name in TASK_DATE_FIELDS else "text") for name in TASK_FIELDS
        ],
    )


def write_overdue(ws, styles: _Styles, data: ReviewData) -> int:
    return _write_task_list(
        ws,
        styles,
        data,
        sheet_title=_("Nhiệm vụ quá hạn chưa hoàn thành"),
        headers=overdue_headers(data.multi_plan),
        widths=[7, 8, 60, 28, 12, 12, 18],
        lines=data.overdue,
        cells=lambda line: [
            styles.cell(ws, line.number),
            styles.cell(ws, line.area),
            styles.cell(ws, line.content),
            styles.cell(ws, line.lead_unit),
            styles.cell(ws, line.deadline, "date"),
            styles.cell(ws, line.days_overdue, "count"),
            styles.cell(ws, line.status),
        ],
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
    count = 0
    for line in data.tasks:
        row = [getattr(line, name) for name in TASK_FIELDS]
        if data.multi_plan:
            row.append(line.plan)
        writer.writerow([csv_text(v) for v in row])
        count += 1
    return count
