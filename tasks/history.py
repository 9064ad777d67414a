"""Writing the immutable task history (TaskEvent). Services call `record_event` after
changing a task; nothing else writes history."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .models import Task, TaskEvent, TaskEventKind


@dataclass(frozen=True)
class TaskState:
    status: str
    progress: int
    deadline: datetime.date | None
    completed_on: datetime.date | None


def snapshot(task: Task) -> TaskState:
    return TaskState(task.status, task.progress, task.deadline, task.completed_on)


def record_event(
    *,
    task: Task,
    kind: TaskEventKind,
    actor=None,
    before: TaskState | None,
    note: str = "",
    effective_on: datetime.date | None = None,
    is_late: bool = False,
) -> TaskEvent:
    """Record `before` → the task's current state. `before` is None for creation."""
    return TaskEvent.objects.create(
        task=task,
        kind=kind,
        actor=actor,
        effective_on=effective_on or timezone.localdate(),
        status_before=before.status if before else "",
        status_after=task.status,
        progress_before=before.progress if before else None,
        progress_after=task.progress,
        deadline_before=before.deadline if before else None,
        deadline_after=task.deadline,
        completed_on_before=before.completed_on if before else None,
        completed_on_after=task.completed_on,
        note=note,
        version=task.version,
        is_late=is_late,
    )
