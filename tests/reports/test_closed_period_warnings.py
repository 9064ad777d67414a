"""An action that would change a closed period's figures warns before saving, with the
reported and resulting figures; saving anyway (the confirm step) lists it as a revision.
Actions that leave the closed figures as they are save at once."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from reports.closing import closing_compare
from reports.completion import completion_of
from tasks.closed_periods import CONFIRM_FIELD
from tasks.models import Task, TaskEvent, TaskStatus
from tasks.services import extension_request
from tasks.workflow_models import ExtensionStatus, ReportStatus

from .closing_data import CUTOFF, backdated_candidate, close_h1, demo_unclosed, report_completed

pytestmark = pytest.mark.django_db

WARNING = (
    "Thao tác này làm thay đổi số liệu kỳ 6 tháng năm 2026 đã chốt ngày 20/06: "
    "hoàn thành 40/77 → 41/77 (CCHC-6T-2026-01)."
)
DECISION = {
    "reason": "Điều chỉnh theo chỉ đạo",
    "document_number": "30/QĐ-UBND",
    "document_date": "2026-06-01",
    "document_title": "Điều chỉnh Kế hoạch CCHC",
}


@pytest.fixture
def setting():
    demo = demo_unclosed()
    users = {u.username: u for u in User.objects.all()}
    closing = close_h1(demo.plan, users["thuongtruc"])
    client = Client()
    client.force_login(users["thuongtruc"])
    return demo.plan, closing, users, client


def page_text(response) -> str:
    return " ".join(response.content.decode().split())


def test_a_backdated_confirmation_warns_then_saves_as_a_revision(setting):
    plan, closing, users, client = setting
    task = backdated_candidate(plan)
    report = report_completed(task, users["canbo"], datetime.date(2026, 6, 10))
    events = TaskEvent.objects.count()
    url = reverse("tasks:report_confirm", args=[report.pk])

    response = client.post(url, {"note": "Đúng minh chứng"})
    assert response.status_code == 200
    page = page_text(response)
    assert WARNING in page
    assert 'name="note" value="Đúng minh chứng"' in page and f'name="{CONFIRM_FIELD}" value="1"' in page
    # Nothing saved by the preview.
    report.refresh_from_db()
    task.refresh_from_db()
    assert report.status == ReportStatus.AWAITING_SECRETARIAT and task.status != TaskStatus.COMPLETED
    assert TaskEvent.objects.count() == events
    assert completion_of(Task.objects.filter(plan=plan), as_of=CUTOFF).completed == 40

    response = client.post(url, {"note": "Đúng minh chứng", CONFIRM_FIELD: "1"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.completed_on) == (TaskStatus.COMPLETED, datetime.date(2026, 6, 10))
    comparison = closing_compare(closing)
    assert [r.task_id for r in comparison.revisions] == [task.pk]
    assert (comparison.reported.completion.completed, comparison.current.completion.completed) == (40, 41)


def test_a_confirmation_dated_after_the_cutoff_saves_without_warning(setting):
    plan, closing, users, client = setting
    task = backdated_candidate(plan)
    report = report_completed(task, users["canbo"], datetime.date(2026, 11, 20))
    response = client.post(reverse("tasks:report_confirm", args=[report.pk]), {"note": ""})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED
    assert closing_compare(closing).revisions == []


def test_the_bulk_confirmation_page_warns(setting):
    plan, _closing, users, client = setting
    task = backdated_candidate(plan)
    report = report_completed(task, users["canbo"], datetime.date(2026, 6, 10))
    response = client.post(reverse("tasks:reports_confirm_bulk"), {"reports": [report.pk]})
    assert response.status_code == 200
    assert WARNING in page_text(response)
    report.refresh_from_db()
    assert report.status == ReportStatus.AWAITING_SECRETARIAT


def test_an_extension_takes_effect_on_its_approval_and_leaves_the_closed_figures(setting):
    """An approved extension counts from the day of the decision: a period closed before it
    keeps its figures, so the approval saves at once (and no revision appears)."""
    plan, closing, users, client = setting
    task = backdated_candidate(plan)
    extension = extension_request(
        task=task,
        by=users["canbo"],
        requested_deadline=task.deadline + datetime.timedelta(days=30),
        reason="Chờ ý kiến",
    )
    response = client.post(reverse("tasks:extension_approve", args=[extension.pk]))
    assert response.status_code == 302
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.APPROVED
    assert closing_compare(closing).revisions == []


def overdue_task(plan) -> Task:
    return next(
        t
        for t in Task.objects.filter(plan=plan).order_by("pk")
        if completion_of(Task.objects.filter(pk=t.pk), as_of=CUTOFF).overdue == 1
    )


def edit_post(task: Task, **overrides) -> dict:
    data = {
        "area": task.area_id,
        "number": task.number,
        "content": task.content,
        "expected_output": task.expected_output,
        "lead_unit": task.lead_unit_id,
        "coordinating_units": [u.pk for u in task.coordinating_units.all()],
        "coordination_text": task.coordination_text,
        "deadline_text": task.deadline_text,
        "source": task.source,
        "remarks": task.remarks,
        "version": task.version,
        **DECISION,
    }
    data.update(overrides)
    return data


def test_a_task_edit_dated_inside_the_period_warns_then_saves(setting):
    plan, closing, _users, client = setting
    task = overdue_task(plan)
    url = reverse("plans:task_edit", args=[task.pk])
    data = edit_post(task, deadline_text="31/12/2026", effective_on="2026-06-01")
    response = client.post(url, data)
    assert response.status_code == 200
    page = page_text(response)
    assert (
        "Thao tác này làm thay đổi số liệu kỳ 6 tháng năm 2026 đã chốt ngày 20/06: "
        "quá hạn chưa hoàn thành 6 → 5 (CCHC-6T-2026-01)."
    ) in page
    assert f'name="{CONFIRM_FIELD}"' in page
    task.refresh_from_db()
    assert task.deadline_text != "31/12/2026"

    response = client.post(url, {**data, CONFIRM_FIELD: "1"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.deadline == datetime.date(2026, 12, 31)
    comparison = closing_compare(closing)
    assert [r.task_id for r in comparison.revisions] == [task.pk]
    assert (comparison.reported.completion.overdue, comparison.current.completion.overdue) == (6, 5)


def test_a_task_edit_dated_after_the_period_saves_without_warning(setting):
    plan, closing, _users, client = setting
    task = overdue_task(plan)
    data = edit_post(task, deadline_text="31/12/2026", effective_on="2026-11-01")
    response = client.post(reverse("plans:task_edit", args=[task.pk]), data)
    assert response.status_code == 302
    assert closing_compare(closing).revisions == []


def test_removing_a_task_from_inside_the_period_warns(setting):
    plan, closing, _users, client = setting
    task = overdue_task(plan)
    url = reverse("plans:task_remove", args=[task.pk])
    data = {**DECISION, "reason": "Không còn phù hợp", "effective_on": "2026-06-01", "version": task.version}
    response = client.post(url, data)
    assert response.status_code == 200
    assert (
        "Thao tác này làm thay đổi số liệu kỳ 6 tháng năm 2026 đã chốt ngày 20/06: "
        "hoàn thành 40/77 → 40/76; quá hạn chưa hoàn thành 6 → 5 (CCHC-6T-2026-01)."
    ) in page_text(response)
    task.refresh_from_db()
    assert task.status != TaskStatus.REMOVED
    assert client.post(url, {**data, CONFIRM_FIELD: "1"}).status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.REMOVED
    assert [r.task_id for r in closing_compare(closing).revisions] == [task.pk]
