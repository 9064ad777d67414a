"""Reads of tasks for pages. Rates are not computed here: see reports/completion.py."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery

from plans.models import Plan, ReformArea
from units.models import Unit

from .models import OPEN_STATUSES, Task, TaskEvent, TaskEventKind, TaskStatus, due_soon_condition, overdue_condition
from .workflow_models import CompletionReport, ExtensionRequest, ExtensionStatus, ReportStatus


@dataclass
class AreaSection:
    area: ReformArea
    tasks: list[Task] = field(default_factory=list)


def tasks_for_table(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """The columns of a plan's task table in a fixed number of queries."""
    return (
        tasks.select_related("area", "lead_unit")
        .prefetch_related(Prefetch("coordinating_units", queryset=Unit.objects.only("id", "name", "code")))
        .order_by("area__order", "position", "id")
    )


def tasks_grouped_by_area(tasks: QuerySet[Task], *, include_empty: bool) -> list[AreaSection]:
    """Sections I…VII in the order of the published plan."""
    sections = {area.pk: AreaSection(area) for area in ReformArea.objects.all()}
    for task in tasks_for_table(tasks):
        sections[task.area_id].tasks.append(task)
    return [s for s in sections.values() if include_empty or s.tasks]


# ---------------------------------------------------------------- the unit's task list


def unit_tasks(
    unit: Unit,
    *,
    today: datetime.date,
    plan: Plan | None = None,
    area: ReformArea | None = None,
    status: str = "",
    timeliness: str = "",
    role: str = "",
) -> QuerySet[Task]:
    """Tasks a unit leads or coordinates, filtered, soonest deadline first (no deadline last)."""
    tasks = Task.objects.involving(unit)
    if role == "lead":
        tasks = tasks.filter(lead_unit=unit)
    elif role == "coordinate":
        tasks = tasks.exclude(lead_unit=unit)
    if plan is not None:
        tasks = tasks.filter(plan=plan)
    if area is not None:
        tasks = tasks.filter(area=area)
    if status:
        tasks = tasks.filter(status=status)
    if timeliness:
        tasks = {
            "overdue": tasks.overdue(today),
            "due_soon": tasks.due_within(today),
            "on_time": tasks.on_time(today),
            "no_deadline": tasks.without_deadline(),
        }[timeliness]
    return (
        tasks.select_related("plan", "area", "lead_unit")
        .annotate(last_update=_last_update())
        .order_by(F("deadline").asc(nulls_last=True), "area__order", "position", "id")
    )


def _last_update() -> Subquery:
    """When the task was last reported on (its creation is not an update, as in the units
    table), per listed task: a probe of the history's task index for each row. (A
    `Max("events__created_at")` join groups the whole history before the list is cut down to
    the unit's tasks: bench/FINDINGS.md §2.)"""
    latest = (
        TaskEvent.objects.filter(task=OuterRef("pk"))
        .exclude(kind=TaskEventKind.CREATED)
        .order_by()
        .values("task")
        .annotate(at=Max("created_at"))
        .values("at")
    )
    return Subquery(latest)


@dataclass(frozen=True)
class UnitTaskCounts:
    led: int
    coordinated: int
    overdue: int
    due_soon: int
    pending: int
    returned: int


def unit_task_counts(unit: Unit, *, today: datetime.date) -> UnitTaskCounts:
    """The figures above the unit's list, in one query."""
    led = Q(lead_unit=unit)
    figures = Task.objects.involving(unit).aggregate(
        led=Count("pk", filter=led),
        coordinated=Count("pk", filter=~led),
        overdue=Count("pk", filter=led & overdue_condition(today)),
        due_soon=Count("pk", filter=led & due_soon_condition(today)),
        pending=Count("pk", filter=led & Q(status=TaskStatus.PENDING)),
        returned=Count("pk", filter=led & Q(status=TaskStatus.RETURNED)),
    )
    return UnitTaskCounts(**figures)


# ---------------------------------------------------------------- one task


def task_timeline(task: Task) -> list[TaskEvent]:
    """Every history entry, newest first, with who did it and the evidence given."""
    return list(
        task.events.select_related("actor", "actor__unit").prefetch_related("evidence").order_by("-created_at", "-id")
    )


def open_report(task: Task) -> CompletionReport | None:
    return task.completion_reports.open().select_related("submitted_by").first()


def last_return(task: Task) -> CompletionReport | None:
    """The secretariat's latest return, whose reason the unit must see while the task is returned."""
    if task.status != TaskStatus.RETURNED:
        return None
    return task.completion_reports.filter(status=ReportStatus.RETURNED).select_related("decided_by").last()


@dataclass(frozen=True)
class Conflict:
    """What changed since a user loaded a task: its state now and the entries since."""

    task: Task
    events: list[TaskEvent]


def changes_since(task: Task, loaded_version: int) -> Conflict:
    events = list(task.events.filter(version__gt=loaded_version).select_related("actor").order_by("created_at", "id"))
    return Conflict(task=task, events=events)


# ---------------------------------------------------------------- queues


def reports_awaiting_secretariat() -> QuerySet[CompletionReport]:
    """Oldest first: the unit that reported first is answered first."""
    return (
        CompletionReport.objects.filter(status=ReportStatus.AWAITING_SECRETARIAT, task__status=TaskStatus.PENDING)
        .select_related("task", "task__plan", "task__area", "task__lead_unit", "submitted_by")
        .prefetch_related("event__evidence")
        .order_by("submitted_at", "id")
    )


def reports_awaiting_head(unit: Unit) -> QuerySet[CompletionReport]:
    return (
        CompletionReport.objects.filter(status=ReportStatus.AWAITING_HEAD, task__lead_unit=unit)
        .select_related("task", "task__plan", "task__area", "submitted_by")
        .prefetch_related("event__evidence")
        .order_by("submitted_at", "id")
    )


def pending_extensions() -> QuerySet[ExtensionRequest]:
    return (
        ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING, task__status__in=OPEN_STATUSES)
        .select_related("task", "task__plan", "task__area", "task__lead_unit", "requested_by")
        .order_by("requested_at", "id")
    )
