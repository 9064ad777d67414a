"""Closed periods (chốt số liệu): the list, the close form (the figures that will be frozen),
a closing's page (reported beside current figures, revisions), reopening, and the Word and
PDF drafts written from the snapshot.

Leaders and the secretariat read; only the secretariat closes and reopens (leaders 403);
unit people 403 and others 404, as the dashboards (reports.views._require_dashboard_reader)."""

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
from figures.models import PeriodKind
from figures.selectors import current_period

from . import jobs
from .closing import (
    ClosingScope,
    Snapshot,
    active_closing,
    can_close_periods,
    closing_compare,
    collect_snapshot,
    period_close,
    period_reopen,
    snapshot_of,
)
from .closing_docx import DOCX_TYPE, PDF_TYPE, PdfUnavailable, docx_to_pdf, write_closing_docx
from .export_views import content_disposition
from .forms import ExportForm, ReopenForm
from .models import PeriodClosing
from .review_changes import change_table_headers, change_table_row, changes_sentence
from .review_data import ascii_slug
from .views import _require_dashboard_reader


def _require_closer(user) -> None:
    _require_dashboard_reader(user)
    if not can_close_periods(user):
        raise PermissionDenied("Only the secretariat closes periods")


def _closing_for_user(user, pk: int) -> PeriodClosing:
    _require_dashboard_reader(user)
    closing = get_object_or_404(
        PeriodClosing.objects.select_related("plan", "closed_by", "period", "reopening", "reopening__reopened_by"),
        pk=pk,
    )
    if closing.plan is not None and not jobs.user_plans(user).filter(pk=closing.plan_id).exists():
        raise Http404("No such closing")
    return closing


@login_required
def closing_list(request: HttpRequest) -> HttpResponse:
    _require_dashboard_reader(request.user)
    closings = list(PeriodClosing.objects.select_related("plan", "closed_by", "reopening", "reopening__reopened_by"))
    visible = set(jobs.user_plans(request.user).values_list("pk", flat=True))
    closings = [c for c in closings if c.plan_id is None or c.plan_id in visible]
    for closing in closings:
        closing.headline = snapshot_of(closing).headline
    return render(
        request,
        "reports/closings.html",
        {"closings": closings, "can_close": can_close_periods(request.user), "nav": "reports"},
    )


@login_required
def closing_create(request: HttpRequest) -> HttpResponse:
    """GET: choose a plan (or a year) and a period, see the figures that will be frozen.
    POST (same query string): close."""
    _require_closer(request.user)
    plans = jobs.user_plans(request.user)
    if "kind" in request.GET:
        form = ExportForm(request.GET, plans=plans)
    else:
        form = ExportForm(plans=plans)
        form.initial = {"plan": plans.first().pk if plans.exists() else None, "kind": PeriodKind.H1}
    choice = preview = in_force = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        choice = jobs.export_choice(
            request.user, plan=data["plan"], year=data["year"], kind=data["kind"], start=data["start"], end=data["end"]
        )
    if choice is not None:
        scope = ClosingScope(year=choice.year, plan=choice.plan)
        if request.method == "POST":
            try:
                closing = period_close(scope=scope, period=choice.period, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Đã chốt số liệu %(identifier)s: %(headline)s")
                    % {"identifier": closing.identifier, "headline": snapshot_of(closing).headline},
                )
                return redirect("reports:closing_detail", pk=closing.pk)
        if choice.period.reporting_period is not None:
            in_force = active_closing(scope, choice.period.reporting_period.pk)
        preview = Snapshot(collect_snapshot(scope, choice.period))
    elif request.method == "POST":
        return render(request, "reports/closing_form.html", {"form": form, "nav": "reports"}, status=400)
    context = {
        "form": form,
        "choice": choice,
        "preview": preview,
        "in_force": in_force,
        "query": request.GET.urlencode(),
        "cutoff_passed": choice is not None and choice.period.cutoff < timezone.localdate(),
        "current_kind": current_period(timezone.localdate()).kind,
        "nav": "reports",
    }
    status = 400 if form.is_bound and (choice is None or form.errors) else 200
    return render(request, "reports/closing_form.html", context, status=status)


@login_required
def closing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    closing = _closing_for_user(request.user, pk)
    comparison = closing_compare(closing)
    context = {
        "closing": closing,
        "snap": comparison.reported,
        "comparison": comparison,
        "can_close": can_close_periods(request.user),
        "reopen_form": ReopenForm(),
        **_changes_context(comparison.reported),
        "nav": "reports",
    }
    return render(request, "reports/closing_detail.html", context)


def _changes_context(snap: Snapshot) -> dict[str, object]:
    """The section "Thay đổi kế hoạch trong kỳ": the texts of the Excel sheet and the Word draft."""
    return {
        "changes_sentence": changes_sentence(snap.changes),
        "change_headers": change_table_headers(),
        "change_rows": [change_table_row(line) for line in snap.changes],
    }


@login_required
@require_POST
def closing_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    closing = _closing_for_user(request.user, pk)
    _require_closer(request.user)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            period_reopen(closing=closing, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã mở lại kỳ %(identifier)s.") % {"identifier": closing.identifier})
            return redirect("reports:closing_detail", pk=closing.pk)
    comparison = closing_compare(closing)
    context = {
        "closing": closing,
        "snap": comparison.reported,
        "comparison": comparison,
        "can_close": True,
        "reopen_form": form,
        **_changes_context(comparison.reported),
        "nav": "reports",
    }
    return render(request, "reports/closing_detail.html", context, status=400)


def _file_name(closing: PeriodClosing, ext: str) -> tuple[str, str]:
    snap = snapshot_of(closing)
    return (
        f"du-thao-{ascii_slug(closing.identifier).lower()}.{ext}",
        f"Dự thảo {snap.period_title} - {closing.identifier}.{ext}",
    )


@login_required
def closing_docx(request: HttpRequest, pk: int) -> FileResponse:
    """The Word draft of the report, written from the snapshot."""
    closing = _closing_for_user(request.user, pk)
    content = write_closing_docx(closing)
    ascii_name, display = _file_name(closing, "docx")
    audit_record(
        actor=request.user, action=AuditAction.EXPORT, target=closing, detail=f"Dự thảo Word {closing.identifier}"
    )
    response = FileResponse(io.BytesIO(content), content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition(ascii_name, display)
    return response


@login_required
def closing_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The same draft as PDF, through LibreOffice; 404 with an explanation where it is not installed."""
    closing = _closing_for_user(request.user, pk)
    try:
        content = docx_to_pdf(write_closing_docx(closing))
    except PdfUnavailable as error:
        raise Http404(str(error)) from error
    ascii_name, display = _file_name(closing, "pdf")
    audit_record(
        actor=request.user, action=AuditAction.EXPORT, target=closing, detail=f"Dự thảo PDF {closing.identifier}"
    )
    response = FileResponse(io.BytesIO(content), content_type=PDF_TYPE)
    response["Content-Disposition"] = content_disposition(ascii_name, display)
    return response
