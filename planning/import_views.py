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
from units.models import Unit, UnitGroup, UnitKind

from . import selectors, services
from .forms import PlanHeaderForm, PlanImportConfirmForm, PlanImportForm, UnknownNamesForm
from .import_parents import match_parent_tasks
from .import_template import template_workbook
from .parsed_plan import WARNING_LABELS
from .unit_matching import closest_names, fold

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_manager(user) -> None:
    if not can_manage_plans(user):
        raise PermissionDenied("Only the secretariat imports plans")


def _pending_import(request: HttpRequest, pk: int) -> PlanImport:
    _require_manager(request.user)
    return get_object_or_404(
        PlanImport.objects.select_related("issuing_unit", "parent"), pk=pk, created_by=request.user
    )


@login_required
def plan_import(request: HttpRequest) -> HttpResponse:
    _require_manager(request.user)
    form = PlanImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        record = services.plan_import_start(
            upload=data["file"],
            number=data["number"],
            year=data["year"],
            title=data["title"],
            issuing_unit=data["issuing_unit"],
            issued_on=data["issued_on"],
            parent=data["parent"],
            by=request.user,
        )
        return redirect("plans:import_preview", pk=record.pk)
    return render(request, "plans/import_upload.html", {"form": form, "nav": "plans"})


def _row(task, issues, parent_label: str | None = None) -> dict:
    errors = [i for i in issues if i.is_error]
    return {"task": task, "issues": errors, "error": bool(errors), "parent": parent_label}


def _check(record: PlanImport) -> services.ImportCheck:
    with record.file.open("rb") as source:
        return services.plan_import_check(
            source=source,
            number=record.number,
            year=record.year,
            issuing_unit=record.issuing_unit,
            resolutions=record.resolutions,
        )


def _names_form(check: services.ImportCheck, groups: list[tuple[int, str]], data=None) -> UnknownNamesForm:
    """The resolution form for the names still unknown, blocking ones first."""
    units = sorted(((i, n) for i, n in check.unit_names.items() if i > 0), key=lambda u: fold(u[1]))
    names = sorted(check.parsed.unknown_units.values(), key=lambda n: not n.blocking)  # then as first met
    return UnknownNamesForm(
        data,
        names=names,
        suggestions={n.key: closest_names(n.text, units) for n in names if n.blocking},
        unit_choices=units,
        group_choices=groups,
    )


def _resolved(record: PlanImport, check: services.ImportCheck, group_names: dict[int, str]) -> list[dict]:
    """The choices made so far, as the screen lists them (written on confirmation)."""
    labels = {
        "unit": lambda c: check.unit_names.get(c.get("unit"), "?"),
        "create": lambda c: _("tạo đơn vị mới (%(kind)s)") % {"kind": UnitKind(c.get("kind") or "other").label},
        "group": lambda c: _("nhóm %(group)s") % {"group": group_names.get(c.get("group"), "?")},
        "new_group": lambda c: _("nhóm mới gồm %(n)s đơn vị") % {"n": len(c.get("units", []))},
        "keep": lambda c: _("không gắn đơn vị, chỉ giữ như ghi"),
    }
    return [
        {"key": key, "name": choice["name"], "meaning": labels[choice["action"]](choice)}
        for key, choice in record.resolutions.items()
    ]


def _warning_groups(parsed) -> list[dict]:
    groups: dict[str, list] = defaultdict(list)
    for issue in parsed.warnings:
        groups[issue.kind].append(issue)
    return [
        {"kind": kind, "label": WARNING_LABELS.get(kind, _("Cảnh báo khác")), "issues": issues}
        for kind, issues in sorted(groups.items(), key=lambda g: -len(g[1]))
    ]


@login_required
def plan_import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    record = _pending_import(request, pk)
    if record.status == PlanImportStatus.APPLIED and record.plan_id:
        return redirect(record.plan)
    if record.status != PlanImportStatus.PENDING:
        messages.info(request, _("Lần nhập này đã bị hủy."))
        return redirect("plans:import")
    check = _check(record)
    groups = list(UnitGroup.objects.values_list("id", "name"))
    return _render_preview(request, record, check, _names_form(check, groups), groups)


def _parents(record: PlanImport, parsed) -> dict | None:
    """For a unit's plan: the parent task each row carries out, and how many rows are the unit's own."""
    if record.parent is None:
        return None
    matches = match_parent_tasks(parsed.areas, parent=record.parent, unit_id=record.issuing_unit_id)
    labels = {key: task.label for key, task in matches.items()}
    return {"plan": record.parent, "labels": labels, "derived": len(matches), "own": parsed.task_count - len(matches)}


def _render_preview(request, record, check, names_form, groups, header_form=None) -> HttpResponse:
    parsed = check.parsed
    issues_by_row = defaultdict(list)
    for issue in parsed.issues:
        if issue.row:
            issues_by_row[(issue.sheet, issue.row)].append(issue)
    parents = _parents(record, parsed)
    labels = parents["labels"] if parents else {}
    sections = [
        {
            "area": area,
            "rows": [
                _row(task, issues_by_row.get((task.sheet, task.row), []), labels.get((task.sheet, task.row)))
                for task in area.tasks
            ],
        }
        for area in parsed.areas
    ]
    group_names = dict(groups)
    blocking_names = len(parsed.unresolved_names)
    context = {
        "record": record,
        "check": check,
        "parsed": parsed,
        "sections": sections,
        "diff": check.diff,
        "cell_errors": parsed.cell_errors,
        "cells_to_fix": parsed.cells_to_fix,
        "names_to_resolve": blocking_names,
        "names_form": names_form,
        "resolved": _resolved(record, check, group_names),
        "warning_groups": _warning_groups(parsed),
        "header_form": header_form
        or PlanHeaderForm(
            initial={
                "number": record.number,
                "year": record.year,
                "issuing_unit": record.issuing_unit_id,
                "issued_on": record.issued_on,
                "title": record.title or parsed.title,
                "parent": record.parent_id,
            }
        ),
        "parents": parents,
        "header_missing": not record.number or record.issuing_unit_id is None,
        "can_apply": not parsed.cell_errors and not blocking_names and record.number and record.issuing_unit_id,
        "nav": "plans",
    }
    return render(request, "plans/import_preview.html", context)


@login_required
@require_POST
def plan_import_header(request: HttpRequest, pk: int) -> HttpResponse:
    record = _pending_import(request, pk)
    if record.status != PlanImportStatus.PENDING:
        return redirect("plans:import_preview", pk=record.pk)
    form = PlanHeaderForm(request.POST)
    if not form.is_valid():
        check = _check(record)
        groups = list(UnitGroup.objects.values_list("id", "name"))
        return _render_preview(request, record, check, _names_form(check, groups), groups, header_form=form)
    services.plan_import_set_header(record=record, **form.cleaned_data)
    messages.success(request, _("Đã lưu thông tin văn bản; bản xem trước được đọc lại theo thông tin này."))
    return redirect("plans:import_preview", pk=record.pk)


@login_required
@require_POST
def plan_import_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    record = _pending_import(request, pk)
    if record.status != PlanImportStatus.PENDING:
        return redirect("plans:import_preview", pk=record.pk)
    forget = tuple(request.POST.getlist("forget"))
    if forget:
        services.plan_import_resolve(record=record, choices={}, forget=forget)
        return redirect("plans:import_preview", pk=record.pk)
    check = _check(record)
    groups = list(UnitGroup.objects.values_list("id", "name"))
    form = _names_form(check, groups, request.POST)
    if not form.is_valid():
        messages.error(request, _("Chưa lưu: xem các lựa chọn còn thiếu ở phần tên đơn vị."))
        return _render_preview(request, record, check, form, groups)
    choices = form.choices()
    services.plan_import_resolve(record=record, choices=choices)
    if choices:
        messages.success(
            request,
            _("Đã ghi nhận cách hiểu %(n)s tên đơn vị; danh mục được cập nhật khi xác nhận nhập.")
            % {"n": len(choices)},
        )
    return redirect("plans:import_preview", pk=record.pk)


@login_required
@require_POST
def plan_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    record = _pending_import(request, pk)
    form = PlanImportConfirmForm(request.POST)
    form.is_valid()  # an optional check box: always valid
    try:
        result = services.plan_import_confirm(
            record=record,
            by=request.user,
            create_units=False,
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
