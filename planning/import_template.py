"""The blank plan workbook offered for download: the published layout (title rows, the
header the import recognises, the reform areas as area rows) and a sheet of the unit
names and the deadline forms the import reads."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from .parsed_plan import AreaRow

COLUMNS = [
    # (header, width)
    ("STT", 7),
    ("Nội dung nhiệm vụ", 55),
    ("Sản phẩm", 22),
    ("Cơ quan chủ trì", 24),
    ("Cơ quan phối hợp", 30),
    ("Thời gian hoàn thành", 18),
    ("Ghi chú", 18),
]
BLANK_ROWS_PER_AREA = 3

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
_AREA_FILL = PatternFill("solid", fgColor="E7F1FF")


def template_workbook(
    *, areas: Iterable[AreaRow], units: Iterable[tuple[str, str]] = (), groups: Iterable[str] = ()
) -> bytes:
    """`units` are (name, code) pairs, `groups` unit group names, listed on the second sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Phụ lục")
    last = len(COLUMNS)
    sheet.cell(1, 1, _("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM …")).font = Font(bold=True, size=13)
    sheet.cell(2, 1, _("(Kèm theo Kế hoạch số …/KH-… ngày …/…/… của …)")).font = Font(italic=True)
    for row in (1, 2):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
        sheet.cell(row, 1).alignment = Alignment(horizontal="center")

    header_row = 4
    for col, (header, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(header_row, col, header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)

    row = header_row
    for area in areas:
        row += 1
        sheet.cell(row, 1, area.code)
        sheet.cell(row, 2, area.name)
        for col in range(1, last + 1):
            cell = sheet.cell(row, col)
            cell.font = Font(bold=True)
            cell.fill = _AREA_FILL
            cell.border = _BORDER
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=last)
        for _n in range(BLANK_ROWS_PER_AREA):
            row += 1
            for col in range(1, last + 1):
                cell = sheet.cell(row, col)
                cell.border = _BORDER
                cell.alignment = Alignment(vertical="top", wrap_text=True)

    guide = workbook.create_sheet(_("Hướng dẫn"))
    guide.column_dimensions["A"].width = 60
    guide.column_dimensions["B"].width = 16
    lines = [
        (_("Cách ghi"), ""),
        (_("Dòng lĩnh vực: số La Mã (I…VII) ở cột đầu và tên lĩnh vực."), ""),
        (_("Dòng nhiệm vụ: số thứ tự 1, 2, 3…; nhiệm vụ con 1.1, 1.2."), ""),
        (_("Nhiều đơn vị trong một ô: ngăn cách bằng dấu phẩy, chấm phẩy hoặc xuống dòng."), ""),
        (_("Thời hạn được chấp nhận:"), ""),
        ("15/12/2023 · Trước ngày 15/12/2023 · Tháng 9 · Tháng 9/2023 · Quý II · Quý II/2023", ""),
        ("6 tháng đầu năm · Năm 2023 · Cả năm · Thường xuyên", ""),
        ("", ""),
        (_("Tên đơn vị"), _("Mã")),
        *[(name, code) for name, code in units],
        ("", ""),
        (_("Nhóm đơn vị"), ""),
        *[(name, "") for name in groups],
    ]
    for text, code in lines:
        guide.append([text, code])
    for row in guide.iter_rows():
        if row[0].value in (_("Cách ghi"), _("Tên đơn vị"), _("Nhóm đơn vị")):
            row[0].font = Font(bold=True)
            row[1].font = Font(bold=True)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
