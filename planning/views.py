from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from reports.completion import Completion, completion_by_area, completion_by_plan, completion_of
from tasks.access import get_plan_for_user, visible_plans, visible_tasks
from tasks.selectors import tasks_grouped_by_area


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
    return render(request, "plans/plan_list.html", {"plans": plans, "years": years, "year": year, "today": today})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    today = timezone.localdate()
    tasks = visible_tasks(request.user).filter(plan=plan)
    by_area = completion_by_area(tasks, as_of=today)
    sections = tasks_grouped_by_area(tasks, include_empty=request.user.reads_everything)
    for section in sections:
        section.completion = by_area.get(section.area.pk)
    context = {
        "plan": plan,
        "sections": sections,
        "completion": completion_of(tasks, as_of=today),
        "today": today,
        "unit_scope": not request.user.reads_everything,
    }
    return render(request, "plans/plan_detail.html", context)
