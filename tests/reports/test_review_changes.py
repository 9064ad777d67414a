"""The period report lists the plan's changes in the period (bổ sung, điều chỉnh, đưa ra khỏi
kế hoạch), each with its deciding document and reason: the "Thay đổi kế hoạch" sheet."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from figures.models import PeriodKind
from reports.review_changes import change_lines
from reports.review_data import collect_review
from reports.review_period import review_period
from reports.xlsx_writer import write_review_xlsx
from tasks.models import Task, TaskEvent, TaskStatus
from tasks.services import task_create, task_edit
from tests.factories import area, make_plan, make_task

pytestmark = pytest.mark.django_db

DECISION_MARCH = "15/QĐ-UBND ngày 08/03/2026: Điều chỉnh Kế hoạch CCHC năm 2026"
DECISION_APRIL = "42/QĐ-UBND ngày 18/04/2026: Gia hạn nhiệm vụ"
DECISION_MAY = "57/QĐ-UBND ngày 04/05/2026"
DECISION_JULY = "80/QĐ-UBND ngày 09/07/2026"
FIRST_HALF = dict(kind=PeriodKind.CUSTOM, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 30))


def d(day, month):
    return datetime.date(2026, month, day)


def edit(task, *, on, document, reason, coordinating_units=None, **changes):
    task.refresh_from_db()
    return task_edit(
        task=task,
        by=None,
        loaded_version=task.version,
        changes=changes,
        reason=reason,
        document=document,
        coordinating_units=coordinating_units,
        effective_on=on,
    )


@pytest.fixture
def changed_plan(cast):
    """Issued 02/01/2026; in the first half: one task added (10/03), one adjusted (deadline and
    lead unit, 20/04), one removed (05/05); in July one more adjustment, outside the half."""
    plan = make_plan(number="125/KH-UBND", year=2026, issued_on=d(2, 1), issuing_unit=cast.unit_b)
    first = make_task(
        plan=plan,
        area_code="I",
        number="1",
        lead_unit=cast.unit_a,
        deadline=d(30, 6),
        content="Ban hành kế hoạch kiểm tra CCHC",
        created_on=d(2, 1),
    )
    second = make_task(
        plan=plan,
        area_code="I",
        number="2",
        lead_unit=cast.unit_a,
        deadline=d(30, 9),
        content="Tuyên truyền CCHC",
        created_on=d(2, 1),
    )
    dropped = make_task(
        plan=plan,
        area_code="II",
        number="1",
        lead_unit=cast.unit_b,
        deadline=d(31, 10),
        content="Rà soát văn bản QPPL",
        created_on=d(2, 1),
    )
    task_create(
        plan=plan,
        area=area("III"),
        number="5",
        content="Số hóa hồ sơ thủ tục hành chính",
        lead_unit=cast.unit_a,
        by=None,
        deadline=d(30, 11),
        note="Bổ sung theo chỉ đạo của Chủ tịch UBND tỉnh",
        document=DECISION_MARCH,
        effective_on=d(10, 3),
    )
    edit(
        first,
        on=d(20, 4),
        document=DECISION_APRIL,
        reason="Chờ hướng dẫn của Bộ Nội vụ",
        deadline=d(30, 9),
        lead_unit=cast.unit_b,
    )
    edit(
        dropped, on=d(5, 5), document=DECISION_MAY, reason="Đã thực hiện trong kế hoạch khác", status=TaskStatus.REMOVED
    )
    edit(second, on=d(10, 7), document=DECISION_JULY, reason="Đổi sản phẩm", expected_output="Phóng sự")
    return plan


def test_an_adjustment_records_each_changed_field_before_and_after(cast, changed_plan):
    event = TaskEvent.objects.get(task__plan=changed_plan, document=DECISION_APRIL)
    assert event.field_changes == [
        {"field": "lead_unit", "before": "Sở Tư pháp thử", "after": "Sở Tài chính thử"},
        {"field": "deadline", "before": "30/06/2026", "after": "30/09/2026"},
    ]


def test_first_half_lists_the_changes_effective_in_it_with_their_documents(changed_plan):
    period = review_period(year=2026, **FIRST_HALF)
    lines = change_lines(Task.objects.filter(plan=changed_plan), period)
    assert [line[:-1] for line in lines] == [
        (
            1,
            "5. Số hóa hồ sơ thủ tục hành chính",
            "III",
            "Bổ sung",
            d(10, 3),
            DECISION_MARCH,
            "Bổ sung theo chỉ đạo của Chủ tịch UBND tỉnh",
        ),
        (
            2,
            "1. Ban hành kế hoạch kiểm tra CCHC",
            "I",
            "Điều chỉnh: Đơn vị chủ trì: Sở Tư pháp thử → Sở Tài chính thử; Thời hạn: 30/06/2026 → 30/09/2026",
            d(20, 4),
            DECISION_APRIL,
            "Chờ hướng dẫn của Bộ Nội vụ",
        ),
        (
            3,
            "1. Rà soát văn bản QPPL",
            "II",
            "Đưa ra khỏi kế hoạch",
            d(5, 5),
            DECISION_MAY,
            "Đã thực hiện trong kế hoạch khác",
        ),
    ]


def test_the_workbook_has_the_changes_sheet_and_a_later_period_its_own_changes(changed_plan):
    tasks = Task.objects.filter(plan=changed_plan)
    period = review_period(year=2026, **FIRST_HALF)
    out = io.BytesIO()
    counts = write_review_xlsx(collect_review(tasks=tasks, plans=[changed_plan], year=2026, period=period), out)
    ws = load_workbook(io.BytesIO(out.getvalue()))["Thay đổi kế hoạch"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert counts["changes"] == 3
    assert rows[3] == [
        "STT",
        "Nhiệm vụ",
        "Lĩnh vực",
        "Thay đổi",
        "Ngày có hiệu lực",
        "Văn bản quyết định (số, ngày, trích yếu)",
        "Lý do",
    ]
    assert rows[5][:3] == [2, "1. Ban hành kế hoạch kiểm tra CCHC", "I"]
    assert rows[5][4] == datetime.datetime(2026, 4, 20)
    assert rows[5][5] == DECISION_APRIL
    assert ws["E6"].number_format == "DD/MM/YYYY"
    assert len(rows) == 7

    third_quarter = review_period(year=2026, kind=PeriodKind.CUSTOM, start=d(1, 7), end=d(30, 9))
    (line,) = change_lines(tasks, third_quarter)
    assert line.change == "Điều chỉnh: Sản phẩm: – → Phóng sự"
    assert line.document == DECISION_JULY


def test_a_period_without_changes_says_so(changed_plan):
    tasks = Task.objects.filter(plan=changed_plan)
    period = review_period(year=2026, kind=PeriodKind.CUSTOM, start=d(1, 10), end=d(31, 10))
    out = io.BytesIO()
    counts = write_review_xlsx(collect_review(tasks=tasks, plans=[changed_plan], year=2026, period=period), out)
    ws = load_workbook(io.BytesIO(out.getvalue()))["Thay đổi kế hoạch"]
    assert counts["changes"] == 0
    assert ws.cell(row=5, column=1).value == "Kế hoạch không có thay đổi nào trong kỳ."
