"""The export page of the period report and its two downloads (.xlsx, .csv), written within
the request for ordinary scopes, as a background job (reports/jobs.py) for large ones.

Leaders and the secretariat export (unit people 403, others 404, as the dashboards). The
views read the scope and period, hand the data of reports/review_data.py's collect_review to its
writers and send the file; every download is recorded in the audit log."""

from __future__ import annotations

import tempfile
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cchc.replica import reads_from_replica
from figures.access import can_manage_figures
from figures.models import PeriodKind
from figures.selectors import current_period

from . import jobs
from .closing import snapshot_of
from .closing_review import closing_in_force
from .completion import completion_of
from .forms import ExportForm
from .jobs import ExportChoice
from .models import ExportFormat, ExportJobStatus
from .views import _require_dashboard_reader


def _choice(request: HttpRequest) -> tuple[ExportForm, ExportChoice | None]:
    plans = jobs.user_plans(request.user)
    if "kind" not in request.GET:
        # First visit (or the dashboard's link with ?plan= / ?year=): the form, pre-filled
        # with the standard period whose report is due next.
        form = ExportForm(plans=plans)
        plan_id, year = request.GET.get("plan", ""), request.GET.get("year", "")
        plan = plans.filter(pk=int(plan_id)).first() if plan_id.isdigit() else None
        if plan is None and not year.isdigit():
            plan = plans.first()
        kind = current_period(timezone.localdate()).kind
        form.initial = {"plan": plan.pk if plan else None, "year": None if plan else year, "kind": kind}
        return form, None
    form = ExportForm(request.GET, plans=plans)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    choice = jobs.export_choice(
        request.user,
        plan=data["plan"],
        year=data["year"],
        kind=data["kind"],
        start=data["start"],
        end=data["end"],
        plans=plans,
    )
    return form, choice


def _page(request: HttpRequest, form, choice: ExportChoice | None, *, status: int = 200) -> HttpResponse:
    context = {"form": form, "choice": choice, "nav": "export", "jobs": jobs.recent_export_jobs(request.user)}
    if choice is not None:
        task_count = choice.task_count()
        closing = closing_in_force(year=choice.year, plan=choice.plan, period=choice.period)
        context.update(
            closing=closing,
            completion=(
                snapshot_of(closing).completion if closing else completion_of(choice.tasks, as_of=choice.period.cutoff)
            ),
            query=request.GET.urlencode(),
            task_count=task_count,
            background=task_count >= settings.EXPORT_BACKGROUND_MIN_TASKS,
            reporting_period=choice.period.reporting_period,
            can_edit_period=can_manage_figures(request.user) and choice.period.kind != PeriodKind.CUSTOM,
        )
    return render(request, "reports/export.html", context, status=status)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """Choose a plan (or every plan of a year) and a period; see its dates; download."""
    _require_dashboard_reader(request.user)
    form, choice = _choice(request)
    return _page(request, form, choice, status=400 if form.is_bound and choice is None else 200)


def content_disposition(ascii_name: str, display_name: str) -> str:
    """attachment with an ASCII filename and the Vietnamese one per RFC 5987/6266."""
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(display_name, safe='')}"


def _attachment(file, *, content_type: str, ascii_name: str, display_name: str) -> FileResponse:
    file.seek(0)
    response = FileResponse(file, content_type=content_type)
    response["Content-Disposition"] = content_disposition(ascii_name, display_name)
    return response


def _download(request: HttpRequest, fmt: str) -> HttpResponseBase:
    _require_dashboard_reader(request.user)
    form, choice = _choice(request)
    if choice is None:
        return _page(request, form, None, status=400)
    file = tempfile.TemporaryFile()  # noqa: SIM115 -- the response closes it once sent
    written = jobs.export_write(choice, fmt, file)
    jobs.export_audit(actor=request.user, written=written, request=request)
    return _attachment(
        file, content_type=written.content_type, ascii_name=written.filename, display_name=written.display_name
    )


@login_required
@reads_from_replica
def export_xlsx(request: HttpRequest) -> HttpResponseBase:
    return _download(request, ExportFormat.XLSX)


@login_required
@reads_from_replica
def export_csv(request: HttpRequest) -> HttpResponseBase:
    return _download(request, ExportFormat.CSV)


@login_required
@require_POST
def export_job_create(request: HttpRequest) -> HttpResponse:
    """A large scope: record a background job (the choice from the query string, the format
    from the button) and wait for it on its page."""
    _require_dashboard_reader(request.user)
    form, choice = _choice(request)
    fmt = request.POST.get("format", "")
    if choice is None or fmt not in ExportFormat.values:
        return _page(request, form, choice, status=400)
    job = jobs.export_job_create(by=request.user, choice=choice, fmt=fmt)
    return redirect("reports:export_job", pk=job.pk)


@login_required
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The state of a job; reloads itself (static/js/export_job.js) until it is finished."""
    _require_dashboard_reader(request.user)
    job = jobs.get_export_job_for_user(request.user, pk)
    return render(request, "reports/export_job.html", {"job": job, "nav": "export"})


@login_required
def export_job_download(request: HttpRequest, pk: int) -> FileResponse:
    _require_dashboard_reader(request.user)
    job = jobs.get_export_job_for_user(request.user, pk)
    if job.status != ExportJobStatus.DONE:
        raise Http404("The file is not ready")
    content_type = jobs.XLSX_TYPE if job.format == ExportFormat.XLSX else jobs.CSV_TYPE
    response = FileResponse(job.file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition(job.filename, job.display_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
