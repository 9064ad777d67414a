"""The workflow rules a form and a service both need, written once (docs/DOMAIN.md,
"Task status"). Pure functions of their arguments: no database writes."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from .models import TaskStatus

# Statuses from which the lead unit may report progress or completion.
REPORTABLE_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED)


def progress_errors(*, status: str, progress: int | None) -> dict[str, str]:
    """The percent that goes with a reported status: 0 when not started, 0–99 in progress
    (100 means reporting completion). Completion itself sets 100, whatever was typed."""
    if status == TaskStatus.NOT_STARTED:
        if progress:
            return {"progress": _("Nhiệm vụ chưa triển khai có tiến độ 0%.")}
    elif status == TaskStatus.IN_PROGRESS:
        if progress is None or not 0 <= progress < 100:
            return {"progress": _("Tiến độ từ 0 đến 99%; khi đạt 100%, chọn “Hoàn thành”.")}
    elif status != TaskStatus.COMPLETED:
        return {"status": _("Trạng thái không hợp lệ.")}
    return {}


def completion_date_error(
    completed_on: datetime.date | None, *, today: datetime.date, plan_issued_on: datetime.date | None
) -> str | None:
    """A reported completion date: present, not in the future, not before the plan."""
    if completed_on is None:
        return _("Báo cáo hoàn thành cần ngày hoàn thành.")
    if completed_on > today:
        return _("Ngày hoàn thành không thể sau hôm nay.")
    if plan_issued_on and completed_on < plan_issued_on:
        return _("Ngày hoàn thành trước ngày ban hành kế hoạch.")
    return None
