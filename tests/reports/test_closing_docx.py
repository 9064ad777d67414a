"""The Word draft of a closed period, written from its snapshot: opened with python-docx and
LibreOffice, every figure equal to the snapshot's, the dashboard's and the Excel review's."""

from __future__ import annotations

import datetime
import io
import re
import subprocess
import tempfile
from pathlib import Path
from unittest import mock

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from accounts.models import User
from reports.closing import ClosingScope, period_close, snapshot_of
from reports.closing_docx import soffice_path, write_closing_docx
from reports.review_period import review_period

from .closing_data import demo_unclosed

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def closing():
    demo = demo_unclosed()
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2026, 6, 20)):
        return period_close(
            scope=ClosingScope(year=2026, plan=demo.plan),
            period=review_period(year=2026, kind="h1"),
            by=User.objects.get(username="thuongtruc"),
        )


def document_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def test_the_draft_has_the_report_layout_and_figures(closing):
    doc = Document(io.BytesIO(write_closing_docx(closing)))
    text = document_text(doc)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: …/BC-…" in text and "…, ngày … tháng … năm …" in text
    assert "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2026" in text
    assert "(số liệu từ 15/12/2025 đến 14/6/2026)" in text
    assert "tính đến ngày 14/06/2026, hoàn thành 40/77 nhiệm vụ, đạt 51,95%" in text
    assert "Số liệu đã chốt: CCHC-6T-2026-01" in text
    for heading in ("I. CÔNG TÁC CHỈ ĐẠO", "II. KẾT QUẢ", "III. ĐÁNH GIÁ CHUNG", "IV. PHƯƠNG HƯỚNG", "V. KIẾN NGHỊ"):
        assert heading in text
    assert "Nơi nhận:" in text and "Phụ lục 1" in text and "Phụ lục 2" in text and "Phụ lục 3" in text
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert tuple(round(m.mm) for m in margins) == (20, 20, 30, 15)
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.styles["Normal"].font.size.pt == 14
    assert "CCHC-6T-2026-01" in section.footer.paragraphs[0].text


def test_every_figure_equals_the_snapshot(closing):
    snap = snapshot_of(closing)
    doc = Document(io.BytesIO(write_closing_docx(closing)))
    appendix_1, appendix_2, appendix_3 = doc.tables[2], doc.tables[3], doc.tables[4]
    rows = [[c.text for c in row.cells] for row in appendix_1.rows[1:]]
    expected = [
        [
            a.key,
            a.name,
            str(a.completion.total),
            str(a.completion.on_time),
            str(a.completion.late),
            str(a.completion.within),
            str(a.completion.overdue),
        ]
        for a in snap.areas
    ]
    assert [r[:7] for r in rows[:-1]] == expected
    assert rows[-1][1:7] == [
        "Tổng cộng",
        "77",
        *(str(getattr(snap.completion, f)) for f in ("on_time", "late", "within", "overdue")),
    ]
    assert rows[-1][7] == "51,95%"
    unit_rows = [[c.text for c in row.cells] for row in appendix_2.rows[1:]]
    assert [(r[1], r[2]) for r in unit_rows] == [(u.name, str(u.completion.total)) for u in snap.units]
    assert len(appendix_3.rows) - 1 == len(snap.tasks)
    text = document_text(doc)
    overdue = snap.overdue_tasks()
    assert f"còn {len(overdue)} nhiệm vụ quá hạn chưa hoàn thành" in text
    for task in overdue:
        assert task.content in text
    for area in snap.areas:
        if area.completion.total:
            assert f"hoàn thành {area.completion.completed}/{area.completion.total} nhiệm vụ" in text


def test_the_draft_matches_the_dashboard_and_the_excel_review(closing):
    """Same numbers everywhere: the Word draft, the dashboard at the cut-off, the Excel review."""
    client = Client()
    client.force_login(User.objects.get(username="lanhdao"))
    plan = closing.plan
    dashboard = client.get(reverse("reports:plan_dashboard", args=[plan.pk]), {"as_of": "14/06/2026"}).content.decode()
    assert "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%" in dashboard
    workbook = client.get(reverse("reports:export_xlsx"), {"plan": plan.pk, "kind": "h1"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(workbook.streaming_content)), read_only=True)
    cells = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    assert any("40/77" in c and "51,95%" in c for c in cells)
    text = document_text(Document(io.BytesIO(write_closing_docx(closing))))
    assert "hoàn thành 40/77 nhiệm vụ, đạt 51,95%" in text
    assert (
        "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%"
        in client.get(reverse("reports:closing_detail", args=[closing.pk])).content.decode()
    )


def test_download_views(closing):
    client = Client()
    client.force_login(User.objects.get(username="lanhdao"))
    response = client.get(reverse("reports:closing_docx", args=[closing.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert 'filename="du-thao-cchc-6t-2026-01.docx"' in response["Content-Disposition"]
    doc = Document(io.BytesIO(b"".join(response.streaming_content)))
    assert "hoàn thành 40/77 nhiệm vụ, đạt 51,95%" in document_text(doc)


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_draft_and_reads_the_figures(closing):
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "draft.docx"
        source.write_bytes(write_closing_docx(closing))
        profile = (Path(work) / "profile").as_uri()
        subprocess.run(  # noqa: S603
            [
                soffice_path(),
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "txt:Text",
                "--outdir",
                work,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        text = (Path(work) / "draft.txt").read_text(encoding="utf-8-sig")
    assert "hoàn thành 40/77 nhiệm vụ, đạt 51,95%" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert re.search(r"Số liệu đã chốt: CCHC-6T-2026-01", text)


def test_table_rows_copied_from_template_cells_keep_text_breaks_and_alignment():
    """The appendix tables copy each column's cell per row (reports/closing_docx.py): the text,
    a line break within it, and the centring of figures come out as python-docx writes them."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from reports.closing_docx import _Writer

    writer = _Writer.__new__(_Writer)
    writer.doc = Document()
    writer.table(["TT", "Nhiệm vụ", "Số"], [["1", "Rà soát\nvăn bản", "12"], ["2", "Số hóa <hồ sơ> & dữ liệu", ""]])
    document = Document(io.BytesIO(_saved(writer.doc)))
    rows = document.tables[0].rows
    assert [[cell.text for cell in row.cells] for row in rows] == [
        ["TT", "Nhiệm vụ", "Số"],
        ["1", "Rà soát\nvăn bản", "12"],
        ["2", "Số hóa <hồ sơ> & dữ liệu", ""],
    ]
    assert rows[1].cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert rows[1].cells[1].paragraphs[0].alignment is None
    assert rows[1].cells[0].paragraphs[0].alignment is None  # the first column is never centred


def _saved(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
