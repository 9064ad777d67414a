"""A worksheet of a plan's appendix as a grid of texts, and where in it the task table's header
is (which column holds the number, the content, the lead unit…)."""

from __future__ import annotations

import datetime
import re

from cchc.formatting import format_date

from .unit_matching import fold

# Columns of the task table, with the folded header words that name them, in the order
# they are tried: "Thời hạn hoàn thành nhiệm vụ" is a deadline, not a content column.
NUMBER, CONTENT, OUTPUT, LEAD, COORDINATION, DEADLINE, REMARKS, RESULT = (
    "number",
    "content",
    "output",
    "lead",
    "coordination",
    "deadline",
    "remarks",
    "result",
)
_HEADER_PATTERNS = [
    (NUMBER, re.compile(r"^(stt|tt|so tt|so thu tu|thu tu)\.?$")),
    # Optional: what was done, in a plan reported on (last year's, for comparison).
    (
        RESULT,
        re.compile(r"ket qua thuc hien|tinh hinh thuc hien|ket qua trien khai|muc do hoan thanh|danh gia ket qua"),
    ),
    (COORDINATION, re.compile(r"phoi hop")),
    (LEAD, re.compile(r"chu tri")),
    (DEADLINE, re.compile(r"thoi gian|thoi han|tien do|han hoan thanh")),
    (OUTPUT, re.compile(r"san pham|ket qua|hinh thuc van ban")),
    (REMARKS, re.compile(r"ghi chu")),
    (CONTENT, re.compile(r"noi dung|nhiem vu|cong viec")),
]
# "Đơn vị thực hiện" is the lead column only when the table has no "chủ trì" column.
_LEAD_FALLBACK = re.compile(r"(don vi|co quan) thuc hien")
_REQUIRED = (NUMBER, CONTENT, LEAD)
HEADER_SEARCH_ROWS = 40
# A row "(1) (2) (3)…" or "1 2 3…" numbering the columns under the header.
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")


class Sheet:
    """A worksheet's values (or a Word table's) as a grid, merged ranges filled down their first
    column: a lead unit or deadline merged over several task rows belongs to each of them.
    `merges` are (first row, first column, last row, last column), 1-based; `preamble` the lines
    above a Word table (its title paragraphs)."""

    def __init__(
        self,
        title: str,
        rows: list[list[object]],
        merges: list[tuple[int, int, int, int]] = (),  # type: ignore[assignment]
        preamble: list[str] | None = None,
    ):
        self.title = title
        self.rows = rows
        self.preamble = preamble or []
        self.width = max((len(r) for r in self.rows), default=0)
        for row in self.rows:
            row.extend([None] * (self.width - len(row)))
        for min_row, min_col, max_row, _max_col in merges:
            if min_row > len(self.rows) or min_col > self.width:
                continue
            value = self.rows[min_row - 1][min_col - 1]
            for r in range(min_row, min(max_row, len(self.rows)) + 1):
                self.rows[r - 1][min_col - 1] = value

    def text(self, row: int, col: int | None) -> str:
        """Cell text, 1-based row, 0-based column; lines kept, spaces tidied."""
        if col is None:
            return ""
        value = self.rows[row - 1][col]
        return cell_text(value)


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return format_date(value)
    lines = [re.sub(r"[ \t\xa0]+", " ", line).strip() for line in str(value).replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _header_columns(labels: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    fallback_lead = None
    for col, label in enumerate(labels):
        folded = fold(label).strip(" .:*")
        if not folded:
            continue
        for name, pattern in _HEADER_PATTERNS:
            if pattern.search(folded):
                columns.setdefault(name, col)
                break
        else:
            if _LEAD_FALLBACK.search(folded) and fallback_lead is None:
                fallback_lead = col
    if LEAD not in columns and fallback_lead is not None:
        columns[LEAD] = fallback_lead
    return columns


def find_header(sheet: Sheet) -> tuple[int, int, dict[str, int]] | None:
    """(first header row, last header row, columns), 1-based rows. A two-row header
    ("Đơn vị thực hiện" over "Chủ trì" | "Phối hợp") is read as one."""
    last = min(len(sheet.rows), HEADER_SEARCH_ROWS)
    for r in range(1, last + 1):
        labels = [sheet.text(r, c) for c in range(sheet.width)]
        columns = _header_columns(labels)
        if not columns:
            continue
        two_rows = None
        if r < len(sheet.rows):
            # A label merged down over both rows is filled into the second: read it once.
            lower = [sheet.text(r + 1, c) for c in range(sheet.width)]
            combined = [labels[c] if lower[c] == labels[c] else f"{labels[c]} {lower[c]}" for c in range(sheet.width)]
            two_rows = _header_columns(combined)
        if all(k in columns for k in _REQUIRED):
            # The row below adds "Chủ trì" | "Phối hợp" under a merged "Đơn vị thực hiện".
            # A number or numeral below is the first area or task; the header's own label
            # repeated (a merged "STT" cell) or nothing is the header's second row.
            below = sheet.text(r + 1, columns[NUMBER]) if r < len(sheet.rows) else ""
            below_is_data = bool(re.match(r"^(\d|[ivx]+\b)", below, re.IGNORECASE)) and below != labels[columns[NUMBER]]
            if two_rows and len(two_rows) > len(columns) and not below_is_data:
                return r, r + 1, two_rows
            return r, r, columns
        if two_rows and all(k in two_rows for k in _REQUIRED):
            return r, r + 1, two_rows
    return None


def column_numbering_row(values: list[str]) -> bool:
    filled = [v for v in values if v]
    return len(filled) >= 3 and all(_COLUMN_NUMBER.match(v) for v in filled)
