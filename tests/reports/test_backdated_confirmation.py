"""A completion confirmed late but dated earlier counts from its date, even when the task had
progress entries after that date (the state at D is the last *recorded* entry dated ≤ D)."""

import datetime
from unittest import mock

import pytest

from reports.completion import completion_of
from tasks.models import Task, TaskStatus
from tasks.services import EvidenceInput, report_confirm, task_report_progress
from tasks.workflow_models import CompletionReport
from tests.factories import make_plan, make_task


def on(day: datetime.date):
    return mock.patch("django.utils.timezone.localdate", return_value=day)


@pytest.mark.django_db
def test_confirmation_dated_before_a_later_progress_entry_counts_from_its_date(cast):
    plan = make_plan(year=2026, issued_on=datetime.date(2026, 1, 12))
    task = make_task(plan=plan, lead_unit=cast.unit_a, deadline=datetime.date(2026, 12, 31))
    with on(datetime.date(2026, 9, 15)):
        task_report_progress(
            task=task, by=cast.staff_a, loaded_version=1, status=TaskStatus.IN_PROGRESS, progress=60, note="Đang làm"
        )
    task.refresh_from_db()
    with on(datetime.date(2026, 11, 20)):
        task_report_progress(
            task=task,
            by=cast.staff_a,
            loaded_version=task.version,
            status=TaskStatus.COMPLETED,
            progress=100,
            note="Đã xong từ tháng 7",
            completed_on=datetime.date(2026, 7, 20),
            evidence=EvidenceInput(document_number="9/QĐ-SA"),
        )
        report_confirm(report=CompletionReport.objects.get(task=task), by=cast.secretariat)

    tasks = Task.objects.filter(plan=plan)
    figures = {
        day: completion_of(tasks, as_of=day).completed
        for day in (
            datetime.date(2026, 6, 30),
            datetime.date(2026, 7, 20),
            datetime.date(2026, 9, 30),
            datetime.date(2026, 11, 22),
        )
    }
    assert figures == {
        datetime.date(2026, 6, 30): 0,
        datetime.date(2026, 7, 20): 1,
        datetime.date(2026, 9, 30): 1,  # not overtaken by the 15/09 progress entry
        datetime.date(2026, 11, 22): 1,
    }
