"""An English-language browser (Chromium with locale en-US, as in offices running English
Windows): the interface is Vietnamese until the person picks English, the choice follows them,
and dates are typed and shown dd/mm/yyyy — 8 January stays 08/01, never 01/08."""

import datetime

import pytest

from tasks.models import Task, TaskStatus

from .test_journey_progress import PDF, _open_task_of_my_unit


def _day_first_ambiguous_past_day() -> datetime.date:
    """The latest day up to today that a month-first reading would change (day ≤ 12, day ≠ month)."""
    day = datetime.date.today()
    while day.day > 12 or day.day == day.month:
        day -= datetime.timedelta(days=1)
    return day


@pytest.mark.django_db(transaction=True)
def test_english_browser_gets_vietnamese_and_types_dates_day_first(demo, page_for, tmp_path):
    page = page_for(None, locale="en-US")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_label("Tên đăng nhập").is_visible()
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill("cchc-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "vi"

    task_id = _open_task_of_my_unit(page)
    page.get_by_role("link", name="Cập nhật tiến độ").click()
    page.get_by_label("Hoàn thành — gửi báo cáo để xác nhận").check()
    page.get_by_label("Nội dung đã thực hiện").fill("Đã ban hành Quyết định.")
    field = page.get_by_label("Ngày hoàn thành")
    assert field.get_attribute("type") == "text" and field.get_attribute("placeholder") == "dd/mm/yyyy"
    # A date typed month first, as an English Windows user might, is refused by the browser.
    field.fill("2026-12-01")
    assert field.evaluate("el => el.validity.patternMismatch") is True
    # The calendar button writes the chosen day back day first.
    assert page.get_by_role("button", name="Chọn ngày trên lịch").first.is_visible()
    day = _day_first_ambiguous_past_day()
    page.locator(".date-input-picker").first.evaluate(
        "(el, iso) => { el.value = iso; el.dispatchEvent(new Event('change', {bubbles: true})); }", day.isoformat()
    )
    assert field.input_value() == day.strftime("%d/%m/%Y")
    evidence = tmp_path / "quyet-dinh.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("Tệp kiểm chứng").set_input_files(str(evidence))
    page.get_by_role("button", name="Lưu cập nhật").click()
    page.wait_for_load_state("networkidle")
    task = Task.objects.get(pk=task_id)
    assert task.status == TaskStatus.PENDING
    assert task.completion_reports.get().completed_on == day
    assert page.js_errors == []


@pytest.mark.django_db(transaction=True)
def test_english_is_the_persons_choice_and_follows_them(demo, page_for, browser, live_server):
    page = page_for("lanhdao", locale="en-US")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("button", name="EN").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    # Another browser, Vietnamese this time: the profile keeps English.
    other = page_for("lanhdao", locale="vi-VN")
    assert other.locator("html").get_attribute("lang") == "en"
    assert page.js_errors == [] and other.js_errors == []
