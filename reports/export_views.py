"""The export page of the period report and its two downloads (.xlsx, .csv).

Leaders and the secretariat export (unit people 403, others 404, as the dashboards). The
views read the scope and period, hand the data of reports/exports.py's collect_review to its
writers and send the file; every download is recorded in the audit log."""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import visible_plans, visible_tasks
from audit.models import AuditAction
from audit.services import audit_record
from figures.access import can_manage_figures
from figures.models import PeriodKind
from figures.selectors import current_period
from plans.models import Plan
from tasks.models import Task

from . import exports
from .completion import completion_of
from .forms import ExportForm
from .views import _require_dashboard_reader

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportChoice:
    """A valid choice of the form: the tasks in scope, their plans and the period."""

    tasks: QuerySet[Task]
    plans: list[Plan]
    year: int
    plan: Plan | None
    period: exports.ReviewPeriod


def _plans(user) -> QuerySet[Plan]:
    return visible_plans(user).select_related("issuing_unit").order_by("-year", "number")


def _choice(request) -> tuple[ExportForm, ExportChoice | None]:
    plans = _plans(request.user)
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
    plan, year = data["plan"], data["year"]
    if plan is not None:
        tasks, scope_plans = visible_tasks(request.user).filter(plan=plan), [plan]
    else:
        tasks, scope_plans = visible_tasks(request.user).filter(plan__year=year), list(plans.filter(year=year))
    period = exports.review_period(year=year, kind=data["kind"], start=data["start"], end=data["end"])
    return form, ExportChoice(tasks, scope_plans, year, plan, period)


def _collect(choice: ExportChoice) -> exports.ReviewData:
    return exports.collect_review(
        tasks=choice.tasks,
        plans=choice.plans,
        year=choice.year,
        period=choice.period,
        multi_plan=choice.plan is None,
        today=timezone.localdate(),
    )


def _page(request, form, choice: ExportChoice | None, *, status: int = 200):
    context = {"form": form, "choice": choice, "nav": "export"}
    if choice is not None:
        query = request.GET.urlencode()
        context.update(
            completion=completion_of(choice.tasks, as_of=choice.period.cutoff),
            query=query,
            reporting_period=choice.period.reporting_period,
            can_edit_period=can_manage_figures(request.user) and choice.period.kind != PeriodKind.CUSTOM,
        )
    return render(request, "reports/export.html", context, status=status)


@login_required
def export(request):
    """Choose a plan (or every plan of a year) and a period; see its dates; download."""
    _require_dashboard_reader(request.user)
    form, choice = _choice(request)
    return _page(request, form, choice, status=400 if form.is_bound and choice is None else 200)


def _audit(request, filename: str, data: exports.ReviewData, rows: int) -> None:
    detail = _("%(scope)s; kỳ %(period)s (%(start)s–%(cutoff)s); %(rows)s nhiệm vụ") % {
        "scope": data.scope_label,
        "period": data.period.label,
        "start": exports.day_text(data.period.start),
        "cutoff": exports.day_text(data.period.cutoff),
        "rows": rows,
    }
    audit_record(action=AuditAction.EXPORT, actor=request.user, target=filename, detail=detail, request=request)


def _attachment(file, *, content_type: str, ascii_name: str, display_name: str) -> FileResponse:
    file.seek(0)
    response = FileResponse(file, content_type=content_type)
    response["Content-Disposition"] = exports.content_disposition(ascii_name, display_name)
    return response


@login_required
def export_xlsx(request):
    _require_dashboard_reader(request.user)
    form, choice = _choice(request)
    if choice is None:
        return _page(request, form, None, status=400)
    data = _collect(choice)
    file = tempfile.TemporaryFile()  # noqa: SIM115 -- the response closes it once sent
    counts = exports.write_review_xlsx(data, file)
    filename = f"{data.filename}.xlsx"
    _audit(request, filename, data, counts["tasks"])
    return _attachment(file, content_type=XLSX_TYPE, ascii_name=filename, display_name=f"{data.display_filename}.xlsx")


@login_required
def export_csv(request):
    _require_dashboard_reader(request.user)
    form, choice = _choice(request)
    if choice is None:
        return _page(request, form, None, status=400)
    data = _collect(choice)
    file = tempfile.TemporaryFile()  # noqa: SIM115 -- the response closes it once sent
    text = io.TextIOWrapper(file, encoding="utf-8", newline="")
    rows = exports.write_tasks_csv(data, text)
    text.flush()
    text.detach()
    filename = f"{data.filename}-chi-tiet-nhiem-vu.csv"
    _audit(request, filename, data, rows)
    display = f"{data.display_filename} - {_('Chi tiết nhiệm vụ')}.csv"
    return _attachment(file, content_type="text/csv; charset=utf-8", ascii_name=filename, display_name=display)
