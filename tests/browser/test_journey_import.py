"""Journeys: the secretariat imports a plan from its appendix: upload → preview → confirm; and a
published appendix naming units the catalogue lacks, resolved on the preview's one screen."""

from pathlib import Path

import pytest

from plans.models import Plan
from units.models import Unit, UnitAlias

from .conftest import screenshot

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "ke-hoach-cchc-mau.xlsx"
PROVINCE_2025 = Path(__file__).resolve().parents[1] / "data" / "plans" / "tinh-2025-mot-dong.xlsx"


@pytest.mark.django_db(transaction=True)
def test_secretariat_imports_the_sample_plan(demo, page_for):
    page = page_for("thuongtruc")
    page.get_by_role("link", name="Kế hoạch", exact=True).first.click()
    page.get_by_role("link", name="Nhập kế hoạch từ Excel").click()
    page.get_by_label("Tệp phụ lục kế hoạch (.xlsx hoặc .docx)").set_input_files(str(SAMPLE))
    page.get_by_label("Số hiệu văn bản").fill("215/KH-UBND")
    page.get_by_label("Năm kế hoạch").fill("2027")
    page.get_by_label("Cơ quan ban hành").select_option(label="Ủy ban nhân dân tỉnh Sông Lam")
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.wait_for_load_state("networkidle")

    preview = page.content()
    assert "Đọc được 20 nhiệm vụ" in preview and "Không có gì cần sửa: có thể xác nhận." in preview
    assert not Plan.objects.filter(number="215/KH-UBND").exists()  # nothing written before confirming
    screenshot(page, "import-preview")
    page.get_by_role("button", name="Xác nhận nhập kế hoạch").click()
    page.wait_for_load_state("networkidle")

    plan = Plan.objects.get(number="215/KH-UBND")
    assert plan.tasks.count() == 20
    assert "215/KH-UBND" in page.locator("h1").inner_text()
    assert page.locator("table.plan-table tbody tr:not(.area-row) a").count() == 20
    assert page.js_errors == []


@pytest.mark.django_db(transaction=True)
def test_secretariat_resolves_unknown_unit_names_in_one_screen(demo, page_for):
    """A 2025 province appendix (post-merger department names) into the demo's catalogue, which is
    the reorganised one: the departments it knows are matched, nothing typed but the file, every
    unknown name asked once, then imported."""
    page = page_for("thuongtruc")
    page.get_by_role("link", name="Kế hoạch", exact=True).first.click()
    page.get_by_role("link", name="Nhập kế hoạch từ Excel").click()
    page.get_by_label("Tệp phụ lục kế hoạch (.xlsx hoặc .docx)").set_input_files(str(PROVINCE_2025))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.wait_for_load_state("networkidle")

    # Number, date and issuer read from "(Kèm theo Kế hoạch số 15/KH-UBND ngày 08/01/2025 của UBND tỉnh)".
    assert page.locator("h1").inner_text() == "Xem trước kế hoạch số 15/KH-UBND"
    assert page.get_by_label("Số hiệu văn bản").input_value() == "15/KH-UBND"
    assert page.get_by_label("Ngày ban hành").input_value() == "08/01/2025"  # dd/mm/yyyy in every browser
    assert page.get_by_test_id("blocking").inner_text() == "0 ô cần sửa · 2 tên đơn vị cần xác định"
    names = page.get_by_test_id("unknown-name")
    assert names.count() == 2
    # The post-merger departments (Sở Khoa học và Công nghệ…) are in the catalogue since 2025.
    asked = [names.nth(i).inner_text().split("\n")[0] for i in range(names.count())]
    assert asked == ["Trung tâm Phục vụ hành chính công tỉnh cần xác định", "Công an tỉnh cần xác định"]
    screenshot(page, "import-resolve")

    names.filter(has_text="Trung tâm Phục vụ hành chính công tỉnh").get_by_label(
        "Là đơn vị mới: tạo trong danh mục"
    ).check()
    names.filter(has_text="Công an tỉnh").get_by_label("Không gắn đơn vị: chỉ giữ như ghi").check()
    page.get_by_role("button", name="Lưu cách hiểu các tên").click()
    page.wait_for_load_state("networkidle")

    assert page.get_by_test_id("blocking").inner_text() == "Không có gì cần sửa: có thể xác nhận."
    assert "Trung tâm Phục vụ hành chính công tỉnh → tạo đơn vị mới" in page.get_by_test_id("resolved").inner_text()
    # written only on confirmation
    assert not Unit.objects.filter(name="Trung tâm Phục vụ hành chính công tỉnh").exists()
    page.get_by_role("button", name="Xác nhận nhập kế hoạch").click()
    page.wait_for_load_state("networkidle")

    plan = Plan.objects.get(number="15/KH-UBND")
    assert (plan.year, plan.issuing_unit.code, plan.tasks.count()) == (2025, "UBND-TINH", 8)
    assert plan.tasks.get(area__code="VII").lead_unit.code == "SKHCN"
    assert UnitAlias.objects.count() == 2
    assert "15/KH-UBND" in page.locator("h1").inner_text()
    assert page.js_errors == []
