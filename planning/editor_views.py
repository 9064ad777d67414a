"""The plan editor: a plan made by hand and moved draft → issued → closed; its tasks added,
adjusted, removed and reordered in the browser, each change with its reason and the deciding
document, recorded through tasks/services/ (docs/DOMAIN.md, "Plans during the year")."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans import services as plan_services
from plans.access import can_close_plan, can_edit_plan, can_issue_plan
from plans.models import Plan, PlanStatus, ReformArea
from tasks import closed_periods
from tasks import selectors as task_selectors
from tasks import services as task_services
from tasks.access import can_manage_plans, get_plan_for_user, visible_tasks
from tasks.closed_periods import ClosedPeriodChange
from tasks.models import Task, TaskStatus

from .editor_forms import AreaOrderForm, PlanForm, PlanIssueForm, TaskEditForm, TaskFields, TaskRemoveForm


def _apply(form, action) -> bool:
    """Run a service; its ValidationError becomes the form's errors."""
    try:
        action()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return False
    return True


def _closed_changes(request: HttpRequest, task: Task, save) -> list[ClosedPeriodChange]:
    """The closed periods whose figures this save would change, unless the user ticked the
    confirmation (tasks/closed_periods.py). The preview saves a fresh copy of the task without
    the attachment (evidence does not move figures; a rolled-back save would orphan the file)."""
    if closed_periods.confirmed(request):
        return []
    return closed_periods.changes_to_closed_periods(
        [task], lambda: save(Task.objects.get(pk=task.pk), task_services.NO_EVIDENCE)
    )


def _closed_context(request: HttpRequest, changes: list[ClosedPeriodChange]) -> dict:
    return {
        "closed_changes": changes,
        "closed_field": closed_periods.CONFIRM_FIELD,
        "files_dropped": bool(request.FILES),
    }


def _editable_plan(request: HttpRequest, pk: int) -> Plan:
    """A plan the user sees (else 404) and may change (else 403)."""
    plan = get_plan_for_user(request.user, pk)
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied("This user does not change this plan")
    return plan


def _editable_task(request: HttpRequest, pk: int) -> Task:
    task = visible_tasks(request.user).select_related("plan", "area", "lead_unit").filter(pk=pk).first()
    if task is None:
        raise Http404("No such task")
    if not can_edit_plan(request.user, task.plan):
        raise PermissionDenied("This user does not change this plan")
    return task


# ---------------------------------------------------------------- the plan itself


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    """A plan made by hand, as a draft; its tasks are added next."""
    if not can_manage_plans(request.user):
        raise PermissionDenied("Only the secretariat creates plans")
    form = PlanForm(request.POST or None, initial={"issuing_unit": request.user.unit})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created: list[Plan] = []
        if _apply(
            form,
            lambda: created.append(
                plan_services.plan_create(
                    by=request.user,
                    number=data["number"],
                    year=data["year"],
                    issuing_unit=data["issuing_unit"],
                    title=data["title"],
                    issued_on=data["issued_on"],
                    status=PlanStatus.DRAFT,
                    parent=data["parent"],
                )
            ),
        ):
            plan = created[0]
            if data["unit_plans_due"]:
                plan_services.plan_update(plan=plan, by=request.user, unit_plans_due=data["unit_plans_due"])
            messages.success(request, _("Đã tạo dự thảo kế hoạch. Thêm nhiệm vụ rồi ban hành."))
            return redirect(plan)
    return render(request, "plans/plan_form.html", {"form": form, "plan": None, "nav": "plans"})


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    initial = {
        "number": plan.number,
        "title": plan.title,
        "year": plan.year,
        "issuing_unit": plan.issuing_unit,
        "issued_on": plan.issued_on,
        "parent": plan.parent,
        "unit_plans_due": plan.unit_plans_due,
    }
    form = PlanForm(request.POST or None, initial=initial, plan=plan)
    if not request.user.is_secretariat:
        # A unit's people change their own plan's text, not whose plan it is.
        for name in ("issuing_unit", "parent", "year", "unit_plans_due"):
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in initial}
        if plan.status != PlanStatus.DRAFT:
            changes.pop("year")  # the year of an issued plan dates its tasks' deadlines
        if _apply(form, lambda: plan_services.plan_update(plan=plan, by=request.user, **changes)):
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect(plan)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan, "nav": "plans"})


@login_required
def plan_issue(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    if not can_issue_plan(request.user, plan):
        raise PermissionDenied("This user does not issue this plan")
    number = "" if plan.number.startswith(_("Dự thảo")) else plan.number
    form = PlanIssueForm(
        request.POST or None, initial={"number": number, "issued_on": plan.issued_on or timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form,
            lambda: plan_services.plan_issue(
                plan=plan, by=request.user, number=data["number"], issued_on=data["issued_on"]
            ),
        ):
            messages.success(request, _("Đã ban hành kế hoạch %(number)s.") % {"number": plan.number})
            return redirect(plan)
    return render(request, "plans/plan_issue.html", {"form": form, "plan": plan, "nav": "plans"})


@login_required
@require_POST
def plan_close(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    if not can_close_plan(request.user, plan):
        raise PermissionDenied("Only the secretariat closes an issued plan")
    plan_services.plan_close(plan=plan, by=request.user)
    messages.success(request, _("Đã kết thúc kế hoạch %(number)s.") % {"number": plan.number})
    return redirect(plan)


@login_required
@require_POST
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    try:
        task_services.plan_discard(plan=plan, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(plan)
    messages.success(request, _("Đã xóa dự thảo kế hoạch %(number)s.") % {"number": plan.number})
    return redirect("plans:list")


# ---------------------------------------------------------------- the plan's tasks


def _issued(plan: Plan) -> bool:
    return plan.status != PlanStatus.DRAFT


@login_required
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Bổ sung nhiệm vụ: a new row of the plan, decided by a document once the plan is issued."""
    plan = _editable_plan(request, pk)
    area = ReformArea.objects.filter(code=request.GET.get("area", "")).first()
    form = TaskFields(
        request.POST or None,
        request.FILES or None,
        plan=plan,
        document_required=_issued(plan),
        initial={"area": area, "lead_unit": plan.issuing_unit if not plan.is_agency_plan else None},
    )
    if request.method == "POST" and form.is_valid():
        values = form.task_values()
        coordinating = form.cleaned_data["coordinating_units"]
        created: list[Task] = []
        if _apply(
            form,
            lambda: created.append(
                task_services.task_create(
                    plan=plan,
                    by=request.user,
                    coordinating_units=coordinating,
                    note=form.reason_text(),
                    document=form.document_text(),
                    effective_on=form.effective_date() or (timezone.localdate() if _issued(plan) else None),
                    evidence=form.evidence(),
                    **values,
                )
            ),
        ):
            task = created[0]
            messages.success(request, _("Đã thêm nhiệm vụ %(n)s.") % {"n": f"{task.area.code}.{task.number}"})
            return redirect(plan)
    return render(request, "plans/task_form.html", {"form": form, "plan": plan, "task": None, "nav": "plans"})


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Điều chỉnh nhiệm vụ: content, lead unit, deadline… with the reason and the document.
    The form carries the version it was loaded at; a stale save answers 409 with what changed."""
    task = _editable_task(request, pk)
    plan = task.plan
    conflict = None
    initial = {
        "area": task.area,
        "number": task.number,
        "content": task.content,
        "expected_output": task.expected_output,
        "lead_unit": task.lead_unit,
        "coordinating_units": list(task.coordinating_units.all()),
        "coordination_text": task.coordination_text,
        "deadline_text": task.deadline_text,
        "source": task.source,
        "remarks": task.remarks,
        "version": task.version,
    }
    form = TaskEditForm(
        request.POST or None, request.FILES or None, plan=plan, document_required=_issued(plan), initial=initial
    )
    closed_changes: list[ClosedPeriodChange] = []
    if request.method == "POST" and form.is_valid():
        values = form.task_values()

        def edit(target: Task, evidence: task_services.EvidenceInput) -> object:
            return task_services.task_edit(
                task=target,
                by=request.user,
                loaded_version=form.cleaned_data["version"],
                changes=values,
                reason=form.reason_text(),
                document=form.document_text(),
                coordinating_units=form.cleaned_data["coordinating_units"],
                effective_on=form.effective_date(),
                evidence=evidence,
            )

        closed_changes = _closed_changes(request, task, edit)
    if closed_changes:
        context = {"form": form, "plan": plan, "task": task, "conflict": None, "nav": "plans"}
        return render(request, "plans/task_form.html", {**context, **_closed_context(request, closed_changes)})
    if request.method == "POST" and form.is_valid():
        try:
            saved = _apply(form, lambda: edit(task, form.evidence()))
        except task_services.TaskConflict as exc:
            task.refresh_from_db()
            conflict = task_selectors.changes_since(task, exc.loaded_version)
            data = request.POST.copy()
            data["version"] = task.version
            form = TaskEditForm(data, plan=plan, document_required=_issued(plan), initial=initial)
            form.is_valid()
        else:
            if saved:
                messages.success(request, _("Đã điều chỉnh nhiệm vụ %(n)s.") % {"n": f"{task.area.code}.{task.number}"})
                return redirect(task)
    context = {"form": form, "plan": plan, "task": task, "conflict": conflict, "nav": "plans"}
    return render(request, "plans/task_form.html", context, status=409 if conflict else 200)


@login_required
def task_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Đưa ra khỏi kế hoạch: the task stays in the history and leaves the figures from the
    date the decision takes effect."""
    task = _editable_task(request, pk)
    if task.status == TaskStatus.REMOVED:
        messages.info(request, _("Nhiệm vụ đã được đưa ra khỏi kế hoạch."))
        return redirect(task)
    conflict = None
    form = TaskRemoveForm(
        request.POST or None,
        request.FILES or None,
        document_required=_issued(task.plan),
        initial={"version": task.version},
    )
    form.fields["reason"].required = True
    closed_changes: list[ClosedPeriodChange] = []
    if request.method == "POST" and form.is_valid():

        def remove(target: Task, evidence: task_services.EvidenceInput) -> object:
            return task_services.task_edit(
                task=target,
                by=request.user,
                loaded_version=form.cleaned_data["version"],
                changes={"status": TaskStatus.REMOVED},
                reason=form.reason_text(),
                document=form.document_text(),
                effective_on=form.effective_date(),
                evidence=evidence,
            )

        closed_changes = _closed_changes(request, task, remove)
    if closed_changes:
        context = {"form": form, "task": task, "plan": task.plan, "conflict": None, "nav": "plans"}
        return render(request, "plans/task_remove.html", {**context, **_closed_context(request, closed_changes)})
    if request.method == "POST" and form.is_valid():
        try:
            saved = _apply(form, lambda: remove(task, form.evidence()))
        except task_services.TaskConflict as exc:
            task.refresh_from_db()
            conflict = task_selectors.changes_since(task, exc.loaded_version)
            data = request.POST.copy()
            data["version"] = task.version
            form = TaskRemoveForm(data, document_required=_issued(task.plan))
            form.is_valid()
        else:
            if saved:
                messages.success(
                    request, _("Đã đưa nhiệm vụ %(n)s ra khỏi kế hoạch.") % {"n": f"{task.area.code}.{task.number}"}
                )
                return redirect(task.plan)
    context = {"form": form, "task": task, "plan": task.plan, "conflict": conflict, "nav": "plans"}
    return render(request, "plans/task_remove.html", context, status=409 if conflict else 200)


@login_required
def area_order(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """Order and numbers (STT as written) of one area's tasks. Reordering is layout, not a change
    of the tasks; a new number is, and is recorded with its reason and document."""
    plan = _editable_plan(request, pk)
    area = get_object_or_404(ReformArea, code=code)
    tasks = plan.tasks.filter(area=area).order_by("position", "id")
    form = AreaOrderForm(request.POST or None, request.FILES or None, tasks=tasks, issued=_issued(plan))
    if request.method == "POST" and form.is_valid():

        def save() -> None:
            if form.renumbered():
                task_services.tasks_renumber(
                    plan=plan,
                    numbers=form.numbers(),
                    by=request.user,
                    reason=form.reason_text(),
                    document=form.document_text(),
                    effective_on=form.effective_date(),
                )
            task_services.tasks_reorder(positions=form.positions())

        if _apply(form, save):
            messages.success(request, _("Đã lưu thứ tự các nhiệm vụ của lĩnh vực %(code)s.") % {"code": area.code})
            return redirect(f"{plan.get_absolute_url()}#area-{area.code}")
    context = {"form": form, "plan": plan, "area": area, "nav": "plans"}
    return render(request, "plans/area_order.html", context)
