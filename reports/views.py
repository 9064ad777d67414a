"""Dashboards for the steering committee and the units. Every figure comes from
reports/completion.py (through reports/dashboards.py); views only pick the scope and date.
They only read, so they read from the replica when there is one (cchc/replica.py)."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from cchc.formatting import format_date
from cchc.pagination import query_without_page
from cchc.replica import reads_from_replica
from plans.models import Plan
from tasks.access import get_plan_for_user, visible_plans, visible_tasks
from tasks.models import Task, TaskStatus
from units.models import Unit

from . import dashboards
from .closing import closing_compare, closings_at, snapshot_of
from .closing_review import reported_data
from .completion import SILENT_AFTER_DAYS, Bucket, completion_by_plan, completion_of, led_at, unit_ranking
from .dashboards import Scope
from .figures_cache import CachedFigures
from .forms import AsOfForm, DrilldownForm
from .narratives import next_due_period

REPORTED_MODE = "reported"


def _require_dashboard_reader(user) -> None:
    """Leaders and the secretariat read the dashboards; unit people may not (403), others see nothing (404)."""
    if user.reads_everything:
        return
    if user.is_unit_member:
        raise PermissionDenied("Dashboards are for leaders and the secretariat")
    raise Http404("No dashboard")


def _as_of(request: HttpRequest, form_class=AsOfForm):
    """The as-of date from ?as_of=dd/mm/yyyy (today when absent or invalid; the form keeps the error)."""
    form = form_class(request.GET)
    as_of = timezone.localdate()
    if form.is_valid() and form.cleaned_data.get("as_of"):
        as_of = form.cleaned_data["as_of"]
    return as_of, form


def _year_tasks(user, year: int):
    """A year's figures count the agency's plans only: a unit's own plan (derived from the
    agency plan) repeats agency tasks as its parts and would count them twice."""
    return visible_tasks(user).filter(plan__year=year, plan__in=Plan.objects.agency())


def _plan_scope(user, plan: Plan) -> Scope:
    return Scope(plan.year, visible_tasks(user).filter(plan=plan), plan)


def _scope(request: HttpRequest) -> Scope:
    """?plan=<id> or ?year=<yyyy>, limited to the tasks the user may see."""
    plan_id, year = request.GET.get("plan", ""), request.GET.get("year", "")
    if plan_id.isdigit():
        return _plan_scope(request.user, get_plan_for_user(request.user, int(plan_id)))
    if year.isdigit() and 2000 <= int(year) <= 2100:
        return Scope(int(year), _year_tasks(request.user, int(year)))
    raise Http404("No plan or year")


def _as_of_controls(request: HttpRequest, year: int, as_of: datetime.date, form) -> dict:
    """The date field, the preset cut-off links and the hidden parameters that keep the page's scope."""
    kept = [(k, v) for k, v in request.GET.items() if k != "as_of"]

    def link(day: datetime.date) -> str:
        return f"{request.path}?{urlencode([*kept, ('as_of', format_date(day))])}"

    presets = [(preset, link(preset.day), preset.day == as_of) for preset in dashboards.as_of_presets(year)]
    today = timezone.localdate()
    return {
        "as_of": as_of,
        "as_of_text": format_date(as_of),
        "form": form,
        "presets": presets,
        "today_link": (link(today), today == as_of),
        "kept_params": kept,
        "nav": "reports",
    }


def _context(request: HttpRequest, scope: Scope, as_of: datetime.date, form, **extra) -> dict:
    day = format_date(as_of)
    links = {
        "dashboard": scope.url("reports:plan_dashboard" if scope.plan else "reports:year_dashboard", as_of=day),
        "units": scope.url("reports:units", as_of=day),
        "overdue": scope.url("reports:overdue", as_of=day),
    }
    return {"scope": scope, "links": links, **_as_of_controls(request, scope.year, as_of, form), **extra}


@login_required
@reads_from_replica
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.reads_everything:
        if user.is_unit_member:
            return redirect("reports:my_unit")
        raise Http404("No dashboard")
    today = timezone.localdate()
    plans = list(visible_plans(user).select_related("issuing_unit").order_by("-year", "number"))
    years = sorted({p.year for p in plans}, reverse=True)
    tasks = Task.objects.filter(plan__in=[p.pk for p in plans])
    # Each plan's figures today, cached under the plans' figures tokens (reports/figures_cache.py).
    past = CachedFigures(years, plans)
    figures = past.get("completion-by-plan", tasks, [today], lambda: completion_by_plan(tasks, as_of=today))
    for plan in plans:
        plan.completion = figures.get(plan.pk)
    # The panel: this year's agency plans, or the latest year that has one.
    agency_years = [p.year for p in plans if p.is_agency_plan and p.year <= today.year]
    panel = ""
    if agency_years:
        year = max(agency_years)
        panel = dashboards.attention_panel(Scope(year, _year_tasks(user, year)), today, past)
    context = {"plans": plans, "years": years, "today": today, "attention_panel": panel, "nav": "reports"}
    return render(request, "reports/index.html", context)


def _dashboard_page(request: HttpRequest, scope: Scope) -> HttpResponse:
    as_of, form = _as_of(request)
    # A closed period whose cut-off is this date: its reported figures beside these (reports/closing.py).
    closings = [(c, snapshot_of(c)) for c in closings_at(scope.plan, scope.year, as_of)]
    if closings and request.GET.get("mode") == REPORTED_MODE:
        # "Đã báo cáo": the stored snapshot, never computed again, beside the current figures.
        closing, snap = closings[0]
        context = _context(request, scope, as_of, form, closing=closing, snap=snap, comparison=closing_compare(closing))
        return render(request, "reports/dashboard_reported.html", context)
    fragments = dashboards.dashboard_fragments(scope, as_of)
    reported_link = f"{request.path}?{urlencode([*request.GET.items(), ('mode', REPORTED_MODE)])}"
    context = _context(request, scope, as_of, form, fragments=fragments, closings=closings, reported_link=reported_link)
    return render(request, "reports/dashboard.html", context)


@login_required
@reads_from_replica
def plan_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    _require_dashboard_reader(request.user)
    return _dashboard_page(request, _plan_scope(request.user, plan))


@login_required
@reads_from_replica
def year_dashboard(request: HttpRequest, year: int) -> HttpResponse:
    _require_dashboard_reader(request.user)
    if not Plan.objects.agency().filter(year=year).exists():
        raise Http404("No plan that year")
    return _dashboard_page(request, Scope(year, _year_tasks(request.user, year)))


@login_required
@reads_from_replica
def figures(request: HttpRequest) -> HttpResponse:
    """The dashboard's figures as JSON (?plan=<id> or ?year=<yyyy>, &as_of=dd/mm/yyyy)."""
    _require_dashboard_reader(request.user)
    scope = _scope(request)
    form = AsOfForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    as_of = form.cleaned_data["as_of"] or timezone.localdate()
    data = dashboards.dashboard_data(scope, as_of)
    closings = closings_at(scope.plan, scope.year, as_of)
    if closings:
        # A closed period: the reported figures from the snapshot, the current ones apart.
        current = {key: data.pop(key) for key in ("figures", "areas", "sources")}
        data.update(reported_data(closings[0]), current=current)
    return JsonResponse(data)


@login_required
@reads_from_replica
def units(request: HttpRequest) -> HttpResponse:
    _require_dashboard_reader(request.user)
    scope = _scope(request)
    as_of, form = _as_of(request)
    table = dashboards.units_table(scope, as_of)
    context = _context(
        request,
        scope,
        as_of,
        form,
        table=table,
        # The rows themselves only for whoever reads them from the context (tests); the page
        # shows the cached table.
        rows=SimpleLazyObject(lambda: dashboards.unit_rows(scope, as_of)),
        silent_days=SILENT_AFTER_DAYS,
    )
    return render(request, "reports/units.html", context)


@login_required
@reads_from_replica
def overdue(request: HttpRequest) -> HttpResponse:
    _require_dashboard_reader(request.user)
    scope = _scope(request)
    as_of, form = _as_of(request)
    page = dashboards.task_page(scope.tasks, as_of=as_of, bucket=Bucket.OVERDUE, page=request.GET.get("page"))
    context = _context(
        request, scope, as_of, form, tasks=page.object_list, page=page, query=query_without_page(request)
    )
    return render(request, "reports/overdue.html", context)


@login_required
@reads_from_replica
def drilldown(request: HttpRequest) -> HttpResponse:
    """Exactly the tasks a dashboard cell counts, among those the user may see."""
    if not (request.user.reads_everything or request.user.is_unit_member):
        raise Http404("No dashboard")
    scope = _scope(request)
    as_of, form = _as_of(request, DrilldownForm)
    tasks, bucket, filters, page = [], None, [], None
    if form.is_valid():
        data = form.cleaned_data
        bucket = Bucket(data["bucket"])
        selected = scope.tasks
        if data["area"]:
            selected = selected.filter(area=data["area"])
            filters.append(data["area"])
        if data["unit"]:
            selected = led_at(selected, data["unit"].pk, as_of=as_of)
            filters.append(data["unit"])
        if data["source"]:
            selected = selected.filter(source=data["source"])
            filters.append(dict(form.fields["source"].choices)[data["source"]])
        if data["waiting"]:
            selected = selected.filter(status=TaskStatus.PENDING)
            filters.append(form.fields["waiting"].label)
        page = dashboards.task_page(selected, as_of=as_of, bucket=bucket, page=request.GET.get("page"))
        tasks = page.object_list
    context = _context(
        request,
        scope,
        as_of,
        form,
        tasks=tasks,
        bucket=bucket,
        filters=filters,
        page=page,
        query=query_without_page(request),
    )
    return render(request, "reports/drilldown.html", context)


@login_required
@reads_from_replica
def my_unit(request: HttpRequest) -> HttpResponse:
    """A unit's own dashboard: its figures as lead unit and its place in the ranking."""
    user = request.user
    if user.is_unit_member:
        unit = user.unit
    elif user.reads_everything and request.GET.get("unit", "").isdigit():
        unit = Unit.objects.filter(pk=int(request.GET["unit"])).first()
        if unit is None:
            raise Http404("No such unit")
    else:
        raise Http404("No unit")
    led_plans = visible_plans(user).filter(tasks__lead_unit=unit).distinct().order_by("-year", "-issued_on", "-pk")
    plan_id = request.GET.get("plan", "")
    # By default the latest agency plan the unit works on, not the unit's own plan derived from it.
    plan = (
        get_plan_for_user(user, int(plan_id))
        if plan_id.isdigit()
        else led_plans.filter(parent__isnull=True).first() or led_plans.first()
    )
    as_of, form = _as_of(request)
    context = {"unit": unit, "plan": plan, "plans": led_plans, "as_of": as_of, "as_of_text": format_date(as_of)}
    # The unit's report for the period whose report is due next (reports/narratives.py); read
    # only (this page may read from the replica), so none until the period exists.
    context["report_period"] = next_due_period(timezone.localdate())
    context.update(form=form, nav="reports")
    if plan is not None:
        context.update(_as_of_controls(request, plan.year, as_of, form))
        scope = Scope(plan.year, visible_tasks(user).filter(plan=plan, lead_unit=unit), plan)
        ranking = unit_ranking(Task.objects.filter(plan=plan), as_of=as_of)
        context.update(
            scope=scope,
            completion=completion_of(scope.tasks, as_of=as_of),
            areas=[
                row
                for row in dashboards.area_rows(scope, as_of, {"unit": unit.pk})
                if row.completion.total or row.completion.removed
            ],
            ranking=ranking,
            place=next((r for r in ranking if r.unit.pk == unit.pk), None),
            overdue_tasks=dashboards.task_list(scope.tasks, as_of=as_of, bucket=Bucket.OVERDUE),
            due_soon_tasks=dashboards.task_list(scope.tasks, as_of=as_of, bucket=Bucket.DUE_SOON),
        )
        # Beside its share of the agency plan, the unit's own plan implementing it (docs/DOMAIN.md,
        # "Units' own plans"): its own figures, never added to the agency's.
        own_plans = visible_plans(user).filter(parent=plan, issuing_unit=unit) if plan.parent_id is None else None
        own_plan = own_plans.first() if own_plans is not None else None
        if own_plan is not None:
            context.update(
                own_plan=own_plan,
                own_completion=completion_of(visible_tasks(user).filter(plan=own_plan), as_of=as_of),
            )
    return render(request, "reports/my_unit.html", context)
