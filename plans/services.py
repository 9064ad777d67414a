"""Writes to plans. A plan's tasks are written by tasks/services/; the plan import lives in
planning/services.py. Every plan change leaves an audit entry, called here explicitly."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_record
from cchc.formatting import format_date

from .access import can_close_plan, can_create_unit_plan, can_edit_plan, can_issue_plan
from .models import Plan, PlanStatus

if TYPE_CHECKING:
    from accounts.models import User
    from units.models import Unit

_EDITABLE = frozenset({"number", "title", "year", "issuing_unit", "issued_on", "parent", "status", "unit_plans_due"})


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


# ---------------------------------------------------------------- draft → issued → closed


def plan_issue(*, plan: Plan, by: User, number: str, issued_on: datetime.date) -> Plan:
    """Issue a draft plan under its document number and date (ban hành)."""
    if not can_issue_plan(by, plan):
        raise PermissionDenied("This user does not issue this plan")
    errors: dict[str, str] = {}
    if not number.strip():
        errors["number"] = _("Nhập số hiệu văn bản ban hành kế hoạch.")
    if issued_on > timezone.localdate():
        errors["issued_on"] = _("Ngày ban hành không được sau ngày hôm nay.")
    if plan.parent is not None and plan.parent.issued_on and issued_on < plan.parent.issued_on:
        errors["issued_on"] = _("Kế hoạch của đơn vị ban hành sau kế hoạch cấp trên (ngày %(d)s).") % {
            "d": format_date(plan.parent.issued_on)
        }
    if errors:
        raise ValidationError(errors)
    plan_update(plan=plan, by=by, number=" ".join(number.split()), issued_on=issued_on, status=PlanStatus.ISSUED)
    return plan


def plan_close(*, plan: Plan, by: User) -> Plan:
    """The year is over: an issued plan becomes read-only (kết thúc)."""
    if not can_close_plan(by, plan):
        raise PermissionDenied("Only the secretariat closes an issued plan")
    return plan_update(plan=plan, by=by, status=PlanStatus.CLOSED)


def plan_delete_error(plan: Plan) -> str | None:
    """Why a plan may not be deleted, or None. Only drafts go: an issued plan is a document of
    record, and a plan other plans implement keeps them."""
    if plan.status != PlanStatus.DRAFT:
        return str(_("Kế hoạch đã ban hành không thể xóa."))
    if plan.derived_plans.exists():
        return str(_("Kế hoạch đã có kế hoạch của đơn vị triển khai, không thể xóa."))
    return None


def plan_delete(*, plan: Plan, by: User) -> None:
    """Delete a draft plan that has no task left (tasks/services/ `plan_discard` removes the
    draft's tasks first, through the task write path)."""
    if not can_edit_plan(by, plan):
        raise PermissionDenied("This user does not change this plan")
    error = plan_delete_error(plan)
    if error:
        raise ValidationError(error)
    if plan.tasks.exists():
        raise ValidationError(_("Kế hoạch còn nhiệm vụ."))
    audit_record(action=AuditAction.PLAN_DELETED, actor=by, target=plan, detail=f"{plan.number} ({plan.year})")
    plan.delete()


def unit_plan_create(*, parent: Plan, unit: Unit, by: User, title: str, number: str = "") -> Plan:
    """A unit starts its own plan implementing the agency plan, as a draft: one per unit and
    agency plan. The number may wait until the head issues it."""
    if not (can_create_unit_plan(by, parent) and by.unit_id == unit.pk):
        raise PermissionDenied("A unit's people start their own unit's plan")
    existing = Plan.objects.filter(parent=parent, issuing_unit=unit).first()
    if existing is not None:
        raise ValidationError(
            _("Đơn vị đã có kế hoạch triển khai kế hoạch này: %(number)s.") % {"number": existing.number}
        )
    return plan_create(
        by=by,
        number=" ".join(number.split()) or str(_("Dự thảo %(year)s")) % {"year": parent.year},
        year=parent.year,
        issuing_unit=unit,
        title=title.strip() or str(_("Kế hoạch cải cách hành chính năm %(year)s")) % {"year": parent.year},
        status=PlanStatus.DRAFT,
        parent=parent,
    )
