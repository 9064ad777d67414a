"""Writes to plans. A plan's tasks are written by tasks/services.py; the plan import lives in
planning/services.py. Every plan change leaves an audit entry, called here explicitly."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from audit.models import AuditAction
from audit.services import audit_record

from .models import Plan, PlanStatus

if TYPE_CHECKING:
    from accounts.models import User
    from units.models import Unit

_EDITABLE = frozenset({"number", "title", "year", "issuing_unit", "issued_on", "parent", "status"})


def plan_create(
    *,
    by: User | None,
    number: str,
    year: int,
    issuing_unit: Unit,
    title: str,
    issued_on: datetime.date | None = None,
    status: str = PlanStatus.ISSUED,
    parent: Plan | None = None,
) -> Plan:
    plan = Plan(
        number=number,
        year=year,
        issuing_unit=issuing_unit,
        title=title,
        issued_on=issued_on,
        status=status,
        parent=parent,
    )
    plan.full_clean()
    plan.save()
    audit_record(action=AuditAction.PLAN_CREATED, actor=by, target=plan, detail=f"status={plan.status}")
    return plan


def plan_update(*, plan: Plan, by: User | None, **changes: object) -> Plan:
    """Change a plan's own fields (not its tasks); returns the plan. Unknown fields are a bug."""
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise TypeError(f"plan_update cannot change {sorted(unknown)}")
    changed = [name for name, value in changes.items() if getattr(plan, name) != value]
    if not changed:
        return plan
    for name in changed:
        setattr(plan, name, changes[name])
    plan.full_clean(validate_unique="number" in changed or "issuing_unit" in changed)
    plan.save(update_fields=[*changed, "updated_at"])
    audit_record(action=AuditAction.PLAN_CHANGED, actor=by, target=plan, detail=", ".join(sorted(changed)))
    return plan
