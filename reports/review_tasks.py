"""The rows of the period report's task lists, read from the database: the task detail (every
task at the cut-off, ``TaskLine``) and the overdue sheet's rows (``OverdueLine``).

A fixed number of queries whatever the size: the task rows streamed as values (``DetailRow``,
no model instances) in chunks of TASK_CHUNK tasks, with three queries per chunk (latest notes,
evidence, coordinating units); the overdue rows come from the same pass.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import NamedTuple

from django.db import connections
from django.db.models import F, Lookup, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber

from cchc.formatting import format_date
from tasks.models import Task, TaskEvent, TaskEventKind, TaskStatus
from tasks.workflow_models import Evidence
from units.models import Unit

from .completion import Bucket, tasks_with_state

TASK_CHUNK = 2000


class TaskLine(NamedTuple):
    """A row of the task detail (and of the CSV), the task's state at the cut-off. The fields
    are in the order of the columns (TASK_FIELDS, then the plan's number), so the row is the
    tuple itself."""

    number: str
    area: str
    content: str
    expected_output: str
    lead_unit: str
    coordinating_units: str
    deadline: datetime.date | None
    deadline_text: str
    status: str
    completed_on: datetime.date | None
    timeliness: str
    note: str
    progress_on: datetime.date | None
    evidence: str
    plan: str


class OverdueLine(NamedTuple):
    """A row of the overdue sheet, fields in the order of its columns."""

    number: str
    area: str
    content: str
    lead_unit: str
    deadline: datetime.date
    days_overdue: int
    status: str
    plan: str


class DetailRow(NamedTuple):
    """A task as the detail query reads it: the task at the cut-off (``asof_*`` of
    tasks_with_state), its place in the plan and its names. DETAIL_COLUMNS names the column
    each field is read from."""

    id: int
    number: str
    area: str
    area_order: int
    position: int
    content: str
    expected_output: str
    lead_unit_id: int
    lead_unit: str
    coordination_text: str
    deadline: datetime.date | None
    deadline_text: str
    status: str
    completed_on: datetime.date | None
    bucket: str | None
    plan: str


DETAIL_COLUMNS = DetailRow(
    id="id",
    number="number",
    area="area__code",
    area_order="area__order",
    position="position",
    content="content",
    expected_output="expected_output",
    lead_unit_id="lead_unit_id",
    lead_unit="lead_unit__name",
    coordination_text="coordination_text",
    deadline="asof_deadline",
    deadline_text="deadline_text",
    status="asof_status",
    completed_on="asof_completed_on",
    bucket="asof_bucket",
    plan="plan__number",
)


class _OverdueEntry(NamedTuple):
    """An overdue row kept during the pass over the detail, with what orders the sheet."""

    deadline: datetime.date
    lead_unit_id: int
    area_order: int
    position: int
    task_id: int
    line: OverdueLine


# A task's timeliness in the report: its bucket's label (the one vocabulary, reports.completion).
_TIMELINESS_BUCKETS = (Bucket.ON_TIME, Bucket.LATE, Bucket.WITHIN, Bucket.OVERDUE, Bucket.REMOVED)


def timeliness_label(bucket: str | None) -> str:
    return str(Bucket(bucket).label) if bucket else ""


_NOTE_KINDS = [TaskEventKind.PROGRESS, TaskEventKind.SUBMITTED]


def detail_rows(tasks: QuerySet[Task], *, as_of: datetime.date) -> QuerySet:
    """The tasks that exist at the cut-off, in the plan's order, with their state then: one
    tuple of DETAIL_COLUMNS per task (DetailRow's fields in order), no model instance."""
    return (
        tasks_with_state(tasks, as_of=as_of)
        .filter(asof_status__isnull=False)
        .order_by("plan__year", "plan__number", "plan_id", "area__order", "position", "id")
        .values_list(*DETAIL_COLUMNS)
    )


class _AnyOf(Lookup):
    """``field = ANY(%s)`` with the ids as one array parameter (PostgreSQL): a chunk's 2,000 ids
    as one value, not 2,000 placeholders Django prepares and psycopg interpolates one by one."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]


def _among(field: str, ids: list[int], using: str) -> Q | Lookup:
    """The condition `field` is one of `ids`."""
    if ids and connections[using].vendor == "postgresql":
        return _AnyOf(F(field), ids)
    return Q(**{f"{field}__in": ids})


def latest_notes(task_ids: list[int], *, as_of: datetime.date, using: str) -> dict[int, tuple[str, datetime.date]]:
    """{task id: (note, effective date)} of each task's latest progress note at the cut-off
    (latest effective date, then latest recorded): one query."""
    latest_first = [F("effective_on").desc(), F("id").desc()]
    rows = (
        TaskEvent.objects.using(using)
        .filter(_among("task_id", task_ids, using), kind__in=_NOTE_KINDS, effective_on__lte=as_of)
        .exclude(note="")
        .annotate(rank=Window(RowNumber(), partition_by=F("task_id"), order_by=latest_first))
        .filter(rank=1)
        .order_by()  # not the history's default order, which would join the tasks and plans to sort
        .values_list("task_id", "note", "effective_on")
    )
    return {task_id: (note, day) for task_id, note, day in rows}


def evidence_reference(number: str, day: datetime.date | None, title: str) -> str:
    """Evidence.reference from its columns: "12/QĐ-STP (19/06/2026): Về việc …"."""
    if not number:
        return ""
    text = number
    if day:
        text += f" ({format_date(day)})"
    if title:
        text += f": {title}"
    return text


def evidence_texts(task_ids: list[int], *, as_of: datetime.date, using: str) -> dict[int, str]:
    """{task id: its evidence known at the cut-off, one per line, in the order reported}: one query."""
    # The entry's date as a subquery by primary key: a join would have PostgreSQL hash the
    # whole history (or the chunk's) for the few entries that carry evidence.
    reported_on = TaskEvent.objects.using(using).filter(pk=OuterRef("event_id")).order_by().values("effective_on")[:1]
    rows = (
        Evidence.objects.using(using)
        .filter(_among("task_id", task_ids, using))
        .annotate(reported_on=Subquery(reported_on))
        .filter(reported_on__lte=as_of)
        .order_by("task_id", "created_at", "id")
        .values_list("task_id", "original_name", "document_number", "document_date", "document_title")
    )
    texts: dict[int, list[str]] = {}
    for task_id, name, number, day, title in rows:
        texts.setdefault(task_id, []).append(evidence_reference(number, day, title) or name)
    return {task_id: "\n".join(lines) for task_id, lines in texts.items()}


def coordinating_texts(task_ids: list[int], *, using: str) -> dict[int, str]:
    """{task id: its coordinating units' names, "; "-separated in the units' order}: one query."""
    rows = (
        Task.coordinating_units.through.objects.using(using)
        .filter(_among("task_id", task_ids, using))
        .order_by("task_id", "unit__order", "unit__name", "unit_id")
        .values_list("task_id", "unit__name")
    )
    names: dict[int, list[str]] = {}
    for task_id, name in rows:
        names.setdefault(task_id, []).append(name)
    return {task_id: "; ".join(units) for task_id, units in names.items()}


class TaskDetail:
    """The task detail at the cut-off (TaskLine), read when iterated, and the overdue sheet's
    rows (``overdue``) taken from the same pass.

    One query for the rows (values, no model instances), streamed in chunks of TASK_CHUNK;
    per chunk, one query each for the latest notes, the evidence and the coordinating units
    of tasks whose plan names none in words. The overdue tasks are a subset of the detail in
    another order: the pass keeps them (with what orders them) and ``overdue`` sorts them, so
    the history is read once for both sheets."""

    def __init__(self, tasks: QuerySet[Task], *, as_of: datetime.date):
        self.tasks = tasks
        self.as_of = as_of
        self._overdue: list[_OverdueEntry] | None = None

    def __iter__(self) -> Iterator[TaskLine]:
        return self._read(lines=True)

    def lines(self, *, keep_overdue: bool = True) -> Iterator[TaskLine]:
        """The rows; `keep_overdue=False` when nothing will ask for the overdue ones (the CSV)."""
        return self._read(lines=True, keep_overdue=keep_overdue)

    @property
    def overdue(self) -> Iterable[OverdueLine]:
        """Open past their deadline at the cut-off, longest overdue first (then by lead unit,
        the plan's order): from the last complete pass over the detail, or from a pass made
        now (rows only, without notes and evidence) when the detail has not been read."""
        return _OverdueLines(self)

    def _read(self, *, lines: bool, keep_overdue: bool = True) -> Iterator[TaskLine]:
        as_of, using = self.as_of, self.tasks.db
        status_labels = {status.value: str(status.label) for status in TaskStatus}
        timeliness = {None: "", **{bucket.value: timeliness_label(bucket) for bucket in _TIMELINESS_BUCKETS}}
        done = {Bucket.ON_TIME.value, Bucket.LATE.value}
        overdue_bucket = Bucket.OVERDUE.value
        shared: dict[str, str] = {}  # one string object per area code, unit and plan kept for the overdue sheet
        overdue = []
        rows = detail_rows(self.tasks, as_of=as_of).iterator(chunk_size=TASK_CHUNK)
        while chunk := list(map(DetailRow._make, islice(rows, TASK_CHUNK))):
            if lines:
                ids = [row.id for row in chunk]
                notes = latest_notes(ids, as_of=as_of, using=using)
                evidence = evidence_texts(ids, as_of=as_of, using=using)
                # As the plan writes it ("Các sở, ban, ngành") when it says so; otherwise the units' names.
                unnamed = [row.id for row in chunk if not row.coordination_text]
                coordinating = coordinating_texts(unnamed, using=using) if unnamed else {}
            for row in chunk:
                bucket, status = row.bucket, status_labels[row.status]
                if bucket == overdue_bucket and keep_overdue:
                    area, lead_unit, plan = (shared.setdefault(t, t) for t in (row.area, row.lead_unit, row.plan))
                    deadline = row.deadline
                    line = OverdueLine(
                        row.number, area, row.content, lead_unit, deadline, (as_of - deadline).days, status, plan
                    )
                    entry = _OverdueEntry(deadline, row.lead_unit_id, row.area_order, row.position, row.id, line)
                    overdue.append(entry)
                if lines:
                    task_id = row.id
                    note, note_on = notes.get(task_id, ("", None))
                    yield TaskLine(
                        row.number,
                        row.area,
                        row.content,
                        row.expected_output,
                        row.lead_unit,
                        row.coordination_text or coordinating.get(task_id, ""),
                        row.deadline,
                        row.deadline_text,
                        status,
                        row.completed_on if bucket in done else None,
                        timeliness[bucket],
                        note,
                        note_on,
                        evidence.get(task_id, ""),
                        row.plan,
                    )
        if keep_overdue:
            self._overdue = overdue

    def _overdue_lines(self) -> list[OverdueLine]:
        if self._overdue is None:
            for _line in self._read(lines=False):
                pass
        entries, self._overdue = self._overdue, None
        if not entries:
            return []
        # The lead units' names in the database's order (its collation, as ORDER BY name had it);
        # units of the same name rank alike.
        unit_ids = {entry.lead_unit_id for entry in entries}
        rank, previous = {}, None
        for position, (unit_id, name) in enumerate(
            Unit.objects.using(self.tasks.db).filter(pk__in=unit_ids).order_by("name").values_list("pk", "name")
        ):
            if name != previous:
                current, previous = position, name
            rank[unit_id] = current
        entries.sort(key=lambda e: (e.deadline, rank[e.lead_unit_id], e.area_order, e.position, e.task_id))
        return [entry.line for entry in entries]


class _OverdueLines:
    """ReviewData.overdue: the overdue rows of a TaskDetail, read when iterated."""

    def __init__(self, detail: TaskDetail):
        self.detail = detail

    def __iter__(self) -> Iterator[OverdueLine]:
        return iter(self.detail._overdue_lines())
