"""Writing the immutable task history (TaskEvent). Services call `record_event` after
changing a task; nothing else writes history."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from .models import PlanFiguresVersion, Task, TaskEvent, TaskEventKind, TaskStateSpan

if TYPE_CHECKING:
    from accounts.models import User


class FutureEntry(ValueError):
    """A history entry may not take effect after the day it is recorded: figures for today and
    later read each task's own row (reports/completion.py), which is right only because nothing
    in the history is dated ahead (docs/DOMAIN.md, "History")."""


def _check_not_ahead(effective_on: datetime.date, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    if effective_on > today:
        raise FutureEntry(f"history entry dated {effective_on} is ahead of today ({today})")


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
    actor: User | None = None,
    before: TaskState | None,
    note: str = "",
    effective_on: datetime.date | None = None,
    is_late: bool = False,
    document: str = "",
    field_changes: list[dict[str, str]] | None = None,
) -> TaskEvent:
    """Record `before` → the task's current state (None for creation) and keep the task's
    state spans in step with its history."""
    effective_on = effective_on or timezone.localdate()
    _check_not_ahead(effective_on)
    event = TaskEvent.objects.create(
        task=task,
        kind=kind,
        actor=actor,
        effective_on=effective_on,
        status_before=before.status if before else "",
        status_after=task.status,
        progress_before=before.progress if before else None,
        progress_after=task.progress,
        deadline_before=before.deadline if before else None,
        deadline_after=task.deadline,
        completed_on_before=before.completed_on if before else None,
        completed_on_after=task.completed_on,
        note=note,
        document=document,
        field_changes=field_changes or [],
        version=task.version,
        is_late=is_late,
        lead_unit_id=task.lead_unit_id,
    )
    past_changed = _changes_the_past(kind, effective_on)
    if _span_appended(event):
        figures_changed([task.plan_id], past=past_changed)
    else:
        refresh_state_spans([task.pk], plan_ids=[task.plan_id], past_changed=past_changed)
    return event


# Entries that change only the task's state (status, progress, deadline, completion date), which
# the state spans carry: dated today, they leave every earlier date's figures as they were.
_STATE_ONLY_KINDS = frozenset(
    {
        TaskEventKind.PROGRESS,
        TaskEventKind.SUBMITTED,
        TaskEventKind.HEAD_APPROVED,
        TaskEventKind.HEAD_REJECTED,
        TaskEventKind.CONFIRMED,
        TaskEventKind.CONFIRMATION_UNDONE,
        TaskEventKind.RETURNED,
        TaskEventKind.EXTENSION_REQUESTED,
        TaskEventKind.EXTENSION_REFUSED,
        TaskEventKind.CONTRIBUTION,
    }
)


def _changes_the_past(kind: str, effective_on: datetime.date) -> bool:
    """Whether an entry may change a figure of a date before today: it is backdated, or it may
    have changed the task's plan fields that past figures read from the task row (an edit: area,
    source, lead unit; an approved extension: the original deadline; a creation, to be safe)."""
    return effective_on < timezone.localdate() or kind not in _STATE_ONLY_KINDS


def figures_changed(plan_ids: Iterable[int], *, past: bool = True) -> None:
    """New figures tokens for these plans (tasks.PlanFiguresVersion): every figure of theirs
    cached for today or later is read afresh, and with `past` every figure of an earlier date
    too. In the caller's transaction, so the tokens and the change they stand for are committed
    together."""
    plan_ids = sorted(set(plan_ids))
    if plan_ids:
        PlanFiguresVersion.objects.bulk_create(
            [PlanFiguresVersion(plan_id=plan_id, current=uuid.uuid4(), past=uuid.uuid4()) for plan_id in plan_ids],
            update_conflicts=True,
            unique_fields=["plan"],
            update_fields=["current", "past"] if past else ["current"],
        )


@dataclass(frozen=True)
class PastEntry:
    """One entry of a history recorded after the fact (task_history_import): the task's state
    after it, when it took effect and, optionally, when it was recorded."""

    task_id: int
    kind: str
    effective_on: datetime.date
    status: str
    progress: int
    deadline: datetime.date | None
    completed_on: datetime.date | None = None
    actor_id: int | None = None
    note: str = ""
    document: str = ""
    is_late: bool | None = None  # None: late when reported after the deadline, as the workflow marks it
    recorded_at: datetime.datetime | None = None


def record_created_bulk(
    tasks: Sequence[Task],
    *,
    actor: User | None,
    effective_on: datetime.date,
    note: str = "",
    recorded_at: datetime.datetime | None = None,
) -> list[TaskEvent]:
    """The CREATED entries of tasks just inserted in bulk, and their state spans."""
    _check_not_ahead(effective_on)
    events = TaskEvent.objects.bulk_create(
        [
            TaskEvent(
                task=task,
                kind=TaskEventKind.CREATED,
                actor=actor,
                effective_on=effective_on,
                status_after=task.status,
                progress_after=task.progress,
                deadline_after=task.deadline,
                completed_on_after=task.completed_on,
                note=note,
                version=task.version,
                lead_unit_id=task.lead_unit_id,
            )
            for task in tasks
        ],
        batch_size=_SPAN_CHUNK,
    )
    if recorded_at is not None:
        _stamp([(event.pk, recorded_at) for event in events])
    refresh_state_spans(task.pk for task in tasks)
    return events


def record_past_bulk(entries: Sequence[PastEntry]) -> list[TaskEvent]:
    """Insert entries of a history that happened (see PastEntry), chaining before → after
    per task from the task's current row, and leave each task in its last entry's state."""
    today = timezone.localdate()
    for entry in entries:
        _check_not_ahead(entry.effective_on, today)
    task_ids = list(dict.fromkeys(entry.task_id for entry in entries))
    tasks: dict[int, Task] = {}
    for start in range(0, len(task_ids), _SPAN_CHUNK):
        tasks.update(Task.objects.select_for_update().in_bulk(task_ids[start : start + _SPAN_CHUNK]))
    state = {pk: snapshot(task) for pk, task in tasks.items()}
    extended: set[int] = set()
    events: list[TaskEvent] = []
    for entry in entries:
        task = tasks[entry.task_id]
        before = state[entry.task_id]
        if entry.kind == TaskEventKind.EXTENSION_APPROVED:
            task.original_deadline = task.original_deadline or before.deadline
            task.extension_count += 1
            extended.add(task.pk)
        task.version += 1
        late = entry.is_late
        if late is None:
            late = entry.deadline is not None and entry.effective_on > entry.deadline
        events.append(
            TaskEvent(
                task_id=entry.task_id,
                kind=entry.kind,
                actor_id=entry.actor_id,
                effective_on=entry.effective_on,
                status_before=before.status,
                status_after=entry.status,
                progress_before=before.progress,
                progress_after=entry.progress,
                deadline_before=before.deadline,
                deadline_after=entry.deadline,
                completed_on_before=before.completed_on,
                completed_on_after=entry.completed_on,
                note=entry.note,
                document=entry.document,
                version=task.version,
                is_late=late,
                lead_unit_id=task.lead_unit_id,
            )
        )
        state[entry.task_id] = TaskState(entry.status, entry.progress, entry.deadline, entry.completed_on)
    TaskEvent.objects.bulk_create(events, batch_size=_SPAN_CHUNK)
    # Each task takes its last entry's state: one UPDATE per chunk reading it from that entry,
    # named by id (Django's bulk_update builds a CASE per row and field: ~1.5 ms a task in
    # Python; "latest by ORDER BY id DESC LIMIT 1" lets PostgreSQL walk the primary key).
    last_event = {event.task_id: event.pk for event in events}
    now = timezone.now()
    for start in range(0, len(task_ids), _SPAN_CHUNK):
        chunk = task_ids[start : start + _SPAN_CHUNK]
        last = TaskEvent.objects.filter(pk__in=[last_event[pk] for pk in chunk], task=OuterRef("pk"))
        Task.objects.filter(pk__in=chunk).update(
            status=Subquery(last.values("status_after")),
            progress=Subquery(last.values("progress_after")),
            deadline=Subquery(last.values("deadline_after")),
            completed_on=Subquery(last.values("completed_on_after")),
            version=Subquery(last.values("version")),
            updated_at=now,
        )
    Task.objects.bulk_update(
        [tasks[pk] for pk in extended], ["original_deadline", "extension_count"], batch_size=_SPAN_CHUNK
    )
    _stamp([(event.pk, entry.recorded_at) for event, entry in zip(events, entries, strict=True) if entry.recorded_at])
    refresh_state_spans(task_ids)
    return events


def _stamp(stamps: Sequence[tuple[int, datetime.datetime]]) -> None:
    """Set when entries were recorded (an UPDATE: history rows refuse save(), and
    auto_now_add stamps them now). One UPDATE per distinct time."""
    by_time: dict[datetime.datetime, list[int]] = {}
    for pk, at in stamps:
        by_time.setdefault(at, []).append(pk)
    for at, ids in by_time.items():
        TaskEvent.objects.filter(pk__in=ids).update(created_at=at)


# --- The state spans: "the state at D" precomputed from the history (TaskStateSpan) ----------

_SPAN_EVENT_FIELDS = (
    "id",
    "task_id",
    "effective_on",
    "status_after",
    "completed_on_after",
    "deadline_after",
    "lead_unit_id",
    "kind",
)
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


def _received(rows: Sequence[tuple]) -> set[int]:
    """Ids of one task's entries made while its lead unit is one that received it by a handover:
    in recorded order, a HANDED_OVER entry marks its lead unit as receiving, and the mark holds
    for the entries after it as long as the lead unit stays the same."""
    received: set[int] = set()
    receiver = None
    for row in sorted(rows):
        event_id, lead_unit_id, kind = row[0], row[6], row[7]
        if kind == TaskEventKind.HANDED_OVER:
            receiver = lead_unit_id
        elif lead_unit_id != receiver:
            receiver = None
        if receiver is not None and lead_unit_id == receiver:
            received.add(event_id)
    return received


def refresh_state_spans(
    task_ids: Iterable[int], *, plan_ids: Iterable[int] | None = None, past_changed: bool = True
) -> int:
    """Rebuild the state spans of these tasks from their history; returns the spans written.
    Called by record_event after every history entry and by the bulk services. The tasks' plans
    (`plan_ids` when the caller knows them, else read from the tasks) get new figures tokens:
    the one of today's figures always, the one of earlier dates' unless told they are unchanged
    (`past_changed`)."""
    task_ids = sorted(set(task_ids))
    plans = set(plan_ids or ())
    written = 0
    for start in range(0, len(task_ids), _SPAN_CHUNK):
        chunk = task_ids[start : start + _SPAN_CHUNK]
        if plan_ids is None:
            plans.update(Task.objects.filter(pk__in=chunk).order_by().values_list("plan_id", flat=True).distinct())
        by_task: dict[int, list[tuple]] = {}
        for row in TaskEvent.objects.filter(task_id__in=chunk).order_by().values_list(*_SPAN_EVENT_FIELDS):
            by_task.setdefault(row[1], []).append(row)
        spans = []
        for task_id, rows in by_task.items():
            values = {row[0]: row for row in rows}
            received = _received(rows)
            for event_id, valid_from, valid_until in state_spans((row[0], row[2]) for row in rows):
                _id, _task, _on, status, completed_on, deadline, lead_unit_id, _kind = values[event_id]
                spans.append(
                    TaskStateSpan(
                        task_id=task_id,
                        event_id=event_id,
                        valid_from=valid_from,
                        valid_until=valid_until,
                        status=status,
                        completed_on=completed_on,
                        deadline=deadline,
                        lead_unit_id=lead_unit_id,
                        received=event_id in received,
                    )
                )
        with transaction.atomic(savepoint=False):  # no savepoint: inside a service's transaction
            TaskStateSpan.objects.filter(task_id__in=chunk).delete()
            TaskStateSpan.objects.bulk_create(spans, batch_size=5000)
        written += len(spans)
    figures_changed(plans, past=past_changed)
    return written


# _span_appended's statements, written out (no SQL built from strings). The table is
# TaskStateSpan's (tests/tasks/test_state_spans.py checks the name).
_CURRENT_SPAN_TAKEN = (
    "DELETE FROM tasks_taskstatespan WHERE task_id = %s AND valid_until IS NULL AND valid_from <= %s "
    "RETURNING event_id, valid_from, status, completed_on, deadline, lead_unit_id, received"
)
_SPANS_ADDED = {  # by the number of spans: the entry's, and the previous one closed
    1: "INSERT INTO tasks_taskstatespan "
    "(task_id, event_id, valid_from, valid_until, status, completed_on, deadline, lead_unit_id, received) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
    2: "INSERT INTO tasks_taskstatespan "
    "(task_id, event_id, valid_from, valid_until, status, completed_on, deadline, lead_unit_id, received) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s), (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
}


def _span_appended(event: TaskEvent) -> bool:
    """The spans after `event`, the task's newest entry, without reading its history (the
    write path of every update, issue 22): when the entry takes effect on or after the day the
    current span starts — every entry recorded today for today — state_spans' rule changes the
    current span only: closed on the entry's date, or dropped if it started that same day; the
    entry's span becomes the current one. Its `received` mark follows _received's rule from the
    current span's entry, the one recorded just before. Two statements (DELETE … RETURNING and
    one INSERT) instead of reading the history, deleting and rewriting every span.

    False, with nothing written, when the entry is dated before the current span's start or
    the task has no span yet: the caller rebuilds the task's spans from its history.
    tests/tasks/test_state_spans.py checks the two ways give the same spans on random histories."""
    if not connection.features.can_return_rows_from_bulk_insert:  # no DELETE … RETURNING (SQLite < 3.35)
        return False
    with connection.cursor() as cursor:
        cursor.execute(_CURRENT_SPAN_TAKEN, [event.task_id, event.effective_on])
        current = cursor.fetchone()
        if current is None:
            return False
        prev_event, prev_from, prev_status, prev_completed, prev_deadline, prev_lead, prev_received = current
        lead = event.lead_unit_id
        received = lead is not None and (
            event.kind == TaskEventKind.HANDED_OVER or (prev_received and lead == prev_lead)
        )
        new = (event.effective_on, None, event.status_after, event.completed_on_after, event.deadline_after)
        rows: list[tuple] = [(event.task_id, event.pk, *new, lead, received)]
        if prev_from < event.effective_on:
            closed = (prev_from, event.effective_on, prev_status, prev_completed, prev_deadline)
            rows.append((event.task_id, prev_event, *closed, prev_lead, prev_received))
        cursor.execute(_SPANS_ADDED[len(rows)], [value for row in rows for value in row])
    return True


def rebuild_all_state_spans() -> int:
    """Every task's spans from its history (after a restore, or to check nothing drifted)."""
    ids = TaskEvent.objects.order_by().values_list("task_id", flat=True).distinct()
    with transaction.atomic():
        TaskStateSpan.objects.exclude(task_id__in=ids).delete()
        figures_changed(Task.objects.order_by().values_list("plan_id", flat=True).distinct())
    return refresh_state_spans(list(ids))
