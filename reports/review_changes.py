"""The plan's changes in the period for the period report (docs/DOMAIN.md, "Plans during the
year"): every task added (bổ sung), adjusted (điều chỉnh) or taken out of the plan (đưa ra khỏi kế
hoạch) by a document effective inside the report's window, read through tasks/plan_changes.py."""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cchc.formatting import format_date
from tasks.models import Task, TaskEvent, TaskStatus
from tasks.plan_changes import ChangeKind, PlanChange, decided_changes

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


def _field_label(name: str) -> str:
    return str(Task._meta.get_field(name).verbose_name)


def _before_after(field: str, before: str, after: str) -> str:
    return _("%(field)s: %(before)s → %(after)s") % {
        "field": _field_label(field),
        "before": before or "–",
        "after": after or "–",
    }


def _adjustments(event: TaskEvent) -> list[str]:
    """What an EDITED entry changed, field by field: "Thời hạn: 30/06/2026 → 30/09/2026"."""
    parts = [_before_after(c["field"], c["before"], c["after"]) for c in event.field_changes]
    recorded = {c["field"] for c in event.field_changes}
    if "deadline" not in recorded and event.deadline_before != event.deadline_after:
        # An entry written before field_changes existed still has its deadlines.
        parts.append(_before_after("deadline", format_date(event.deadline_before), format_date(event.deadline_after)))
    if event.status_before and event.status_before != event.status_after:
        parts.append(
            _before_after("status", TaskStatus(event.status_before).label, TaskStatus(event.status_after).label)
        )
    return parts


def change_text(change: PlanChange) -> str:
    """The "Thay đổi" cell: "Bổ sung", "Đưa ra khỏi kế hoạch" or "Điều chỉnh: field: before → after; …"."""
    if change.kind == ChangeKind.ADDED:
        return str(_("Bổ sung"))
    if change.kind == ChangeKind.REMOVED:
        return str(_("Đưa ra khỏi kế hoạch"))
    parts = _adjustments(change.event)
    return _("Điều chỉnh: %(fields)s") % {"fields": "; ".join(parts)} if parts else str(_("Điều chỉnh"))


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
            change=change_text(change),
            effective_on=change.event.effective_on,
            document=change.event.document,
            reason=change.event.note,
            plan=change.task.plan.number,
        )
        for index, change in enumerate(changes.changes, start=1)
    ]
