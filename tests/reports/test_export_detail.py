"""The task detail and overdue rows of the export: read in one pass over the tasks (values, no
model instances, a fixed number of queries per chunk), and the rows written with reused cells."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from figures.models import PeriodKind
from reports import review_tasks
from reports.completion import Bucket, tasks_in_bucket
from reports.csv_writer import write_tasks_csv
from reports.review_columns import TASK_FIELDS, overdue_headers, task_headers
from reports.review_data import collect_review
from reports.review_period import review_period
from reports.review_tasks import OverdueLine, TaskLine, evidence_reference
from reports.xlsx_cells import DATE_FORMAT, LINE_HEIGHT, MAX_ROW_HEIGHT, ListRows, SheetRows, Styles
from reports.xlsx_writer import write_review_xlsx
from tasks.history import record_event, snapshot
from tasks.models import Task, TaskEventKind, TaskStatus
from tasks.workflow_models import Evidence
from tests.factories import make_plan, make_task, make_unit

pytestmark = pytest.mark.django_db

JUNE_30 = datetime.date(2023, 6, 30)


def to_30_june():
    return review_period(year=2023, kind=PeriodKind.CUSTOM, start=datetime.date(2023, 1, 1), end=JUNE_30)


def collect(plan):
    return collect_review(
        tasks=Task.objects.filter(plan=plan), plans=[plan], year=2023, period=to_30_june(), today=JUNE_30
    )


def line_of(data, number):
    return next(line for line in data.tasks if line.number == number)


def note(task, day, text, kind=TaskEventKind.PROGRESS):
    return record_event(task=task, kind=kind, before=snapshot(task), effective_on=day, note=text)


def test_overdue_rows_are_the_overdue_bucket_in_the_sheet_order(board):
    """The overdue rows come from the detail's pass; they are exactly the tasks of the overdue
    cell, longest overdue first, then by lead unit name (31/05: Sở Tài chính before Sở Tư pháp)."""
    expected = [
        OverdueLine(
            t.number,
            t.area.code,
            t.content,
            t.lead_unit.name,
            t.asof_deadline,
            (JUNE_30 - t.asof_deadline).days,
            str(TaskStatus(t.asof_status).label),
            t.plan.number,
        )
        for t in tasks_in_bucket(Task.objects.filter(plan=board.plan), as_of=JUNE_30, bucket=Bucket.OVERDUE)
        .select_related("plan", "area", "lead_unit")
        .order_by("asof_deadline", "lead_unit__name", "area__order", "position", "id")
    ]
    assert [line.number for line in expected] == ["pending", "overdue", "overdue_idle"]
    data = collect(board.plan)
    detail = list(data.tasks)
    assert len(detail) == 12  # "added_later" did not exist on 30/06
    assert list(data.overdue) == expected
    # Read on its own (the detail not iterated): a pass of its own gives the same rows.
    assert list(collect(board.plan).overdue) == expected


def test_the_detail_reads_a_fixed_number_of_queries_per_chunk(board, monkeypatch):
    monkeypatch.setattr(review_tasks, "TASK_CHUNK", 5)
    data = collect(board.plan)
    with CaptureQueriesContext(connection) as queries:
        assert len(list(data.tasks)) == 12
        assert len(list(data.overdue)) == 3
    # The rows; per chunk of 5 (3 chunks) the notes, the evidence and the coordinating units;
    # the lead units' order for the overdue sheet.
    assert len(queries) == 1 + 3 * 3 + 1


def test_coordinating_units_as_the_plan_writes_them_or_by_name(cast):
    plan = make_plan(year=2023)
    b, a, first = make_unit(name="Sở B", order=2), make_unit(name="Sở A", order=2), make_unit(name="Sở Z", order=1)
    make_task(plan=plan, number="units", lead_unit=cast.unit_a, coordinating=[b, a, first])
    make_task(
        plan=plan, number="words", lead_unit=cast.unit_a, coordinating=[b], coordination_text="Các sở, ban, ngành"
    )
    make_task(plan=plan, number="none", lead_unit=cast.unit_a)
    data = collect(plan)
    assert line_of(data, "units").coordinating_units == "Sở Z; Sở A; Sở B"
    assert line_of(data, "words").coordinating_units == "Các sở, ban, ngành"
    assert line_of(data, "none").coordinating_units == ""


def test_evidence_known_at_the_cutoff_one_per_line_in_the_order_reported(cast):
    plan = make_plan(year=2023)
    task = make_task(plan=plan, number="1", lead_unit=cast.unit_a)
    june = note(task, datetime.date(2023, 6, 10), "Đã họp")
    july = note(task, datetime.date(2023, 7, 5), "Sau ngày chốt")
    rows = [
        Evidence(task=task, event=june, file="evidence/a.pdf", original_name="bien-ban.pdf"),
        Evidence(task=task, event=june, document_number="5/QĐ-STP"),
        Evidence(
            task=task,
            event=june,
            document_number="6/QĐ-STP",
            document_date=datetime.date(2023, 6, 9),
            document_title="Về việc kiện toàn",
        ),
        Evidence(task=task, event=july, document_number="7/QĐ-STP"),
    ]
    for row in rows:
        row.save()
    assert line_of(collect(plan), "1").evidence == "bien-ban.pdf\n5/QĐ-STP\n6/QĐ-STP (09/06/2023): Về việc kiện toàn"
    for row in rows:  # the same text as the model's own reference
        assert evidence_reference(row.document_number, row.document_date, row.document_title) == row.reference


def test_latest_note_is_the_latest_dated_then_the_latest_recorded(cast):
    plan = make_plan(year=2023)
    task = make_task(plan=plan, number="1", lead_unit=cast.unit_a)
    make_task(plan=plan, number="2", lead_unit=cast.unit_a)  # no note at all
    note(task, datetime.date(2023, 6, 10), "Ngày 10, ghi trước")
    note(task, datetime.date(2023, 6, 5), "Ngày 5, ghi sau")  # recorded later, dated earlier
    note(task, datetime.date(2023, 6, 10), "Ngày 10, ghi sau", kind=TaskEventKind.SUBMITTED)
    note(task, datetime.date(2023, 6, 20), "")  # no text
    note(task, datetime.date(2023, 6, 25), "Góp ý", kind=TaskEventKind.CONTRIBUTION)  # not a progress report
    note(task, datetime.date(2023, 7, 5), "Sau ngày chốt")
    data = collect(plan)
    line = line_of(data, "1")
    assert (line.note, line.progress_on) == ("Ngày 10, ghi sau", datetime.date(2023, 6, 10))
    line = line_of(data, "2")
    assert (line.note, line.progress_on) == ("", None)


def test_text_is_always_a_string_cell(cast):
    """Text a spreadsheet could read as an error value stays text, like any other."""
    plan = make_plan(year=2023)
    make_task(plan=plan, number="1", lead_unit=cast.unit_a, content="#N/A", expected_output="#REF!")
    out = io.BytesIO()
    write_review_xlsx(collect(plan), out)
    ws = load_workbook(io.BytesIO(out.getvalue()))["Chi tiết nhiệm vụ"]
    assert (ws["C5"].value, ws["C5"].data_type, ws["D5"].value, ws["D5"].data_type) == ("#N/A", "s", "#REF!", "s")


def write_list(rows: list[list], styles: list[str]):
    """Rows written the way the task lists are, read back."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("x")
    style_book = Styles(ws)
    sheet_rows = SheetRows(ws, [10] * len(styles))
    writer = ListRows(sheet_rows, style_book, styles)
    for row in rows:
        writer.append(row)
    # The heights went out with their rows: nothing kept per row until the file is saved.
    assert len(ws.row_dimensions) == 0
    out = io.BytesIO()
    wb.save(out)
    return load_workbook(io.BytesIO(out.getvalue()))["x"]


def test_reused_cells_carry_each_row_own_value_type_and_flag():
    day = datetime.date(2023, 6, 30)
    ws = write_list(
        [
            ["=1+1", day, 3],
            ["bình thường", None, None],
            ["", day, 0],
            ["-2", None, 5],
        ],
        ["text", "date", "count"],
    )
    cells = [[(c.value, c.data_type, bool(c.quotePrefix)) for c in row] for row in ws.iter_rows(max_col=3)]
    assert cells[0] == [("=1+1", "s", True), (datetime.datetime(2023, 6, 30), "d", False), (3, "n", False)]
    assert cells[1] == [("bình thường", "s", False), (None, "n", False), (None, "n", False)]
    assert cells[2][1:] == [(datetime.datetime(2023, 6, 30), "d", False), (0, "n", False)]
    assert cells[3] == [("-2", "s", True), (None, "n", False), (5, "n", False)]
    # Every cell keeps its column's style, value or not: borders, date format.
    assert ws["B2"].border.left.style == "thin" and ws["B1"].number_format == DATE_FORMAT
    assert ws["A1"].alignment.wrap_text and not ws["C1"].alignment.wrap_text


def test_rows_are_as_tall_as_their_wrapped_text():
    """Ten characters per line at width 10: a 25-character text takes 3 lines, a text of two
    short lines 2; a long number or date column does not wrap."""
    ws = write_list(
        [["x" * 25, "ngắn"], ["a\nb", "c"], ["ngắn", "ngắn"], ["y" * 10_000, ""]],
        ["text", "text"],
    )
    heights = [ws.row_dimensions[row].height for row in range(1, 5)]
    assert heights == [3 * LINE_HEIGHT, 2 * LINE_HEIGHT, None, MAX_ROW_HEIGHT]


def test_a_task_line_is_the_detail_row_in_column_order():
    assert TaskLine._fields == (*TASK_FIELDS, "plan")
    assert len(task_headers(multi_plan=True)) == len(TaskLine._fields)
    assert len(overdue_headers(multi_plan=True)) == len(OverdueLine._fields)


def test_the_csv_does_not_keep_the_overdue_rows(board):
    data = collect(board.plan)
    assert write_tasks_csv(data, io.StringIO()) == 12
    assert data.tasks._overdue is None
    assert [line.number for line in data.overdue] == ["pending", "overdue", "overdue_idle"]  # read when asked
