"""The period report as an Excel workbook: seven sheets (summary by area, by lead unit, the task
detail, the overdue tasks, the plan's changes, the inspections and the appendix figures), a pure function of the
ReviewData of reports/review_data.py. Cells and rows are made by reports/xlsx_cells.py.

Total rows are SUM formulas over the rows above, so a reader can re-check them.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from cchc.formatting import format_date
from cchc.templatetags.cchc_format import percent, vn_int
from figures.selectors import group_label

from .completion import Bucket, Completion
from .review_columns import (
    SHEET_NAMES,
    TASK_DATE_FIELDS,
    TASK_FIELDS,
    change_headers,
    figure_headers,
    inspection_headers,
    overdue_headers,
    summary_headers,
    task_headers,
    unit_headers,
)
from .review_data import ReviewData
from .xlsx_cells import ListRows, Styles, append_header, append_row, setup_sheet, sheet_rows

BUCKET_COLUMNS = (Bucket.ON_TIME, Bucket.LATE, Bucket.WITHIN, Bucket.OVERDUE)
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


def closed_note(data: ReviewData) -> str:
    """The line every sheet of a closed period's workbook carries (reports/closing_review.py)."""
    return _("Số liệu đã chốt: %(identifier)s") % {"identifier": data.closing_identifier}


def _title_block(ws, styles, data: ReviewData, sheet_title: str) -> None:
    append_row(ws, [styles.cell(ws, f"{data.period.title} — {sheet_title}", "title")])
    line = _("%(scope)s · số liệu từ ngày %(start)s đến ngày %(cutoff)s (ngày chốt số liệu)") % {
        "scope": data.scope_label,
        "start": format_date(data.period.start),
        "cutoff": format_date(data.period.cutoff),
    }
    if data.closing_identifier:
        line += " · " + closed_note(data)
    append_row(ws, [styles.cell(ws, line, "plain")])


def write_summary(ws, styles: Styles, data: ReviewData) -> None:
    setup_sheet(
        ws,
        title=data.period.title,
        widths=[46, 14, 14, 14, 16, 16, 14],
        header_row=SUMMARY_HEADER_ROW,
        freeze=f"B{SUMMARY_HEADER_ROW + 1}",
    )
    period = data.period
    append_row(ws, [styles.cell(ws, period.title.upper(), "title")])
    append_row(ws, [styles.cell(ws, _("Cơ quan"), "label"), styles.cell(ws, data.agency, "plain")])
    append_row(ws, [styles.cell(ws, _("Kế hoạch"), "label"), styles.cell(ws, data.scope_label, "plain")])
    label = f"{period.label} · {closed_note(data)}" if data.closing_identifier else period.label
    append_row(ws, [styles.cell(ws, _("Kỳ báo cáo"), "label"), styles.cell(ws, label, "plain")])
    append_row(ws, [styles.cell(ws, _("Số liệu từ ngày"), "label"), styles.cell(ws, period.start, "date_plain")])
    append_row(ws, [styles.cell(ws, _("Ngày chốt số liệu"), "label"), styles.cell(ws, period.cutoff, "date_plain")])
    append_row(ws, [styles.cell(ws, data.headline, "headline")])
    append_row(ws, [])
    append_header(ws, styles, summary_headers())
    first = SUMMARY_HEADER_ROW + 1
    for area in data.areas:
        c = area.completion
        append_row(
            ws,
            [
                styles.cell(ws, f"{area.code}. {area.name}"),
                *_count_cells(ws, styles, c),
                styles.cell(ws, _rate_value(c.rate), "rate"),
            ],
        )
    last = first + len(data.areas) - 1
    append_row(
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
    append_row(ws, [])
    notes = [
        _("Tỷ lệ hoàn thành = số nhiệm vụ đã được xác nhận hoàn thành ÷ tổng số nhiệm vụ của kế hoạch."),
        _("Trên số nhiệm vụ đã đến hạn: hoàn thành %(done)s/%(due)s, đạt %(rate)s.")
        % {"done": vn_int(c.completed), "due": vn_int(c.due), "rate": percent(c.rate_due)},
    ]
    if c.removed:
        notes.append(_("Không tính %(count)s nhiệm vụ đã đưa ra khỏi kế hoạch.") % {"count": vn_int(c.removed)})
    notes.append(_("Lập ngày %(date)s.") % {"date": format_date(data.generated_on)})
    if data.closing_identifier:
        notes.append(closed_note(data) + ". " + _("Các số liệu trong tệp là số liệu đã chốt, không tính lại."))
    for note in notes:
        append_row(ws, [styles.cell(ws, note, "note")])


def write_units(ws, styles: Styles, data: ReviewData) -> None:
    setup_sheet(
        ws,
        title=data.period.title,
        widths=[9, 40, 13, 13, 13, 15, 15, 13, 14],
        header_row=UNITS_HEADER_ROW,
        freeze=f"C{UNITS_HEADER_ROW + 1}",
    )
    _title_block(ws, styles, data, _("Theo đơn vị chủ trì"))
    append_row(ws, [styles.cell(ws, data.headline, "headline")])
    append_row(ws, [])
    append_header(ws, styles, unit_headers())
    first = UNITS_HEADER_ROW + 1
    for row in data.units:
        c = row.completion
        append_row(
            ws,
            [
                styles.cell(ws, row.rank, "count"),
                styles.cell(ws, row.label or row.unit.name),
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
    append_row(ws, [*total, styles.cell(ws, None, "total_text")])
    ws.auto_filter.ref = f"A{UNITS_HEADER_ROW}:I{max(last, UNITS_HEADER_ROW)}"


def _list_sheet(ws, styles, data: ReviewData, *, sheet_title: str, headers: list[str], widths: list[float]) -> None:
    setup_sheet(
        ws, title=data.period.title, widths=widths, header_row=LIST_HEADER_ROW, freeze=f"A{LIST_HEADER_ROW + 1}"
    )
    _title_block(ws, styles, data, sheet_title)
    append_row(ws, [])
    append_header(ws, styles, headers)


def _write_task_list(ws, styles: Styles, data: ReviewData, *, sheet_title, headers, widths, lines, styled) -> int:
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
    rows = ListRows(sheet_rows(ws), styles, [*styled, "text"] if data.multi_plan else list(styled))
    count = 0
    for line in lines:
        rows.append(line)
        count += 1
    ws.auto_filter.ref = f"A{LIST_HEADER_ROW}:{get_column_letter(len(headers))}{LIST_HEADER_ROW + max(count, 1)}"
    return count


def write_tasks(ws, styles: Styles, data: ReviewData) -> int:
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


def write_overdue(ws, styles: Styles, data: ReviewData) -> int:
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


def write_changes(ws, styles: Styles, data: ReviewData) -> int:
    count = _write_task_list(
        ws,
        styles,
        data,
        sheet_title=_("Nhiệm vụ bổ sung, điều chỉnh, đưa ra khỏi kế hoạch trong kỳ"),
        headers=change_headers(data.multi_plan),
        widths=[7, 50, 8, 50, 12, 40, 36],
        lines=data.changes,  # ChangeLine: index, task, area, change, effective_on, document, reason, plan
        styled=["count", "text", "text", "text", "date", "text", "text"],
    )
    if not count:
        append_row(ws, [styles.cell(ws, _("Kế hoạch không có thay đổi nào trong kỳ."), "note")])
    return count


def write_inspections(ws, styles: Styles, data: ReviewData) -> None:
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
        append_row(
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
        append_row(ws, [styles.cell(ws, _("Không có cuộc kiểm tra nào được thực hiện trong kỳ."), "note")])


def _figure_style(value: Decimal | None) -> str:
    return "count" if value is None or value == value.to_integral_value() else "decimal"


def write_figures(ws, styles: Styles, data: ReviewData) -> None:
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
        append_row(
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
        append_row(
            ws, [styles.cell(ws, _("Chưa có kỳ báo cáo số liệu trùng với khoảng thời gian này (mục Số liệu)."), "note")]
        )


def write_review_xlsx(data: ReviewData, out) -> dict[str, int]:
    """The seven sheets, in order, to `out` (a path or a binary file object). Returns the number
    of rows of the task lists."""
    wb = Workbook(write_only=True)
    wb.properties.title = data.period.title
    wb.properties.creator = "CCHC Tracker"
    sheets = [wb.create_sheet(name) for name in SHEET_NAMES]
    styles = Styles(sheets[0])
    write_summary(sheets[0], styles, data)
    write_units(sheets[1], styles, data)
    counts = {
        "tasks": write_tasks(sheets[2], styles, data),
        "overdue": write_overdue(sheets[3], styles, data),
        "changes": write_changes(sheets[4], styles, data),
    }
    write_inspections(sheets[5], styles, data)
    write_figures(sheets[6], styles, data)
    wb.save(out)
    return counts
