"""Who may change a plan and move it through draft → issued → closed (docs/DOMAIN.md, "Plans
and their task tables"). Reading plans is tasks/access.py's `visible_plans`.

- An agency plan (no parent) is the secretariat's: it writes, issues, closes it.
- A unit's plan (derived from the agency plan) is drafted by the unit's staff and head and
  issued by the unit's head; the secretariat may do the same for a unit that sent its plan on
  paper. Closed plans are read-only for everyone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Plan, PlanStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def _own_unit(user: User | AnonymousUser, plan: Plan) -> bool:
    return bool(user.is_authenticated and user.is_unit_member and user.unit_id == plan.issuing_unit_id)


def can_edit_plan(user: User | AnonymousUser, plan: Plan) -> bool:
    """Change the plan's fields and tasks (add, adjust, remove, reorder)."""
    if not user.is_authenticated or plan.status == PlanStatus.CLOSED:
        return False
    if user.is_secretariat:
        return True
    return not plan.is_agency_plan and _own_unit(user, plan)


def can_issue_plan(user: User | AnonymousUser, plan: Plan) -> bool:
    if not user.is_authenticated or plan.status != PlanStatus.DRAFT:
        return False
    if user.is_secretariat:
        return True
    return not plan.is_agency_plan and _own_unit(user, plan) and user.is_unit_head


def can_close_plan(user: User | AnonymousUser, plan: Plan) -> bool:
    return bool(user.is_authenticated and user.is_secretariat and plan.status == PlanStatus.ISSUED)


def can_create_unit_plan(user: User | AnonymousUser, parent: Plan) -> bool:
    """A unit's people start their unit's plan from an issued agency plan."""
    return bool(
        user.is_authenticated
        and user.is_unit_member
        and parent.is_agency_plan
        and parent.status == PlanStatus.ISSUED
        and parent.issuing_unit_id != user.unit_id
    )
