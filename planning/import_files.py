"""Opening a plan's appendix, whatever it was saved as: an Excel workbook (.xlsx) or a Word
document (.docx) with the task table inside, each read as grids (planning/import_sheet.py,
Sheet) for the one parser (planning/imports.py). Legacy .xls/.doc and PDF are refused with
what to do. The work is bounded before anything is loaded: a small file that unpacks into
gigabytes (a "zip bomb") is refused from its directory, and rows and columns are capped while
reading, so one upload cannot pin a worker."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _

from .import_sheet import Sheet

# Limits. A real appendix is a few hundred rows in well under 5 MB of XML.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_ZIP_MEMBERS = 2000
MAX_COLUMNS = 40
MAX_TABLES = 50

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and .doc (Office 97–2003)


@dataclass
class Opened:
    """The grids of a file, or why none could be read."""

    sheets: list[Sheet] = field(default_factory=list)
    # (sheet title, message): refusals and limits, reported as errors by the parser.
    errors: list[tuple[str, str]] = field(default_factory=list)
    kind: str = ""  # "xlsx" | "docx"


def _read_all(source) -> bytes:
    if isinstance(source, (bytes, bytearray)):
        return bytes(source)
    if hasattr(source, "read"):
        if hasattr(source, "seek"):
            source.seek(0)
        return source.read()
    with open(source, "rb") as handle:
        return handle.read()


def open_appendix(source, *, max_rows: int = 5000) -> Opened:
    """The task tables of an .xlsx or .docx (path, bytes or file object)."""
    data = _read_all(source)
    opened = Opened()
    if data.startswith(_OLE2):
        opened.errors.append(
            (
                "",
                _(
                    "Tệp là định dạng Office cũ (.xls hoặc .doc), chưa đọc được. Mở tệp bằng Excel hoặc Word rồi "
                    "chọn “Lưu thành” (Save As) .xlsx hoặc .docx, sau đó tải lên lại."
                ),
            )
        )
        return opened
    if data.startswith(b"%PDF"):
        opened.errors.append(
            (
                "",
                _(
                    "Tệp PDF không đọc được bảng nhiệm vụ. Hãy dùng bản Word (.docx) hoặc Excel (.xlsx) của phụ lục; "
                    "nếu chỉ có PDF, mở bằng Word (Word chuyển PDF thành .docx) rồi lưu .docx và tải lên lại."
                ),
            )
        )
        return opened
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        opened.errors.append(("", _("Không đọc được tệp: tệp không phải là Excel (.xlsx) hay Word (.docx) hợp lệ.")))
        return opened
    unpacked = sum(info.file_size for info in members)
    if len(members) > MAX_ZIP_MEMBERS or unpacked > MAX_UNPACKED_BYTES:
        opened.errors.append(
            (
                "",
                _(
                    "Tệp quá lớn khi giải nén (%(mb)s MB; tối đa %(max)s MB): không phải một phụ lục kế hoạch "
                    "thông thường. Kiểm tra lại tệp."
                )
                % {"mb": unpacked // (1024 * 1024), "max": MAX_UNPACKED_BYTES // (1024 * 1024)},
            )
        )
        return opened
    if "word/document.xml" in names:
        opened.kind = "docx"
        _read_docx(io.BytesIO(data), opened, max_rows=max_rows)
    elif "xl/workbook.xml" in names:
        opened.kind = "xlsx"
        _read_xlsx(io.BytesIO(data), archive, opened, max_rows=max_rows)
    else:
        opened.errors.append(("", _("Không đọc được tệp: tệp không phải là Excel (.xlsx) hay Word (.docx) hợp lệ.")))
    return opened


def _too_many_rows(title: str, max_rows: int) -> tuple[str, str]:
    return (title, _("Bảng có quá nhiều dòng; tối đa %(max)s.") % {"max": max_rows})


# ---------------------------------------------------------------- Excel


def _read_xlsx(source: IO[bytes], archive: zipfile.ZipFile, opened: Opened, *, max_rows: int) -> None:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged or foreign file
        opened.errors.append(("", _("Không đọc được tệp: tệp không phải là bảng tính Excel (.xlsx) hợp lệ.")))
        return
    try:
        for ws in workbook.worksheets:
            if ws.sheet_state != "visible":
                continue
            rows: list[list[object]] = []
            for values in ws.iter_rows(max_col=MAX_COLUMNS, values_only=True):
                rows.append(list(values))
                if len(rows) > max_rows:
                    break
            if len(rows) > max_rows:
                opened.errors.append(_too_many_rows(ws.title, max_rows))
                continue
            while rows and not any(v not in (None, "") for v in rows[-1]):
                rows.pop()
            opened.sheets.append(Sheet(ws.title, rows, _xlsx_merges(archive, ws)))
    finally:
        workbook.close()


def _xlsx_merges(archive: zipfile.ZipFile, ws) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a read-only worksheet, read from its XML (openpyxl's read-only
    mode does not keep them). Streamed: the sheet's XML is not loaded whole."""
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.xml.functions import iterparse

    path = getattr(ws, "_worksheet_path", None)
    if not path:
        return []
    merges: list[tuple[int, int, int, int]] = []
    with archive.open(path) as xml:
        for _event, element in iterparse(xml):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "mergeCell":
                ref = element.get("ref") or ""
                try:
                    min_col, min_row, max_col, max_row = range_boundaries(ref)
                except (TypeError, ValueError):
                    continue
                merges.append((min_row, min_col, max_row, max_col))
            if tag in ("c", "row", "mergeCell"):
                element.clear()
    return merges


# ---------------------------------------------------------------- Word


def _read_docx(source: IO[bytes], opened: Opened, *, max_rows: int) -> None:
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table

    try:
        document = docx.Document(source)
    except Exception:  # python-docx raises many kinds on a damaged file
        opened.errors.append(("", _("Không đọc được tệp: tệp không phải là văn bản Word (.docx) hợp lệ.")))
        return
    preamble: list[str] = []
    number = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t"))).strip()
            if text:
                preamble.append(text)
            continue
        if child.tag != qn("w:tbl"):
            continue
        number += 1
        if number > MAX_TABLES:
            break
        title = _("Bảng %(n)s") % {"n": number}
        table = Table(child, document)
        rows, merges = _docx_grid(table, max_rows=max_rows)
        if rows is None:
            opened.errors.append(_too_many_rows(title, max_rows))
        else:
            opened.sheets.append(Sheet(title, rows, merges, preamble=preamble[-40:]))
        preamble = []


def _docx_grid(table, *, max_rows: int) -> tuple[list[list[object]] | None, list[tuple[int, int, int, int]]]:
    """A Word table as a grid like a worksheet's: a merged cell's text in its first grid cell
    only, and its extent as a merged range (gridSpan across, vMerge down)."""
    from docx.table import _Cell

    rows: list[list[object]] = []
    merges: list[tuple[int, int, int, int]] = []
    open_down: dict[int, tuple[int, int]] = {}  # column → (first row, span) of a vertical merge
    for r, tr in enumerate(table._tbl.tr_lst, start=1):
        if r > max_rows:
            return None, []
        values: list[object] = [None] * (tr.grid_before or 0)
        continuing: set[int] = set()
        for tc in tr.tc_lst:
            col = len(values) + 1
            span = tc.grid_span or 1
            if col > MAX_COLUMNS:
                break
            vmerge = tc.vMerge
            if vmerge == "continue" and col in open_down:
                continuing.add(col)
                values.extend([None] * span)
                continue
            values.append(_Cell(tc, table).text)
            values.extend([None] * (span - 1))
            if span > 1:
                merges.append((r, col, r, col + span - 1))
            if vmerge == "restart":
                _close(open_down, col, r - 1, merges)
                open_down[col] = (r, span)
        for col in list(open_down):
            if col not in continuing and open_down[col][0] != r:
                _close(open_down, col, r - 1, merges)
        rows.append(values)
    for col in list(open_down):
        _close(open_down, col, len(rows), merges)
    return rows, merges


def _close(open_down: dict[int, tuple[int, int]], col: int, last: int, merges: list) -> None:
    if col not in open_down:
        return
    first, span = open_down.pop(col)
    if last > first:
        merges.append((first, col, last, col + span - 1))
