"""The blank workbook for the bulk import of users: the header the import reads, one example
row to overwrite, and a sheet listing the roles and the active units' codes."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from units.models import Unit

from .imports import EMAIL, NAME, ROLE, UNIT, USERNAME, column_labels
from .roles import Role

WIDTHS = {UNIT: 14, NAME: 30, EMAIL: 32, ROLE: 26, USERNAME: 20}


def template_workbook() -> bytes:
    labels = column_labels()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Người dùng")
    order = [UNIT, NAME, EMAIL, ROLE, USERNAME]
    sheet.append([labels[name] for name in order])
    for col, name in enumerate(order, start=1):
        cell = sheet.cell(1, col)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E2F3")
        sheet.column_dimensions[cell.column_letter].width = WIDTHS[name]
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet(_("Hướng dẫn"))
    guide.column_dimensions["A"].width = 70
    guide.column_dimensions["B"].width = 16
    lines = [
        (_("Mỗi dòng một người. Tên đăng nhập để trống thì lấy phần trước @ của e-mail."), ""),
        (_("Cán bộ và lãnh đạo đơn vị phải có mã đơn vị."), ""),
        ("", ""),
        (_("Vai trò (ghi một trong các tên sau)"), ""),
        *[(str(role.label), role.value) for role in Role],
        ("", ""),
        (_("Tên đơn vị"), _("Mã")),
        *Unit.objects.active().values_list("name", "code"),
    ]
    for text, code in lines:
        guide.append([text, code])
    for row in guide.iter_rows():
        if row[0].value in (_("Vai trò (ghi một trong các tên sau)"), _("Tên đơn vị")):
            row[0].font = row[1].font = Font(bold=True)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
