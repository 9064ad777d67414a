"""The steering-committee pack as files: an Excel workbook (openpyxl) and a PDF (fpdf2, with
the DejaVu Sans font vendored in reports/fonts/ so Vietnamese prints offline and without
LibreOffice). Both are pure functions of ``PackReport.sheets()``: the same rows the page shows.

``render_pack(pack, fmt)`` is the one entry point — the download views and the monthly e-mail
(notifications/steering_mail.py) only call it.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode, XPos, YPos
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from cchc.formatting import format_datetime

from .cell_text import clean_text, looks_like_formula
from .models import SteeringPack
from .review_data import ascii_slug
from .steering import Cell, Change, PackReport, PackSheet, PointsChange, Rate
from .xlsx_cells import COUNT_FORMAT, DATE_FORMAT, RATE_FORMAT

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
CHANGE_FORMAT = "+#,##0;-#,##0;+0"
POINTS_FORMAT = "+0.00;-0.00;+0.00"


@dataclass(frozen=True)
class PackFile:
    """A rendered file: its ASCII name, its Vietnamese name, its type and its bytes."""

    filename: str
    display_name: str
    content_type: str
    content: bytes


def render_pack(pack: SteeringPack, fmt: str) -> PackFile:
    """The pack as "xlsx" or "pdf", in Vietnamese whatever the reader's interface language
    (it is the agency's document, as the e-mail sends it)."""
    with translation.override("vi"):
        report = PackReport(pack)
        stem = f"goi-bao-cao-ban-chi-dao-{ascii_slug(pack.identifier).lower()}"
        display = f"{report.title} - {pack.identifier}".replace("/", "-")
        if fmt == "xlsx":
            return PackFile(f"{stem}.xlsx", f"{display}.xlsx", XLSX_TYPE, write_pack_xlsx(report))
        if fmt == "pdf":
            return PackFile(f"{stem}.pdf", f"{display}.pdf", PDF_TYPE, write_pack_pdf(report))
    raise ValueError(f"Unknown pack format {fmt!r}")


# ---------------------------------------------------------------- Excel


def _xlsx_cell(ws: Any, row: int, column: int, value: Cell, *, style: dict[str, Any]) -> None:
    cell = ws.cell(row=row, column=column)
    if isinstance(value, Rate):
        cell.value = float(value.value / 100) if value.value is not None else "–"
        cell.number_format = RATE_FORMAT
    elif isinstance(value, Change):
        cell.value = value.value
        cell.number_format = CHANGE_FORMAT
    elif isinstance(value, PointsChange):
        cell.value = float(value.value) if value.value is not None else "–"
        cell.number_format = POINTS_FORMAT
    elif isinstance(value, int):
        cell.value = value
        cell.number_format = COUNT_FORMAT
    elif isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif value is None:
        cell.value = None
    else:
        text = clean_text(str(value))
        cell.value = text
        if looks_like_formula(text):
            cell.data_type = "s"
            cell.quotePrefix = True
    for name, attr in style.items():
        setattr(cell, name, attr)


def write_pack_xlsx(report: PackReport) -> bytes:
    wb = Workbook()
    thin = Side(style="thin", color="808080")
    bordered = {"border": Border(left=thin, right=thin, top=thin, bottom=thin)}
    wrap = {**bordered, "alignment": Alignment(vertical="top", wrap_text=True)}
    header = {
        **bordered,
        "font": Font(bold=True),
        "fill": PatternFill("solid", fgColor="DDEBF7"),
        "alignment": Alignment(vertical="center", wrap_text=True),
    }
    for index, sheet in enumerate(report.sheets()):
        ws = wb.active if index == 0 else wb.create_sheet()
        ws.title = sheet.name
        _xlsx_cell(ws, 1, 1, f"{report.title} ({report.identifier})", style={"font": Font(bold=True, size=14)})
        _xlsx_cell(ws, 2, 1, f"{report.scope_label}. {report.cutoff_note}.", style={})
        _xlsx_cell(ws, 3, 1, sheet.title, style={"font": Font(bold=True)})
        row = 5
        if sheet.name == _("Thay đổi"):
            _xlsx_cell(ws, 4, 1, report.baseline_note, style={"font": Font(italic=True)})
        widths: list[float] = []
        for table in sheet.tables:
            if table.caption:
                _xlsx_cell(ws, row, 1, table.caption, style={"font": Font(bold=True)})
                row += 1
            for column, label in enumerate(table.headers, start=1):
                _xlsx_cell(ws, row, column, label, style=header)
            row += 1
            for values in table.rows:
                for column, value in enumerate(values, start=1):
                    _xlsx_cell(ws, row, column, value, style=wrap)
                row += 1
            if not table.rows:
                _xlsx_cell(ws, row, 1, table.empty, style={"font": Font(italic=True)})
                row += 1
            row += 1
            widths = [max(a, b) for a, b in zip(widths, table.widths, strict=False)] + table.widths[len(widths) :]
        for column, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(column)].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- PDF


class _PackPdf(FPDF):
    """A4 portrait; the pack's identifier and the page number on every page."""

    def __init__(self, report: PackReport):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report = report
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(15, 18, 15)
        self.set_auto_page_break(auto=True, margin=16)
        self.set_title(f"{report.title} - {report.identifier}")
        self.set_creator("CCHC Tracker")
        self.alias_nb_pages()

    def header(self) -> None:
        self.set_font(FONT, "", 8)
        self.set_text_color(90, 90, 90)
        self.set_y(8)
        self.cell(0, 5, f"{self.report.identifier} · {self.report.title}", align="L")
        self.set_text_color(0, 0, 0)
        self.set_y(18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(90, 90, 90)
        page = _("Trang %(page)s/%(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(0, 5, f"{self.report.identifier} · {page}", align="R")
        self.set_text_color(0, 0, 0)

    def line_of(self, text: str, *, size: float = 10, bold: bool = False, height: float = 5.5) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def sheet(self, sheet: PackSheet) -> None:
        self.ln(3)
        self.line_of(sheet.title, size=12, bold=True, height=6.5)
        for table in sheet.tables:
            self.ln(1.5)
            if table.caption:
                self.line_of(table.caption, size=10, bold=True)
                self.ln(1)
            if not table.rows:
                self.line_of(table.empty, size=9)
                continue
            self.set_font(FONT, "", 8)
            numeric = table.numeric or [not isinstance(c, str) for c in table.rows[0]]
            with self.table(
                col_widths=table.widths,
                text_align=tuple("RIGHT" if n else "LEFT" for n in numeric),
                headings_style=FontFace(emphasis="BOLD", fill_color=(221, 235, 247)),
                cell_fill_color=(246, 246, 246),
                cell_fill_mode=TableCellFillMode.ROWS,
                line_height=4.2,
                repeat_headings=1,
            ) as pdf_table:
                head = pdf_table.row()
                for label in table.headers:
                    head.cell(label, align="CENTER")
                for values in table.text_rows():
                    row = pdf_table.row()
                    for text in values:
                        row.cell(text)


def write_pack_pdf(report: PackReport) -> bytes:
    pdf = _PackPdf(report)
    pdf.add_page()
    pdf.line_of(report.snap.agency.upper(), size=10, bold=True)
    pdf.ln(2)
    pdf.line_of(report.title.upper(), size=14, bold=True, height=7)
    pdf.line_of(report.scope_label, size=10)
    pdf.line_of(f"{report.cutoff_note} · {_('Số hiệu')}: {report.identifier}", size=10)
    pdf.ln(2)
    pdf.line_of(report.headline, size=13, bold=True, height=7)
    pdf.line_of(_("Thay đổi so với tháng trước: %(change)s") % {"change": report.headline_change}, size=10)
    pdf.line_of(report.baseline_note, size=9)
    for sheet in report.sheets():
        pdf.sheet(sheet)
    pdf.ln(3)
    made = _("Tạo lúc %(moment)s") % {"moment": format_datetime(report.pack.made_at)}
    pdf.line_of(made, size=8)
    return bytes(pdf.output())
