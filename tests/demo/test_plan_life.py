"""The demo plan through the year (demo/plan_life.py): four adjustments by decision after the
six-month report, and the units' own plans derived from it."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from demo.services import demo_load
from figures.models import PeriodKind
from planning.unit_plans import unit_plans_overview
from plans.models import Plan, PlanStatus
from reports.completion import completion_of
from reports.review_data import collect_review
from reports.review_period import review_period
from reports.xlsx_writer import write_review_xlsx
from tasks.models import Task, TaskEventKind
from tasks.plan_changes import plan_changes

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)
DOCUMENT = "{number} ngày {day}: Về việc điều chỉnh, bổ sung Kế hoạch cải cách hành chính năm 2026"


@pytest.fixture
def plan():
    return demo_load(today=TODAY).plan


def test_four_decisions_after_30_june_each_with_its_document(plan):
    changes = plan_changes(plan)
    assert (changes.added, changes.adjusted, changes.removed) == (1, 2, 1)
    rows = [
        (c.kind, c.event.effective_on, f"{c.task.area.code}.{c.task.number}", c.event.document, c.event.field_changes)
        for c in changes.changes
    ]
    assert rows == [
        (
            "adjusted",
            datetime.date(2026, 7, 29),
            "I.5",
            DOCUMENT.format(number="1200/QĐ-UBND", day="27/07/2026"),
            [
                {"field": "deadline", "before": "30/09/2026", "after": "31/12/2026"},
                {"field": "deadline_text", "before": "Quý III", "after": "Tháng 12"},
            ],
        ),
        (
            "adjusted",
            datetime.date(2026, 8, 27),
            "II.6",
            DOCUMENT.format(number="1285/QĐ-UBND", day="25/08/2026"),
            [{"field": "lead_unit", "before": "Sở Tư pháp", "after": "Văn phòng UBND tỉnh"}],
        ),
        ("added", datetime.date(2026, 9, 25), "VII.16", DOCUMENT.format(number="1370/QĐ-UBND", day="23/09/2026"), []),
        ("removed", datetime.date(2026, 10, 24), "VII.2", DOCUMENT.format(number="1455/QĐ-UBND", day="22/10/2026"), []),
    ]
    assert all(c.event.actor.username == "thuongtruc" for c in changes.changes)


def test_the_six_month_figures_are_those_of_the_plan_as_issued(plan):
    tasks = Task.objects.filter(plan=plan)
    # The adjustments take effect after 30/06: the six-month figures are those of the 77 tasks as
    # issued (41 now, with the completion confirmed after the closing: demo/closing.py); today the
    # added task counts and the removed one does not, 77 tasks still.
    for as_of, done, rate in (
        (datetime.date(2026, 6, 14), 41, "53.25"),
        (datetime.date(2026, 6, 30), 41, "53.25"),
        (TODAY, 50, "64.94"),
    ):
        c = completion_of(tasks, as_of=as_of)
        assert (c.completed, c.total, c.rate) == (done, 77, Decimal(rate)), as_of
    assert completion_of(tasks, as_of=TODAY).removed == 1


def test_the_year_report_lists_the_four_changes_and_the_six_month_report_none(plan):
    tasks = Task.objects.filter(plan=plan)
    counts = {}
    for kind in (PeriodKind.H1, PeriodKind.YEAR):
        data = collect_review(
            tasks=tasks, plans=[plan], year=2026, period=review_period(year=2026, kind=kind), today=TODAY
        )
        out = io.BytesIO()
        counts[kind] = write_review_xlsx(data, out)["changes"]
        if kind == PeriodKind.YEAR:
            ws = load_workbook(io.BytesIO(out.getvalue()))["Thay đổi kế hoạch"]
            second = [c.value for c in ws[6]]
    assert counts == {PeriodKind.H1: 0, PeriodKind.YEAR: 4}
    assert second[:4] == [
        2,
        "6. " + Task.objects.get(plan=plan, area__code="II", number="6").content,
        "II",
        "Điều chỉnh: Đơn vị chủ trì: Sở Tư pháp → Văn phòng UBND tỉnh",
    ]


def test_units_derive_their_plans_two_late_one_missing_a_led_task(plan):
    overview = unit_plans_overview(plan, today=TODAY)
    assert overview.sentence() == "22/23 đơn vị đã ban hành kế hoạch (95,65%)"
    assert overview.due == datetime.date(2026, 2, 15)
    rows = {row.unit.code: row for row in overview.rows}
    assert sorted(code for code, row in rows.items() if row.late) == ["SCT", "SXD"]
    assert rows["SCT"].plan.status == PlanStatus.DRAFT
    assert rows["SXD"].plan.issued_on == datetime.date(2026, 3, 10)
    assert [(code, [t.number for t in row.missing]) for code, row in rows.items() if row.missing] == [("SYT", ["14"])]
    # STP's plan: drafted by its staff, issued by its head; each derived task linked to its agency task.
    stp = rows["STP"].plan
    assert (stp.number, stp.status, stp.issued_on) == ("21/KH-STP", PlanStatus.ISSUED, datetime.date(2026, 1, 29))
    derived = Task.objects.filter(plan=stp, parent_task__isnull=False)
    assert derived.exists() and all(t.parent_task.plan_id == plan.pk for t in derived)
    assert all(t.deadline <= t.parent_task.deadline for t in derived if t.deadline)
    assert Task.objects.filter(plan=stp, parent_task__isnull=True).count() == 1  # its own task
    first = derived.order_by("position").first()
    assert first.events.get(kind=TaskEventKind.CREATED).actor.username == "canbo"
    assert Plan.objects.filter(parent=plan).count() == 23


def test_reloading_with_reset_starts_the_units_plans_again(plan):
    before = Task.objects.exclude(plan=plan).count()
    demo_load(today=TODAY, reset=True)
    assert Plan.objects.filter(parent=plan).count() == 23
    assert Task.objects.exclude(plan=plan).count() == before
