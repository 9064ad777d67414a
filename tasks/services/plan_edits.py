"""Creating and editing a plan's tasks as written in the plan, by decision (docs/DOMAIN.md,
"Plans during the year")."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.formatting import format_date
from plans.access import can_edit_plan
from plans.services import plan_delete, plan_delete_error
from units.models import Unit

from ..history import record_event, snapshot
from ..models import Task, TaskEvent, TaskEventKind, TaskSource

if TYPE_CHECKING:
    from accounts.models import User
    from plans.models import Plan, ReformArea

from ._common import (
    NO_EVIDENCE,
    EvidenceInput,
    TaskConflict,
    _attach_evidence,
    _lock,
)

# ---------------------------------------------------------------- creating tasks


def task_create(
    *,
    plan: Plan,
    area: ReformArea,
    number: str,
    content: str,
    lead_unit: Unit,
    by: User | None,
    expected_output: str = "",
    deadline: datetime.date | None = None,
    deadline_text: str = "",
    is_recurring: bool = False,
    coordinating_units: Iterable[Unit] = (),
    coordination_text: str = "",
    source: str = TaskSource.SELF,
    parent_task: Task | None = None,
    position: int | None = None,
    remarks: str = "",
    note: str = "",
    document: str = "",
    effective_on: datetime.date | None = None,
    evidence: EvidenceInput = NO_EVIDENCE,
) -> Task:
    """Create a task of a plan with its first history entry. A task added to an issued plan
    (bổ sung nhiệm vụ) carries the reason, the deciding document and the date it counts from."""
    with transaction.atomic():
        if position is None:
            last = plan.tasks.order_by("-position").values_list("position", flat=True).first()
            position = (last or 0) + 1
        task = Task(
            plan=plan,
            area=area,
            number=number,
            position=position,
            content=content,
            expected_output=expected_output,
            lead_unit=lead_unit,
            deadline=deadline,
            deadline_text=deadline_text,
            is_recurring=is_recurring,
            coordination_text=coordination_text,
            source=source,
            parent_task=parent_task,
            remarks=remarks,
        )
        task.full_clean()
        task.save()
        coordinating = [unit for unit in coordinating_units if unit.pk != lead_unit.pk]
        if coordinating:
            task.coordinating_units.set(coordinating)
        event = record_event(
            task=task,
            kind=TaskEventKind.CREATED,
            actor=by,
            before=None,
            note=note.strip(),
            document=document.strip(),
            effective_on=effective_on or min(timezone.localdate(), plan.issued_on or timezone.localdate()),
        )
        _attach_evidence(task=task, event=event, evidence=evidence, by=by)
    return task


# ---------------------------------------------------------------- editing the plan's tasks

# What an edit of the plan may change: the task as written in the plan, and (for corrections by
# the secretariat) its state. The version, extension count and original deadline belong to the
# workflow and change only through it.
TASK_FIELDS = (
    "area",
    "number",
    "position",
    "content",
    "expected_output",
    "lead_unit",
    "coordination_text",
    "deadline",
    "deadline_text",
    "is_recurring",
    "status",
    "progress",
    "completed_on",
    "remarks",
    "source",
    "parent_task",
)
# lead_unit_id: the import hands over ids, not units.
EDITABLE_FIELDS = frozenset({*TASK_FIELDS, "lead_unit_id"})


def can_edit_plan_tasks(user: User | None, plan: Plan | None = None) -> bool:
    """The secretariat (and superusers, through the admin) edit a plan's tasks; a unit's people
    edit their own unit's plan (plans/access.py `can_edit_plan`); `None` is the system itself
    (commands, imports run from the shell)."""
    if user is None or user.is_superuser or (user.is_authenticated and user.is_secretariat):
        return True
    return plan is not None and can_edit_plan(user, plan)


def task_edit(
    *,
    task: Task,
    by: User | None,
    loaded_version: int,
    changes: Mapping[str, object],
    reason: str,
    document: str = "",
    coordinating_units: Iterable[Unit] | None = None,
    effective_on: datetime.date | None = None,
    evidence: EvidenceInput = NO_EVIDENCE,
) -> TaskEvent | None:
    """Change the task as written in the plan (content, lead unit, deadline…) or take it out
    of the plan (status REMOVED), with the reason and the deciding document. Refuses a save
    from a stale page (TaskConflict). Returns the history entry, or None when nothing changed."""
    if not can_edit_plan_tasks(by, task.plan):
        raise PermissionDenied("Only the secretariat edits a plan's tasks")
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"task_edit cannot change {sorted(unknown)}")
    if not reason.strip():
        raise ValidationError({"reason": _("Nêu lý do thay đổi.")})
    if effective_on is not None and effective_on > timezone.localdate():
        raise ValidationError({"effective_on": _("Ngày có hiệu lực không thể sau hôm nay.")})
    with transaction.atomic():
        task = _lock(task)
        if task.version != loaded_version:
            raise TaskConflict(task.pk, loaded_version)
        event = _edit(
            task,
            by=by,
            changes=changes,
            coordinating_ids=None if coordinating_units is None else [u.pk for u in coordinating_units],
            note=reason.strip(),
            document=document.strip(),
            effective_on=effective_on,
        )
        if event is not None:
            _attach_evidence(task=task, event=event, evidence=evidence, by=by)
        return event


def _edit(
    task: Task,
    *,
    by: User | None,
    changes: Mapping[str, object],
    coordinating_ids: Sequence[int] | None,
    note: str,
    document: str = "",
    effective_on: datetime.date | None = None,
) -> TaskEvent | None:
    """Apply changes to a locked task, bump its version and record an EDITED entry."""
    changed = [name for name, value in changes.items() if getattr(task, name) != value]
    old_coordinating = set(task.coordinating_units.values_list("pk", flat=True))
    new_coordinating = None if coordinating_ids is None else set(coordinating_ids) - {task.lead_unit_id}
    if not changed and (new_coordinating is None or new_coordinating == old_coordinating):
        return None
    before = snapshot(task)
    before_lead = task.lead_unit_id
    recorded = sorted(
        (name for name in changed if _field_name(name) not in UNRECORDED_FIELDS),
        key=lambda name: TASK_FIELDS.index(_plain_name(name)),
    )
    before_texts = {name: _field_text(task, name) for name in recorded}
    for name in changed:
        setattr(task, name, changes[name])
    field_changes = [
        {"field": _plain_name(name), "before": before_texts[name], "after": _field_text(task, name)}
        for name in recorded
    ]
    if before_lead != task.lead_unit_id and new_coordinating is None:
        new_coordinating = old_coordinating - {task.lead_unit_id}
    task.clean_fields(exclude=["plan", "area", "lead_unit", "parent_task"])
    task.version += 1
    task.save(update_fields=[*{_field_name(name) for name in changed}, "version", "updated_at"])
    if new_coordinating is not None and new_coordinating != old_coordinating:
        field_changes.append(
            {
                "field": "coordinating_units",
                "before": _units_text(old_coordinating),
                "after": _units_text(new_coordinating),
            }
        )
        task.coordinating_units.set(new_coordinating)
    return record_event(
        task=task,
        kind=TaskEventKind.EDITED,
        actor=by,
        before=before,
        note=note,
        document=document,
        effective_on=effective_on or timezone.localdate(),
        field_changes=field_changes,
    )


def _field_name(name: str) -> str:
    field = Task._meta.get_field(name)
    return getattr(field, "attname", name)  # lead_unit → lead_unit_id for update_fields


# The fields an EDITED entry records as text (TaskEvent.field_changes): the task as written in
# the plan. The state has its own columns in the entry; the row order is not a change of the task.
UNRECORDED_FIELDS = frozenset({"status", "progress", "completed_on", "position"})


def _plain_name(name: str) -> str:
    return name.removesuffix("_id")  # lead_unit_id (the import's) → lead_unit


def _field_text(task: Task, name: str) -> str:
    """The field's value as the plan shows it: a unit's name, a date dd/mm/yyyy, a choice's label."""
    name = _plain_name(name)
    value = getattr(task, name)
    if value is None or value == "":
        return ""
    if name == "parent_task":
        return f"{value.area.code}.{value.number}"
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, datetime.date):
        return format_date(value)
    if name == "source":
        return str(TaskSource(value).label)
    return str(value)


def _units_text(pks: Iterable[int]) -> str:
    return ", ".join(Unit.objects.filter(pk__in=list(pks)).order_by("name").values_list("name", flat=True))


def tasks_reorder(*, positions: Mapping[int, int]) -> None:
    """Row order of tasks inside their plan (task id → position). Order is how the plan is
    printed, not a change of the task, so it leaves no history entry."""
    tasks = list(Task.objects.filter(pk__in=list(positions)).only("pk", "position"))
    for task in tasks:
        task.position = positions[task.pk]
    Task.objects.bulk_update(tasks, ["position"])


def tasks_renumber(
    *,
    plan: Plan,
    numbers: Mapping[int, str],
    by: User | None,
    reason: str,
    document: str = "",
    effective_on: datetime.date | None = None,
) -> list[TaskEvent]:
    """Give tasks of a plan new numbers as written (STT: "3", "1.2"), each with an EDITED entry
    carrying the reason and the deciding document. Numbers may be swapped among the tasks in
    one call: they are cleared first, so the unique (plan, area, number) holds at every step."""
    if not can_edit_plan_tasks(by, plan):
        raise PermissionDenied("Only the secretariat edits a plan's tasks")
    if not reason.strip():
        raise ValidationError({"reason": _("Nêu lý do thay đổi.")})
    with transaction.atomic():
        tasks = {t.pk: t for t in Task.objects.select_for_update().filter(plan=plan, pk__in=list(numbers))}
        wanted = {pk: number.strip() for pk, number in numbers.items() if pk in tasks}
        changed = {pk: number for pk, number in wanted.items() if tasks[pk].number != number}
        if not changed:
            return []
        if any(not number for number in changed.values()):
            raise ValidationError({"numbers": _("Nhập số thứ tự cho mọi nhiệm vụ.")})
        final = [
            (area_id, changed.get(pk, number))
            for pk, area_id, number in Task.objects.filter(plan=plan).values_list("pk", "area_id", "number")
        ]
        if len(set(final)) != len(final):
            raise ValidationError({"numbers": _("Hai nhiệm vụ trong cùng lĩnh vực không thể có cùng số thứ tự.")})
        for pk in changed:
            Task.objects.filter(pk=pk).update(number=f"#{pk}")  # out of the way of the swaps
        events = []
        for pk, number in changed.items():
            task = tasks[pk]
            before_number = task.number
            task.number = f"#{pk}"
            event = _edit(
                task,
                by=by,
                changes={"number": number},
                coordinating_ids=None,
                note=_("%(reason)s (STT %(old)s → %(new)s)")
                % {"reason": reason.strip(), "old": before_number, "new": number},
                document=document.strip(),
                effective_on=effective_on,
            )
            if event is not None:
                events.append(event)
    return events


def plan_discard(*, plan: Plan, by: User) -> None:
    """Delete a draft plan with its tasks (plans/services.py `plan_delete` says which plans may
    go: drafts only, never an issued plan)."""
    if not can_edit_plan(by, plan):
        raise PermissionDenied("This user does not change this plan")
    error = plan_delete_error(plan)
    if error:
        raise ValidationError(error)
    with transaction.atomic():
        Task.objects.filter(plan=plan).delete()
        plan_delete(plan=plan, by=by)
