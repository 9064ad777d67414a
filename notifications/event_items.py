"""Notifications from the task history: decisions told at once, and plan changes for the
units concerned."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.formatting import format_date, vn_int
from plans.models import Plan, PlanStatus
from tasks.models import Task, TaskEvent, TaskEventKind

from .items import (
    EVENT_KINDS,
    Audience,
    Item,
    _content_type_id,
    _lines,
    _short,
    _task_label,
)
from .models import NotificationKind

# ---------------------------------------------------------------- history: decisions, plan changes


def event_items(events: QuerySet[TaskEvent], audience: Audience) -> list[Item]:
    """Decisions recorded in the task history (returned, confirmed, refused by the head,
    extension approved or refused), to the lead unit's people other than who decided. Keyed by
    the history entry and its day, so telling one twice (signal and daily sweep) is a no-op.
    One query."""
    rows = (
        events.filter(kind__in=list(EVENT_KINDS))
        .values(
            "pk",
            "kind",
            "created_at",
            "effective_on",
            "actor_id",
            "note",
            "deadline_before",
            "deadline_after",
            "task_id",
            "task__number",
            "task__content",
            "task__lead_unit_id",
            "task__plan__number",
        )
        .order_by("pk")
    )
    content_type = _content_type_id(TaskEvent)
    items: list[Item] = []
    for row in rows:
        label = _task_label(row["task__number"], row["task__content"])
        facts = {
            "task": label,
            "content": _short(row["task__content"], 300),
            "plan": row["task__plan__number"],
            "note": row["note"],
            "date": format_date(row["effective_on"]),
            "deadline": format_date(row["deadline_after"]),
            "before": format_date(row["deadline_before"]),
        }
        kind = EVENT_KINDS[row["kind"]]
        if kind == NotificationKind.REPORT_RETURNED:
            title = _("Báo cáo hoàn thành bị trả lại: %(task)s") % facts
            body = (
                _(
                    "Thường trực CCHC trả lại báo cáo hoàn thành nhiệm vụ “%(content)s” (Kế hoạch %(plan)s). "
                    "Lý do: %(note)s"
                )
                % facts
            )
        elif kind == NotificationKind.REPORT_CONFIRMED:
            title = _("Đã xác nhận hoàn thành: %(task)s") % facts
            body = _("Nhiệm vụ “%(content)s” (Kế hoạch %(plan)s) được xác nhận hoàn thành từ ngày %(date)s.") % facts
        elif kind == NotificationKind.REPORT_HEAD_REJECTED:
            title = _("Lãnh đạo đơn vị không duyệt báo cáo: %(task)s") % facts
            body = _("Báo cáo hoàn thành nhiệm vụ “%(content)s” chưa được duyệt. Lý do: %(note)s") % facts
        elif kind == NotificationKind.EXTENSION_APPROVED:
            title = _("Đồng ý gia hạn đến %(deadline)s: %(task)s") % facts
            body = _("Nhiệm vụ “%(content)s” được gia hạn từ %(before)s đến %(deadline)s.") % facts
        else:
            title = _("Không đồng ý gia hạn: %(task)s") % facts
            body = (
                _(
                    "Đề nghị gia hạn nhiệm vụ “%(content)s” không được đồng ý; thời hạn vẫn là %(deadline)s. "
                    "Lý do: %(note)s"
                )
                % facts
            )
        day = timezone.localdate(row["created_at"])
        for user_id in audience.members.get(row["task__lead_unit_id"], []):
            if user_id == row["actor_id"]:
                continue
            items.append(
                Item(
                    recipient_id=user_id,
                    kind=kind,
                    object_key=f"event:{row['pk']}",
                    day=day,
                    title=title,
                    body=body,
                    url=reverse("tasks:detail", args=[row["task_id"]]),
                    content_type_id=content_type,
                    object_id=row["pk"],
                )
            )
    return items


def plan_change_items(
    today: datetime.date, start: datetime.datetime, end: datetime.datetime, audience: Audience
) -> list[Item]:
    """Tasks added to or changed in an issued plan between `start` and `end` (history entries
    "created" and "edited" recorded then), told once a day per plan to the people of each unit
    that leads or coordinates them. Two queries."""
    rows = list(
        TaskEvent.objects.filter(
            created_at__gt=start,
            created_at__lte=end,
            kind__in=[TaskEventKind.CREATED, TaskEventKind.EDITED],
            task__plan__status=PlanStatus.ISSUED,
        )
        .values("pk", "kind", "task_id", "task__number", "task__content", "task__plan_id", "task__lead_unit_id")
        .order_by("pk")
    )
    if not rows:
        return []
    coordinating: dict[int, set[int]] = defaultdict(set)
    for task_id, unit_id in (
        Task.coordinating_units.through.objects.filter(task_id__in={r["task_id"] for r in rows})
        .values_list("task_id", "unit_id")
        .order_by()
    ):
        coordinating[task_id].add(unit_id)
    # (unit, plan) → {task_id: (label, is_new)}; and the last history entry read for it, which
    # keys the notification: changes recorded after a run of the same day are told by the next.
    changes: dict[tuple[int, int], dict[int, tuple[str, bool]]] = defaultdict(dict)
    last_entry: dict[tuple[int, int], int] = {}
    for row in rows:
        label = _task_label(row["task__number"], row["task__content"])
        for unit_id in {row["task__lead_unit_id"], *coordinating[row["task_id"]]}:
            seen = changes[(unit_id, row["task__plan_id"])]
            was_new = seen.get(row["task_id"], ("", False))[1]
            seen[row["task_id"]] = (label, was_new or row["kind"] == TaskEventKind.CREATED)
            last_entry[(unit_id, row["task__plan_id"])] = row["pk"]
    plans = dict(Plan.objects.filter(pk__in={plan for _unit, plan in changes}).values_list("pk", "number"))
    content_type = _content_type_id(Plan)
    items: list[Item] = []
    for (unit_id, plan_id), tasks in sorted(changes.items()):
        new = [label for label, is_new in tasks.values() if is_new]
        changed = [label for label, is_new in tasks.values() if not is_new]
        title = _("Kế hoạch %(plan)s: %(new)s nhiệm vụ mới, %(changed)s nhiệm vụ điều chỉnh liên quan đến đơn vị") % {
            "plan": plans.get(plan_id, ""),
            "new": vn_int(len(new)),
            "changed": vn_int(len(changed)),
        }
        lines = [_("Mới: %(task)s") % {"task": t} for t in new] + [
            _("Điều chỉnh: %(task)s") % {"task": t} for t in changed
        ]
        for user_id in audience.members.get(unit_id, []):
            items.append(
                Item(
                    recipient_id=user_id,
                    kind=NotificationKind.PLAN_ADJUSTED,
                    object_key=f"plan:{plan_id}@{last_entry[(unit_id, plan_id)]}",
                    day=today,
                    title=title,
                    body=_lines(lines, _("… và %(count)s nhiệm vụ khác")),
                    url=reverse("plans:detail", args=[plan_id]),
                    content_type_id=content_type,
                    object_id=plan_id,
                )
            )
    return items
