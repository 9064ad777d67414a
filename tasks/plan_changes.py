"""A plan's changes during the year (bổ sung, điều chỉnh, đưa ra khỏi kế hoạch), read from the
task history: every change decided by a document leaves a CREATED or EDITED entry with
`TaskEvent.document` (tasks/services/ `task_create`, `task_edit`, `tasks_renumber`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cchc.formatting import format_date
from plans.models import Plan

from .models import Task, TaskEvent, TaskEventKind, TaskStatus


class ChangeKind:
    ADDED = "added"
    ADJUSTED = "adjusted"
    REMOVED = "removed"


@dataclass(frozen=True)
class PlanChange:
    kind: str
    event: TaskEvent

    @property
    def task(self) -> Task:
        return self.event.task

    @property
    def text(self) -> str:
        """What changed, in a phrase: "Bổ sung", "Đưa ra khỏi kế hoạch" or "Điều chỉnh: Thời hạn:
        30/06/2026 → 30/09/2026; Đơn vị chủ trì: …" (the period report's column, the plan page)."""
        if self.kind == ChangeKind.ADDED:
            return str(_("Bổ sung"))
        if self.kind == ChangeKind.REMOVED:
            return str(_("Đưa ra khỏi kế hoạch"))
        parts = _adjustments(self.event)
        return _("Điều chỉnh: %(fields)s") % {"fields": "; ".join(parts)} if parts else str(_("Điều chỉnh"))


def _field_label(name: str) -> str:
    field = Task._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def _before_after(field_name: str, before: str, after: str) -> str:
    return _("%(field)s: %(before)s → %(after)s") % {
        "field": _field_label(field_name),
        "before": before or "–",
        "after": after or "–",
    }


def _adjustments(event: TaskEvent) -> list[str]:
    """What an EDITED entry changed, field by field (TaskEvent.field_changes), and its state."""
    parts = [_before_after(c["field"], c["before"], c["after"]) for c in event.field_changes]
    recorded = {c["field"] for c in event.field_changes}
    if "deadline" not in recorded and event.deadline_before != event.deadline_after:
        # An entry written before field_changes existed still has its deadlines.
        parts.append(_before_after("deadline", format_date(event.deadline_before), format_date(event.deadline_after)))
    if event.status_before and event.status_before != event.status_after:
        parts.append(
            _before_after(
                "status", str(TaskStatus(event.status_before).label), str(TaskStatus(event.status_after).label)
            )
        )
    return parts


@dataclass
class PlanChanges:
    """The changes of one plan (or of several), oldest first, and how many tasks each kind touched."""

    changes: list[PlanChange] = field(default_factory=list)

    def _tasks(self, kind: str) -> int:
        return len({c.event.task_id for c in self.changes if c.kind == kind})

    @property
    def added(self) -> int:
        return self._tasks(ChangeKind.ADDED)

    @property
    def adjusted(self) -> int:
        return self._tasks(ChangeKind.ADJUSTED)

    @property
    def removed(self) -> int:
        return self._tasks(ChangeKind.REMOVED)

    def __bool__(self) -> bool:
        return bool(self.changes)


def _kind(event: TaskEvent) -> str:
    if event.kind == TaskEventKind.CREATED:
        return ChangeKind.ADDED
    if event.status_after == TaskStatus.REMOVED and event.status_before != TaskStatus.REMOVED:
        return ChangeKind.REMOVED
    return ChangeKind.ADJUSTED


def decided_changes(
    events: QuerySet[TaskEvent], *, start: datetime.date | None = None, end: datetime.date | None = None
) -> PlanChanges:
    """The entries among `events` that a document decided, effective in [start, end]."""
    events = events.filter(kind__in=[TaskEventKind.CREATED, TaskEventKind.EDITED]).exclude(document="")
    if start is not None:
        events = events.filter(effective_on__gte=start)
    if end is not None:
        events = events.filter(effective_on__lte=end)
    rows = events.select_related("task", "task__area", "task__plan", "task__lead_unit", "actor").order_by(
        "effective_on", "id"
    )
    return PlanChanges([PlanChange(_kind(event), event) for event in rows])


def plan_changes(plan: Plan, *, end: datetime.date | None = None) -> PlanChanges:
    """What changed in the plan since it was issued, each with its deciding document."""
    return decided_changes(TaskEvent.objects.filter(task__plan=plan), start=plan.issued_on, end=end)
