"""The demo's six-month report (docs/DOMAIN.md, "Closing a period", "Units' reports"): the
units' reports for the first quarter (all on time, 18/03) and for the period — all submitted by
the due date 20/06 except two, one late (UBND phường Bến Sơn, 24/06) and one missing (Ban Quản lý
dự án … nông nghiệp) —, the period closed on 20/06
at 40/77 (51,95%), then a completion dated 10/06 reported and confirmed after the closing: a
revision of the period, so the current figures at 14/06 and 30/06 read 41/77 while the
snapshot and everything produced from it (Word draft, Excel review, CSV, "đã báo cáo" mode)
stay 40/77. Everything goes through the services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from figures.models import PeriodKind, ReportingPeriod
from figures.selectors import reporting_units
from plans.models import Plan
from reports.closing import ClosingScope, active_closing, period_close, period_reopen
from reports.completion import completion_of
from reports.models import PeriodClosing
from reports.narratives import narrative_submit, narratives_save, submission_of, unit_parts
from reports.review_period import review_period
from tasks.models import Task, TaskStatus
from tasks.services import EvidenceInput, report_confirm, task_report_progress
from tasks.workflow_models import CompletionReport

LATE_UNIT, MISSING_UNIT = "UBND-PBS", "BQLDA-NN"
BACKDATED_UNIT = "STP"
DIFFICULTIES = "Một số nhiệm vụ cần ý kiến của nhiều cơ quan nên kéo dài thời gian phối hợp."
PROPOSALS = "Đề nghị Sở Nội vụ tổ chức tập huấn nghiệp vụ cải cách hành chính trong quý III."


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


def _unit_reports(period: ReportingPeriod, users: dict[str, User], *, exceptions: bool = True) -> None:
    """Each reporting unit writes on the areas where it leads tasks (its figures first) and
    submits two days before the due date (18/06), or four days after it for the late one (24/06);
    the missing one writes nothing. Without `exceptions` (the first quarter) every unit submits
    on time."""
    due = period.due_date
    for unit in reporting_units():
        if exceptions and unit.code == MISSING_UNIT:
            continue
        head = users["truongdonvi"] if users["truongdonvi"].unit_id == unit.pk else users["thuongtruc"]
        texts = {
            part.area.pk: {
                "achieved": f"{part.figures_text} {unit.name} đã triển khai các nhiệm vụ được giao theo kế hoạch.",
                "difficulties": DIFFICULTIES,
                "proposals": PROPOSALS,
            }
            for part in unit_parts(unit, period)
            if part.completion.total
        }
        if not texts:  # a unit leading no task reports on its part in the first area
            area = unit_parts(unit, period)[0].area
            texts = {area.pk: {"achieved": f"{unit.name} đã phối hợp thực hiện các nhiệm vụ của kế hoạch."}}
        narratives_save(unit=unit, period=period, by=head, texts=texts)
        if submission_of(unit, period) is not None:  # a reloaded demo keeps its first submission
            continue
        late = exceptions and unit.code == LATE_UNIT
        day = due + datetime.timedelta(days=4) if late else due - datetime.timedelta(days=2)
        narrative_submit(unit=unit, period=period, by=head, at=_at(day, 10))


def _backdated_completion(plan: Plan, users: dict[str, User], cutoff: datetime.date, on: datetime.date) -> Task:
    """Sở Tư pháp reports, after the closing, a task completed on 10/06 (open and within its
    deadline at the cut-off); the secretariat confirms it."""
    candidates = Task.objects.filter(
        plan=plan, lead_unit__code=BACKDATED_UNIT, status=TaskStatus.IN_PROGRESS, deadline__gte=cutoff
    ).order_by("position", "pk")
    task = next(t for t in candidates if completion_of(Task.objects.filter(pk=t.pk), as_of=cutoff).within == 1)
    task_report_progress(
        task=task,
        by=users["canbo"],
        loaded_version=task.version,
        status=TaskStatus.COMPLETED,
        progress=100,
        note="Đã ban hành từ ngày 10/06, báo cáo bổ sung sau khi chốt số liệu 6 tháng.",
        completed_on=cutoff - datetime.timedelta(days=4),
        evidence=EvidenceInput(document_number="58/QĐ-STP", document_title="Quyết định ban hành quy chế"),
        today=on,
    )
    report_confirm(report=CompletionReport.objects.get(task=task), by=users["thuongtruc"])
    return task


def demo_load_closing(*, plan: Plan, users: dict[str, User], today: datetime.date) -> PeriodClosing:
    first_quarter = review_period(year=plan.year, kind=PeriodKind.Q1).reporting_period
    assert first_quarter is not None  # a standard period always has its ReportingPeriod
    _unit_reports(first_quarter, users, exceptions=False)  # every unit reported on time (18/03)
    period = review_period(year=plan.year, kind=PeriodKind.H1)
    assert period.reporting_period is not None
    _unit_reports(period.reporting_period, users)
    scope = ClosingScope(year=plan.year, plan=plan)
    in_force = active_closing(scope, period.reporting_period.pk)
    if in_force is not None:  # the demo reloaded (--reset): its tasks are new, the figures closed again
        period_reopen(closing=in_force, by=users["thuongtruc"], reason="Nạp lại dữ liệu mẫu: chốt lại số liệu.")
    closing = period_close(
        scope=scope,
        period=period,
        by=users["thuongtruc"],
        closed_at=_at(period.reporting_period.due_date),
    )
    # Reported a few days after the closing, never after the demo's "today" (no entry may take
    # effect after the day it is recorded on: tasks.history.FutureEntry).
    reported_on = min(today, period.reporting_period.due_date + datetime.timedelta(days=4))
    _backdated_completion(plan, users, period.cutoff, reported_on)
    return closing
