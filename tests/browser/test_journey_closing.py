"""Journey: the secretariat closes the demo plan's first quarter by clicking, the closing's
page shows its identifier, and the Word draft downloaded from it opens with python-docx and
converts with LibreOffice (skipped, with the reason, where LibreOffice is not installed), its
figures those of the preview."""

import subprocess

import pytest
from docx import Document

from reports.closing_docx import soffice_path
from reports.models import PeriodClosing

from .conftest import screenshot


@pytest.mark.django_db(transaction=True)
def test_thuongtruc_closes_a_period_and_downloads_the_word_draft(demo, page_for, tmp_path):
    page = page_for("thuongtruc")
    page.get_by_role("button", name="Báo cáo", exact=True).click()
    page.get_by_role("link", name="Chốt số liệu", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    # The demo's six months are closed already (demo/closing.py).
    assert "CCHC-6T-2026-01" in page.content()
    page.goto(page.url.split("/reports/")[0] + "/reports/closings/new/")
    page.get_by_label("Kế hoạch").select_option(label=str(demo.plan))
    page.get_by_label("Kỳ báo cáo").select_option("q1")
    page.get_by_role("button", name="Xem số liệu sẽ chốt").click()
    page.wait_for_load_state("networkidle")
    preview = page.get_by_test_id("closing-preview").inner_text()
    headline = next(line for line in preview.splitlines() if line.startswith("Hoàn thành "))
    page.get_by_test_id("confirm-close").click()
    page.wait_for_load_state("networkidle")

    closing = PeriodClosing.objects.get(kind="q1")
    assert page.get_by_test_id("closing-identifier").inner_text() == closing.identifier == "CCHC-Q1-2026-01"
    assert headline in page.get_by_test_id("reported-headline").inner_text()
    screenshot(page, "closing-detail")
    with page.expect_download() as download_info:
        page.get_by_test_id("download-docx").click()
    download = download_info.value
    assert (
        download.suggested_filename
        == "Dự thảo Báo cáo công tác cải cách hành chính quý I năm 2026 - CCHC-Q1-2026-01.docx"
    )
    path = tmp_path / "du-thao.docx"
    download.save_as(path)

    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "Kết quả thực hiện công tác cải cách hành chính quý I năm 2026" in text
    assert "Số liệu đã chốt: CCHC-Q1-2026-01" in text
    assert headline[0].lower() + headline[1:] in text  # "hoàn thành …/77 nhiệm vụ, đạt …%"
    assert page.js_errors == []

    soffice = soffice_path()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the draft was opened with python-docx only")
    subprocess.run(  # noqa: S603
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "txt:Text",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = (tmp_path / "du-thao.txt").read_text(encoding="utf-8-sig")
    assert "CCHC-Q1-2026-01" in converted
    assert headline[0].lower() + headline[1:] in converted
