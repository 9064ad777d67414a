"""The demo's six-month period closed on 20/06 at 40/77, and a completion dated 10/06 confirmed
after the closing (41/77 at the same cut-off): shared by the closing tests."""

from __future__ import annotations

import datetime
from unittest import mock

from django.utils import timezone

from demo.services import DemoResult, demo_load
from figures.models import PeriodKind
from reports.closing import ClosingScope, period_close
from reports.completion import completion_of
from reports.models import PeriodClosing
from reports.review_period import review_period
from tasks.models import Task, TaskStatus
from tasks.services import EvidenceInput, report_confirm, task_report_progress
from tasks.workflow_models import CompletionReport

TODAY = datetime.date(2026, 11, 22)
CLOSED_ON = datetime.date(2026, 6, 20)
CUTOFF = datetime.date(2026, 6, 14)


def on(day: datetime.date):
    return mock.patch("django.utils.timezone.localdate", return_value=day)


def demo_unclosed(today: datetime.date = TODAY) -> DemoResult:
    """The demo without its six-month report (demo/closing.py: the units' reports, the closing
    on 20/06 and the completion confirmed after it): for tests that close the period themselves."""
    with mock.patch("demo.services.demo_load_closing"):
        return demo_load(today=today)


def close_h1(plan, by) -> PeriodClosing:
    """Closed on 20/06/2026 at 09:00."""
    with on(CLOSED_ON):
        return period_close(
            scope=ClosingScope(year=2026, plan=plan),
            period=review_period(year=2026, kind=PeriodKind.H1),
            by=by,
            closed_at=timezone.make_aware(datetime.datetime(2026, 6, 20, 9, 0)),
        )


def backdated_candidate(plan) -> Task:
    """An STP task in progress, open and within its deadline on 14/06."""
    tasks = Task.objects.filter(plan=plan, lead_unit__code="STP", status=TaskStatus.IN_PROGRESS)
    return next(
        t
        for t in tasks.order_by("pk")
        if t.deadline and t.deadline >= CUTOFF and completion_of(Task.objects.filter(pk=t.pk), as_of=CUTOFF).within == 1
    )


def report_completed(task: Task, user, completed_on: datetime.date) -> CompletionReport:
    """The lead unit reports `task` completed on `completed_on` (awaiting the secretariat)."""
    task_report_progress(
        task=task,
        by=user,
        loaded_version=task.version,
        status=TaskStatus.COMPLETED,
        progress=100,
        note="Đã ban hành từ tháng 6",
        completed_on=completed_on,
        evidence=EvidenceInput(document_number="15/QĐ-STP"),
    )
    return CompletionReport.objects.get(task=task)


def complete_backdated(plan, users) -> Task:
    """An STP task open on 14/06, reported completed on 10/06 and confirmed now (after the
    closing): the 14/06 figures move from 40/77 to 41/77."""
    task = backdated_candidate(plan)
    report_confirm(report=report_completed(task, users["canbo"], datetime.date(2026, 6, 10)), by=users["thuongtruc"])
    task.refresh_from_db()
    return task
