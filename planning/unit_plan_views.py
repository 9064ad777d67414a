"""Units' own plans: a unit starts its plan from the agency plan and takes the agency tasks it
leads or coordinates over; the secretariat follows which units issued theirs
(planning/unit_plans.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.formatting import format_date
from plans import services as plan_services
from plans.access import can_create_unit_plan, can_edit_plan
from tasks.access import get_plan_for_user
from tasks.models import Task

from . import unit_plans
from .editor_forms import DerivedPartFormSet, UnitPlanStartForm
from .editor_views import _apply


@login_required
def unit_plan_start(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's people start their unit's plan under the agency plan `pk` (or open it if it exists)."""
    parent = get_plan_for_user(request.user, pk)
    existing = unit_plans.unit_plan_of(parent, request.user.unit_id)
    if existing is not None:
        return redirect(existing)
    if not can_create_unit_plan(request.user, parent):
        raise PermissionDenied("A unit's people start their unit's plan from an issued agency plan")
    form = UnitPlanStartForm(
        request.POST or None,
        initial={
            "title": _("Kế hoạch cải cách hành chính năm %(year)s của %(unit)s")
            % {"year": parent.year, "unit": request.user.unit.name}
        },
    )
    if request.method == "POST" and form.is_valid():
        created = []
        if _apply(
            form,
            lambda: created.append(
                plan_services.unit_plan_create(
                    parent=parent,
                    unit=request.user.unit,
                    by=request.user,
                    title=form.cleaned_data["title"],
                    number=form.cleaned_data["number"],
                )
            ),
        ):
            messages.success(request, _("Đã tạo dự thảo kế hoạch của đơn vị. Nhận các nhiệm vụ của kế hoạch cấp trên."))
            return redirect(created[0])
    return render(request, "plans/unit_plan_start.html", {"form": form, "parent": parent, "nav": "plans"})


@login_required
def task_take_over(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    """Take agency task `task_pk` into unit plan `pk`: whole, or split into parts with their own deadlines."""
    plan = get_plan_for_user(request.user, pk)
    if plan.is_agency_plan:
        raise Http404("Not a unit's plan")
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied("This user does not change this plan")
    parent_task = (
        Task.objects.filter(pk=task_pk, plan_id=plan.parent_id).select_related("area", "plan", "lead_unit").first()
    )
    if parent_task is None:
        raise Http404("No such task in the parent plan")
    initial = [
        {
            "content": parent_task.content,
            "expected_output": parent_task.expected_output,
            "deadline": parent_task.deadline,
        }
    ]
    formset = DerivedPartFormSet(request.POST or None, initial=None if request.method == "POST" else initial)
    error = None
    if request.method == "POST" and formset.is_valid():
        parts = [
            unit_plans.DerivedPart(
                f.cleaned_data.get("content", ""),
                f.cleaned_data.get("expected_output", ""),
                f.cleaned_data.get("deadline"),
            )
            for f in formset.forms
            if f.cleaned_data and any(f.cleaned_data.values())
        ]
        try:
            created = unit_plans.task_take_over(unit_plan=plan, parent_task=parent_task, by=request.user, parts=parts)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("Đã nhận nhiệm vụ %(n)s vào kế hoạch của đơn vị (%(parts)s phần việc).")
                % {"n": f"{parent_task.area.code}.{parent_task.number}", "parts": len(created)},
            )
            return redirect(plan)
    context = {
        "plan": plan,
        "parent_task": parent_task,
        "formset": formset,
        "error": error,
        "deadline_text": format_date(parent_task.deadline) if parent_task.deadline else "",
        "nav": "plans",
    }
    return render(request, "plans/task_take_over.html", context)


@login_required
def unit_plans_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat's and leaders' view of the units' plans under an agency plan."""
    plan = get_plan_for_user(request.user, pk)
    if not request.user.reads_everything:
        raise PermissionDenied("The secretariat and leaders follow the units' plans")
    if not plan.is_agency_plan:
        raise Http404("A unit's plan has no units' plans")
    today = timezone.localdate()
    overview = unit_plans.unit_plans_overview(plan, today=today)
    return render(
        request, "plans/unit_plans.html", {"plan": plan, "overview": overview, "today": today, "nav": "plans"}
    )
