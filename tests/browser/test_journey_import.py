"""Journey: the secretariat imports a plan from its Excel appendix: upload → preview → confirm."""

from pathlib import Path

import pytest

from plans.models import Plan

from .conftest import screenshot

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "ke-hoach-cchc-mau.xlsx"


@pytest.mark.django_db(transaction=True)
def test_secretariat_imports_the_sample_plan(demo, page_for):
    page = page_for("thuongtruc")
    page.get_by_role("link", name="Kế hoạch", exact=True).first.click()
    page.get_by_role("link", name="Nhập kế hoạch từ Excel").click()
    page.get_by_label("Tệp Excel của kế hoạch (.xlsx)").set_input_files(str(SAMPLE))
    page.get_by_label("Số hiệu văn bản").fill("215/KH-UBND")
    page.get_by_label("Năm kế hoạch").fill("2027")
    page.get_by_label("Cơ quan ban hành").select_option(label="Ủy ban nhân dân tỉnh Sông Lam")
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.wait_for_load_state("networkidle")

    preview = page.content()
    assert "20 nhiệm vụ" in preview and "0 lỗi" in preview
    assert not Plan.objects.filter(number="215/KH-UBND").exists()  # nothing written before confirming
    screenshot(page, "import-preview")
    page.get_by_role("button", name="Xác nhận nhập kế hoạch").click()
    page.wait_for_load_state("networkidle")

    plan = Plan.objects.get(number="215/KH-UBND")
    assert plan.tasks.count() == 20
    assert "215/KH-UBND" in page.locator("h1").inner_text()
    assert page.locator("table.plan-table tbody tr:not(.area-row) a").count() == 20
    assert page.js_errors == []
