"""Optional unit-head approval before a completion report reaches the secretariat."""

import datetime

import pytest
from django.urls import reverse

from tasks.models import TaskStatus
from tasks.services import EvidenceInput, task_report_progress
from tasks.workflow_models import CompletionReport, ReportStatus


@pytest.fixture
def approving_unit(cast):
    cast.unit_a.requires_head_approval = True
    cast.unit_a.save()


def submit(task, user):
    task_report_progress(
        task=task,
        by=user,
        loaded_version=task.version,
        status=TaskStatus.COMPLETED,
        progress=100,
        note="Đã hoàn thành",
        completed_on=datetime.date(2026, 11, 20),
        evidence=EvidenceInput(document_number="5/BC-STP"),
    )
    task.refresh_from_db()
    return CompletionReport.objects.get(task=task)


@pytest.mark.django_db
def test_staff_report_waits_for_the_head_then_reaches_the_secretariat(cast, task, approving_unit):
    report = submit(task, cast.staff_a)
    assert report.status == ReportStatus.AWAITING_HEAD
    assert task.status == "in_progress"  # not yet in the secretariat's queue
    assert "Rà soát" not in cast.client(cast.secretariat).get(reverse("tasks:queue")).content.decode()
    assert "Rà soát" in cast.client(cast.head_a).get(reverse("tasks:approvals")).content.decode()

    response = cast.client(cast.head_a).post(reverse("tasks:report_approve", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    task.refresh_from_db()
    assert report.status == ReportStatus.AWAITING_SECRETARIAT
    assert (task.status, task.progress) == ("pending", 100)
    assert "Rà soát" in cast.client(cast.secretariat).get(reverse("tasks:queue")).content.decode()


@pytest.mark.django_db
def test_head_rejects_with_a_reason(cast, task, approving_unit):
    report = submit(task, cast.staff_a)
    url = reverse("tasks:report_reject", args=[report.pk])
    assert "reason" in cast.client(cast.head_a).post(url, {"reason": ""}).context["form"].errors
    cast.client(cast.head_a).post(url, {"reason": "Bổ sung số liệu"})
    report.refresh_from_db()
    assert report.status == ReportStatus.REJECTED_BY_HEAD and report.decision_note == "Bổ sung số liệu"
    assert task.events.filter(kind="head_rejected", note="Bổ sung số liệu").exists()


@pytest.mark.django_db
def test_the_heads_own_report_goes_straight_to_the_secretariat(cast, task, approving_unit):
    assert submit(task, cast.head_a).status == ReportStatus.AWAITING_SECRETARIAT


@pytest.mark.django_db
def test_without_the_setting_staff_reports_go_straight_to_the_secretariat(cast, task):
    assert submit(task, cast.staff_a).status == ReportStatus.AWAITING_SECRETARIAT


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "expected"), [("staff_a", 403), ("secretariat", 403), ("staff_b", 403)])
def test_only_the_lead_units_head_approves(cast, task, approving_unit, who, expected):
    report = submit(task, cast.staff_a)
    assert (
        cast.client(getattr(cast, who)).post(reverse("tasks:report_approve", args=[report.pk])).status_code == expected
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.AWAITING_HEAD


@pytest.mark.django_db
def test_a_returned_task_reported_again_shows_one_state(cast, task, approving_unit):
    """Returned by the secretariat, reported again by the staff, now waiting for the head: the
    page says that and nothing else (no "Trả lại" badge, no old return box, no "chờ xác nhận")."""
    from tasks.services import report_head_approve, report_return

    report_head_approve(report=submit(task, cast.staff_a), by=cast.head_a)
    report_return(report=CompletionReport.objects.get(task=task), by=cast.secretariat, reason="Thiếu văn bản")
    task.refresh_from_db()
    assert task.status == "returned"
    client = cast.client(cast.staff_a)
    response = client.post(
        reverse("tasks:update", args=[task.pk]),
        {
            "version": task.version,
            "status": "completed",
            "progress": 100,
            "note": "Đã bổ sung văn bản",
            "completed_on": "20/11/2026",
            "document_number": "6/BC-STP",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Đã gửi báo cáo hoàn thành; báo cáo chờ lãnh đạo đơn vị duyệt." in html
    assert "Nhiệm vụ chờ xác nhận" not in html
    status = html[html.index('data-testid="task-status"') :]
    status = status[: status.index("</p>")]
    assert "Chờ lãnh đạo đơn vị duyệt" in status and "status-returned" not in status
    assert 'data-testid="return-reason"' not in html and "Thiếu văn bản" in html  # in the timeline only
    assert "Báo cáo hoàn thành đang chờ lãnh đạo đơn vị duyệt." in html
