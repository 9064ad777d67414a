"""Writing the immutable task history (TaskEvent). Services call `record_event` after
changing a task; nothing else writes history."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import Task, TaskEvent, TaskEventKind, TaskStateSpan


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
    """Record `before` → the task's current state (None for creation) and keep the task's
    state spans in step with its history."""
    event = TaskEvent.objects.create(
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
    refresh_state_spans([task.pk])
    return event


# --- The state spans: "the state at D" precomputed from the history (TaskStateSpan) ----------

_SPAN_EVENT_FIELDS = ("id", "task_id", "effective_on", "status_after", "completed_on_after", "deadline_after")
_SPAN_CHUNK = 2000  # tasks per round trip when rebuilding many


def state_spans(events: Iterable[tuple]) -> Iterator[tuple]:
    """(event_id, valid_from, valid_until) of one task's entries that are ever its state.

    `events` are (id, effective_on) of one task in any order. The state at D is the entry with
    the highest id among those effective on or before D, so, walking from the newest recorded
    entry back, an entry is the state from its own date until the earliest date of any entry
    recorded after it — and never if that date is not later than its own."""
    next_change = None  # earliest effective date among the entries recorded later
    for event_id, effective_on in sorted(events, reverse=True):
        if next_change is None or effective_on < next_change:
            yield event_id, effective_on, next_change
            next_change = effective_on


def refresh_state_spans(task_ids: Iterable[int]) -> int:
    """Rebuild the state spans of these tasks from their history; returns the spans written.
    Called by record_event after every history entry and by the bulk services."""
    task_ids = sorted(set(task_ids))
    written = 0
    for start in range(0, len(task_ids), _SPAN_CHUNK):
        chunk = task_ids[start : start + _SPAN_CHUNK]
        by_task: dict[int, list[tuple]] = {}
        for row in TaskEvent.objects.filter(task_id__in=chunk).order_by().values_list(*_SPAN_EVENT_FIELDS):
            by_task.setdefault(row[1], []).append(row)
        spans = []
        for task_id, rows in by_task.items():
            values = {row[0]: row for row in rows}
            for event_id, valid_from, valid_until in state_spans((row[0], row[2]) for row in rows):
                _id, _task, _on, status, completed_on, deadline = values[event_id]
                spans.append(
                    TaskStateSpan(
                        task_id=task_id,
                        event_id=event_id,
                        valid_from=valid_from,
                        valid_until=valid_until,
                        status=status,
                        completed_on=completed_on,
                        deadline=deadline,
                    )
                )
        with transaction.atomic(savepoint=False):  # no savepoint: inside a service's transaction
            TaskStateSpan.objects.filter(task_id__in=chunk).delete()
            TaskStateSpan.objects.bulk_create(spans, batch_size=5000)
        written += len(spans)
    return written


def rebuild_all_state_spans() -> int:
    """Every task's spans from its history (after a restore, or to check nothing drifted)."""
    ids = TaskEvent.objects.order_by().values_list("task_id", flat=True).distinct()
    with transaction.atomic():
        TaskStateSpan.objects.exclude(task_id__in=ids).delete()
    return refresh_state_spans(list(ids))
