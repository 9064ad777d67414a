"""Undoing a confirmation made by mistake, the same day, with a reason (issue 21): the task is
pending again, the report back in the queue, and the history keeps both entries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from reports.completion import completion_of
from tasks.models import Task, TaskEvent, TaskStatus
from tasks.services import report_confirm, report_confirm_undo
from tasks.workflow_models import CompletionReport, ReportStatus

from .test_confirmation import report_done


@pytest.fixture
def confirmed(cast, task):
    report = report_done(task, cast.staff_a, on=timezone.localdate() - datetime.timedelta(days=3))
    report_confirm(report=report, by=cast.secretariat)
    report.refresh_from_db()
    return report


@pytest.mark.django_db
def test_undo_puts_the_report_back_in_the_queue_and_keeps_the_history(cast, task, confirmed):
    client = cast.client(cast.secretariat)
    page = client.get(task.get_absolute_url()).content.decode()
    undo_url = reverse("tasks:report_confirm_undo", args=[confirmed.pk])
    assert f'href="{undo_url}"' in page
    assert client.post(undo_url, {"reason": ""}).status_code == 200  # a reason is required
    response = client.post(undo_url, {"reason": "Xác nhận nhầm nhiệm vụ"})
    assert response.status_code == 302 and response.url == task.get_absolute_url()
    task.refresh_from_db()
    assert (task.status, task.progress, task.completed_on) == (TaskStatus.PENDING, 100, None)
    confirmed.refresh_from_db()
    assert (confirmed.status, confirmed.decided_at) == (ReportStatus.AWAITING_SECRETARIAT, None)
    kinds = list(TaskEvent.objects.filter(task=task).order_by("id").values_list("kind", flat=True))
    assert kinds[-2:] == ["confirmed", "confirmation_undone"]
    undone = TaskEvent.objects.get(task=task, kind="confirmation_undone")
    assert (undone.actor, undone.note, undone.status_before, undone.status_after) == (
        cast.secretariat,
        "Xác nhận nhầm nhiệm vụ",
        "completed",
        "pending",
    )
    # The confirmation counted from the reported date; so does its withdrawal: completed on no date.
    assert undone.effective_on == confirmed.completed_on
    for day in (confirmed.completed_on, timezone.localdate()):
        assert completion_of(Task.objects.filter(pk=task.pk), as_of=day).completed == 0
    assert AuditEntry.objects.filter(action="task_confirmation_undone").count() == 1
    assert confirmed.pk in [r.pk for r in client.get(reverse("tasks:queue")).context["reports"]]
    # The timeline shows both, with the reason.
    page = client.get(task.get_absolute_url()).content.decode()
    assert "Hủy xác nhận hoàn thành" in page and "Xác nhận nhầm nhiệm vụ" in page


@pytest.mark.django_db
def test_only_on_the_day_of_the_confirmation(cast, task, confirmed):
    CompletionReport.objects.filter(pk=confirmed.pk).update(decided_at=timezone.now() - datetime.timedelta(days=1))
    confirmed.refresh_from_db()
    with pytest.raises(ValidationError, match="trong ngày"):
        report_confirm_undo(report=confirmed, by=cast.secretariat, reason="Nhầm")
    assert f'href="{reverse("tasks:report_confirm_undo", args=[confirmed.pk])}"' not in (
        cast.client(cast.secretariat).get(task.get_absolute_url()).content.decode()
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED


@pytest.mark.django_db
def test_only_the_secretariat_and_only_a_confirmed_report(cast, task, confirmed):
    for who in (cast.leader, cast.staff_a, cast.head_a):
        with pytest.raises(PermissionDenied):
            report_confirm_undo(report=confirmed, by=who, reason="Nhầm")
    report_confirm_undo(report=confirmed, by=cast.secretariat, reason="Nhầm")
    with pytest.raises(ValidationError):
        report_confirm_undo(report=confirmed, by=cast.secretariat, reason="Lần hai")
    assert TaskEvent.objects.filter(task=task, kind="confirmation_undone").count() == 1
