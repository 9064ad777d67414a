"""The demo plan through the year (docs/DOMAIN.md, "Plans during the year"): the province
adjusts its plan by decisions after the six-month report — a deadline extended, a lead unit
changed, one task added, one taken out of the plan — and most units derive their own plan from
it (two late, one missing a task it leads). Everything goes through the services.

Every adjustment takes effect after 30/06 of the plan year and no later than the demo's "today",
so the six-month figures stay those of the plan as issued (40/77, 51,95%), and a plan that adds
one task and removes one keeps 77 tasks today."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from accounts.models import User
from planning.unit_plans import DerivedPart, offered_tasks, task_take_over, unit_plans_overview
from plans.models import Plan, PlanStatus, ReformArea
from plans.services import plan_create, plan_delete, plan_issue, plan_update, unit_plan_create
from tasks.models import Task, TaskStatus
from tasks.services import plan_tasks_purge, task_create, task_edit
from units.models import Unit

# Units whose codes the demo catalogue keeps whatever its version: the adjustments and the units
# whose plans stand out are among them.
PLAN_UNITS = ("STP", "STC", "SNV", "SYT", "SGDDT", "SXD", "SCT", "VP-UBND")
ISSUED_LATE = "SXD"  # issues its plan after the deadline
NOT_ISSUED = "SCT"  # still drafting
MISSING_A_LED_TASK = "SYT"  # leaves out one agency task it leads
ADDED_TASK = {
    "area": "VII",
    "content": "Thí điểm ứng dụng trợ lý ảo hỗ trợ tổ chức, công dân tra cứu thủ tục hành chính tại "
    "Trung tâm Phục vụ hành chính công tỉnh",
    "expected_output": "Báo cáo kết quả thí điểm",
    "lead": "VP-UBND",
    "deadline_text": "Tháng 12",
}


@dataclass(frozen=True)
class Decision:
    number: str
    signed_on: datetime.date
    effective_on: datetime.date
    reason: str

    def text(self, year: int) -> str:
        """As TaskEvent.document stores it (planning/editor_forms.py `document_text`)."""
        return (
            f"{self.number} ngày {self.signed_on:%d/%m/%Y}: Về việc điều chỉnh, bổ sung "
            f"Kế hoạch cải cách hành chính năm {year}"
        )


def _decision_days(year: int, today: datetime.date) -> list[datetime.date]:
    """Four days spread over 01/07 … min(today, 31/12) of the plan year, in order, before today."""
    start = datetime.date(year, 7, 1)
    end = max(start, min(today, datetime.date(year, 12, 31)))
    return [start + (end - start) * k // 5 for k in range(1, 5)]


def demo_plan_life(*, plan: Plan, users: dict[str, User], units: dict[str, Unit], today: datetime.date) -> None:
    secretariat = users["thuongtruc"]
    _purge_unit_plans(plan, by=secretariat)
    _adjust(plan, by=secretariat, units=units, today=today)
    _unit_plans(plan, users=users, today=today)


def _purge_unit_plans(plan: Plan, *, by: User) -> None:
    """A reloaded demo starts its units' plans again."""
    for unit_plan in Plan.objects.filter(parent=plan):
        plan_tasks_purge(plan=unit_plan)
        plan_update(plan=unit_plan, by=by, status=PlanStatus.DRAFT)
        plan_delete(plan=unit_plan, by=by)


def _not_started(plan: Plan, *, exclude: set[int]) -> list[Task]:
    """The plan's tasks nobody has reported on yet, in the plan's order: adjusting them leaves
    no later report before the adjustment in their history."""
    return list(
        Task.objects.filter(plan=plan, status=TaskStatus.NOT_STARTED, deadline__isnull=False)
        .exclude(pk__in=exclude)
        .select_related("lead_unit")
        .order_by("area__order", "position")
    )


def _adjust(plan: Plan, *, by: User, units: dict[str, Unit], today: datetime.date) -> None:
    year = plan.year
    days = _decision_days(year, today)
    decisions = [
        Decision(f"{1200 + 85 * i}/QĐ-UBND", day - datetime.timedelta(days=2), day, reason)
        for i, (day, reason) in enumerate(
            zip(
                days,
                [
                    "Chờ hướng dẫn mới của Bộ Nội vụ sau khi sắp xếp tổ chức bộ máy",
                    "Phân công lại theo chức năng, nhiệm vụ sau khi sắp xếp cơ quan chuyên môn",
                    "Bổ sung theo chỉ đạo của Chủ tịch UBND tỉnh tại phiên họp thường kỳ tháng",
                    "Nội dung đã được thực hiện lồng ghép trong nhiệm vụ khác của kế hoạch",
                ],
                strict=True,
            )
        )
    ]
    used: set[int] = set()
    year_end = datetime.date(year, 12, 31)
    # A deadline extended to the end of the year.
    extended = next(t for t in _not_started(plan, exclude=used) if t.deadline and t.deadline < year_end)
    used.add(extended.pk)
    _edit(extended, by=by, decision=decisions[0], year=year, deadline=year_end, deadline_text="Tháng 12")
    # A lead unit changed, between two of the units every catalogue keeps.
    moved, new_lead = next(
        (t, units[code])
        for t in _not_started(plan, exclude=used)
        if t.lead_unit.code in PLAN_UNITS
        for code in ("VP-UBND", "SNV")
        if code != t.lead_unit.code and not t.coordinating_units.filter(code=code).exists()
    )
    used.add(moved.pk)
    _edit(moved, by=by, decision=decisions[1], year=year, lead_unit=new_lead)
    # A task added.
    area = ReformArea.objects.get(code=ADDED_TASK["area"])
    numbers = Task.objects.filter(plan=plan, area=area).values_list("number", flat=True)
    added = task_create(
        plan=plan,
        area=area,
        number=str(max((int(n) for n in numbers if n.isdigit()), default=0) + 1),
        content=ADDED_TASK["content"],
        expected_output=ADDED_TASK["expected_output"],
        lead_unit=units[ADDED_TASK["lead"]],
        by=by,
        deadline=year_end,
        deadline_text=ADDED_TASK["deadline_text"],
        note=decisions[2].reason,
        document=decisions[2].text(year),
        effective_on=decisions[2].effective_on,
    )
    used.add(added.pk)
    # A task taken out of the plan.
    removed = _not_started(plan, exclude=used)[-1]
    _edit(removed, by=by, decision=decisions[3], year=year, status=TaskStatus.REMOVED)


def _edit(task: Task, *, by: User, decision: Decision, year: int, **changes: object) -> None:
    task_edit(
        task=task,
        by=by,
        loaded_version=task.version,
        changes=changes,
        reason=decision.reason,
        document=decision.text(year),
        effective_on=decision.effective_on,
    )


def _unit_plans(plan: Plan, *, users: dict[str, User], today: datetime.date) -> None:
    """Every unit the agency plan involves drafts its plan from the agency tasks it leads (the
    first split in two parts, where time allows) and adds a task of its own; its head — or the
    secretariat where the demo has no head of the unit — issues it by the deadline (15/02), all
    but two: one issues late, one is still drafting."""
    secretariat = users["thuongtruc"]
    year = plan.year
    due = datetime.date(year, 2, 15)
    plan_update(plan=plan, by=secretariat, unit_plans_due=due)
    staff = {u.unit.code: u for u in users.values() if u.is_unit_member and u.unit is not None}
    heads = {u.unit.code: u for u in users.values() if u.is_unit_head and u.unit is not None}
    involved = [row.unit for row in unit_plans_overview(plan, today=today).rows]
    for index, unit in enumerate(involved):
        code = unit.code
        drafted = datetime.date(year, 1, 15) + datetime.timedelta(days=index % 10)
        title = f"Kế hoạch cải cách hành chính năm {year} của {unit.name}"
        if code in staff:
            unit_plan = unit_plan_create(parent=plan, unit=unit, by=staff[code], title=title)
        else:
            unit_plan = plan_create(
                by=secretariat,
                number=f"Dự thảo {year}",
                year=year,
                issuing_unit=unit,
                title=title,
                status=PlanStatus.DRAFT,
                parent=plan,
            )
        author = staff.get(code, secretariat)
        led = [item.task for item in offered_tasks(unit_plan) if item.leads]
        if code == MISSING_A_LED_TASK:
            led = led[1:]
        for position, task in enumerate(led):
            parts = [DerivedPart()]
            if position == 0 and task.deadline and task.deadline > drafted + datetime.timedelta(days=40):
                first_step = drafted + datetime.timedelta(days=40)
                parts = [
                    DerivedPart(content=f"Xây dựng dự thảo: {task.content}", deadline=first_step),
                    DerivedPart(content=f"Hoàn thành, trình ban hành: {task.content}", deadline=task.deadline),
                ]
            task_take_over(unit_plan=unit_plan, parent_task=task, by=author, parts=parts, on=drafted)
        own_area = ReformArea.objects.get(code="I")
        taken = Task.objects.filter(plan=unit_plan, area=own_area).values_list("number", flat=True)
        task_create(
            plan=unit_plan,
            area=own_area,
            number=str(max((int(n.split(".")[0]) for n in taken if n.split(".")[0].isdigit()), default=0) + 1),
            content=f"Tự kiểm tra công tác cải cách hành chính tại {unit.name}",
            expected_output="Báo cáo kết quả tự kiểm tra",
            lead_unit=unit,
            by=author,
            deadline=datetime.date(year, 10, 31),
            deadline_text="Tháng 10",
            effective_on=drafted,
        )
        if code == NOT_ISSUED:
            continue
        issued_on = datetime.date(year, 3, 10) if code == ISSUED_LATE else drafted + datetime.timedelta(days=12)
        plan_issue(
            plan=unit_plan,
            by=heads.get(code, secretariat),
            number=f"{15 + 3 * index}/KH-{code}",
            issued_on=min(issued_on, today),
        )
