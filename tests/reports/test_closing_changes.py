"""The plan's changes in a closed period (issue 20): the closing page has a section "Thay đổi kế
hoạch trong kỳ" and the Word draft a paragraph under I. and an appendix, read from the snapshot,
with the very texts of the Excel sheet "Thay đổi kế hoạch"."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from cchc.formatting import format_date
from figures.models import PeriodKind
from reports.closing import ClosingScope, period_close
from reports.closing_docx import write_closing_docx
from reports.closing_review import review_of
from reports.review_period import review_period
from reports.xlsx_writer import write_review_xlsx
from tests.factories import make_plan, make_task

from .closing_data import on
from .test_review_changes import DECISION_APRIL, DECISION_MARCH, DECISION_MAY, changed_plan  # noqa: F401

pytestmark = pytest.mark.django_db

SENTENCE = f"Trong kỳ, kế hoạch được điều chỉnh 3 lần, theo: {DECISION_MARCH}; {DECISION_APRIL}; {DECISION_MAY}."


@pytest.fixture
def closing(cast, changed_plan):  # noqa: F811
    """The first six months (15/12/2025 → 14/06/2026) closed on 20/06: three changes in it."""
    with on(datetime.date(2026, 6, 20)):
        return period_close(
            scope=ClosingScope(year=2026, plan=changed_plan),
            period=review_period(year=2026, kind=PeriodKind.H1),
            by=cast.secretariat,
            closed_at=timezone.make_aware(datetime.datetime(2026, 6, 20, 9, 0)),
        )


def excel_rows(closing) -> list[list[str]]:
    """The "Thay đổi kế hoạch" sheet of the closing's Excel review, as the Word table should read it
    (STT, task, change, date, document, reason: the area column is the sheet's own)."""
    out = io.BytesIO()
    write_review_xlsx(review_of(closing), out)
    ws = load_workbook(io.BytesIO(out.getvalue()))["Thay đổi kế hoạch"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5)]
    return [
        [str(i), task, change, format_date(day.date()), doc, reason] for i, task, _a, change, day, doc, reason in rows
    ]


def test_the_word_draft_lists_the_changes_as_the_excel_sheet(closing):
    document = Document(io.BytesIO(write_closing_docx(closing)))
    paragraphs = [p.text for p in document.paragraphs]
    assert f"3. Điều chỉnh kế hoạch: {SENTENCE} Chi tiết tại Phụ lục 5." in paragraphs
    section_i, section_ii = (
        paragraphs.index(t)
        for t in ("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH")
    )
    assert any(p.startswith("3. Điều chỉnh kế hoạch:") for p in paragraphs[section_i:section_ii])
    assert paragraphs[-2:] == ["Phụ lục 5", "NHIỆM VỤ BỔ SUNG, ĐIỀU CHỈNH, ĐƯA RA KHỎI KẾ HOẠCH TRONG KỲ"]
    table = document.tables[-1]
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[0] == [
        "STT",
        "Nhiệm vụ",
        "Thay đổi",
        "Ngày có hiệu lực",
        "Văn bản quyết định (số, ngày, trích yếu)",
        "Lý do",
    ]
    assert cells[1:] == excel_rows(closing)
    assert cells[2] == [
        "2",
        "1. Ban hành kế hoạch kiểm tra CCHC",
        "Điều chỉnh: Đơn vị chủ trì: Sở Tư pháp thử → Sở Tài chính thử; Thời hạn: 30/06/2026 → 30/09/2026",
        "20/04/2026",
        DECISION_APRIL,
        "Chờ hướng dẫn của Bộ Nội vụ",
    ]


def test_the_closing_page_has_the_changes_section(cast, closing):
    page = cast.client(cast.leader).get(f"/reports/closings/{closing.pk}/").content.decode()
    assert "Thay đổi kế hoạch trong kỳ" in page
    assert f'<p data-testid="changes-sentence">{SENTENCE}</p>' in page
    table = page[page.index('data-testid="plan-changes"') :]
    table = table[: table.index("</table>")]
    assert table.count("<tr>") == 4
    assert (
        "<td>3</td><td>1. Rà soát văn bản QPPL</td><td>Đưa ra khỏi kế hoạch</td><td>05/05/2026</td>"
        "<td>57/QĐ-UBND ngày 04/05/2026</td><td>Đã thực hiện trong kế hoạch khác</td>"
    ) in table


def test_a_period_without_changes_says_so(cast):
    plan = make_plan(number="7/KH-UBND", year=2026, issued_on=datetime.date(2026, 1, 2), issuing_unit=cast.unit_b)
    make_task(plan=plan, number="1", lead_unit=cast.unit_a, deadline=datetime.date(2026, 6, 30))
    with on(datetime.date(2026, 3, 20)):
        closing = period_close(
            scope=ClosingScope(year=2026, plan=plan),
            period=review_period(year=2026, kind=PeriodKind.Q1),
            by=cast.secretariat,
            closed_at=timezone.make_aware(datetime.datetime(2026, 3, 20, 9, 0)),
        )
    paragraphs = [p.text for p in Document(io.BytesIO(write_closing_docx(closing))).paragraphs]
    assert "3. Điều chỉnh kế hoạch: Trong kỳ, kế hoạch không có điều chỉnh." in paragraphs
    assert not any("NHIỆM VỤ BỔ SUNG" in p for p in paragraphs)
    page = cast.client(cast.secretariat).get(f"/reports/closings/{closing.pk}/").content.decode()
    assert '<p data-testid="changes-sentence">Trong kỳ, kế hoạch không có điều chỉnh.</p>' in page
    assert 'data-testid="plan-changes"' not in page
