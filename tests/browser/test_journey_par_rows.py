"""The secretariat edits next year's criteria set by clicking (issue 19): copies this year's set
as a draft, adds a 0,25 row under the full criterion 1.1 while taking the 0,25 from 1.1.2, the
running total following what is typed, and the set saved with every sum kept."""

from decimal import Decimal as D

import pytest

from parindex.models import CriteriaSet, EventKind, ParEvent

from .conftest import screenshot


@pytest.mark.django_db(transaction=True)
def test_the_secretariat_adds_a_row_taking_its_points_from_a_sibling(demo, page_for):
    year = demo.plan.year
    page = page_for("thuongtruc")
    page.get_by_role("link", name="Chỉ số CCHC", exact=True).first.click()
    page.get_by_test_id("sets").get_by_role("row").filter(has_text=str(year)).get_by_role("link").click()
    page.get_by_label("Sao thành dự thảo năm").fill(str(year + 1))
    page.get_by_role("button", name="Sao bộ tiêu chí").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("set-status").inner_text() == "Dự thảo"
    page.get_by_test_id("add-under-1.1").click()
    assert page.locator("#id_stt").input_value() == "1.1.3"
    page.locator("#id_content").fill("Tổ chức hội nghị triển khai kế hoạch CCHC")
    page.locator("#id_max_points").fill("0,25")
    total = page.get_by_test_id("running-total")
    assert total.inner_text() == "3,25"
    assert "text-danger" in total.get_attribute("class")
    page.get_by_test_id("maximum-1.1.2").get_by_role("textbox").fill("1,75")
    assert total.inner_text() == "3"
    assert "text-success" in total.get_attribute("class")
    total.scroll_into_view_if_needed()
    screenshot(page, "par-add-row")
    page.get_by_role("button", name="Thêm dòng").click()
    page.wait_for_load_state("networkidle")
    assert "Đã thêm dòng 1.1.3." in page.inner_text("body")
    assert page.get_by_test_id("row-1.1.3").inner_text().startswith("1.1.3\tTổ chức hội nghị triển khai")
    draft = CriteriaSet.objects.get(year=year + 1)
    assert dict(draft.criteria.filter(stt__startswith="1.1").values_list("stt", "max_points")) == {
        "1.1": D(3),
        "1.1.1": D(1),
        "1.1.2": D("1.75"),
        "1.1.3": D("0.25"),
    }
    assert list(
        ParEvent.objects.filter(criteria_set=draft, kind__in=[EventKind.ROW_EDITED, EventKind.ROW_ADDED])
        .order_by("id")
        .values_list("detail", flat=True)
    ) == ["1.1.2: điểm tối đa 2 → 1,75", "Thêm dòng 1.1.3 (0,25 điểm)"]
    assert page.js_errors == []
