"""Units' own plans derived from the agency plan (docs/DOMAIN.md, "Units' own plans").

A unit's plan is a Plan whose `parent` is the agency plan and whose `issuing_unit` is the
unit. The agency tasks the unit leads or coordinates are offered to it; taking one over creates
one or more derived tasks (Task.parent_task) through tasks/services/ `task_create`, each with
a deadline no later than the agency task's. The secretariat follows which units issued their
plan, by the deadline set on the agency plan, and which plans miss a task the unit leads."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User
from cchc.formatting import format_date, percent, rate_percent, vn_int
from plans.access import can_edit_plan
from plans.models import Plan, PlanStatus
from tasks.models import Task, TaskSource
from tasks.services import task_create
from units.models import Unit

# ---------------------------------------------------------------- taking an agency task over


@dataclass(frozen=True)
class DerivedPart:
    """One part of an agency task in the unit's plan; empty fields take the agency task's."""

    content: str = ""
    expected_output: str = ""
    deadline: datetime.date | None = None


def task_take_over(
    *,
    unit_plan: Plan,
    parent_task: Task,
    by: User,
    parts: Sequence[DerivedPart],
    on: datetime.date | None = None,
) -> list[Task]:
    """The unit takes an agency task into its plan, whole (one part) or split into parts with
    their own deadlines (numbered 3.1, 3.2… under the agency task's number 3). `on`: the day the
    derived tasks count from (task_create's default: today, or the plan's issue date)."""
    if not can_edit_plan(by, unit_plan) or unit_plan.is_agency_plan:
        raise PermissionDenied("Only the unit's people take tasks into their plan")
    unit = unit_plan.issuing_unit
    errors: dict[str, str] = {}
    if parent_task.plan_id != unit_plan.parent_id or parent_task.status == "removed":
        errors["__all__"] = _("Nhiệm vụ không thuộc kế hoạch cấp trên của kế hoạch này.")
    elif not (parent_task.lead_unit_id == unit.pk or parent_task.coordinating_units.filter(pk=unit.pk).exists()):
        errors["__all__"] = _("Đơn vị không chủ trì hay phối hợp nhiệm vụ này.")
    elif Task.objects.filter(plan=unit_plan, parent_task=parent_task).in_plan().exists():
        errors["__all__"] = _("Nhiệm vụ này đã có trong kế hoạch của đơn vị.")
    elif not parts:
        errors["__all__"] = _("Nhập ít nhất một phần việc.")
    late = [part for part in parts if part.deadline and parent_task.deadline and part.deadline > parent_task.deadline]
    if late:
        errors["deadline"] = _("Thời hạn của phần việc không được sau thời hạn của nhiệm vụ cấp trên (%(d)s).") % {
            "d": format_date(parent_task.deadline)
        }
    numbers = (
        [parent_task.number] if len(parts) == 1 else [f"{parent_task.number}.{i}" for i in range(1, len(parts) + 1)]
    )
    taken = set(
        Task.objects.filter(plan=unit_plan, area=parent_task.area, number__in=numbers).values_list("number", flat=True)
    )
    if taken and not errors:
        errors["__all__"] = _("Kế hoạch của đơn vị đã có nhiệm vụ số %(n)s trong lĩnh vực này.") % {
            "n": ", ".join(sorted(taken))
        }
    if errors:
        raise ValidationError(errors)
    note = _("Triển khai nhiệm vụ %(number)s của Kế hoạch %(plan)s") % {
        "number": f"{parent_task.area.code}.{parent_task.number}",
        "plan": parent_task.plan.number,
    }
    created = []
    with transaction.atomic():
        for number, part in zip(numbers, parts, strict=True):
            created.append(
                task_create(
                    plan=unit_plan,
                    area=parent_task.area,
                    number=number,
                    content=part.content.strip() or parent_task.content,
                    expected_output=part.expected_output.strip()
                    or (parent_task.expected_output if len(parts) == 1 else ""),
                    lead_unit=unit,
                    by=by,
                    deadline=part.deadline or parent_task.deadline,
                    deadline_text=format_date(part.deadline) if part.deadline else parent_task.deadline_text,
                    is_recurring=parent_task.is_recurring and part.deadline is None,
                    source=TaskSource.SUPERIOR,
                    parent_task=parent_task,
                    note=note,
                    effective_on=on,
                )
            )
    return created


# ---------------------------------------------------------------- what a unit's plan offers


@dataclass
class OfferedTask:
    """An agency task the unit leads or coordinates, and its parts already in the unit's plan."""

    task: Task
    leads: bool
    parts: list[Task] = field(default_factory=list)


def offered_tasks(unit_plan: Plan) -> list[OfferedTask]:
    """The parent plan's tasks (still in the plan) the unit leads or coordinates, in the plan's
    order, each with its derived tasks in `unit_plan`. Three queries."""
    if unit_plan.parent_id is None:
        return []
    unit_id = unit_plan.issuing_unit_id
    agency_tasks = (
        Task.objects.filter(plan_id=unit_plan.parent_id)
        .in_plan()
        .involving(unit_id)
        .select_related("area", "lead_unit")
        .order_by("area__order", "position", "id")
    )
    parts: dict[int, list[Task]] = defaultdict(list)
    for part in Task.objects.filter(plan=unit_plan, parent_task__isnull=False).in_plan().order_by("position", "id"):
        parts[part.parent_task_id].append(part)
    return [OfferedTask(task, task.lead_unit_id == unit_id, parts.get(task.pk, [])) for task in agency_tasks]


# ---------------------------------------------------------------- the secretariat's overview


@dataclass
class UnitPlanRow:
    unit: Unit
    plan: Plan | None
    missing: list[Task] = field(default_factory=list)  # agency tasks the unit leads, not in its plan
    late: bool = False  # issued after the deadline, or not issued and the deadline has passed

    @property
    def issued(self) -> bool:
        return self.plan is not None and self.plan.status != PlanStatus.DRAFT


@dataclass
class UnitPlansOverview:
    plan: Plan
    rows: list[UnitPlanRow]
    due: datetime.date | None

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def issued(self) -> int:
        return sum(row.issued for row in self.rows)

    @property
    def rate(self) -> Decimal | None:
        return rate_percent(self.issued, self.expected)

    @property
    def missing_count(self) -> int:
        """Units whose plan is missing a task they lead (thiếu nhiệm vụ)."""
        return sum(bool(row.plan and row.missing) for row in self.rows)

    def sentence(self) -> str:
        """ "18/20 đơn vị đã ban hành kế hoạch (90,00%)"."""
        return _("%(done)s/%(total)s đơn vị đã ban hành kế hoạch (%(rate)s)") % {
            "done": vn_int(self.issued),
            "total": vn_int(self.expected),
            "rate": percent(self.rate),
        }


def unit_plans_overview(plan: Plan, *, today: datetime.date) -> UnitPlansOverview:
    """Every unit that leads or coordinates a task of the agency plan (its issuer aside), with
    its own plan if it has one and the tasks it leads that its plan lacks. Four queries."""
    agency_tasks = Task.objects.filter(plan=plan).in_plan()
    units = list(
        Unit.objects.filter(
            Q(pk__in=agency_tasks.values("lead_unit_id")) | Q(pk__in=agency_tasks.values("coordinating_units"))
        )
        .exclude(pk=plan.issuing_unit_id)
        .order_by("order", "name")
    )
    plans = {p.issuing_unit_id: p for p in Plan.objects.filter(parent=plan).order_by("-pk")}
    taken: dict[int, set[int]] = defaultdict(set)
    for plan_id, parent_id in (
        Task.objects.filter(plan__parent=plan, parent_task__isnull=False)
        .in_plan()
        .values_list("plan_id", "parent_task_id")
    ):
        taken[plan_id].add(parent_id)
    led: dict[int, list[Task]] = defaultdict(list)
    for task in agency_tasks.select_related("area").order_by("area__order", "position", "id"):
        led[task.lead_unit_id].append(task)
    due = plan.unit_plans_due
    rows = []
    for unit in units:
        own = plans.get(unit.pk)
        row = UnitPlanRow(unit=unit, plan=own)
        if own is not None:
            row.missing = [t for t in led.get(unit.pk, []) if t.pk not in taken[own.pk]]
        if due is not None:
            row.late = (row.issued and own is not None and own.issued_on is not None and own.issued_on > due) or (
                not row.issued and today > due
            )
        rows.append(row)
    return UnitPlansOverview(plan=plan, rows=rows, due=due)


def unit_plan_of(parent: Plan, unit_id: int | None) -> Plan | None:
    if unit_id is None:
        return None
    return Plan.objects.filter(parent=parent, issuing_unit_id=unit_id).first()
