"""Roll-up of an agency task from the units' own plans: each unit implementing it has derived
tasks (Task.parent_task) in its plan; the agency task shows how many units have finished their
part, and once all have, its lead unit may report it completed with their evidence."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q

from .models import Task, TaskStatus
from .workflow_models import CompletionReport, Evidence, ReportStatus


@dataclass(frozen=True)
class Rollup:
    units_total: int
    units_done: int
    completed_on: datetime.date | None  # the last part's completion date, once all are done
    derived: list[Task] = field(default_factory=list)

    @property
    def all_done(self) -> bool:
        return self.units_total > 0 and self.units_done == self.units_total


def derived_rollup(task: Task) -> Rollup | None:
    """The state of the parts of `task` in the units' plans (current states; parts taken out of
    a unit's plan do not count). None when no unit's plan implements the task. Two queries."""
    parts = Task.objects.filter(parent_task=task).in_plan()
    per_unit = list(
        parts.order_by()
        .values("lead_unit_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=TaskStatus.COMPLETED)),
            last=Max("completed_on"),
        )
    )
    if not per_unit:
        return None
    done = [row for row in per_unit if row["done"] == row["total"]]
    completed_on = max(row["last"] for row in per_unit) if len(done) == len(per_unit) else None
    derived = list(
        parts.select_related("plan", "lead_unit", "area").order_by("lead_unit__order", "lead_unit__name", "position")
    )
    return Rollup(units_total=len(per_unit), units_done=len(done), completed_on=completed_on, derived=derived)


def derived_evidence(task: Task) -> list[Evidence]:
    """The evidence of the confirmed completion reports of the task's parts in the units' plans."""
    events = CompletionReport.objects.filter(
        task__parent_task=task, task__status=TaskStatus.COMPLETED, status=ReportStatus.CONFIRMED
    ).values("event_id")
    return list(
        Evidence.objects.filter(event_id__in=events).select_related("task", "task__lead_unit").order_by("task_id", "id")
    )
