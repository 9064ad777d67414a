"""Journey: the secretariat downloads the six-month review of the demo plan by clicking, and
the file holds the dashboard's figures as typed cells."""

import pytest
from openpyxl import load_workbook

from .conftest import screenshot

SHEETS = ["Tổng hợp", "Theo đơn vị", "Chi tiết nhiệm vụ", "Quá hạn", "Thay đổi kế hoạch", "Kiểm tra", "Số liệu"]


@pytest.mark.django_db(transaction=True)
def test_thuongtruc_downloads_the_six_month_review(demo, page_for, tmp_path):
    page = page_for("thuongtruc")
    page.get_by_role("button", name="Báo cáo", exact=True).click()
    page.get_by_role("link", name="Xuất báo cáo").first.click()
    page.get_by_label("Kế hoạch").select_option(label=str(demo.plan))
    page.get_by_label("Kỳ báo cáo").select_option("h1")
    page.get_by_role("button", name="Xem kỳ báo cáo").click()
    page.wait_for_load_state("networkidle")
    assert "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%" in page.get_by_test_id("export-headline").inner_text()
    screenshot(page, "export")
    with page.expect_download() as download_info:
        page.get_by_test_id("download-xlsx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    workbook = load_workbook(path)
    assert workbook.sheetnames == SHEETS
    summary = workbook["Tổng hợp"]
    assert "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%" in [cell.value for row in summary.iter_rows() for cell in row]
    rates = [c for row in summary.iter_rows() for c in row if c.number_format == "0.00%" and c.data_type == "n"]
    assert pytest.approx(0.5195) in [c.value for c in rates]
    assert page.js_errors == []
