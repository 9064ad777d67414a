"""Every dashboard page runs the same number of SQL queries for 10 tasks as for 1,000."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import ReformArea
from tasks.history import refresh_state_spans
from tasks.models import Task, TaskEvent, TaskEventKind, TaskSource, TaskStatus
from tests.factories import make_plan, make_unit

pytestmark = pytest.mark.django_db


def build(year: int, n_tasks: int, units: list) -> object:
    """A plan of n_tasks over the seven areas and the given units, each task with history."""
    plan = make_plan(year=year, issued_on=datetime.date(year, 1, 10))
    areas = list(ReformArea.objects.all())
    statuses = [TaskStatus.COMPLETED, TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED, TaskStatus.PENDING]
    tasks = Task.objects.bulk_create(
        Task(
            plan=plan,
            area=areas[i % len(areas)],
            number=str(i + 1),
            position=i,
            content=f"Nhiệm vụ {i + 1}",
            lead_unit=units[i % len(units)],
            deadline=datetime.date(year, 1 + i % 12, 28) if i % 9 else None,
            status=statuses[i % 4],
            progress=100 if i % 4 in (0, 3) else 10 * (i % 4),
            completed_on=datetime.date(year, 1 + i % 6, 15) if i % 4 in (0, 3) else None,
            source=TaskSource.values[i % 3],
        )
        for i in range(n_tasks)
    )
    events = []
    for task in tasks:
        events.append(
            TaskEvent(
                task=task,
                kind=TaskEventKind.CREATED,
                effective_on=plan.issued_on,
                status_after=TaskStatus.NOT_STARTED,
                progress_after=0,
                deadline_after=task.deadline,
            )
        )
        if task.status != TaskStatus.NOT_STARTED:
            events.append(
                TaskEvent(
                    task=task,
                    kind=TaskEventKind.PROGRESS,
                    effective_on=task.completed_on or datetime.date(year, 3, 1),
                    status_after=task.status,
                    progress_after=task.progress,
                    deadline_after=task.deadline,
                    completed_on_after=task.completed_on,
                )
            )
    TaskEvent.objects.bulk_create(events)
    refresh_state_spans(task.pk for task in tasks)
    return plan


def pages(plan, unit) -> dict[str, str]:
    q = f"?plan={plan.pk}&as_of=30/06/{plan.year}"
    return {
        "index": reverse("reports:index"),
        "plan dashboard": reverse("reports:plan_dashboard", args=[plan.pk]) + f"?as_of=30/06/{plan.year}",
        "year dashboard": reverse("reports:year_dashboard", args=[plan.year]),
        "units": reverse("reports:units") + q,
        "overdue": reverse("reports:overdue") + q,
        "drill-down": reverse("reports:drilldown") + q + "&bucket=total",
        "unit dashboard": reverse("reports:my_unit") + q + f"&unit={unit.pk}",
    }


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_tasks_and_units(cast, django_assert_max_num_queries):
    small = build(2021, 10, [cast.unit_a, cast.unit_b])  # years apart: neither has a previous year
    large = build(2025, 1000, [cast.unit_a, cast.unit_b, *(make_unit() for _ in range(48))])
    leader = cast.client(cast.leader)
    staff = cast.client(cast.staff_a)
    small_pages, large_pages = pages(small, cast.unit_a), pages(large, cast.unit_a)
    counts = {}
    for name in small_pages:
        counts[name] = count_queries(leader, small_pages[name])
        with django_assert_max_num_queries(counts[name]):
            leader.get(large_pages[name])
    staff_url = reverse("reports:my_unit") + "?plan={}&as_of=30/06/{}"
    small_staff = count_queries(staff, staff_url.format(small.pk, small.year))
    with django_assert_max_num_queries(small_staff):
        staff.get(staff_url.format(large.pk, large.year))
    # The figures themselves: at most ~a dozen queries for any page, session and user included
    # (the unit dashboard, the most: its plans, the next report period it owes, its own plan).
    # The index, cached (reports/dashboards.py attention_panel): a miss reads the figures and
    # what its key holds besides the tokens (the areas, the units' stamp); a hit, neither.
    assert max(count for name, count in counts.items() if name != "index") <= 17, counts
    assert counts["index"] <= 19, counts
    assert count_queries(leader, small_pages["index"]) <= 10
