"""The figures as of a date, computed from the task history (reports/completion.py)."""

import datetime
from decimal import Decimal

import pytest

from reports.completion import (
    EXTRA_BUCKETS,
    OFFICIAL_BUCKETS,
    Bucket,
    Completion,
    completion_at_dates,
    completion_by_area,
    completion_by_source,
    completion_by_unit,
    completion_of,
    completion_trend,
    month_ends,
    tasks_in_bucket,
    unit_ranking,
)
from tasks.models import Task, TaskSource
from tests.factories import make_plan, make_task

from .conftest import D, date

pytestmark = pytest.mark.django_db


def figures(c: Completion) -> dict:
    return {b: c.count(b) for b in (Bucket.TOTAL, *OFFICIAL_BUCKETS, *EXTRA_BUCKETS, Bucket.REMOVED)}


def test_every_bucket_at_the_half_year(board):
    c = completion_of(Task.objects.filter(plan=board.plan), as_of=D)
    assert figures(c) == {
        "total": 11,
        "on_time": 1,
        "late": 2,
        "within": 5,
        "overdue": 3,
        "due_soon": 1,
        "no_deadline": 1,
        "not_started": 2,
        "removed": 1,
    }
    assert c.on_time + c.late + c.within + c.overdue == c.total
    assert (c.completed, c.rate) == (3, Decimal("27.27"))
    assert (c.due, c.rate_due) == (6, Decimal("50.00"))


def test_the_four_official_buckets_sum_to_the_total_at_every_date(board):
    tasks = Task.objects.filter(plan=board.plan)
    for day in [date(1, 1), date(10, 6), D, date(31, 7), date(31, 12)]:
        c = completion_of(tasks, as_of=day)
        assert sum(c.count(b) for b in OFFICIAL_BUCKETS) == c.total, day


def test_figures_of_a_past_date_come_from_history(board):
    tasks = Task.objects.filter(plan=board.plan)
    early_june = completion_of(tasks, as_of=date(10, 6))
    # On 10/06 only the first task was confirmed; the extended task was still past its original
    # deadline, and the task completed late on 20/06 was overdue.
    assert (early_june.completed, early_june.total) == (1, 11)
    assert set(tasks_in_bucket(tasks, as_of=date(10, 6), bucket=Bucket.OVERDUE).values_list("number", flat=True)) == {
        "extended",
        "late",
        "overdue",
        "pending",
    }
    end_july = completion_of(tasks, as_of=date(31, 7))
    # The July completion counts from 10/07, and the task added on 15/07 now exists.
    assert (end_july.completed, end_july.total, end_july.rate) == (4, 12, Decimal("33.33"))
    assert end_july.not_started == 3
    before_the_plan = completion_of(tasks, as_of=date(1, 1))
    # Only the tasks without any history count (by their own row), the removed one apart.
    assert (before_the_plan.total, before_the_plan.removed) == (5, 1)


def test_a_later_completion_does_not_change_an_earlier_date(board):
    tasks = Task.objects.filter(plan=board.plan)
    assert completion_of(tasks, as_of=D).completed == 3
    from tasks.history import record_event, snapshot
    from tasks.models import TaskEventKind, TaskStatus

    task = board.within
    before = snapshot(task)
    task.status, task.progress, task.completed_on = TaskStatus.COMPLETED, 100, date(20, 8)
    task.save()
    record_event(task=task, kind=TaskEventKind.CONFIRMED, before=before, effective_on=date(20, 8))

    assert completion_of(tasks, as_of=D).completed == 3
    assert completion_of(tasks, as_of=date(31, 8)).completed == 5


def test_by_area(board):
    by_area = {
        Task.objects.filter(area_id=k).first().area.code: v
        for k, v in completion_by_area(Task.objects.filter(plan=board.plan), as_of=D).items()
    }
    assert {code: (c.total, c.on_time, c.late, c.within, c.overdue, c.removed) for code, c in by_area.items()} == {
        "I": (3, 1, 1, 1, 0, 0),
        "II": (3, 0, 1, 2, 0, 0),
        "III": (3, 0, 0, 2, 1, 0),
        "VII": (2, 0, 0, 0, 2, 1),
    }


def test_by_source_splits_government_assigned_tasks(board):
    by_source = completion_by_source(Task.objects.filter(plan=board.plan), as_of=D)
    government = by_source[TaskSource.GOVERNMENT]
    assert (government.total, government.completed, government.within, government.overdue) == (3, 1, 1, 1)
    assert by_source[TaskSource.SELF].total == 8
    assert by_source[TaskSource.SUPERIOR] == Completion()


def test_by_unit_and_ranking(board, cast):
    tasks = Task.objects.filter(plan=board.plan)
    by_unit = completion_by_unit(tasks, as_of=D)
    assert (by_unit[cast.unit_a.pk].completed, by_unit[cast.unit_a.pk].total) == (2, 4)
    assert (by_unit[cast.unit_b.pk].completed, by_unit[cast.unit_b.pk].total) == (1, 7)
    assert (by_unit[board.unit_c.pk].total, by_unit[board.unit_c.pk].removed) == (0, 1)

    ranking = unit_ranking(tasks, as_of=D)
    # The unit whose only tasks are removed or not created yet is not ranked.
    assert [(r.unit, r.rank, r.completion.rate, r.last_update, r.silent) for r in ranking] == [
        (cast.unit_a, 1, Decimal("50.00"), date(20, 6), False),
        (cast.unit_b, 2, Decimal("14.29"), date(20, 6), False),
    ]
    end_july = {r.unit: r for r in unit_ranking(tasks, as_of=date(31, 7))}
    # Unit A has open tasks and no update since 20/06: silent on 31/07.
    assert end_july[cast.unit_a].silent and not end_july[cast.unit_b].silent
    assert end_july[board.unit_c].last_update is None


def test_ranking_ties_share_a_rank(cast):
    plan = make_plan()
    for unit in (cast.unit_a, cast.unit_b):
        make_task(plan=plan, lead_unit=unit, status="completed")
    ranking = unit_ranking(Task.objects.filter(plan=plan), as_of=date(31, 12))
    assert [r.rank for r in ranking] == [1, 1]


def test_drilldown_lists_exactly_the_tasks_of_each_cell(board):
    tasks = Task.objects.filter(plan=board.plan)
    for day in (date(10, 6), D, date(31, 7)):
        by_area = completion_by_area(tasks, as_of=day)
        for area_id, c in by_area.items():
            for bucket in Bucket:
                listed = tasks_in_bucket(tasks.filter(area_id=area_id), as_of=day, bucket=bucket)
                assert listed.count() == c.count(bucket), (day, area_id, bucket)
    names = set(tasks_in_bucket(tasks, as_of=D, bucket=Bucket.LATE).values_list("number", flat=True))
    assert names == {"late", "late_extended"}


def test_trend_month_by_month(board):
    tasks = Task.objects.filter(plan=board.plan)
    assert month_ends(2023, until=date(15, 3)) == [date(31, 1), date(28, 2), date(15, 3)]
    assert month_ends(2023, until=date(31, 3)) == [date(31, 1), date(28, 2), date(31, 3)]
    assert month_ends(2024, until=date(31, 3)) == []
    trend = completion_trend(tasks, year=2023, as_of=date(31, 7))
    assert [(p.day, p.completion.completed, p.completion.total) for p in trend] == [
        (date(31, 1), 0, 11),
        (date(28, 2), 0, 11),
        (date(31, 3), 0, 11),
        (date(30, 4), 0, 11),
        (date(31, 5), 0, 11),
        (D, 3, 11),
        (date(31, 7), 4, 12),
    ]
    # The figures at several dates in one query are those of each date alone.
    at_dates = completion_at_dates(tasks, [date(10, 6), D])
    for day, c in at_dates.items():
        alone = completion_of(tasks, as_of=day)
        assert (c.total, c.on_time, c.late, c.within, c.overdue, c.removed) == (
            alone.total,
            alone.on_time,
            alone.late,
            alone.within,
            alone.overdue,
            alone.removed,
        )


def test_trend_compares_with_the_previous_year(board):
    previous = make_plan(year=2022, issuing_unit=board.plan.issuing_unit)
    make_task(
        plan=previous, deadline=datetime.date(2022, 6, 30), status="completed", completed_on=datetime.date(2022, 3, 1)
    )
    make_task(plan=previous, deadline=datetime.date(2022, 6, 30))
    trend = completion_trend(
        Task.objects.filter(plan=board.plan), year=2023, as_of=D, previous_tasks=Task.objects.filter(plan=previous)
    )
    assert [(p.previous_day, p.previous.rate) for p in trend[1:3]] == [
        (datetime.date(2022, 2, 28), Decimal("0.00")),
        (datetime.date(2022, 3, 31), Decimal("50.00")),
    ]
