"""Small hand-written factories (as in djangoproject.com's checklists/tests/factory.py)."""

from __future__ import annotations

import datetime
import itertools

from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import Role
from plans.models import Plan, PlanStatus, ReformArea
from plans.services import plan_create
from tasks.models import Task, TaskStatus
from units.models import Unit, UnitKind

_seq = itertools.count(1)

TEST_PASSWORD = "test-pass-8731"


def make_unit(*, code: str | None = None, name: str | None = None, **fields) -> Unit:
    n = next(_seq)
    fields.setdefault("kind", UnitKind.DEPARTMENT)
    return Unit.objects.create(code=code or f"U{n}", name=name or f"Sở thử nghiệm {n}", **fields)


def area(code: str = "I") -> ReformArea:
    return ReformArea.objects.get(code=code)


def make_plan(*, number: str | None = None, year: int = 2023, issuing_unit: Unit | None = None, **fields) -> Plan:
    n = next(_seq)
    fields.setdefault("status", PlanStatus.ISSUED)
    fields.setdefault("title", f"Kế hoạch cải cách hành chính năm {year}")
    return plan_create(
        by=None, number=number or f"{n}/KH-UBND", year=year, issuing_unit=issuing_unit or make_unit(), **fields
    )


def make_task(
    *,
    plan: Plan | None = None,
    lead_unit: Unit | None = None,
    area_code: str = "I",
    number: str | None = None,
    coordinating: list[Unit] = (),
    **fields,
) -> Task:
    n = next(_seq)
    fields.setdefault("content", f"Nhiệm vụ thử nghiệm số {n}")
    fields.setdefault("deadline", datetime.date(2023, 6, 30))
    if fields.get("status") == TaskStatus.COMPLETED:
        fields.setdefault("progress", 100)
        fields.setdefault("completed_on", datetime.date(2023, 6, 1))
    task = Task.objects.create(
        plan=plan or make_plan(),
        area=area(area_code),
        number=number or str(n),
        position=n,
        lead_unit=lead_unit or make_unit(),
        **fields,
    )
    if coordinating:
        task.coordinating_units.set(coordinating)
    return task


def make_user(username: str, *, role: Role | None = None, unit: Unit | None = None, **fields) -> User:
    user = User.objects.create_user(username=username, password=TEST_PASSWORD, unit=unit, **fields)
    if role is not None:
        user.groups.add(Group.objects.get(name=role.value))
    return user
