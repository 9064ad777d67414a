"""A hand-made plan in which every dashboard bucket is represented, with and without history."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from tasks.history import PastEntry
from tasks.models import TaskEventKind, TaskSource, TaskStatus
from tasks.services import task_history_import
from tests.factories import make_plan, make_task, make_unit

D = datetime.date(2023, 6, 30)
ISSUED = datetime.date(2023, 1, 10)


def event(task, on, status, *, kind=TaskEventKind.PROGRESS, completed_on=None, deadline="unchanged", progress=None):
    """One history entry through the services; `deadline` defaults to the task's current deadline."""
    task.refresh_from_db()
    (entry,) = task_history_import(
        entries=[
            PastEntry(
                task_id=task.pk,
                kind=kind,
                effective_on=on,
                status=status,
                progress=progress if progress is not None else (100 if status == TaskStatus.COMPLETED else 30),
                deadline=task.deadline if deadline == "unchanged" else deadline,
                completed_on=completed_on,
            )
        ]
    )
    task.refresh_from_db()
    return entry


def date(day, month, year=2023):
    return datetime.date(year, month, day)


@pytest.fixture
def board(cast):
    """As of 30/06/2023: total 11 = on time 1 + late 2 + within 5 + overdue 3; removed 1;
    due soon 1, no deadline 1, not started 2; one task created after the date."""
    unit_c = make_unit(code="SC", name="Sở Xây dựng thử")
    plan = make_plan(number="99/KH-UBND", year=2023, issuing_unit=make_unit(code="UBND-T"), issued_on=ISSUED)
    a, b = cast.unit_a, cast.unit_b
    t = SimpleNamespace(plan=plan, unit_c=unit_c)

    def task(name, area, lead, deadline, **fields):
        setattr(t, name, make_task(plan=plan, area_code=area, lead_unit=lead, deadline=deadline, number=name, **fields))
        return getattr(t, name)

    # Tasks "with history" are created on the plan's issue date and reach their state through
    # entries dated as below; the others are in their state from the factory's epoch on.
    # Completed on time (history), Government-assigned.
    task("on_time", "I", a, date(30, 6), source=TaskSource.GOVERNMENT, created_on=ISSUED)
    event(t.on_time, date(10, 6), TaskStatus.COMPLETED, kind=TaskEventKind.CONFIRMED, completed_on=date(10, 6))
    # Completed after its deadline (history).
    task("late", "I", a, date(31, 5), created_on=ISSUED)
    event(t.late, date(20, 6), TaskStatus.COMPLETED, kind=TaskEventKind.CONFIRMED, completed_on=date(20, 6))
    # Completed within an extended deadline but after the original one: late (state from the epoch).
    task(
        "late_extended",
        "II",
        b,
        date(30, 6),
        original_deadline=date(31, 3),
        extension_count=1,
        status=TaskStatus.COMPLETED,
        completed_on=date(15, 6),
    )
    # Open, deadline at year end (history), Government-assigned.
    task("within", "II", a, date(31, 12), source=TaskSource.GOVERNMENT, created_on=ISSUED)
    event(t.within, date(1, 3), TaskStatus.IN_PROGRESS)
    # Open past its original deadline, extended on 20/06 to 31/07 (history): overdue on 10/06, within on 30/06.
    task("extended", "II", b, date(31, 5), created_on=ISSUED)
    event(t.extended, date(20, 6), TaskStatus.IN_PROGRESS, kind=TaskEventKind.EXTENSION_APPROVED, deadline=date(31, 7))
    # Not started, due on 03/07: within, due soon, not started.
    task("due_soon", "III", b, date(3, 7))
    # In progress without a deadline.
    task("no_deadline", "III", b, None, status=TaskStatus.IN_PROGRESS)
    # In progress after its deadline (history), Government-assigned.
    task("overdue", "III", a, date(31, 5), source=TaskSource.GOVERNMENT, created_on=ISSUED)
    event(t.overdue, date(15, 4), TaskStatus.IN_PROGRESS)
    # Never started, past its deadline.
    task("overdue_idle", "VII", b, date(15, 6))
    # Reported done, waiting for confirmation: not completed, overdue.
    task("pending", "VII", b, date(31, 5), status=TaskStatus.PENDING, progress=100, completed_on=date(25, 6))
    # Taken out of the plan.
    task("removed", "VII", unit_c, date(30, 9), status=TaskStatus.REMOVED)
    # Completed on 10/07 (history): open on 30/06, completed on 31/07.
    task("july", "I", b, date(31, 7), created_on=ISSUED)
    event(t.july, date(1, 3), TaskStatus.IN_PROGRESS)
    event(t.july, date(10, 7), TaskStatus.COMPLETED, kind=TaskEventKind.CONFIRMED, completed_on=date(10, 7))
    # Added to the plan on 15/07: does not exist on 30/06.
    task("added_later", "VII", unit_c, date(30, 9), created_on=date(15, 7))
    return t


@pytest.fixture
def year_plan(cast):
    """This year's plan, for the leaders' panel (reports:index): one task overdue (unit A, area
    I: `late`), one reported done and waiting for the secretariat (unit B: `waiting`), one within
    its time (unit B)."""
    from django.utils import timezone

    from tests.tasks.test_confirmation import report_done

    today = timezone.localdate()
    days = datetime.timedelta
    plan = make_plan(number="125/KH-UBND", year=today.year, issued_on=datetime.date(today.year, 1, 2))
    late = make_task(plan=plan, lead_unit=cast.unit_a, area_code="I", content="Quá hạn của A", deadline=today - days(3))
    waiting = make_task(
        plan=plan, lead_unit=cast.unit_b, area_code="VII", content="Chờ xác nhận của B", deadline=today + days(20)
    )
    make_task(plan=plan, lead_unit=cast.unit_b, area_code="VII", content="Trong hạn của B", deadline=today + days(40))
    report_done(waiting, cast.staff_b, on=today)
    plan.late, plan.waiting = late, waiting
    return plan
