"""Many tasks at once: a plan's table (the import, the demo, benchmark data) and history
recorded after the fact."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from ..history import PastEntry, figures_changed, record_created_bulk, record_past_bulk
from ..models import Task, TaskEvent, TaskSource, TaskStatus

if TYPE_CHECKING:
    from accounts.models import User
    from plans.models import Plan


# ---------------------------------------------------------------- many tasks at once


@dataclass(frozen=True)
class NewTask:
    """One task of a plan as written in its table, for tasks_import."""

    area_id: int
    number: str
    content: str
    lead_unit_id: int
    position: int
    expected_output: str = ""
    deadline: datetime.date | None = None
    deadline_text: str = ""
    is_recurring: bool = False
    coordinating_ids: Sequence[int] = ()
    coordination_text: str = ""
    remarks: str = ""
    source: str = TaskSource.SELF
    parent_task_id: int | None = None
    # The state it is recorded in, when a plan is imported with its results (a past year's
    # plan); its CREATED entry carries that state from `effective_on`.
    status: str = TaskStatus.NOT_STARTED
    progress: int = 0
    completed_on: datetime.date | None = None
    original_deadline: datetime.date | None = None
    extension_count: int = 0


def tasks_import(
    *,
    plan: Plan,
    tasks: Sequence[NewTask],
    by: User | None,
    effective_on: datetime.date,
    note: str = "",
    recorded_at: datetime.datetime | None = None,
    batch_size: int = 5000,
) -> list[Task]:
    """Create many tasks of a plan at once (plan import, demo, benchmark data), each with its
    CREATED entry and state span, in a few queries per batch. Fields are validated as in
    task_create; the caller has checked the units and areas exist."""
    rows: list[Task] = []
    for spec in tasks:
        task = Task(
            plan=plan,
            area_id=spec.area_id,
            number=spec.number,
            position=spec.position,
            content=spec.content,
            expected_output=spec.expected_output,
            lead_unit_id=spec.lead_unit_id,
            deadline=spec.deadline,
            deadline_text=spec.deadline_text,
            is_recurring=spec.is_recurring,
            coordination_text=spec.coordination_text,
            remarks=spec.remarks,
            source=spec.source,
            parent_task_id=spec.parent_task_id,
            status=spec.status,
            progress=spec.progress,
            completed_on=spec.completed_on,
            original_deadline=spec.original_deadline,
            extension_count=spec.extension_count,
        )
        task.clean_fields(exclude=["plan", "area", "lead_unit", "parent_task"])
        rows.append(task)
    with transaction.atomic():
        Task.objects.bulk_create(rows, batch_size=batch_size)
        through = Task.coordinating_units.through
        through.objects.bulk_create(
            [
                through(task_id=task.pk, unit_id=unit_id)
                for task, spec in zip(rows, tasks, strict=True)
                for unit_id in dict.fromkeys(spec.coordinating_ids)
                if unit_id != spec.lead_unit_id
            ],
            batch_size=batch_size,
        )
        record_created_bulk(rows, actor=by, effective_on=effective_on, note=note, recorded_at=recorded_at)
    return rows


def task_history_import(*, entries: Sequence[PastEntry]) -> list[TaskEvent]:
    """Record history that happened before the tool held it — the demo's year, benchmark data,
    last year's plan with its results — as if each entry had been made through the workflow:
    before → after chained per task, versions bumped, the task row left in its last entry's
    state, state spans rebuilt. Entries of a task are in the order they happened."""
    with transaction.atomic():
        return record_past_bulk(entries)


def plan_tasks_purge(*, plan: Plan) -> int:
    """Delete a plan's tasks with their history. Only for recreating demo or benchmark data:
    a real task leaves a plan by task_edit(status=REMOVED), never by deletion."""
    with transaction.atomic():
        figures_changed([plan.pk])
        count, _by_model = Task.objects.filter(plan=plan).delete()
    return count
