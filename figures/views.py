"""Thin views: access helper → form → one service call → redirect (post/redirect/get)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.formatting import format_date

from . import selectors, services
from .access import (
    can_enter_figures,
    can_manage_figures,
    get_indicator_for_user,
    get_period_for_user,
    get_unit_for_user,
    reads_all_figures,
    require_overview_reader,
)
from .forms import CustomPeriodForm, FiguresForm, IndicatorForm, PeriodDatesForm
from .models import FigureSubmission, Indicator, IndicatorValue, ReportingPeriod, SubmissionStatus


def _with_period(url: str, period: ReportingPeriod) -> str:
    return f"{url}?{urlencode({'period': period.pk})}"


def _chosen_period(request: HttpRequest, today) -> tuple[ReportingPeriod, list[ReportingPeriod]]:
    """The period in ?period=, else the one whose report is due next; and the choices."""
    periods = selectors.period_choices(today)
    raw = request.GET.get("period", "")
    if raw.isdigit():
        for period in periods:
            if period.pk == int(raw):
                return period, periods
        raise Http404("No such reporting period")
    return selectors.current_period(today, periods), periods


def _grouped(rows, indicator_of):
    """Rows split under their indicator group, in report order: [(label, [rows])]."""
    groups: list[tuple[str, list]] = []
    for row in rows:
        label = selectors.group_label(indicator_of(row).group)
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append(row)
    return groups


# ---------------------------------------------------------------- entering figures


@login_required
def enter(request: HttpRequest) -> HttpResponse:
    """A unit's own entry page (unit staff and heads)."""
    user = request.user
    if not user.is_unit_member:
        if reads_all_figures(user):
            if request.method == "POST":
                raise PermissionDenied("Choose the unit to enter figures for")
            return redirect("figures:overview")
        raise Http404("Figures are entered by a unit's people")
    return _entry_page(request, user.unit)


@login_required
def enter_for_unit(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """The secretariat enters (or corrects) any unit's figures; a unit's people their own."""
    unit = get_unit_for_user(request.user, unit_pk, enter=True)
    return _entry_page(request, unit)


def _entry_page(request: HttpRequest, unit) -> HttpResponse:
    today = timezone.localdate()
    period, periods = _chosen_period(request, today)
    indicators = selectors.report_order(Indicator.objects.active())
    current = {row.indicator_id: row for row in IndicatorValue.objects.filter(unit=unit, period=period)}
    form = FiguresForm(request.POST or None, indicators=indicators, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.figures_enter(unit=unit, period=period, values=form.values(), notes=form.notes(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, _("Đã lưu số liệu của %(unit)s, %(period)s.") % {"unit": unit.name, "period": period}
            )
            return redirect(_with_period(request.path, period))
    own_page = request.user.unit_id == unit.pk and request.user.is_unit_member
    submission = FigureSubmission.objects.filter(unit=unit, period=period).select_related("submitted_by").first()
    context = {
        "unit": unit,
        "period": period,
        "periods": periods,
        "form": form,
        "submission": submission,
        "submission_status": selectors.submission_status(
            submission, period, submission.submitted_day() if submission else today
        ),
        "has_values": bool(current),
        "groups": _grouped(form.rows(), lambda row: row[0]),
        "is_late": period.is_late(today),
        "today": today,
        "own_page": own_page,
        "nav": "figures_enter" if own_page else "figures_overview",
    }
    return render(request, "figures/enter.html", context)


@login_required
@require_POST
def submit(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """A unit's people (or the secretariat on its behalf) submit the period's figures."""
    unit = get_unit_for_user(request.user, unit_pk, enter=True)
    raw = request.GET.get("period", "")
    if not raw.isdigit():
        raise Http404("No such reporting period")
    period = get_period_for_user(request.user, int(raw))
    try:
        submission = services.figures_submit(unit=unit, period=period, by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        status = selectors.submission_status(submission, period, submission.submitted_day())
        text = _("Đã nộp số liệu của %(unit)s, %(period)s.") % {"unit": unit.name, "period": period}
        if status == SubmissionStatus.LATE:
            text += " " + _("Nộp sau hạn %(due)s.") % {"due": format_date(period.due_date)}
        messages.success(request, text)
    own = request.user.is_unit_member and request.user.unit_id == unit.pk
    target = reverse("figures:enter") if own else reverse("figures:enter_for_unit", args=[unit.pk])
    return redirect(_with_period(target, period))


# ---------------------------------------------------------------- reading figures


@login_required
def unit_detail(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, unit_pk)
    today = timezone.localdate()
    period, periods = _chosen_period(request, today)
    figures = selectors.unit_figures(unit, period)
    submission = FigureSubmission.objects.filter(unit=unit, period=period).select_related("submitted_by").first()
    context = {
        "submission": submission,
        "submission_status": selectors.submission_status(
            submission, period, submission.submitted_day() if submission else today
        ),
        "unit": unit,
        "period": period,
        "periods": periods,
        "groups": _grouped(figures, lambda row: row.indicator),
        "entered": sum(1 for row in figures if row.value is not None),
        "can_enter": can_enter_figures(request.user, unit),
        "reads_all": reads_all_figures(request.user),
        "is_late": period.is_late(today),
        "nav": "figures_overview" if reads_all_figures(request.user) else "figures_enter",
    }
    return render(request, "figures/unit_detail.html", context)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    require_overview_reader(request.user)
    today = timezone.localdate()
    period, periods = _chosen_period(request, today)
    totals = selectors.figures_totals(period)
    statuses = selectors.units_reporting_status(period)
    context = {
        "period": period,
        "periods": periods,
        "total_groups": _grouped(totals, lambda row: row.indicator),
        "missing": [s for s in statuses if not s.values_entered],
        "reported": [s for s in statuses if s.values_entered],
        "unit_count": len(statuses),
        "is_late": period.is_late(today),
        "today": today,
        "can_manage": can_manage_figures(request.user),
        "nav": "figures_overview",
    }
    return render(request, "figures/overview.html", context)


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """The reporting calendar: each period's due date and, per unit, on time / late / missing
    / not yet due, with the submission dates (the secretariat's and the leaders' page)."""
    require_overview_reader(request.user)
    today = timezone.localdate()
    period, periods = _chosen_period(request, today)
    board = selectors.submission_calendar(period, today)
    year_periods = [p for p in periods if p.year == period.year]
    context = {
        "period": period,
        "periods": periods,
        "board": board,
        "sections": [
            (SubmissionStatus.MISSING, board.of(SubmissionStatus.MISSING)),
            (SubmissionStatus.LATE, board.of(SubmissionStatus.LATE)),
            (SubmissionStatus.NOT_DUE, board.of(SubmissionStatus.NOT_DUE)),
            (SubmissionStatus.ON_TIME, board.of(SubmissionStatus.ON_TIME)),
        ],
        "year_counts": selectors.year_submission_counts(year_periods, today),
        "is_late": period.is_late(today),
        "today": today,
        "can_manage": can_manage_figures(request.user),
        "nav": "figures_overview",
    }
    return render(request, "figures/calendar.html", context)


# ---------------------------------------------------------------- periods


@login_required
def period_edit(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_period_for_user(request.user, pk, manage=True)
    form = PeriodDatesForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.period_update_dates(
                period=period,
                start=data["start"],
                cutoff=data["cutoff"],
                due_date=data["due_date"],
                name=data["name"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu kỳ báo cáo %(period)s.") % {"period": period})
            return redirect(_with_period(reverse("figures:overview"), period))
    context = {
        "form": form,
        "title": _("Sửa kỳ báo cáo: %(period)s") % {"period": period},
        "back_url": _with_period(reverse("figures:overview"), period),
        "nav": "figures_overview",
    }
    return render(request, "figures/period_form.html", context)


@login_required
def period_create(request: HttpRequest) -> HttpResponse:
    require_overview_reader(request.user)
    if not can_manage_figures(request.user):
        raise PermissionDenied("Only the secretariat creates reporting periods")
    form = CustomPeriodForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            period = services.period_create_custom(
                year=data["year"],
                name=data["name"],
                start=data["start"],
                cutoff=data["cutoff"],
                due_date=data["due_date"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã tạo kỳ báo cáo %(period)s.") % {"period": period})
            return redirect(_with_period(reverse("figures:overview"), period))
    context = {
        "form": form,
        "title": _("Thêm kỳ báo cáo tùy chọn"),
        "back_url": reverse("figures:overview"),
        "nav": "figures_overview",
    }
    return render(request, "figures/period_form.html", context)


# ---------------------------------------------------------------- indicators


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    require_overview_reader(request.user)
    context = {
        "groups": _grouped(selectors.report_order(Indicator.objects.all()), lambda indicator: indicator),
        "can_manage": can_manage_figures(request.user),
        "nav": "figures_overview",
    }
    return render(request, "figures/indicator_list.html", context)


def _indicator_page(request: HttpRequest, form, *, title: str) -> HttpResponse:
    context = {"form": form, "title": title, "back_url": reverse("figures:indicators"), "nav": "figures_overview"}
    return render(request, "figures/period_form.html", context)


@login_required
def indicator_create(request: HttpRequest) -> HttpResponse:
    require_overview_reader(request.user)
    if not can_manage_figures(request.user):
        raise PermissionDenied("Only the secretariat defines indicators")
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            indicator = services.indicator_create(
                code=data["code"],
                name=data["name"],
                unit_of_measure=data["unit_of_measure"],
                group=data["group"],
                aggregate=data["aggregate"],
                order=data["order"],
                is_active=data["is_active"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã thêm chỉ tiêu %(name)s.") % {"name": indicator.name})
            return redirect("figures:indicators")
    return _indicator_page(request, form, title=_("Thêm chỉ tiêu số liệu"))


@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_indicator_for_user(request.user, pk, manage=True)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.indicator_update(
                indicator=indicator,
                by=request.user,
                **{
                    field: data[field]
                    for field in ("name", "unit_of_measure", "group", "aggregate", "order", "is_active")
                },
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu chỉ tiêu %(name)s.") % {"name": indicator.name})
            return redirect("figures:indicators")
    return _indicator_page(request, form, title=_("Sửa chỉ tiêu: %(name)s") % {"name": indicator.name})
