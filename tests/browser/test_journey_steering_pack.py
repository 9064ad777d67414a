"""The monthly steering-committee pack by clicking (issue 20): the secretariat makes last
month's pack from the packs page, a leader opens it and downloads the PDF, whose text carries
the same headline and identifier as the page."""

import io

import pytest
from pypdf import PdfReader

from reports.models import SteeringPack
from reports.steering import PackReport

from .conftest import screenshot


@pytest.mark.django_db(transaction=True)
def test_the_secretariat_makes_the_pack_and_a_leader_downloads_its_pdf(demo, page_for, tmp_path):
    page = page_for("thuongtruc")
    page.get_by_role("button", name="Báo cáo", exact=True).click()
    page.get_by_role("link", name="Gói báo cáo Ban chỉ đạo").click()
    # The demo made the packs of the last three finished months: an earlier month is missing.
    before = set(SteeringPack.objects.values_list("pk", flat=True))
    button = page.get_by_test_id("missing-months").get_by_role("button").first
    label = button.inner_text().removeprefix("Tạo gói ")
    button.click()
    page.wait_for_load_state("networkidle")
    pack = SteeringPack.objects.exclude(pk__in=before).get()
    assert label.endswith(f"{pack.month:%m/%Y}")
    assert pack.made_by.username == "thuongtruc"
    report = PackReport(pack)
    assert report.headline.startswith("Hoàn thành ")
    # Making it opens the pack's page.
    assert page.get_by_test_id("pack-identifier").inner_text() == pack.identifier

    leader = page_for("lanhdao")
    leader.get_by_role("button", name="Báo cáo", exact=True).click()
    leader.get_by_role("link", name="Gói báo cáo Ban chỉ đạo").click()
    leader.get_by_role("link", name=pack.identifier).click()
    assert leader.get_by_test_id("pack-identifier").inner_text() == pack.identifier
    assert leader.get_by_test_id("pack-headline").inner_text() == report.headline
    screenshot(leader, "steering-pack")
    with leader.expect_download() as download_info:
        leader.get_by_test_id("download-pdf").click()
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    assert path.suffix == ".pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    assert report.headline in " ".join(text.split())
    assert pack.identifier in text
    assert leader.js_errors == []
