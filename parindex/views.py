"""Thin views of the PAR INDEX: access helper → form → one service call → redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import exports, selectors, services
from .access import can_manage, get_set_for_user, get_sheet_unit_for_user, reads_all, require_results_reader
from .forms import CopyForm, CriteriaSetImportForm
from .imports import parse_workbook
from .models import CriteriaSet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def set_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (reads_all(user) or user.is_unit_member):
        raise Http404("No PAR INDEX for this user")
    return render(
        request,
        "parindex/set_list.html",
        {"sets": CriteriaSet.objects.select_related("agency"), "can_manage": can_manage(user), "nav": "parindex"},
    )


@login_required
def set_import(request: HttpRequest) -> HttpResponse:
    if not can_manage(request.user):
        raise PermissionDenied("Only the secretariat imports criteria sets")
    form = CriteriaSetImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parsed = parse_workbook(data["file"])
        try:
            criteria_set = services.criteria_set_import(
                agency=data["agency"],
                year=data["year"],
                unit_kind=data["unit_kind"],
                title=data["title"],
                decision=data["decision"],
                parsed=parsed,
                by=request.user,
            )
        except ValidationError as error:
            problems = _errors(error)
        else:
            messages.success(request, _("Đã nhập bộ tiêu chí (%(n)s dòng).") % {"n": len(parsed.rows)})
            return redirect("parindex:set_detail", pk=criteria_set.pk)
    return render(request, "parindex/set_import.html", {"form": form, "problems": problems, "nav": "parindex"})


@login_required
@require_GET
def set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_set_for_user(request.user, pk)
    rows = list(criteria_set.criteria.order_by("order"))
    units = list(selectors.assessed_units(criteria_set))
    own = request.user.unit_id if request.user.is_unit_member else None
    return render(
        request,
        "parindex/set_detail.html",
        {
            "set": criteria_set,
            "rows": rows,
            "units": units,
            "own_unit": next((u for u in units if u.pk == own), None),
            "can_manage": can_manage(request.user),
            "sees_results": reads_all(request.user) or criteria_set.is_published,
            "copy_form": CopyForm(initial={"year": criteria_set.year + 1}),
            "events": criteria_set.events.select_related("by", "unit").order_by("-at", "-id")[:20],
            "nav": "parindex",
        },
    )


@login_required
@require_POST
def set_copy(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_set_for_user(request.user, pk, manage=True)
    form = CopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Năm của bộ mới phải trong khoảng 2000–2100."))
        return redirect("parindex:set_detail", pk=pk)
    try:
        copy = services.criteria_set_copy(source=criteria_set, year=form.cleaned_data["year"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
        return redirect("parindex:set_detail", pk=pk)
    messages.success(request, _("Đã sao bộ tiêu chí thành dự thảo năm %(year)s.") % {"year": copy.year})
    return redirect("parindex:set_detail", pk=copy.pk)


@login_required
@require_POST
def set_open(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_set_for_user(request.user, pk, manage=True)
    try:
        services.criteria_set_open(criteria_set=criteria_set, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, _("Đã mở tự đánh giá; bộ tiêu chí đã khóa."))
    return redirect("parindex:set_detail", pk=pk)


@login_required
@require_GET
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_set_for_user(request.user, pk)
    require_results_reader(request.user, criteria_set)
    data = selectors.results(criteria_set, today=timezone.localdate())
    return render(request, "parindex/results.html", {"set": criteria_set, "data": data, "nav": "parindex"})


@login_required
@require_GET
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_set_for_user(request.user, pk)
    require_results_reader(request.user, criteria_set)
    data = selectors.results(criteria_set, today=timezone.localdate())
    return _xlsx(exports.ranking_xlsx(data), f"xep-hang-chi-so-cchc-{criteria_set.year}.xlsx")


@login_required
@require_GET
def sheet_page(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    criteria_set = get_set_for_user(request.user, pk)
    unit = get_sheet_unit_for_user(request.user, criteria_set, unit_pk)
    sheet = selectors.unit_sheet(criteria_set, unit, today=timezone.localdate())
    return render(
        request,
        "parindex/sheet.html",
        {"set": criteria_set, "unit": unit, "sheet": sheet, "lost": sheet.lost()[:10], "nav": "parindex"},
    )


@login_required
@require_GET
def sheet_xlsx(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    criteria_set = get_set_for_user(request.user, pk)
    unit = get_sheet_unit_for_user(request.user, criteria_set, unit_pk)
    sheet = selectors.unit_sheet(criteria_set, unit, today=timezone.localdate())
    return _xlsx(exports.sheet_xlsx(sheet), f"phieu-cham-{unit.code}-{criteria_set.year}.xlsx")
