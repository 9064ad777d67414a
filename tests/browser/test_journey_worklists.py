"""What each person sees first (issue 21), at 1366 × 768 and 390 × 844, in a Vietnamese and an
English-locale browser: the interface stays Vietnamese, the menu fits, and the page starts with
the work. The demo's figures change with its data; these journeys assert the layout and words."""

import pytest

from tasks.models import Task

from .test_journey_progress import _open_task_of_my_unit

VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}
LOCALES = ["vi-VN", "en-US"]


def _nav_fits(page, viewport) -> None:
    """At 1366 px the menu is one line (the bar no taller than on a page with no menu); at 390 px
    it is folded behind the toggler and the bar is one line too."""
    height = page.locator("nav.navbar").bounding_box()["height"]
    assert height <= 64, f"navigation bar {height}px high at {viewport}"
    if viewport == "phone":
        assert page.locator(".navbar-toggler").is_visible()
        assert not page.locator("#mainnav").is_visible()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("locale", LOCALES)
def test_unit_staff_start_with_what_needs_doing(demo, page_for, viewport, locale):
    page = page_for("canbo", viewport=VIEWPORTS[viewport], locale=locale)
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.url.endswith("/tasks/mine/")
    _nav_fits(page, viewport)
    first_section = page.locator("[data-testid^=section-]").first
    assert first_section.get_attribute("data-testid") == "section-attention"
    assert first_section.locator("h2").inner_text().startswith("Cần xử lý")
    # The first task row is on the first screen, filters or not.
    row = first_section.locator(".list-group-item").first
    assert row.bounding_box()["y"] + 20 < VIEWPORTS[viewport][1]
    filters = page.locator("details.filters")
    assert filters.evaluate("el => el.open") is (viewport == "desktop")
    # A count opens its list.
    counts = page.get_by_test_id("unit-counts")
    overdue = counts.get_by_role("link", name="Quá hạn")
    figure = int(overdue.locator("strong").inner_text())
    overdue.click()
    page.wait_for_load_state("networkidle")
    assert "timeliness=overdue" in page.url
    assert page.get_by_test_id("unit-tasks").locator(".list-group-item").count() == min(figure, 50)
    assert page.js_errors == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_unit_head_sees_the_approvals_waiting_first(demo, page_for, viewport):
    page = page_for("truongdonvi", viewport=VIEWPORTS[viewport], locale="en-US")
    assert page.locator("html").get_attribute("lang") == "vi"
    _nav_fits(page, viewport)
    panel = page.get_by_test_id("head-approvals")
    assert panel.is_visible() and "báo cáo chờ bạn duyệt" in panel.inner_text()
    assert panel.bounding_box()["y"] < page.get_by_test_id("unit-counts").bounding_box()["y"]
    assert page.js_errors == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("who", ["thuongtruc", "lanhdao"])
def test_secretariat_and_leaders_menus_fit(demo, page_for, viewport, who):
    page = page_for(who, viewport=VIEWPORTS[viewport], locale="en-US")
    assert page.locator("html").get_attribute("lang") == "vi"
    _nav_fits(page, viewport)
    if who == "thuongtruc":
        # What waits, and since when, is the first thing on the first screen.
        summary = page.get_by_test_id("queue-summary")
        assert "báo cáo chờ xác nhận" in summary.inner_text()
        assert summary.bounding_box()["y"] + summary.bounding_box()["height"] < VIEWPORTS[viewport][1]
        assert page.locator("details.filters").evaluate("el => el.open") is (viewport == "desktop")
    else:
        # The leader lands on the panel: the year's headline first, then what needs attention.
        headline = page.get_by_test_id("attention-headline")
        assert headline.inner_text().startswith("Hoàn thành 50/77 nhiệm vụ")
        assert headline.bounding_box()["y"] + headline.bounding_box()["height"] < VIEWPORTS[viewport][1]
        waiting = page.get_by_test_id("attention-waiting")
        assert "báo cáo hoàn thành" in waiting.inner_text() and "cũ nhất gửi ngày" in waiting.inner_text()
        waiting.get_by_role("link").click()
        page.wait_for_load_state("networkidle")
        assert "waiting=1" in page.url and "Báo cáo hoàn thành đang chờ thường trực xác nhận" in page.content()
    assert page.js_errors == []


@pytest.mark.django_db(transaction=True)
def test_secretariat_confirms_two_reports_with_one_confirmation(demo, page_for, tmp_path):
    from tasks.workflow_models import CompletionReport, ReportStatus

    waiting = list(CompletionReport.objects.filter(status=ReportStatus.AWAITING_SECRETARIAT)[:2])
    if len(waiting) < 2:
        pytest.skip("the demo has fewer than two reports waiting")
    page = page_for("thuongtruc")
    for report in waiting:
        page.locator(f"#report-{report.pk} input[name=reports]").check()
    page.get_by_role("button", name="Xác nhận các báo cáo đã chọn…").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Xác nhận hoàn thành 2 nhiệm vụ?").is_visible()
    assert CompletionReport.objects.filter(pk__in=[r.pk for r in waiting], status=ReportStatus.CONFIRMED).count() == 0
    page.get_by_role("button", name="Xác nhận 2 báo cáo").click()
    page.wait_for_load_state("networkidle")
    assert "Đã xác nhận hoàn thành 2 nhiệm vụ" in page.content()
    assert CompletionReport.objects.filter(pk__in=[r.pk for r in waiting], status=ReportStatus.CONFIRMED).count() == 2
    assert page.js_errors == []


@pytest.mark.django_db(transaction=True)
def test_the_completion_block_shows_only_when_completed_is_chosen(demo, page_for, browser, live_server):
    page = page_for("canbo")
    task_id = _open_task_of_my_unit(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("link", name="Cập nhật tiến độ").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_label("Đang triển khai").is_checked()
    assert not page.get_by_label("Ngày hoàn thành").is_visible()
    assert not page.get_by_label("Tệp kiểm chứng").is_visible()
    short = page.evaluate("document.documentElement.scrollHeight")
    page.get_by_label("Hoàn thành — gửi báo cáo để xác nhận").check()
    assert page.get_by_label("Ngày hoàn thành").is_visible()
    assert page.get_by_label("Tệp kiểm chứng").is_visible()
    assert not page.get_by_label("Tiến độ (%)").is_visible()
    assert page.evaluate("document.documentElement.scrollHeight") > short + 300
    # A percent update sends nothing from the hidden block.
    page.get_by_label("Đang triển khai").check()
    page.get_by_label("Tiến độ (%)").fill("70")
    page.get_by_label("Nội dung đã thực hiện").fill("Đã xây dựng dự thảo.")
    page.get_by_role("button", name="Lưu cập nhật").click()
    page.wait_for_load_state("networkidle")
    assert Task.objects.get(pk=task_id).progress == 70
    assert page.js_errors == []

    # Without JavaScript every field is there, and the server applies the same rules.
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        nojs = context.new_page()
        nojs.goto(live_server.url + "/")
        nojs.get_by_label("Tên đăng nhập").fill("canbo")
        nojs.get_by_label("Mật khẩu").fill("cchc-demo")
        nojs.get_by_role("button", name="Đăng nhập").click()
        nojs.goto(f"{live_server.url}/tasks/{task_id}/update/")
        assert nojs.get_by_label("Ngày hoàn thành").is_visible()
        assert nojs.get_by_label("Tiến độ (%)").is_visible()
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_secretariat_previews_the_evidence_without_leaving_the_queue(demo, page_for, tmp_path):
    from tasks.workflow_models import Evidence

    from .test_journey_progress import _report_completed

    page = page_for("canbo")
    task_id = _open_task_of_my_unit(page)
    _report_completed(page, tmp_path)
    evidence = Evidence.objects.get(task_id=task_id, original_name="quyet-dinh-ban-hanh.pdf")

    page = page_for("thuongtruc")
    queue_url = page.url
    card = page.locator(f"article:has(a[href='/tasks/{task_id}/'])")
    files = card.get_by_test_id("evidence")
    assert "quyet-dinh-ban-hanh.pdf" in files.inner_text() and "(PDF, " in files.inner_text()
    with page.expect_response(f"**/tasks/evidence/{evidence.pk}/preview/") as preview:
        files.get_by_text("Xem trước").click()
    assert preview.value.status == 200 and preview.value.headers["content-type"] == "application/pdf"
    frame = files.locator("iframe.evidence-frame")
    assert frame.is_visible() and frame.bounding_box()["height"] > 300
    assert page.url == queue_url  # still in the queue
    assert [e for e in page.js_errors if "Refused" in e or "Content Security Policy" in e] == []
