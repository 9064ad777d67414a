"""The bell: thuongtruc returns canbo's completion report from the queue; canbo's bell shows one
unread notification, the notifications page gives the reason, and opening it leads to the task
and clears the count."""

import pytest
from django.utils import timezone

from tasks.models import Task, TaskStatus
from tasks.services import EvidenceInput, task_report_progress
from tasks.workflow_models import CompletionReport


@pytest.mark.django_db(transaction=True)
def test_a_returned_report_rings_the_bell(demo, page_for, live_server):
    from accounts.models import User
    from notifications.services import notifications_mark_all_read

    canbo = User.objects.get(username="canbo")
    task = Task.objects.filter(lead_unit=canbo.unit, status=TaskStatus.IN_PROGRESS, plan=demo.plan).first()
    task_report_progress(
        task=task,
        by=canbo,
        loaded_version=task.version,
        status=TaskStatus.COMPLETED,
        progress=100,
        note="Đã ban hành quyết định",
        completed_on=timezone.localdate(),
        evidence=EvidenceInput(document_number="12/QĐ-STP"),
    )
    report = CompletionReport.objects.get(task=task, status="awaiting_secretariat")

    # What the demo's story already told canbo (e.g. the completion confirmed after the closing) is read.
    notifications_mark_all_read(user=canbo)
    page = page_for("canbo")
    assert page.get_by_test_id("bell-count").count() == 0

    secretariat = page_for("thuongtruc")
    secretariat.goto(f"{live_server.url}/tasks/reports/{report.pk}/return/")
    secretariat.get_by_label("Lý do").fill("Thiếu bản ký số của quyết định")
    secretariat.get_by_role("button", name="Trả lại").click()
    secretariat.wait_for_load_state("networkidle")

    page.reload()
    assert page.get_by_test_id("bell-count").inner_text() == "1"
    page.get_by_test_id("bell").click()
    page.wait_for_load_state("networkidle")
    listing = page.get_by_test_id("notifications").inner_text()
    assert "Báo cáo hoàn thành bị trả lại" in listing
    assert "Lý do: Thiếu bản ký số của quyết định" in listing
    page.get_by_test_id("notifications").get_by_role("link").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/tasks/{task.pk}/")
    assert page.get_by_test_id("bell-count").count() == 0
