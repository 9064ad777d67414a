"""Every channel of a closed period prints its snapshot and names it: the dashboard in "đã báo
cáo" mode, the Excel review, the task CSV, the JSON API and the Word draft agree cell by cell
with each other — still 40/77 after a completion dated 10/06 was confirmed after the closing,
while the current figures (41/77) are shown apart with the task that changed."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from html.parser import HTMLParser

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from accounts.models import User
from reports.closing import snapshot_of
from reports.closing_docx import write_closing_docx
from reports.xlsx_writer import SUMMARY_HEADER_ROW, UNITS_HEADER_ROW

from .closing_data import close_h1, complete_backdated, demo_unclosed

pytestmark = pytest.mark.django_db

REPORTED = "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%"
CURRENT = "Hoàn thành 41/77 nhiệm vụ, đạt 53,25%"


class _Tables(HTMLParser):
    """The text of each cell of the tables marked data-testid, by that id."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("data-testid"):
            self._table = attrs["data-testid"]
            self.tables[self._table] = []
        elif self._table and tag == "tr":
            self.tables[self._table].append([])
        elif self._table and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif self._table and tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


@pytest.fixture
def setting():
    demo = demo_unclosed()
    users = {u.username: u for u in User.objects.all()}
    closing = close_h1(demo.plan, users["thuongtruc"])
    changed = complete_backdated(demo.plan, users)
    client = Client()
    client.force_login(users["lanhdao"])
    return demo.plan, closing, changed, client


def download(client, name, plan) -> bytes:
    response = client.get(reverse(name), {"plan": plan.pk, "kind": "h1"})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def percent_text(fraction) -> str:
    """The Excel cell's fraction (0.5195) as the report writes it (51,95%)."""
    return f"{Decimal(str(fraction)) * 100:.2f}%".replace(".", ",")


def test_word_excel_and_dashboard_agree_cell_by_cell(setting):
    plan, closing, _changed, client = setting
    word = Document(io.BytesIO(write_closing_docx(closing)))
    word_areas = [[c.text for c in row.cells] for row in word.tables[2].rows[1:]]
    word_units = [[c.text for c in row.cells] for row in word.tables[3].rows[1:]]

    book = openpyxl.load_workbook(io.BytesIO(download(client, "reports:export_xlsx", plan)))
    summary, units = book.worksheets[0], book.worksheets[1]
    excel_areas = [[c.value for c in row] for row in summary.iter_rows(min_row=SUMMARY_HEADER_ROW + 1, max_col=7)][
        : len(word_areas) - 1
    ]
    excel_units = [[c.value for c in row] for row in units.iter_rows(min_row=UNITS_HEADER_ROW + 1, max_col=8)][
        : len(word_units)
    ]

    page = client.get(
        reverse("reports:plan_dashboard", args=[plan.pk]), {"as_of": "14/06/2026", "mode": "reported"}
    ).content.decode()
    tables = html_tables(page)
    board_areas, board_units = tables["reported-areas"][1:], tables["reported-units"][1:]

    assert len(word_areas) - 1 == len(excel_areas) == len(board_areas) == 7
    for word_row, excel_row, board_row in zip(word_areas, excel_areas, board_areas, strict=False):
        code, name, *figures = word_row
        assert excel_row[0] == f"{code}. {name}" and board_row[0] == name
        assert figures[:5] == [str(v) for v in excel_row[1:6]] == board_row[1:6]
        assert figures[5] == percent_text(excel_row[6]) == board_row[6]
    assert word_areas[-1][1:] == ["Tổng cộng", "77", "36", "4", "31", "6", "51,95%"]

    assert len(word_units) == len(excel_units) == len(board_units) > 0
    for word_row, excel_row, board_row in zip(word_units, excel_units, board_units, strict=True):
        rank, name, *figures = word_row
        assert [str(excel_row[0]), excel_row[1]] == [rank, name] and board_row[0] == f"{rank}. {name}"
        assert figures[:5] == [str(v) for v in excel_row[2:7]] == board_row[1:6]
        assert figures[5] == percent_text(excel_row[7]) == board_row[6]

    text = "\n".join(p.text for p in word.paragraphs)
    assert "hoàn thành 40/77 nhiệm vụ, đạt 51,95%" in text
    assert summary.cell(row=7, column=1).value == REPORTED


def test_the_excel_review_prints_the_snapshot_and_its_identifier(setting):
    plan, closing, changed, client = setting
    book = openpyxl.load_workbook(io.BytesIO(download(client, "reports:export_xlsx", plan)))
    for sheet in book.worksheets:
        values = [str(v) for row in sheet.iter_rows(max_row=4, values_only=True) for v in row if v]
        assert any("Số liệu đã chốt: CCHC-6T-2026-01" in v for v in values), sheet.title
    notes = [str(v) for row in book.worksheets[0].iter_rows(values_only=True) for v in row if v]
    assert "Số liệu đã chốt: CCHC-6T-2026-01. Các số liệu trong tệp là số liệu đã chốt, không tính lại." in notes
    detail = {row[2]: row for row in book.worksheets[2].iter_rows(min_row=5, values_only=True)}
    # The task completed after the closing is still open in what was reported.
    assert detail[changed.content][10] == "Chưa hoàn thành, trong hạn"
    assert detail[changed.content][9] is None
    snap = snapshot_of(closing)
    overdue = [row for row in book.worksheets[3].iter_rows(min_row=5, values_only=True) if row[0]]
    assert len(overdue) == snap.completion.overdue == 6


def test_the_csv_prints_the_snapshot_and_its_identifier(setting):
    plan, closing, changed, client = setting
    rows = list(csv.reader(io.StringIO(download(client, "reports:export_csv", plan).decode("utf-8-sig"))))
    assert rows[0][-1] == "Số liệu đã chốt"
    assert len(rows) - 1 == len(snapshot_of(closing).tasks) == 77
    assert {row[-1] for row in rows[1:]} == {"CCHC-6T-2026-01"}
    done = sum(1 for row in rows[1:] if row[10].startswith("Hoàn thành"))
    assert done == 40
    line = next(row for row in rows[1:] if row[2] == changed.content)
    assert line[10] == "Chưa hoàn thành, trong hạn"


def test_the_json_api_gives_the_reported_figures_and_the_current_ones_apart(setting):
    plan, _closing, _changed, client = setting
    data = client.get(reverse("reports:figures"), {"plan": plan.pk, "as_of": "14/06/2026"}).json()
    assert data["closing"]["identifier"] == "CCHC-6T-2026-01"
    assert (data["figures"]["completed"], data["figures"]["total"], data["figures"]["rate_text"]) == (40, 77, "51,95%")
    assert (data["current"]["figures"]["completed"], data["current"]["figures"]["rate_text"]) == (41, "53,25%")
    assert sum(a["completed"] for a in data["areas"]) == 40
    # Another date is not a closed period's: figures as they are, no closing.
    other = client.get(reverse("reports:figures"), {"plan": plan.pk, "as_of": "30/06/2026"}).json()
    assert "closing" not in other and "current" not in other


def test_the_dashboard_in_reported_mode(setting):
    plan, _closing, changed, client = setting
    url = reverse("reports:plan_dashboard", args=[plan.pk])
    live = client.get(url, {"as_of": "14/06/2026"}).content.decode()
    assert f'data-testid="headline">{CURRENT}<' in live
    assert "mode=reported" in live
    page = client.get(url, {"as_of": "14/06/2026", "mode": "reported"}).content.decode()
    assert f'data-testid="headline">{REPORTED}<' in page
    assert 'data-testid="closing-identifier">CCHC-6T-2026-01<' in page
    assert f"Số liệu hiện tại: {CURRENT} — 1 nhiệm vụ thay đổi sau khi chốt" in " ".join(page.split())
    assert reverse("tasks:detail", args=[changed.pk]) in page
    # No closing at that date: the ordinary dashboard whatever the mode says.
    other = client.get(url, {"as_of": "30/06/2026", "mode": "reported"}).content.decode()
    assert "closing-identifier" not in other


def test_the_export_page_names_the_closing(setting):
    plan, closing, _changed, client = setting
    page = client.get(reverse("reports:export"), {"plan": plan.pk, "kind": "h1"}).content.decode()
    assert f'data-testid="export-headline">{REPORTED}<' in page
    assert closing.identifier in page
