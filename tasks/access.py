"""Who may see and change what — the one place every view asks (CONTRIBUTING.md, "Where code
goes").

Objects a user may not see answer 404 (no leak that they exist); objects they may
see but not change answer 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from plans.models import Plan
from tasks.models import Task
from tasks.workflow_models import CompletionReport, ExtensionRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def visible_tasks(user: User | AnonymousUser) -> QuerySet[Task]:
    """Every task the user may read: all for secretariat and leaders; for a unit's
    staff and head, the tasks their unit leads or coordinates; nothing otherwise."""
    if not user.is_authenticated or not user.is_active:
        return Task.objects.none()
    if user.reads_everything:
        return Task.objects.all()
    if user.is_unit_member:
        return Task.objects.involving(user.unit_id)
    return Task.objects.none()


def can_change_task(user: User | AnonymousUser, task: Task) -> bool:
    """Status and progress are changed by the lead unit's people and by the secretariat."""
    if not user.is_authenticated:
        return False
    if user.is_secretariat:
        return True
    return user.is_unit_member and task.lead_unit_id == user.unit_id


def can_contribute(user: User | AnonymousUser, task: Task) -> bool:
    """A coordinating unit's people add contribution notes; they never change the status."""
    if not (user.is_authenticated and user.is_unit_member) or user.unit_id is None:
        return False
    return task.coordinating_units.filter(pk=user.unit_id).exists()


def can_approve_for_unit(user: User | AnonymousUser, task: Task) -> bool:
    """The lead unit's head approves its staff's completion reports (when the unit asks for it)."""
    return user.is_authenticated and user.is_unit_head and task.lead_unit_id == user.unit_id


def can_decide(user: User | AnonymousUser) -> bool:
    """Confirming or returning completions and deciding extensions is the secretariat's job."""
    return user.is_authenticated and user.is_secretariat


def can_read_task(user: User | AnonymousUser, task: Task) -> bool:
    """visible_tasks() for one task already loaded: no query for the secretariat, leaders and
    the lead unit's people, one for a coordinating unit's."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.reads_everything:
        return True
    return (user.is_unit_member and task.lead_unit_id == user.unit_id) or can_contribute(user, task)


def get_task_for_user(user: User | AnonymousUser, pk: int, *, write: bool = False) -> Task:
    # Loaded by its key, then checked (can_read_task): the same answer as visible_tasks(),
    # without compiling its subqueries on every task page and every update (issue 22).
    task = Task.objects.select_related("plan", "area", "lead_unit").filter(pk=pk).first()
    if task is None or not can_read_task(user, task):
        raise Http404("No such task")
    if write and not can_change_task(user, task):
        raise PermissionDenied("Read-only access to this task")
    return task


def visible_plans(user: User | AnonymousUser) -> QuerySet[Plan]:
    """Plans the user may open: all for secretariat and leaders; for unit members,
    plans their unit issued or in which it leads or coordinates a task."""
    if not user.is_authenticated or not user.is_active:
        return Plan.objects.none()
    if user.reads_everything:
        return Plan.objects.all()
    if user.is_unit_member:
        with_tasks = visible_tasks(user).values("plan_id")
        return Plan.objects.filter(Q(issuing_unit_id=user.unit_id) | Q(pk__in=with_tasks))
    return Plan.objects.none()


def can_manage_plans(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.is_secretariat


def get_plan_for_user(user: User | AnonymousUser, pk: int, *, manage: bool = False) -> Plan:
    plan = visible_plans(user).select_related("issuing_unit", "parent").filter(pk=pk).first()
    if plan is None:
        raise Http404("No such plan")
    if manage and not can_manage_plans(user):
        raise PermissionDenied("Only the secretariat manages plans")
    return plan


def get_report_for_user(
    user: User | AnonymousUser, pk: int, *, decide: bool = False, approve: bool = False
) -> CompletionReport:
    """A completion report of a visible task; `decide` needs the secretariat, `approve` the
    lead unit's head."""
    report = (
        CompletionReport.objects.select_related("task", "task__lead_unit", "task__plan", "task__area")
        .filter(pk=pk, task__in=visible_tasks(user))
        .first()
    )
    if report is None:
        raise Http404("No such report")
    if decide and not can_decide(user):
        raise PermissionDenied("Only the secretariat decides on completion reports")
    if approve and not can_approve_for_unit(user, report.task):
        raise PermissionDenied("Only the lead unit's head approves its reports")
    return report


def get_extension_for_user(user: User | AnonymousUser, pk: int, *, decide: bool = False) -> ExtensionRequest:
    request = (
        ExtensionRequest.objects.select_related("task", "task__lead_unit", "task__plan", "task__area")
        .filter(pk=pk, task__in=visible_tasks(user))
        .first()
    )
    if request is None:
        raise Http404("No such extension request")
    if decide and not can_decide(user):
        raise PermissionDenied("Only the secretariat decides on extensions")
    return request
