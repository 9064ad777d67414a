"""The plan's changes in the period for the period report (docs/DOMAIN.md, "Plans during the
year"): every task added (bổ sung), adjusted (điều chỉnh) or taken out of the plan (đưa ra khỏi kế
hoạch) by a document effective inside the report's window, read through tasks/plan_changes.py."""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.db.models import QuerySet

from tasks.models import Task, TaskEvent
from tasks.plan_changes import decided_changes

from .review_period import ReviewPeriod


class ChangeLine(NamedTuple):
    """One row of the "Thay đổi kế hoạch" sheet, in column order (review_columns.change_headers)."""

    index: int
    task: str
    area: str
    change: str
    effective_on: datetime.date
    document: str
    reason: str
    plan: str


def change_lines(tasks: QuerySet[Task], period: ReviewPeriod) -> list[ChangeLine]:
    """The decided changes of the scope's tasks effective from the period's start to its cut-off,
    oldest first, in one query."""
    changes = decided_changes(
        TaskEvent.objects.filter(task__in=tasks.values("pk")), start=period.start, end=period.cutoff
    )
    return [
        ChangeLine(
            index=index,
            task=f"{change.task.number}. {change.task.content}",
            area=change.task.area.code,
            change=change.text,
            effective_on=change.event.effective_on,
            document=change.event.document,
            reason=change.event.note,
            plan=change.task.plan.number,
        )
        for index, change in enumerate(changes.changes, start=1)
    ]
