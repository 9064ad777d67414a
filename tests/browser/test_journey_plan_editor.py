"""Journeys of plans during the year, by clicking: thuongtruc adds a task to the demo plan by
decision; canbo derives Sở Tư pháp's plan and truongdonvi issues it; the roll-up of the units'
parts shows on the agency task and its lead unit reports it from them."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from demo.plan_life import purge_unit_plans
from planning.unit_plans import DerivedPart, task_take_over
from plans.models import Plan, PlanStatus
from plans.services import unit_plan_create
from tasks.models import Task, TaskEventKind, TaskStatus
from tasks.services import EvidenceInput, report_confirm, task_report_progress
from tasks.workflow_models import CompletionReport
from units.models import Unit

from .conftest import screenshot

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.django_db(transaction=True)
def test_the_secretariat_adds_a_task_by_decision(demo, page_for):
    stp = Unit.objects.get(code="STP")
    page = page_for("thuongtruc")
    page.get_by_role("link", name="Kế hoạch", exact=True).first.click()
    page.get_by_role("link", name=demo.plan.number).click()
    page.get_by_test_id("plan-actions").get_by_role("link", name="Thêm nhiệm vụ").click()
    page.get_by_label("Lĩnh vực").select_option(label="III. TTHC")
    page.locator("#id_number").fill("99")
    page.get_by_label("Nội dung nhiệm vụ").fill("Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực tư pháp")
    page.get_by_label("Đơn vị chủ trì").select_option(str(stp.pk))
    page.get_by_label("Thời hạn (như ghi trong kế hoạch)").fill("Quý IV")
    page.get_by_label("Lý do thay đổi").fill("Bổ sung theo chỉ đạo của Chủ tịch UBND tỉnh")
    page.get_by_label("Số văn bản quyết định").fill("215/QĐ-UBND")
    page.get_by_label("Ngày văn bản").fill(datetime.date.today().isoformat())
    page.get_by_label("Trích yếu văn bản").fill("Điều chỉnh, bổ sung Kế hoạch CCHC")
    screenshot(page, "plan-task-add")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("networkidle")
    changes = page.get_by_test_id("plan-changes").inner_text()
    # The demo's four decisions of the year (demo/plan_life.py), then this one.
    assert "Bổ sung 2 nhiệm vụ · điều chỉnh 2 nhiệm vụ · đưa ra khỏi kế hoạch 1 nhiệm vụ." in changes
    assert "215/QĐ-UBND" in changes
    page.get_by_test_id("plan-changes").get_by_role("link", name="III.99").click()
    assert "215/QĐ-UBND" in page.get_by_test_id("event-document").inner_text()
    task = Task.objects.get(plan=demo.plan, area__code="III", number="99")
    assert (task.lead_unit, task.deadline) == (stp, datetime.date(demo.plan.year, 12, 31))
    assert page.js_errors == []


def without_unit_plans(demo):
    """The demo's units have derived their plans already (demo/plan_life.py): set them aside to
    derive Sở Tư pháp's again."""
    purge_unit_plans(demo.plan, by=User.objects.get(username="thuongtruc"))


@pytest.mark.django_db(transaction=True)
def test_a_unit_derives_its_plan_and_its_head_issues_it(demo, page_for, live_server):
    without_unit_plans(demo)
    page = page_for("canbo")
    page.get_by_role("link", name="Kế hoạch", exact=True).first.click()
    page.get_by_role("link", name=demo.plan.number).click()
    page.get_by_role("link", name="Xây dựng kế hoạch của đơn vị").click()
    page.get_by_role("button", name="Tạo dự thảo").click()
    page.wait_for_load_state("networkidle")
    offered = page.get_by_test_id("offered-tasks")
    before = offered.get_by_role("link", name="Nhận nhiệm vụ").count()
    assert before > 0
    offered.get_by_role("link", name="Nhận nhiệm vụ").first.click()
    page.get_by_role("button", name="Nhận vào kế hoạch của đơn vị").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("offered-tasks").get_by_role("link", name="Nhận nhiệm vụ").count() == before - 1
    screenshot(page, "unit-plan-draft")
    unit_plan = Plan.objects.get(parent=demo.plan, issuing_unit__code="STP")
    assert unit_plan.tasks.get().parent_task.plan == demo.plan

    head = page_for("truongdonvi")
    head.get_by_role("link", name="Kế hoạch", exact=True).first.click()
    head.get_by_role("link", name=unit_plan.number).click()
    head.get_by_test_id("plan-actions").get_by_role("link", name="Ban hành kế hoạch").click()
    head.get_by_label("Số hiệu văn bản").fill("45/KH-STP")
    head.get_by_label("Ngày ban hành").fill(datetime.date.today().isoformat())
    head.get_by_role("button", name="Ban hành", exact=True).click()
    head.wait_for_load_state("networkidle")
    assert "Đã ban hành kế hoạch 45/KH-STP." in head.content()
    unit_plan.refresh_from_db()
    assert (unit_plan.status, unit_plan.number) == (PlanStatus.ISSUED, "45/KH-STP")

    secretariat = page_for("thuongtruc")
    secretariat.goto(live_server.url + demo.plan.get_absolute_url())
    secretariat.get_by_role("link", name="Kế hoạch của các đơn vị").click()
    headline = secretariat.get_by_test_id("unit-plans-headline").inner_text()
    assert headline.startswith("1/") and "đơn vị đã ban hành kế hoạch" in headline
    assert "45/KH-STP" in secretariat.get_by_test_id("unit-plans").inner_text()
    screenshot(secretariat, "unit-plans")
    assert page.js_errors == [] and head.js_errors == []


@pytest.mark.django_db(transaction=True)
def test_the_rollup_shows_on_the_agency_task(demo, page_for, live_server, settings, tmp_path):
    without_unit_plans(demo)
    settings.MEDIA_ROOT = tmp_path / "media"
    stp = Unit.objects.get(code="STP")
    head = User.objects.get(username="truongdonvi")
    secretariat = User.objects.get(username="thuongtruc")
    agency_task = (
        Task.objects.filter(plan=demo.plan, lead_unit=stp, status=TaskStatus.IN_PROGRESS)
        .exclude(completion_reports__status__in=["awaiting_head", "awaiting_secretariat"])
        .order_by("pk")
        .first()
    )
    unit_plan = unit_plan_create(parent=demo.plan, unit=stp, by=head, title="Kế hoạch CCHC của Sở Tư pháp")
    (part,) = task_take_over(unit_plan=unit_plan, parent_task=agency_task, by=head, parts=[DerivedPart()])
    done_on = datetime.date.today() - datetime.timedelta(days=2)
    task_report_progress(
        task=part,
        by=head,
        loaded_version=part.version,
        status=TaskStatus.COMPLETED,
        progress=100,
        note="Đã hoàn thành",
        completed_on=done_on,
        evidence=EvidenceInput(files=[SimpleUploadedFile("ket-qua-stp.pdf", PDF)]),
    )
    report_confirm(report=CompletionReport.objects.get(task=part), by=secretariat)

    page = page_for("truongdonvi")
    page.goto(live_server.url + agency_task.get_absolute_url())
    rollup = page.get_by_test_id("rollup")
    assert "1/1 đơn vị đã hoàn thành phần việc" in rollup.inner_text()
    screenshot(page, "task-rollup")
    rollup.get_by_role("link", name="Báo cáo hoàn thành nhiệm vụ kèm kết quả của các đơn vị").click()
    assert "ket-qua-stp.pdf" in page.get_by_test_id("rollup-evidence").inner_text()
    page.get_by_role("button", name="Gửi báo cáo hoàn thành").click()
    page.wait_for_load_state("networkidle")
    assert "Đã gửi báo cáo hoàn thành. Nhiệm vụ chờ xác nhận." in page.content()
    agency_task.refresh_from_db()
    assert (agency_task.status, agency_task.completed_on) == (TaskStatus.PENDING, done_on)
    submitted = agency_task.events.get(kind=TaskEventKind.SUBMITTED)
    assert [e.original_name for e in submitted.evidence.all()] == ["ket-qua-stp.pdf"]
    assert page.js_errors == []
