"""Units' reports (reports/narratives.py): a unit's page for a period (its figures per area and
its texts; its people write, its head submits) and the secretariat's page reading every unit's
texts side by side per area with who submitted on time, late or not at all.

A unit's page: its own people, the secretariat (who may write and submit on the unit's behalf)
and leaders (read-only); other units 404. The
side-by-side page: leaders and the secretariat; unit people 403, others 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.formatting import format_date
from figures.access import get_period_for_user, get_unit_for_user
from figures.models import SubmissionStatus
from figures.selectors import submission_status

from .forms import NarrativeForm
from .narratives import (
    can_submit_narrative,
    can_write_narrative,
    narrative_calendar,
    narrative_submit,
    narratives_by_area,
    narratives_save,
    submission_of,
    unit_parts,
)
from .views import _require_dashboard_reader


@login_required
def unit_narrative(request: HttpRequest, period_pk: int, unit_pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, unit_pk)
    period = get_period_for_user(request.user, period_pk)
    writer = can_write_narrative(request.user, unit)
    if request.method == "POST" and not writer:
        raise PermissionDenied("Only the unit's people (or the secretariat) write its report")
    parts = unit_parts(unit, period)
    areas = [part.area for part in parts]
    initial = {f"{p.area.code}-{name}": value for p in parts for name, value in p.initial().items()}
    form = NarrativeForm(request.POST if request.method == "POST" else None, areas=areas, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            narratives_save(unit=unit, period=period, by=request.user, texts=form.texts())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu báo cáo của đơn vị."))
            return redirect("reports:unit_narrative", period_pk=period.pk, unit_pk=unit.pk)
    submission = submission_of(unit, period)
    today = timezone.localdate()
    context = {
        "unit": unit,
        "period": period,
        "rows": [(part, [form[f"{part.area.code}-{name}"] for name in NarrativeForm.LABELS]) for part in parts],
        "form": form,
        "writer": writer,
        "can_submit": can_submit_narrative(request.user, unit) and submission is None,
        "submission": submission,
        "status": submission_status(submission, period, today),  # type: ignore[arg-type]
        "nav": "reports",
    }
    return render(request, "reports/unit_narrative.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def unit_narrative_submit(request: HttpRequest, period_pk: int, unit_pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, unit_pk)
    period = get_period_for_user(request.user, period_pk)
    try:
        submission = narrative_submit(unit=unit, period=period, by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        text = _("Đã nộp báo cáo của %(unit)s, %(period)s.") % {"unit": unit.name, "period": period}
        if submission_status(submission, period, submission.submitted_day()) == SubmissionStatus.LATE:  # type: ignore[arg-type]
            text += " " + _("Nộp sau hạn %(due)s.") % {"due": format_date(period.due_date)}
        messages.success(request, text)
    return redirect("reports:unit_narrative", period_pk=period.pk, unit_pk=unit.pk)


@login_required
def narratives(request: HttpRequest, period_pk: int) -> HttpResponse:
    """Every unit's texts side by side per area, and who submitted on time, late or not at all."""
    _require_dashboard_reader(request.user)
    period = get_period_for_user(request.user, period_pk)
    calendar = narrative_calendar(period)
    context = {
        "period": period,
        "areas": narratives_by_area(period),
        "calendar": calendar,
        "late": [row for row in calendar if row.status == SubmissionStatus.LATE],
        "missing": [row for row in calendar if row.status == SubmissionStatus.MISSING],
        "nav": "reports",
    }
    return render(request, "reports/narratives.html", context)
