"""The dashboard's words. One vocabulary for the buckets (docs/DOMAIN.md, "Figures"): the dashboard's tables, the
chart's table, the units page, the Excel report and the English interface use the same words,
so "Quá hạn" alone never means "completed late" next to "Quá hạn chưa hoàn thành"."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from figures.models import PeriodKind
from reports.review_data import collect_review
from reports.review_period import review_period
from reports.xlsx_writer import write_review_xlsx
from tasks.models import Task

pytestmark = pytest.mark.django_db

WORDS = {
    "vi": ["Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Chưa hoàn thành, trong hạn", "Quá hạn chưa hoàn thành"],
    "en": ["Completed on time", "Completed late", "Not completed, within deadline", "Overdue, not completed"],
}


def headers(html: str, table_marker: str) -> list[str]:
    """The bucket headers (those with a colour swatch) of the table that follows the marker."""
    start = html.index(table_marker)
    table = html[start : html.index("</thead>", start)]
    return [h.strip() for h in re.findall(r'<span class="bucket-swatch bucket-[a-z_]+"></span>([^<]*)</th>', table)]


def page(cast, name, language, **params):
    client = cast.client(cast.leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse(name, **({"args": params.pop("args")} if "args" in params else {})), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dashboard_tables_and_chart_table_use_the_same_words(cast, board, language):
    html = page(cast, "reports:plan_dashboard", language, args=[board.plan.pk], as_of="30/06/2023")
    assert headers(html, 'id="area-table"')[:4] == WORDS[language]
    chart_table = html.index("</table>", html.index('id="area-table"'))  # the chart's table follows
    assert headers(html, html[chart_table : html.index("<thead>", chart_table)]) == WORDS[language]
    assert ">Quá hạn</th>" not in html and ">Đúng hạn</th>" not in html and "Quá hạn chưa HT" not in html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_units_page_uses_the_same_words(cast, board, language):
    html = page(cast, "reports:units", language, plan=board.plan.pk, as_of="31/07/2023")
    assert headers(html, 'id="unit-table"') == WORDS[language]
    assert "Quá hạn chưa HT" not in html and ">Overdue</th>" not in html


@pytest.mark.parametrize(
    ("language", "first", "total"), [("vi", "Lĩnh vực", "Tổng số nhiệm vụ"), ("en", "Area", "Total tasks")]
)
def test_excel_report_uses_the_same_words(board, language, first, total):
    period = review_period(
        year=2023, kind=PeriodKind.CUSTOM, start=datetime.date(2023, 1, 1), end=datetime.date(2023, 6, 30)
    )
    data = collect_review(
        tasks=Task.objects.filter(plan=board.plan), plans=[board.plan], year=2023, period=period,
        today=datetime.date(2023, 7, 1),
    )  # fmt: skip
    out = io.BytesIO()
    with translation.override(language):
        write_review_xlsx(data, out)
    wb = load_workbook(io.BytesIO(out.getvalue()))
    summary_headers = [c.value for c in wb["Tổng hợp"][9]]
    assert summary_headers[:6] == [first, total, *WORDS[language]]
    detail = wb["Chi tiết nhiệm vụ"]
    timeliness = {c.value for row in detail.iter_rows(min_row=5) for c in row if c.value in WORDS[language]}
    assert timeliness == set(WORDS[language])  # the board has a task in each bucket at 30/06


def test_report_dates_and_issuer_are_written_once(cast, board):
    board.plan.title = "Kế hoạch cải cách hành chính năm 2023 của UBND tỉnh thử"
    board.plan.save(update_fields=["title"])
    issuer = board.plan.issuing_unit
    issuer.name = "UBND tỉnh thử"
    issuer.save(update_fields=["name"])
    html = page(cast, "reports:plan_dashboard", "vi", args=[board.plan.pk], as_of="30/06/2023")
    presets = re.findall(r'<a class="btn btn-outline-secondary[^"]*" href="[^"]*"[^>]*>([^<]*)</a>', html)
    assert presets == [
        "Hôm nay", "Quý I · 14/03", "6 tháng · 14/06", "Hết quý II · 30/06", "9 tháng · 14/09", "Cả năm · 14/12",
        "Hết năm · 31/12",
    ]  # fmt: skip
    subtitle = re.search(r'data-testid="plan-subtitle">([^<]*)<', html).group(1)
    assert subtitle == "Kế hoạch cải cách hành chính năm 2023 của UBND tỉnh thử"
    plan_page = cast.client(cast.leader).get(board.plan.get_absolute_url()).content.decode()
    assert plan_page.count("UBND tỉnh thử") == 1  # in the title, not again beside the issue date


def test_subtitle_names_the_issuer_when_the_title_does_not(cast, board):
    board.plan.title = "Kế hoạch cải cách hành chính năm 2023"
    board.plan.save(update_fields=["title"])
    html = page(cast, "reports:plan_dashboard", "vi", args=[board.plan.pk], as_of="30/06/2023")
    subtitle = re.search(r'data-testid="plan-subtitle">([^<]*)<', html).group(1)
    assert subtitle == f"Kế hoạch cải cách hành chính năm 2023 · {board.plan.issuing_unit.name}"
