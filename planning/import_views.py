"""Importing a plan from its Excel appendix: upload → preview → confirm (secretariat only).
Nothing of the plan is written before the confirmation."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans.models import PlanImport, PlanImportStatus
from tasks.access import can_manage_plans
from units.models import Unit, UnitGroup

from . import selectors, services
from .forms import PlanImportConfirmForm, PlanImportForm
from .import_template import template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_manager(user) -> None:
    if not can_manage_plans(user):
        raise PermissionDenied("Only the secretariat imports plans")


def _pending_import(request: HttpRequest, pk: int) -> PlanImport:
    _require_manager(request.user)
    return get_object_or_404(PlanImport.objects.select_related("issuing_unit"), pk=pk, created_by=request.user)


@login_required
def plan_import(request: HttpRequest) -> HttpResponse:
    _require_manager(request.user)
    form = PlanImportForm(request.POST or None, request.FILES or None, initial={"issuing_unit": request.user.unit})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        record = services.plan_import_start(
            upload=data["file"],
            number=data["number"],
            year=data["year"],
            title=data["title"],
            issuing_unit=data["issuing_unit"],
            issued_on=data["issued_on"],
            by=request.user,
        )
        return redirect("plans:import_preview", pk=record.pk)
    return render(request, "plans/import_upload.html", {"form": form, "nav": "plans"})


def _row(task, issues) -> dict:
    return {"task": task, "issues": issues, "error": any(i.is_error for i in issues)}


@login_required
def plan_import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    record = _pending_import(request, pk)
    if record.status == PlanImportStatus.APPLIED and record.plan_id:
        return redirect(record.plan)
    if record.status != PlanImportStatus.PENDING:
        messages.info(request, _("Lần nhập này đã bị hủy."))
        return redirect("plans:import")
    with record.file.open("rb") as source:
        check = services.plan_import_check(
            source=source, number=record.number, year=record.year, issuing_unit=record.issuing_unit
        )
    parsed = check.parsed
    issues_by_row = defaultdict(list)
    for issue in parsed.issues:
        if issue.row:
            issues_by_row[(issue.sheet, issue.row)].append(issue)
    sections = [
        {"area": area, "rows": [_row(task, issues_by_row.get((task.sheet, task.row), [])) for task in area.tasks]}
        for area in parsed.areas
    ]
    other_errors = [i for i in parsed.errors if i.kind != "unknown_unit"]
    context = {
        "record": record,
        "check": check,
        "parsed": parsed,
        "sections": sections,
        "diff": check.diff,
        "other_errors": other_errors,
        "can_apply": not other_errors,
        "nav": "plans",
    }
    return render(request, "plans/import_preview.html", context)


@login_required
@require_POST
def plan_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    record = _pending_import(request, pk)
    form = PlanImportConfirmForm(request.POST)
    form.is_valid()  # two optional check boxes: always valid
    try:
        result = services.plan_import_confirm(
            record=record,
            by=request.user,
            create_units=form.cleaned_data["create_units"],
            update_existing=form.cleaned_data["update_existing"],
        )
    except services.PlanImportError as exc:
        messages.error(request, exc.message)
        return redirect("plans:import_preview", pk=record.pk)
    messages.success(
        request,
        _(
            "Đã nhập kế hoạch số %(number)s: thêm %(created)s, sửa %(updated)s, "
            "đưa ra khỏi kế hoạch %(removed)s nhiệm vụ."
        )
        % {
            "number": result.plan.number,
            "created": result.created,
            "updated": result.updated,
            "removed": result.removed,
        },
    )
    return redirect(result.plan)


@login_required
@require_POST
def plan_import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    record = _pending_import(request, pk)
    if record.status == PlanImportStatus.PENDING:
        services.plan_import_cancel(record=record)
        messages.info(request, _("Đã hủy lần nhập; không có gì được ghi."))
    return redirect("plans:list")


@login_required
def plan_import_template(request: HttpRequest) -> HttpResponse:
    _require_manager(request.user)
    content = template_workbook(
        areas=selectors.area_rows(),
        units=Unit.objects.active().values_list("name", "code"),
        groups=UnitGroup.objects.values_list("name", flat=True),
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-ke-hoach-cchc.xlsx"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
