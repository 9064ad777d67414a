"""Small plan workbooks built with openpyxl, laid out as plans are published, and the unit
catalogue they name."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

import pytest
from openpyxl import Workbook

from planning.parsed_plan import AreaRow
from planning.unit_matching import UnitIndex, UnitRow
from tests.factories import make_unit
from units.models import Unit, UnitGroup

HEADER = [
    "STT",
    "Nội dung\nnhiệm vụ",
    "Kết quả, sản phẩm",
    "Cơ quan\nchủ trì",
    "Cơ quan phối hợp",
    "Thời gian\nhoàn thành",
    "Ghi chú",
]

# The seven areas as the data migration seeds them (ids as in a fresh database are not
# assumed: pure tests use these, database tests the real rows).
AREAS = [
    AreaRow(1, "I", "Công tác chỉ đạo, điều hành cải cách hành chính", "Chỉ đạo, điều hành"),
    AreaRow(2, "II", "Cải cách thể chế", "Thể chế"),
    AreaRow(3, "III", "Cải cách thủ tục hành chính", "TTHC"),
    AreaRow(4, "IV", "Cải cách tổ chức bộ máy hành chính nhà nước", "Tổ chức bộ máy"),
    AreaRow(5, "V", "Cải cách chế độ công vụ", "Chế độ công vụ"),
    AreaRow(6, "VI", "Cải cách tài chính công", "Tài chính công"),
    AreaRow(7, "VII", "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", "CPĐT, CPS"),
]

UNITS = [
    (101, "Sở Nội vụ", "SNV"),
    (102, "Sở Tư pháp", "STP"),
    (103, "Sở Tài chính", "STC"),
    (104, "Văn phòng UBND tỉnh", "VPUB"),
    (105, "Sở Thông tin và Truyền thông", "STTTT"),
    (106, "Sở Kế hoạch và Đầu tư", "SKHDT"),
]
GROUP = ("Các sở, ban, ngành", [102, 103, 105, 106])


def pure_index() -> UnitIndex:
    return UnitIndex.build([UnitRow(*u) for u in UNITS], [GROUP])


def workbook_bytes(rows, *, merges=(), sheet_title="Phụ lục", extra_sheets=()) -> bytes:
    """rows: lists of cell values (None = empty); merges: "A1:G1" ranges."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append(list(row))
    for merged in merges:
        sheet.merge_cells(merged)
    for title, extra_rows in extra_sheets:
        extra = workbook.create_sheet(title)
        for row in extra_rows:
            extra.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def standard_rows(*, overrides: dict[int, list] | None = None) -> list[list]:
    """A 2023 plan appendix: title rows, header with line breaks, area rows, spacer row,
    a sub-task, a merged lead cell (D7:D8), a unit group, and the 1970 sentinel. Row numbers
    in the sheet are the list index + 1; `overrides` replaces whole rows by sheet row number."""
    rows = [
        ["ỦY BAN NHÂN DÂN TỈNH SÔNG LAM"],  # 1
        ["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2023"],  # 2 (merged A2:G2)
        ["(Kèm theo Kế hoạch số 125/KH-UBND ngày 10/01/2023)"],  # 3
        [],  # 4
        HEADER,  # 5
        ["I", "Công tác chỉ đạo, điều hành cải cách hành chính"],  # 6 (merged B6:G6)
        [1, "Ban hành Kế hoạch CCHC năm 2023", "Kế hoạch", "Sở Nội vụ", "Các sở, ban, ngành", "Tháng 1", None],  # 7
        [2, "Kiểm tra công tác CCHC", "Báo cáo", None, "Sở Tư pháp; Sở Tài chính", "Quý II/2023", None],  # 8
        [],  # 9 spacer
        ["II", "Cải cách thể chế"],  # 10
        [
            1,
            "Rà soát văn bản QPPL",
            "Báo cáo",
            "sở tư pháp",
            "Văn phòng UBND tỉnh\nSở Nội vụ",
            datetime.datetime(2023, 9, 30),
            None,
        ],  # 11
        [
            "1.1",
            "Rà soát văn bản lĩnh vực tài chính",
            "Danh mục",
            "STP",
            "Sở Tài Chính",
            "Trước ngày 15/12/2023",
            "Ưu tiên",
        ],  # 12
        ["III", "Cải cách thủ tục hành chính"],  # 13
        [
            1,
            "Công bố danh mục TTHC",
            "Quyết định",
            "Văn phòng UBND tỉnh",
            "Các cơ quan liên quan",
            "Thường xuyên",
            None,
        ],  # 14
        ["VII", "Xây dựng và phát triển chính quyền điện tử, chính quyền số"],  # 15
        [1, "Nâng cấp hệ thống một cửa điện tử", "Hệ thống", "Sở TT&TT", None, "6 tháng đầu năm", None],  # 16
        [
            2,
            "Số hóa hồ sơ",
            None,
            "Sở Thông tin và Truyền thông",
            "Sở Nội vụ",
            datetime.datetime(1970, 1, 1),
            None,
        ],  # 17
    ]
    for row_number, row in (overrides or {}).items():
        while len(rows) < row_number:
            rows.append([])
        rows[row_number - 1] = row
    return rows


STANDARD_MERGES = ("A2:G2", "A3:G3", "B6:G6", "D7:D8")


def standard_workbook(**kwargs) -> bytes:
    return workbook_bytes(standard_rows(**kwargs), merges=STANDARD_MERGES)


@dataclass
class Catalogue:
    snv: Unit
    stp: Unit
    stc: Unit
    vp: Unit
    stttt: Unit
    skhdt: Unit
    group: UnitGroup


@pytest.fixture
def catalogue(db) -> Catalogue:
    units = {code: make_unit(code=code, name=name) for _id, name, code in UNITS}
    group = UnitGroup.objects.create(name=GROUP[0], slug="cac-so-ban-nganh")
    group.units.set([units["STP"], units["STC"], units["STTTT"], units["SKHDT"]])
    return Catalogue(units["SNV"], units["STP"], units["STC"], units["VPUB"], units["STTTT"], units["SKHDT"], group)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
