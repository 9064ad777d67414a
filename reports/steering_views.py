"""The steering-committee packs (reports/steering.py): the list with the months still without a
pack and the sending day, making a pack, a pack's page and its PDF and Excel files.

Leaders and the secretariat read; only the secretariat makes packs and sets the sending day
(leaders 403); unit people 403 and others 404, as the dashboards."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import AuditAction
from audit.services import audit_record

from . import jobs
from .closing import ClosingScope
from .export_views import content_disposition
from .forms import PackCreateForm, PackScheduleForm
from .models import SteeringPack
from .steering import (
    PackReport,
    can_make_packs,
    missing_months,
    month_label,
    pack_make,
    pack_schedule,
    pack_schedule_save,
)
from .steering_files import render_pack
from .views import _require_dashboard_reader


def _require_maker(user) -> None:
    _require_dashboard_reader(user)
    if not can_make_packs(user):
        raise PermissionDenied("Only the secretariat makes steering packs")


def _pack_for_user(user, pk: int) -> SteeringPack:
    _require_dashboard_reader(user)
    pack = get_object_or_404(SteeringPack.objects.select_related("plan", "made_by"), pk=pk)
    if pack.plan is not None and not jobs.user_plans(user).filter(pk=pack.plan_id).exists():
        raise Http404("No such pack")
    return pack


def _list_page(
    request: HttpRequest,
    *,
    create_form: PackCreateForm | None = None,
    schedule_form: PackScheduleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    visible = set(jobs.user_plans(request.user).values_list("pk", flat=True))
    packs = [
        p for p in SteeringPack.objects.select_related("plan", "made_by") if p.plan_id is None or p.plan_id in visible
    ]
    rows = [(pack, PackReport(pack)) for pack in packs]
    can_make = can_make_packs(request.user)
    schedule = pack_schedule()
    missing = [(m, month_label(m), f"{m.month:02d}/{m.year}") for m in missing_months(timezone.localdate())]
    context = {
        "rows": rows,
        "can_make": can_make,
        "missing": missing if can_make else [],
        "schedule": schedule,
        "create_form": create_form,
        "schedule_form": schedule_form or PackScheduleForm(initial={"enabled": schedule.enabled, "day": schedule.day}),
        "nav": "reports",
    }
    return render(request, "reports/steering_list.html", context, status=status)


@login_required
def steering_list(request: HttpRequest) -> HttpResponse:
    _require_dashboard_reader(request.user)
    return _list_page(request)


@login_required
@require_POST
def steering_create(request: HttpRequest) -> HttpResponse:
    """Make the pack of a finished month for the agency's plans of its year."""
    _require_maker(request.user)
    form = PackCreateForm(request.POST)
    if form.is_valid():
        month = form.cleaned_data["month"]
        try:
            pack = pack_make(scope=ClosingScope(year=month.year), month=month, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Đã tạo gói báo cáo %(identifier)s: %(headline)s")
                % {"identifier": pack.identifier, "headline": PackReport(pack).headline},
            )
            return redirect("reports:steering_detail", pk=pack.pk)
    return _list_page(request, create_form=form, status=400)


@login_required
@require_POST
def steering_schedule(request: HttpRequest) -> HttpResponse:
    _require_maker(request.user)
    form = PackScheduleForm(request.POST)
    if not form.is_valid():
        return _list_page(request, schedule_form=form, status=400)
    schedule = pack_schedule_save(by=request.user, enabled=form.cleaned_data["enabled"], day=form.cleaned_data["day"])
    if schedule.enabled:
        messages.success(
            request, _("Gói báo cáo tháng trước sẽ được gửi vào ngày %(day)s hằng tháng.") % {"day": schedule.day}
        )
    else:
        messages.success(request, _("Đã tắt tự động gửi gói báo cáo hằng tháng."))
    return redirect("reports:steering")


@login_required
def steering_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pack = _pack_for_user(request.user, pk)
    report = PackReport(pack)
    return render(
        request,
        "reports/steering_detail.html",
        {"pack": pack, "report": report, "sheets": report.sheets(), "nav": "reports"},
    )


def _download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    pack = _pack_for_user(request.user, pk)
    rendered = render_pack(pack, fmt)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        target=pack,
        detail=f"Gói báo cáo Ban chỉ đạo {pack.identifier} ({fmt})",
    )
    response = FileResponse(io.BytesIO(rendered.content), content_type=rendered.content_type)
    response["Content-Disposition"] = content_disposition(rendered.filename, rendered.display_name)
    return response


@login_required
def steering_pdf(request: HttpRequest, pk: int) -> FileResponse:
    return _download(request, pk, "pdf")


@login_required
def steering_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    return _download(request, pk, "xlsx")
