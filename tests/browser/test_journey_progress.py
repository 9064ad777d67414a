"""Journeys of the progress workflow, by clicking as a person would: canbo reports a task
completed with a PDF, thuongtruc confirms it from the queue; canbo2 cannot reach canbo's
update form; the same report on a phone-sized screen."""

import datetime

import pytest

from tasks.models import Task, TaskStatus
from tasks.workflow_models import CompletionReport

from .conftest import screenshot

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _open_task_of_my_unit(page):
    """From the unit's list, the first task of canbo's unit that is in progress."""
    page.get_by_role("link", name="Nhiệm vụ của đơn vị", exact=True).first.click()
    filters = page.locator("details.filters")
    if not filters.evaluate("el => el.open"):  # folded on a phone: open it as a person would
        filters.locator("summary").click()
    page.get_by_label("Trạng thái").select_option("in_progress")
    page.get_by_label("Vai trò").select_option("lead")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_load_state("networkidle")
    first = page.get_by_test_id("unit-tasks").locator("a").first
    first.click()
    page.wait_for_load_state("networkidle")
    return int(page.url.rstrip("/").rsplit("/", 1)[-1])


def _report_completed(page, tmp_path, *, phone=False):
    page.get_by_role("link", name="Cập nhật tiến độ").click()
    page.get_by_label("Hoàn thành — gửi báo cáo để xác nhận").check()
    page.get_by_label("Nội dung đã thực hiện").fill("Đã ban hành Quyết định, gửi kèm bản ký số.")
    page.get_by_label("Ngày hoàn thành").fill(datetime.date.today().strftime("%d/%m/%Y"))
    evidence = tmp_path / "quyet-dinh-ban-hanh.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("Tệp kiểm chứng").set_input_files(str(evidence))
    if not phone:
        screenshot(page, "task-update")
    page.get_by_role("button", name="Lưu cập nhật").click()
    page.wait_for_load_state("networkidle")


def _leaders_headline(page, plan_number):
    """lanhdao's way to the figure: home (the dashboards) → the plan's dashboard."""
    page.get_by_role("link", name="Bảng điều khiển").first.click()
    page.get_by_role("link", name=f"Kế hoạch số {plan_number}").click()
    page.wait_for_load_state("networkidle")
    return page.get_by_test_id("headline").inner_text()


@pytest.mark.django_db(transaction=True)
def test_canbo_reports_completion_thuongtruc_confirms_and_lanhdao_sees_the_rate_move(demo, page_for, tmp_path):
    leader = page_for("lanhdao")
    assert "Hoàn thành 50/77 nhiệm vụ, đạt 64,94%" in _leaders_headline(leader, demo.plan.number)

    page = page_for("canbo")
    task_id = _open_task_of_my_unit(page)
    _report_completed(page, tmp_path)
    assert "Đã gửi báo cáo hoàn thành" in page.content()
    assert page.get_by_text("Chờ xác nhận").first.is_visible()
    screenshot(page, "task-detail-pending")
    task = Task.objects.get(pk=task_id)
    assert (task.status, task.progress) == (TaskStatus.PENDING, 100)
    assert task.evidence.get().original_name == "quyet-dinh-ban-hanh.pdf"

    secretariat = page_for("thuongtruc")
    secretariat.get_by_role("link", name="Hàng chờ xác nhận").click()
    card = secretariat.locator(f"#report-{CompletionReport.objects.get(task=task).pk}")
    assert "quyet-dinh-ban-hanh.pdf" in card.inner_text()
    screenshot(secretariat, "queue")
    card.get_by_role("button", name="Xác nhận hoàn thành").click()
    secretariat.wait_for_load_state("networkidle")
    assert "Đã xác nhận hoàn thành" in secretariat.content()
    task.refresh_from_db()
    assert (task.status, task.completed_on) == (TaskStatus.COMPLETED, datetime.date.today())

    assert "Hoàn thành 51/77 nhiệm vụ, đạt 66,23%" in _leaders_headline(leader, demo.plan.number)
    screenshot(leader, "dashboard")
    assert page.js_errors == [] and secretariat.js_errors == [] and leader.js_errors == []


@pytest.mark.django_db(transaction=True)
def test_canbo2_cannot_reach_canbos_update_form(demo, page_for, live_server):
    stp_task = Task.objects.filter(lead_unit__code="STP").exclude(coordinating_units__code="STC").first()
    page = page_for("canbo2")
    # Not in canbo2's list, nor on the plan page canbo2 can open…
    page.get_by_role("link", name="Nhiệm vụ của đơn vị", exact=True).first.click()
    assert stp_task.content[:40] not in page.get_by_test_id("unit-tasks").inner_text()
    page.get_by_role("link", name="Kế hoạch", exact=True).first.click()
    page.get_by_role("link", name=demo.plan.number).click()
    assert page.locator(f"a[href='/tasks/{stp_task.pk}/']").count() == 0
    # …and typed URLs answer "not found".
    response = page.goto(f"{live_server.url}/tasks/{stp_task.pk}/update/")
    assert response.status == 404
    # A task canbo2's unit coordinates is readable, but offers no update link and refuses the form.
    shared = Task.objects.filter(lead_unit__code="STP", coordinating_units__code="STC").first()
    if shared is not None:
        page.goto(f"{live_server.url}/tasks/{shared.pk}/")
        assert page.get_by_role("link", name="Cập nhật tiến độ").count() == 0
        assert page.goto(f"{live_server.url}/tasks/{shared.pk}/update/").status == 403


@pytest.mark.django_db(transaction=True)
def test_phone_sized_screen_can_report_completion(demo, page_for, tmp_path):
    page = page_for("canbo", viewport=(390, 844))
    page.get_by_role("button", name="Mở menu").click()
    task_id = _open_task_of_my_unit(page)
    _report_completed(page, tmp_path, phone=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    screenshot(page, "task-detail-phone")
    assert Task.objects.get(pk=task_id).status == TaskStatus.PENDING
