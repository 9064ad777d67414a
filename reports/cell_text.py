"""Text as a spreadsheet cell may hold it, for the workbook and the CSV alike.

**Formula injection.** Text that a spreadsheet could take for a formula (starting with
``= + - @``, a tab or a carriage return) is written in the workbook as an explicit string cell
(data type ``s``) with the cell's *quotePrefix* flag set: Excel and LibreOffice show the text as
typed, without an apostrophe, and keep it text even when the cell is edited. A CSV has no cell
types, so there the text is prefixed with an apostrophe (the usual CSV-injection defence).
"""

from __future__ import annotations

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Excel refuses (and offers to "repair") a cell holding more characters than this.
MAX_CELL_TEXT = 32767

_drop_illegal = ILLEGAL_CHARACTERS_RE.sub


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def clean_text(text: str) -> str:
    """Control characters XML cannot hold (a pasted \\x0b) would make openpyxl fail: drop them;
    cut text longer than a cell may hold, marking the cut with "…"."""
    if text.isprintable() and len(text) <= MAX_CELL_TEXT:
        # Nearly every cell (1.4 million strings in a national export): no control character
        # can be in printable text, so no regex pass (isprintable is False for "\n" too).
        return text
    text = _drop_illegal("", text)
    return text if len(text) <= MAX_CELL_TEXT else text[: MAX_CELL_TEXT - 1] + "…"
