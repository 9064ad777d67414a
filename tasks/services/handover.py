"""Handing a ceasing unit's open tasks to its successor in a reorganisation (docs/DOMAIN.md,
"The 2025 reorganisation"). The reorganisation app decides who receives what; this module is
the write: each task's lead unit changes with a HANDED_OVER history entry naming the handover,
so figures by unit as of a date before it still count the task for the old unit."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.formatting import format_date

from ..history import record_event, snapshot
from ..models import OPEN_STATUSES, Task, TaskEvent, TaskEventKind

if TYPE_CHECKING:
    from accounts.models import User
    from units.models import Unit


def tasks_hand_over(
    *,
    moves: Mapping[int, Unit],
    from_unit_ids: Collection[int],
    by: User | None,
    effective_on: datetime.date,
    note: str,
    document: str = "",
    kind: TaskEventKind = TaskEventKind.HANDED_OVER,
) -> dict[int, TaskEvent]:
    """Give each task in `moves` (task id → receiving unit) to its new lead unit, from
    `effective_on`. Every task must still be open and led by one of `from_unit_ids`: a task
    already handed over (or completed meanwhile) refuses the whole handover, nothing written.
    The receiving unit leaves the task's coordinating units if it was one. Pending completion
    reports and extension requests belong to the task and follow it. Returns {task id: entry}.
    `kind` EDITED records an undo (the entry is then no handover)."""
    events: dict[int, TaskEvent] = {}
    with transaction.atomic():
        tasks = {
            task.pk: task
            for task in Task.objects.select_for_update(of=("self",))
            .select_related("lead_unit", "area")
            .filter(pk__in=list(moves))
            .order_by("pk")
        }
        missing = set(moves) - set(tasks)
        if missing:
            raise ValidationError(_("Không tìm thấy nhiệm vụ cần bàn giao."))
        for pk in sorted(moves):
            task = tasks[pk]
            if task.lead_unit_id not in from_unit_ids:
                raise ValidationError(
                    _("Nhiệm vụ %(task)s đã do %(unit)s chủ trì: không bàn giao lần nữa.")
                    % {"task": f"{task.area.code}.{task.number}", "unit": task.lead_unit.name}
                )
            if task.status not in OPEN_STATUSES:
                raise ValidationError(
                    _("Nhiệm vụ %(task)s đã %(status)s: nhiệm vụ này ở lại với đơn vị đã thực hiện.")
                    % {"task": f"{task.area.code}.{task.number}", "status": task.get_status_display().lower()}
                )
        for pk in sorted(moves):
            task, receiver = tasks[pk], moves[pk]
            before = snapshot(task)
            giver = task.lead_unit
            task.lead_unit = receiver
            task.version += 1
            task.save(update_fields=["lead_unit", "version", "updated_at"])
            task.coordinating_units.remove(receiver)
            events[pk] = record_event(
                task=task,
                kind=kind,
                actor=by,
                before=before,
                note=_("%(note)s: %(from)s → %(to)s, từ ngày %(date)s")
                % {"note": note, "from": giver.name, "to": receiver.name, "date": format_date(effective_on)},
                document=document,
                effective_on=effective_on,
            )
    return events


def tasks_coordination_replace(
    *,
    changes: Mapping[int, tuple[Collection[Unit], Collection[Unit]]],
    by: User | None,
    effective_on: datetime.date,
    note: str,
    document: str = "",
) -> dict[int, TaskEvent]:
    """Change the coordinating units of tasks (task id → (units leaving, units joining)), each
    with an EDITED entry: a ceasing unit's place in the tasks it coordinates goes to its
    successor (and back when a handover is undone). A unit never coordinates the task it leads."""
    events: dict[int, TaskEvent] = {}
    with transaction.atomic():
        tasks = Task.objects.select_for_update(of=("self",)).filter(pk__in=list(changes)).order_by("pk")
        for task in tasks:
            leaving, joining = changes[task.pk]
            before = snapshot(task)
            task.coordinating_units.remove(*leaving)
            task.coordinating_units.add(*[unit for unit in joining if unit.pk != task.lead_unit_id])
            task.version += 1
            task.save(update_fields=["version", "updated_at"])
            events[task.pk] = record_event(
                task=task,
                kind=TaskEventKind.EDITED,
                actor=by,
                before=before,
                note=_("%(note)s: đơn vị phối hợp %(from)s → %(to)s")
                % {
                    "note": note,
                    "from": ", ".join(unit.name for unit in leaving) or "—",
                    "to": ", ".join(unit.name for unit in joining) or "—",
                },
                document=document,
                effective_on=effective_on,
            )
    return events
