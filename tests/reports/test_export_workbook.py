"""The period report workbook of the demo plan: sheets, headers, every figure against the
selectors, cell types and formats, print setup, formula injection."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from demo.services import demo_load
from figures.models import Indicator, IndicatorValue, PeriodKind, ReportingPeriod
from figures.selectors import figures_totals
from inspections.selectors import inspections_in_period
from plans.models import ReformArea
from reports.cell_text import MAX_CELL_TEXT, clean_text
from reports.completion import completion_by_area, completion_of, tasks_with_state, unit_ranking
from reports.csv_writer import csv_text, write_tasks_csv
from reports.export_views import content_disposition
from reports.review_data import ascii_slug, collect_review
from reports.review_period import review_period
from reports.xlsx_writer import write_review_xlsx
from tasks.history import record_event, snapshot
from tasks.models import Task, TaskEventKind, TaskStatus
from tasks.workflow_models import Evidence
from tests.factories import make_plan, make_task, make_unit

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)
H1_CUTOFF = datetime.date(2026, 6, 14)
MID_YEAR = datetime.date(2026, 6, 30)
SUMMARY_HEADERS = [
    "Lĩnh vực",
    "Tổng số nhiệm vụ",
    "Hoàn thành đúng hạn",
    "Hoàn thành quá hạn",
    "Chưa hoàn thành, trong hạn",
    "Quá hạn chưa hoàn thành",
    "Tỷ lệ hoàn thành (%)",
]
BUCKETS = ("on_time", "late", "within", "overdue")


@pytest.fixture
def demo_plan():
    return demo_load(today=TODAY, force=True).plan


def export(plan, period, *, tasks=None):
    tasks = Task.objects.filter(plan=plan) if tasks is None else tasks
    data = collect_review(tasks=tasks, plans=[plan], year=plan.year, period=period, today=TODAY)
    out = io.BytesIO()
    counts = write_review_xlsx(data, out)
    out.seek(0)
    raw = out.getvalue()
    return load_workbook(io.BytesIO(raw)), counts, raw


def rows(ws, first, last=None):
    return [[c.value for c in row] for row in ws.iter_rows(min_row=first, max_row=last or ws.max_row)]


def summed(ws, formula: str) -> int:
    """The value of =SUM(B10:B16), from the cells it adds (what Excel shows)."""
    column, first, last = re.fullmatch(r"=SUM\(([A-Z]+)(\d+):\1(\d+)\)", formula).groups()
    return sum(ws[f"{column}{r}"].value for r in range(int(first), int(last) + 1))


def custom_to_30_june(year):
    return review_period(year=year, kind=PeriodKind.CUSTOM, start=datetime.date(year, 1, 1), end=MID_YEAR)


def test_sheets_in_order_with_their_headers(demo_plan):
    wb, _, _ = export(demo_plan, review_period(year=2026, kind=PeriodKind.H1))
    assert wb.sheetnames == [
        "Tổng hợp",
        "Theo đơn vị",
        "Chi tiết nhiệm vụ",
        "Quá hạn",
        "Thay đổi kế hoạch",
        "Kiểm tra",
        "Số liệu",
    ]
    assert rows(wb["Tổng hợp"], 9, 9)[0] == SUMMARY_HEADERS
    assert rows(wb["Theo đơn vị"], 5, 5)[0] == [
        "Xếp hạng",
        "Đơn vị chủ trì",
        *SUMMARY_HEADERS[1:],
        "Cập nhật gần nhất",
    ]
    assert rows(wb["Chi tiết nhiệm vụ"], 4, 4)[0] == [
        "STT",
        "Lĩnh vực",
        "Nội dung nhiệm vụ",
        "Sản phẩm",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Thời hạn",
        "Thời hạn (như ghi trong kế hoạch)",
        "Trạng thái tại ngày chốt",
        "Ngày hoàn thành",
        "Tình trạng thời hạn",
        "Báo cáo tiến độ gần nhất",
        "Ngày báo cáo tiến độ",
        "Tài liệu kiểm chứng",
    ]
    assert rows(wb["Quá hạn"], 4, 4)[0][:6] == [
        "STT",
        "Lĩnh vực",
        "Nội dung nhiệm vụ",
        "Đơn vị chủ trì",
        "Thời hạn",
        "Số ngày quá hạn",
    ]
    assert rows(wb["Kiểm tra"], 4, 4)[0][:3] == ["STT", "Đơn vị được kiểm tra", "Đoàn kiểm tra"]
    assert rows(wb["Số liệu"], 4, 4)[0] == [
        "STT",
        "Nhóm",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Cách tổng hợp",
        "Số đơn vị đã báo cáo",
        "Số liệu",
    ]


def test_six_month_summary_equals_the_selectors_at_the_official_cutoff(demo_plan):
    period = review_period(year=2026, kind=PeriodKind.H1)
    assert (period.start, period.cutoff) == (datetime.date(2025, 12, 15), H1_CUTOFF)
    wb, _, _ = export(demo_plan, period)
    ws = wb["Tổng hợp"]
    tasks = Task.objects.filter(plan=demo_plan)
    total = completion_of(tasks, as_of=H1_CUTOFF)
    # The demo's completions are all dated on or before the official cut-off 14/06.
    assert (total.completed, total.total, total.rate) == (41, 77, Decimal("53.25"))
    assert ws["A7"].value == "Hoàn thành 41/77 nhiệm vụ, đạt 53,25%"
    assert ws["A1"].value == "BÁO CÁO SƠ KẾT 6 THÁNG CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2026"
    assert ws["B2"].value == demo_plan.issuing_unit.name
    assert demo_plan.number in ws["B3"].value
    assert ws["B4"].value == "6 tháng năm 2026"
    assert ws["B5"].value.date() == datetime.date(2025, 12, 15)
    assert ws["B6"].value.date() == H1_CUTOFF
    assert ws["B6"].number_format == "DD/MM/YYYY"

    by_area = completion_by_area(tasks, as_of=H1_CUTOFF)
    areas = list(ReformArea.objects.all())
    for index, area in enumerate(areas):
        row = 10 + index
        c = by_area[area.pk]
        assert ws[f"A{row}"].value == f"{area.code}. {area.short_name}"
        assert [ws.cell(row, col).value for col in range(2, 7)] == [c.total, *(getattr(c, b) for b in BUCKETS)]
        assert ws[f"G{row}"].value == pytest.approx(float(c.rate / 100))
    total_row = 10 + len(areas)
    assert ws[f"A{total_row}"].value == "Tổng cộng"
    # Totals are SUM formulas over the area rows; what they add up to is the selector's figure.
    formulas = [ws.cell(total_row, col).value for col in range(2, 7)]
    assert formulas == [f"=SUM({col}10:{col}{total_row - 1})" for col in "BCDEF"]
    assert [summed(ws, f) for f in formulas] == [total.total, *(getattr(total, b) for b in BUCKETS)]
    assert ws[f"G{total_row}"].value == pytest.approx(0.5325)
    assert ws[f"G{total_row}"].number_format == "0.00%"


def test_custom_range_to_30_june_gives_41_of_77(demo_plan):
    wb, counts, _ = export(demo_plan, custom_to_30_june(2026))
    ws = wb["Tổng hợp"]
    assert ws["A7"].value == "Hoàn thành 41/77 nhiệm vụ, đạt 53,25%"
    assert ws["B4"].value == "từ 01/01/2026 đến 30/06/2026"
    total_row = 17
    assert summed(ws, ws[f"B{total_row}"].value) == 77
    assert summed(ws, ws[f"C{total_row}"].value) + summed(ws, ws[f"D{total_row}"].value) == 41
    rate = ws[f"G{total_row}"]
    assert rate.data_type == "n" and rate.value == pytest.approx(0.5325) and rate.number_format == "0.00%"
    assert counts == {
        "tasks": 77,
        "overdue": completion_of(Task.objects.filter(plan=demo_plan), as_of=MID_YEAR).overdue,
        # The demo plan's adjustments all take effect after 30/06 (demo/plan_life.py).
        "changes": 0,
    }


def test_units_sheet_is_the_dashboard_ranking(demo_plan):
    wb, _, _ = export(demo_plan, custom_to_30_june(2026))
    ws = wb["Theo đơn vị"]
    ranking = unit_ranking(Task.objects.filter(plan=demo_plan), as_of=MID_YEAR)
    assert len(ranking) > 5
    for index, line in enumerate(ranking):
        row = 6 + index
        c = line.completion
        values = [ws.cell(row, col).value for col in range(1, 9)]
        assert values[:7] == [line.rank, line.unit.name, c.total, *(getattr(c, b) for b in BUCKETS)]
        assert values[7] == pytest.approx(float(c.rate / 100))
        assert ws.cell(row, 8).number_format == "0.00%"
        last = ws.cell(row, 9).value
        assert (last.date() if last else None) == line.last_update
    total_row = 6 + len(ranking)
    assert ws.cell(total_row, 2).value == "Tổng cộng"
    c = completion_of(Task.objects.filter(plan=demo_plan), as_of=MID_YEAR)
    assert [summed(ws, ws.cell(total_row, col).value) for col in range(3, 8)] == [
        c.total,
        *(getattr(c, b) for b in BUCKETS),
    ]


def test_detail_rows_are_typed_and_match_the_state_at_the_cutoff(demo_plan):
    wb, _, _ = export(demo_plan, custom_to_30_june(2026))
    ws = wb["Chi tiết nhiệm vụ"]
    detail = rows(ws, 5)
    assert len(detail) == 77
    expected = list(
        tasks_with_state(Task.objects.filter(plan=demo_plan), as_of=MID_YEAR)
        .filter(asof_bucket__isnull=False)  # not the task added in October (demo/plan_life.py)
        .order_by("area__order", "position", "id")
    )
    labels = {
        "on_time": "Hoàn thành đúng hạn",
        "late": "Hoàn thành quá hạn",
        "within": "Chưa hoàn thành, trong hạn",
        "overdue": "Quá hạn chưa hoàn thành",
    }
    for row, task in zip(detail, expected, strict=True):
        assert row[0] == task.number and row[1] == task.area.code and row[2] == task.content
        assert row[10] == labels[task.asof_bucket]
        assert (row[6].date() if row[6] else None) == task.asof_deadline
        assert (row[7] or "") == task.deadline_text
    timeliness = [row[10] for row in detail]
    assert timeliness.count("Hoàn thành đúng hạn") + timeliness.count("Hoàn thành quá hạn") == 41
    # Completed rows carry their completion date as a date cell.
    done = next(r for r in ws.iter_rows(min_row=5) if r[10].value == "Hoàn thành đúng hạn")
    assert done[9].data_type == "d" and done[9].number_format == "DD/MM/YYYY"
    assert done[8].value == "Hoàn thành"
    assert ws.freeze_panes == "A5"
    assert ws.auto_filter.ref == "A4:N81"


def test_detail_carries_latest_note_and_evidence_known_at_the_cutoff(demo_plan, cast):
    task = Task.objects.filter(plan=demo_plan, status=TaskStatus.NOT_STARTED).order_by("id").first()
    before = snapshot(task)
    task.status, task.progress = TaskStatus.IN_PROGRESS, 40
    task.save()
    event = record_event(
        task=task,
        kind=TaskEventKind.PROGRESS,
        before=before,
        effective_on=datetime.date(2026, 6, 20),
        note="Đã trình dự thảo lần 2",
    )
    Evidence.objects.create(
        task=task,
        event=event,
        document_number="12/QĐ-STP",
        document_date=datetime.date(2026, 6, 19),
        document_title="Về việc ban hành kế hoạch",
    )
    wb, _, _ = export(demo_plan, custom_to_30_june(2026))
    row = next(r for r in rows(wb["Chi tiết nhiệm vụ"], 5) if r[2] == task.content and r[1] == task.area.code)
    assert row[11] == "Đã trình dự thảo lần 2"
    assert row[12].date() == datetime.date(2026, 6, 20)
    assert row[13] == "12/QĐ-STP (19/06/2026): Về việc ban hành kế hoạch"
    assert row[8] == "Đang triển khai"
    # At the official cut-off (14/06) the entry of 20/06 did not exist yet.
    wb, _, _ = export(demo_plan, review_period(year=2026, kind=PeriodKind.H1))
    row = next(r for r in rows(wb["Chi tiết nhiệm vụ"], 5) if r[2] == task.content and r[1] == task.area.code)
    assert row[11] != "Đã trình dự thảo lần 2" and row[13] in (None, "")


def test_overdue_sheet_lists_the_overdue_bucket_with_days(demo_plan):
    wb, counts, _ = export(demo_plan, custom_to_30_june(2026))
    ws = wb["Quá hạn"]
    listed = rows(ws, 5)
    c = completion_of(Task.objects.filter(plan=demo_plan), as_of=MID_YEAR)
    assert len(listed) == c.overdue == counts["overdue"]
    for row in listed:
        assert row[5] == (MID_YEAR - row[4].date()).days > 0
    assert [r[5] for r in listed] == sorted((r[5] for r in listed), reverse=True)


def test_inspections_sheet_lists_the_period_inspections(demo_plan):
    period = custom_to_30_june(2026)
    wb, _, _ = export(demo_plan, period)
    expected = list(inspections_in_period(start=period.start, end=period.cutoff, as_of=period.cutoff))
    assert expected, "the demo carries inspections in the first half-year"
    listed = rows(wb["Kiểm tra"], 5)
    assert [(r[1], r[7], r[8], r[9], r[10], r[11]) for r in listed] == [
        (i.unit.name, i.rec_total, i.rec_open, i.rec_answered, i.rec_closed, i.rec_overdue) for i in expected
    ]
    assert listed[0][4].date() == expected[0].actual_start


def test_inspections_sheet_is_an_empty_table_when_there_are_none(cast):
    plan = make_plan(number="7/KH-UBND", year=2023, issuing_unit=make_unit(code="UBND-X"))
    make_task(plan=plan, lead_unit=cast.unit_a)
    period = review_period(year=2023, kind=PeriodKind.H1)
    wb, _, _ = export(plan, period)
    ws = wb["Kiểm tra"]
    assert ws["A4"].value == "STT" and ws["L4"].value == "Quá hạn khắc phục"
    assert ws["A5"].value == "Không có cuộc kiểm tra nào được thực hiện trong kỳ."


def test_figures_sheet_shows_the_period_totals(demo_plan, cast):
    period = review_period(year=2026, kind=PeriodKind.H1)
    count = Indicator.objects.get(code="tthc-cong-bo")
    share = Indicator.objects.get(code="ty-le-ho-so-truc-tuyen")
    now = timezone.now()
    for unit, published, online in ((cast.unit_a, 12, "80.50"), (cast.unit_b, 30, "61.00")):
        IndicatorValue.objects.create(
            indicator=count, unit=unit, period=period.reporting_period, value=published, entered_at=now
        )
        IndicatorValue.objects.create(
            indicator=share, unit=unit, period=period.reporting_period, value=Decimal(online), entered_at=now
        )
    wb, _, _ = export(demo_plan, period)
    ws = wb["Số liệu"]
    listed = rows(ws, 5)
    totals = figures_totals(period.reporting_period)
    assert len(listed) == len(totals) > 0
    for index, (row, total) in enumerate(zip(listed, totals, strict=True), start=1):
        assert row[0] == index and row[2] == total.indicator.name and row[3] == total.indicator.unit_of_measure
        assert row[5] == total.units_reported
        assert row[6] == (None if total.total is None else pytest.approx(float(total.total)))
    by_name = {r[2].value: r for r in ws.iter_rows(min_row=5)}
    assert by_name[count.name][5].value >= 2 and by_name[count.name][6].number_format == "#,##0"
    share_cell = by_name[share.name][6]
    assert share_cell.data_type == "n"
    assert share_cell.number_format == ("#,##0" if share_cell.value == int(share_cell.value) else "#,##0.00")


def test_figures_sheet_says_so_when_a_custom_range_has_no_period(demo_plan):
    wb, _, _ = export(demo_plan, custom_to_30_june(2026))
    assert "Chưa có kỳ báo cáo số liệu" in wb["Số liệu"]["A5"].value
    assert not ReportingPeriod.objects.filter(kind=PeriodKind.CUSTOM).exists()


def test_print_setup_and_frozen_headers(demo_plan):
    wb, _, _ = export(demo_plan, review_period(year=2026, kind=PeriodKind.H1))
    title = "Báo cáo sơ kết 6 tháng công tác cải cách hành chính năm 2026"
    header_rows = {"Tổng hợp": 9, "Theo đơn vị": 5}
    for ws in wb.worksheets:
        row = header_rows.get(ws.title, 4)
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) == 9
        assert ws.print_title_rows == f"${row}:${row}"
        assert ws.oddHeader.center.text == title
        assert ws.freeze_panes.endswith(str(row + 1))
        assert ws.auto_filter.ref.startswith(f"A{row}:")
        assert ws.column_dimensions["A"].width > 0
        header = ws.cell(row, 1)
        assert header.font.b and header.alignment.wrap_text
    assert wb["Chi tiết nhiệm vụ"]["C5"].alignment.wrap_text


def test_text_that_looks_like_a_formula_stays_text(cast):
    plan = make_plan(number="8/KH-UBND", year=2023, issuing_unit=make_unit(code="UBND-Y"))
    injected = '=HYPERLINK("http://x")'
    make_task(plan=plan, lead_unit=cast.unit_a, content=injected, expected_output="+1+1", deadline_text="@SUM(A1)")
    make_task(plan=plan, lead_unit=cast.unit_a, content="-2+3", number="2")
    wb, _, raw = export(plan, review_period(year=2023, kind=PeriodKind.H1))
    ws = wb["Chi tiết nhiệm vụ"]
    cells = {c.value: c for row in ws.iter_rows(min_row=5) for c in row if isinstance(c.value, str)}
    for text in (injected, "+1+1", "@SUM(A1)", "-2+3"):
        cell = cells[text]
        assert cell.data_type == "s" and cell.quotePrefix, text
    assert not cells["Sở Tư pháp thử"].quotePrefix
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        xml = archive.read("xl/worksheets/sheet3.xml").decode()
    # Written as a string (inline), never as a formula element.
    assert "<f>" not in xml
    assert '<is><t>=HYPERLINK("http://x")</t></is>' in xml


def test_csv_has_a_bom_and_one_row_per_task(demo_plan):
    data = collect_review(
        tasks=Task.objects.filter(plan=demo_plan),
        plans=[demo_plan],
        year=2026,
        period=custom_to_30_june(2026),
        today=TODAY,
    )
    out = io.StringIO()
    assert write_tasks_csv(data, out) == 77
    text = out.getvalue()
    assert text.startswith("\ufeffSTT,Lĩnh vực,Nội dung nhiệm vụ")
    lines = list(csv.reader(io.StringIO(text[1:])))
    # Every task of the plan on 30/06: the one added in October is not in the detail.
    assert len(lines) == 1 + Task.objects.filter(plan=demo_plan).count() - 1
    assert re.fullmatch(r"\d\d/\d\d/2026", lines[1][6])


def test_csv_neutralises_formulas_with_an_apostrophe():
    assert csv_text('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert csv_text("Bình thường") == "Bình thường"
    assert csv_text(datetime.date(2026, 6, 30)) == "30/06/2026"


def test_file_names():
    assert ascii_slug("125/KH-UBND") == "125-KH-UBND"
    assert ascii_slug("Sơ kết đợt 1") == "So-ket-dot-1"
    header = content_disposition("so-ket-6-thang-2026-125-KH-UBND.xlsx", "Sơ kết 6 tháng.xlsx")
    assert header == (
        'attachment; filename="so-ket-6-thang-2026-125-KH-UBND.xlsx"; '
        "filename*=UTF-8''S%C6%A1%20k%E1%BA%BFt%206%20th%C3%A1ng.xlsx"
    )


def test_text_excel_could_not_hold_is_cleaned():
    assert clean_text("Báo cáo\x0b số 1\x00") == "Báo cáo số 1"
    long = "á" * 40000
    cleaned = clean_text(long)
    assert len(cleaned) == MAX_CELL_TEXT == 32767 and cleaned.endswith("…")


def test_tasks_with_state_names_each_task_bucket_at_the_date(board):
    """The hand-made plan of tests/reports/conftest.py at 30/06/2023: the same buckets as the counts."""
    state = {
        t.number: t.asof_bucket
        for t in tasks_with_state(Task.objects.filter(plan=board.plan), as_of=datetime.date(2023, 6, 30))
    }
    assert state == {
        "on_time": "on_time",
        "late": "late",
        "late_extended": "late",
        "within": "within",
        "extended": "within",
        "due_soon": "within",
        "no_deadline": "within",
        "overdue": "overdue",
        "overdue_idle": "overdue",
        "pending": "overdue",
        "removed": "removed",
        "july": "within",
        "added_later": None,
    }
