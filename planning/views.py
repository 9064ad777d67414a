from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from reports.completion import completion_by_area, completion_of
from tasks.access import get_plan_for_user, visible_plans, visible_tasks
from tasks.models import TaskStatus
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
    plans = (
        plans.select_related("issuing_unit")
        .annotate(
            task_total=Count("tasks", filter=Q(tasks__in=tasks) & ~Q(tasks__status=TaskStatus.REMOVED)),
            task_completed=Count(
                "tasks", filter=Q(tasks__in=tasks, tasks__status=TaskStatus.COMPLETED, tasks__completed_on__lte=today)
            ),
        )
        .order_by("-year", "number")
    )
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
