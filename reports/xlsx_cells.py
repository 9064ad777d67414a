"""The workbook's cells and rows, written with openpyxl in write-only mode (pinned to 3.1.5:
some of what follows relies on its internals, each place says which).

Rows go to disk as they come, so a year of a large province (100,000 tasks) exports in bounded
memory: nothing is kept per row (not even its height), and the task lists reuse one cell per
column (``ListRows``). Cell styles are made once per workbook (``Styles``) and copied.

Cells are typed: counts are integers, dates are dates (dd/mm/yyyy), rates are fractions with
the format ``0.00%`` (rate_percent 51.95 → 0.5195, shown 51,95 % in a Vietnamese Excel), text
is always text (never a formula, nor an error value like "#N/A"; reports/cell_text.py).
"""

from __future__ import annotations

import datetime
from copy import copy

from django.utils.translation import gettext as _
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .cell_text import FORMULA_START, clean_text

# Excel number formats (the cells' own; text dates elsewhere use cchc.formatting.DATE_FORMAT).
DATE_FORMAT = "DD/MM/YYYY"
COUNT_FORMAT = "#,##0"
RATE_FORMAT = "0.00%"
DECIMAL_FORMAT = "#,##0.00"


class Styles:
    """Cell templates made once per workbook; each cell copies a template's style array
    (cheap) rather than looking its font, border and format up again."""

    def __init__(self, ws):
        thin = Side(style="thin", color="808080")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        top = Alignment(vertical="top", wrap_text=True)
        self.templates = {}

        def template(name, *, font=None, fill=None, alignment=top, number_format=None, bordered=True):
            cell = WriteOnlyCell(ws)
            if font:
                cell.font = font
            if fill:
                cell.fill = fill
            if alignment:
                cell.alignment = alignment
            if bordered:
                cell.border = border
            if number_format:
                cell.number_format = number_format
            self.templates[name] = cell._style

        bold = Font(bold=True)
        template("title", font=Font(bold=True, size=14), alignment=None, bordered=False)
        template("label", font=bold, alignment=None, bordered=False)
        template("plain", alignment=None, bordered=False)
        template("date_plain", alignment=Alignment(horizontal="left"), number_format=DATE_FORMAT, bordered=False)
        template("headline", font=Font(bold=True, size=12, color="1F4E79"), alignment=None, bordered=False)
        template("note", font=Font(italic=True, color="595959"), alignment=None, bordered=False)
        template(
            "header",
            font=bold,
            fill=PatternFill("solid", fgColor="DDEBF7"),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        )
        template("text", alignment=top)
        template("count", alignment=Alignment(vertical="top"), number_format=COUNT_FORMAT)
        template("decimal", alignment=Alignment(vertical="top"), number_format=DECIMAL_FORMAT)
        template("rate", alignment=Alignment(vertical="top"), number_format=RATE_FORMAT)
        template("date", alignment=Alignment(vertical="top", horizontal="center"), number_format=DATE_FORMAT)
        template("total_text", font=bold, alignment=top)
        template("total_count", font=bold, number_format=COUNT_FORMAT)
        template("total_rate", font=bold, number_format=RATE_FORMAT)

    def wraps(self, ws, style: str) -> bool:
        """Whether text of this style wraps (and so may need a taller row)."""
        template = self.templates[style]
        return template is not None and bool(ws.parent._alignments[template.alignmentId].wrap_text)

    def formula(self, ws, formula: str, style: str):
        """A formula we build ourselves (SUM over the rows above): the only formulas in the file."""
        cell = WriteOnlyCell(ws)
        cell._style = copy(self.templates[style])
        cell.value = formula
        return cell

    def cell(self, ws, value, style: str = "text"):
        cell = WriteOnlyCell(ws)
        cell._style = copy(self.templates[style])
        if _set_value(cell, value):
            cell.quotePrefix = True
        return cell


def _set_value(cell, value) -> bool:
    """Give `cell` the value, typed: text is cleaned (clean_text) and always a string cell, never
    a formula or an error value. Returns True for text that looks like a formula: its cell must
    carry the quotePrefix flag (shown as typed, stays text when edited)."""
    if value.__class__ is str:
        value = clean_text(value)
        cell._value = value
        cell.data_type = "s"
        return value.startswith(FORMULA_START)
    cell.value = value  # None, numbers, dates: openpyxl's own typing
    return False


class _ColumnCell(Cell):
    """The cell of one column of a task list, reused for every row: a write-only sheet writes a
    row out during ``ws.append`` and keeps no reference to its cells (openpyxl 3.1
    WriteOnlyWorksheet._write_rows → WorksheetWriter.write_row), so the next row may set the
    same cell's value again. Its style index is looked up once, not per row."""

    __slots__ = ("has_style", "style_id")

    def __init__(self, ws, column: int, style_array: StyleArray | None):
        super().__init__(ws, row=1, column=column, style_array=style_array or StyleArray())
        self.style_id = ws.parent._cell_styles.add(self._style)
        self.has_style = any(self._style)


def _cells_as_given(cells: list, row_idx: int) -> list:
    """Stands in for WriteOnlyWorksheet._values_to_row on our sheets, whose rows are lists of
    cells already: give each its place, no per-cell conversion attempt and copy."""
    for column, cell in enumerate(cells, start=1):
        cell.column = column
        cell.row = row_idx
    return cells


# Characters of average Vietnamese text per unit of Excel column width, and the height of one
# line of 11-point text in points. Estimates: generous enough that nothing is cut off.
CHARS_PER_WIDTH = 1.0
LINE_HEIGHT = 17  # room for a fallback font wider than Calibri (LibreOffice without it)
MAX_ROW_HEIGHT = 409  # Excel's limit
DEFAULT_COLUMN_WIDTH = 13  # openpyxl's width of a column given none


def _line_count(text: str, per_line: int) -> int:
    """Lines `text` takes wrapped at `per_line` characters (each of its own lines at least one)."""
    if "\n" not in text:  # one paragraph (most long cells): no split
        return max(1, -(-len(text) // per_line))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


class SheetRows:
    """Writes the rows of one write-only sheet, first giving each row a height that fits its
    wrapped text: write-only files carry no computed heights, and LibreOffice does not fit rows
    to wrapped text when it opens a file, so long texts would otherwise print over the next row.
    The height goes into ``ws.row_dimensions`` only while its row is written, so the sheet
    keeps nothing per row in memory. Rows are lists of cells (never bare values or None); were
    openpyxl to stop calling ``_values_to_row``, its own would take them as they are, only slower."""

    def __init__(self, ws, widths: list[float]):
        self.ws = ws
        self.row = 1
        self.per_line = [max(1, int((width or 10) * CHARS_PER_WIDTH)) for width in widths]
        ws._values_to_row = _cells_as_given

    def chars_per_line(self, column: int) -> int:
        """Column `column` (0-based)'s characters per line."""
        if column < len(self.per_line):
            return self.per_line[column]
        return int(DEFAULT_COLUMN_WIDTH * CHARS_PER_WIDTH)

    def append(self, cells: list) -> None:
        """A row of cells of any style (the title blocks, headers, figure rows)."""
        alignments = self.ws.parent._alignments
        lines = 1
        for index, cell in enumerate(cells):
            value, style = cell._value, cell._style  # no style array: the default style, not wrapped
            if value.__class__ is str and style is not None and alignments[style.alignmentId].wrap_text:
                lines = max(lines, _line_count(value, self.chars_per_line(index)))
        self.write(cells, lines)

    def write(self, cells: list, lines: int) -> None:
        row = self.row
        if lines > 1:
            # What RowDimension(height=…) writes: <row r="…" ht="…" customHeight="1">.
            height = min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines)
            self.ws.row_dimensions[row] = {"ht": f"{height:.16g}", "customHeight": "1"}
            self.ws.append(cells)
            del self.ws.row_dimensions[row]
        else:
            self.ws.append(cells)
        self.row = row + 1


class ListRows:
    """The rows of a task list: one reused cell per column (_ColumnCell) whose value each row
    sets, and the row's height from the text of the wrapping columns."""

    def __init__(self, rows: SheetRows, styles: Styles, column_styles: list[str]):
        ws = rows.ws
        self.rows = rows
        self.templates = [styles.templates[style] for style in column_styles]
        self.cells = [_ColumnCell(ws, i, template) for i, template in enumerate(self.templates, start=1)]
        self.quoted: list[_ColumnCell | None] = [None] * len(self.cells)
        self.per_line = [
            rows.chars_per_line(i) if styles.wraps(ws, style) else 0 for i, style in enumerate(column_styles)
        ]
        # A date in a date-formatted column is stored as is (openpyxl would only adjust the format).
        self.dated = [is_date_format(cell.number_format) for cell in self.cells]

    def _quoted(self, index: int) -> _ColumnCell:
        """The column's cell for text that looks like a formula: its style with quotePrefix."""
        cell = self.quoted[index]
        if cell is None:
            template = StyleArray(self.templates[index] or StyleArray())
            template.quotePrefix = 1
            cell = self.quoted[index] = _ColumnCell(self.rows.ws, index + 1, template)
        return cell

    def append(self, values) -> None:
        """One row: values in column order (values beyond the columns are left out)."""
        cells = self.cells.copy()
        per_line, dated = self.per_line, self.dated
        lines = 1
        for index, (cell, value) in enumerate(zip(cells, values)):  # noqa: B905 -- a TaskLine also carries the plan
            if value.__class__ is str:
                value = clean_text(value)
                if value.startswith(FORMULA_START):
                    cell = cells[index] = self._quoted(index)
                cell._value = value
                cell.data_type = "s"
                width = per_line[index]
                if width and (len(value) > width or "\n" in value):
                    lines = max(lines, _line_count(value, width))
            elif value is None:
                cell._value = None
                cell.data_type = "n"
            elif value.__class__ is datetime.date and dated[index]:
                cell._value = value
                cell.data_type = "d"
            else:
                cell.value = value
        self.rows.write(cells, lines)


def sheet_rows(ws) -> SheetRows:
    """The row writer setup_sheet gave the sheet."""
    return ws._cchc_rows


def append_row(ws, cells: list) -> None:
    """A row of cells to a sheet made ready by setup_sheet (its height fitted to its text)."""
    ws._cchc_rows.append(cells)


def setup_sheet(ws, *, title: str, widths: list[float], header_row: int, freeze: str) -> None:
    """Column widths, frozen header, A4 landscape fitted to the page width, header row repeated
    on each printed page, the report title in the page header and page numbers in the footer.
    Must run before the first row is written (write-only mode)."""
    ws._cchc_rows = SheetRows(ws, widths)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = freeze
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3  # the page header clears the first row
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddHeader.center.text = title.replace("&", "&&")
    ws.oddHeader.center.size = 10
    ws.oddFooter.right.text = _("Trang &P/&N")
    ws.oddFooter.right.size = 9


def append_header(ws, styles: Styles, labels: list[str]) -> None:
    append_row(ws, [styles.cell(ws, label, "header") for label in labels])
