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
from tasks.services import NewTask, tasks_import
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


# Tasks made without a creation date existed "always": their first history entries take effect
# on this date, before any date a test asks figures for.
HISTORY_EPOCH = datetime.date(2000, 1, 1)


def make_task(
    *,
    plan: Plan | None = None,
    lead_unit: Unit | None = None,
    area_code: str = "I",
    number: str | None = None,
    coordinating: list[Unit] = (),
    created_on: datetime.date = HISTORY_EPOCH,
    by: User | None = None,
    **fields,
) -> Task:
    """A task made the way the tool makes one (tasks_import: a CREATED entry and its state
    span). Its state (status, progress, completed_on, an extension) is the one it was created
    in, from `created_on` on: figures as of any later date see the task in that state."""
    n = next(_seq)
    fields.setdefault("content", f"Nhiệm vụ thử nghiệm số {n}")
    fields.setdefault("deadline", datetime.date(2023, 6, 30))
    if fields.get("status") == TaskStatus.COMPLETED:
        fields.setdefault("progress", 100)
        fields.setdefault("completed_on", datetime.date(2023, 6, 1))
    if fields.get("original_deadline"):
        fields.setdefault("extension_count", 1)
    lead = lead_unit or make_unit()
    (task,) = tasks_import(
        plan=plan or make_plan(),
        tasks=[
            NewTask(
                area_id=area(area_code).pk,
                number=number or str(n),
                position=n,
                lead_unit_id=lead.pk,
                coordinating_ids=[u.pk for u in coordinating],
                **fields,
            )
        ],
        by=by,
        effective_on=created_on,
    )
    task.refresh_from_db()
    return task


def make_user(username: str, *, role: Role | None = None, unit: Unit | None = None, **fields) -> User:
    user = User.objects.create_user(username=username, password=TEST_PASSWORD, unit=unit, **fields)
    if role is not None:
        user.groups.add(Group.objects.get(name=role.value))
    return user
