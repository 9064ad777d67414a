from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from plans.access import can_close_plan, can_create_unit_plan, can_edit_plan, can_issue_plan
from plans.models import PlanStatus
from plans.services import plan_delete_error
from reports.completion import Completion, completion_by_area, completion_by_plan, completion_of
from tasks.access import get_plan_for_user, visible_plans, visible_tasks
from tasks.plan_changes import plan_changes
from tasks.selectors import tasks_grouped_by_area

from .unit_plans import offered_tasks, unit_plan_of


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    tasks = visible_tasks(request.user)
    plans = visible_plans(request.user)
    years = sorted(set(plans.values_list("year", flat=True)), reverse=True)
    year = request.GET.get("year", "")
    if year.isdigit():
        plans = plans.filter(year=int(year))
    plans = list(plans.select_related("issuing_unit").order_by("-year", "number"))
    # The tasks the user sees in each listed plan, counted as the dashboards count them.
    figures = completion_by_plan(tasks.filter(plan__in=[p.pk for p in plans]), as_of=today)
    for plan in plans:
        plan.completion = figures.get(plan.pk, Completion())
    context = {"plans": plans, "years": years, "year": year, "today": today, "nav": "plans"}
    return render(request, "plans/plan_list.html", context)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    today = timezone.localdate()
    tasks = visible_tasks(request.user).filter(plan=plan)
    by_area = completion_by_area(tasks, as_of=today)
    user = request.user
    can_edit = can_edit_plan(user, plan)
    sections = tasks_grouped_by_area(tasks, include_empty=user.reads_everything or can_edit)
    for section in sections:
        section.completion = by_area.get(section.area.pk)
    own_plan = not plan.is_agency_plan and user.is_unit_member and user.unit_id == plan.issuing_unit_id
    context = {
        "plan": plan,
        "sections": sections,
        "completion": completion_of(tasks, as_of=today),
        "today": today,
        "unit_scope": not (user.reads_everything or own_plan),
        # The editor (planning/editor_views.py) and the plan's changes since it was issued.
        "can_edit": can_edit,
        "can_issue": can_issue_plan(user, plan),
        "can_close": can_close_plan(user, plan),
        "can_delete": can_edit and plan_delete_error(plan) is None,
        "changes": plan_changes(plan) if plan.status != PlanStatus.DRAFT else None,
        # Units' plans (planning/unit_plans.py): what a unit's plan takes from the agency's,
        # and, on the agency plan, the user's own unit plan or the offer to start it.
        "offered": offered_tasks(plan) if not plan.is_agency_plan and (can_edit or user.reads_everything) else None,
        "my_unit_plan": unit_plan_of(plan, user.unit_id) if plan.is_agency_plan and user.is_unit_member else None,
        "can_start_unit_plan": plan.is_agency_plan and can_create_unit_plan(user, plan),
    }
    return render(request, "plans/plan_detail.html", context)
