"""Builds the plan-appendix corpus the import is tested on (tests/planning/test_corpus.py): eight
appendices laid out as agencies publish them — province, department, commune and ministry
plans; Excel and Word; one-row and two-row headers; merged area rows and unit cells; unit groups;
deadline ranges; the post-2025 department names. The files are committed; run this to rebuild
them after changing it:

    .venv/bin/python tests/data/plans/make_corpus.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment

HERE = Path(__file__).resolve().parent
D = datetime.datetime

HEADER = [
    "STT",
    "Nội dung nhiệm vụ",
    "Sản phẩm",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian hoàn thành",
    "Ghi chú",
]


def save_xlsx(name: str, sheets: list[dict]) -> None:
    """sheets: {"title", "rows", "merges" ("A1:G1"), "hidden"}; the first is the active one."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        ws = workbook.create_sheet(spec["title"])
        for row in spec["rows"]:
            ws.append(list(row))
        for merged in spec.get("merges", ()):
            ws.merge_cells(merged)
        if spec.get("hidden"):
            ws.sheet_state = "hidden"
        for letter, width in zip("ABCDEFGH", (6, 50, 22, 22, 28, 18, 14, 14), strict=False):
            ws.column_dimensions[letter].width = width
        for row in ws.iter_rows():
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.properties.creator = "make_corpus.py"
    workbook.properties.created = D(2025, 1, 1)
    workbook.properties.modified = D(2025, 1, 1)
    workbook.save(HERE / name)


def save_docx(name: str, parts: list) -> None:
    """parts: paragraphs (str) and tables {"rows", "merges": [(r1, c1, r2, c2)] 0-based}."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(13)
    for part in parts:
        if isinstance(part, str):
            document.add_paragraph(part)
            continue
        rows = part["rows"]
        width = max(len(r) for r in rows)
        table = document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    lines = str(value).split("\n")
                    cell = table.cell(r, c)
                    cell.text = lines[0]
                    for line in lines[1:]:
                        cell.add_paragraph(line)
        for r1, c1, r2, c2 in part.get("merges", ()):
            table.cell(r1, c1).merge(table.cell(r2, c2))
    document.core_properties.author = "make_corpus.py"
    document.core_properties.created = D(2025, 1, 1)
    document.core_properties.modified = D(2025, 1, 1)
    document.save(HERE / name)


# 1. Province, Excel, one-row header, merged area rows, groups, ranges, post-2025 names.
def province_one_row() -> None:
    rows = [
        ["ỦY BAN NHÂN DÂN TỈNH SÔNG LAM", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],  # 1
        ["PHỤ LỤC"],  # 2
        ["NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2025"],  # 3
        ["(Kèm theo Kế hoạch số 15/KH-UBND ngày 08/01/2025 của UBND tỉnh)"],  # 4
        [],  # 5
        HEADER,  # 6
        ["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"],  # 7
        [
            1,
            "Ban hành Kế hoạch cải cách hành chính năm 2025",
            "Kế hoạch",
            "Sở Nội vụ",
            "Các sở, ngành liên quan",
            "Tháng 01/2025",
            None,
        ],  # 8
        [
            2,
            "Kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị",
            "Báo cáo kết quả kiểm tra",
            "Sở Nội vụ",
            "Các cơ quan, đơn vị liên quan",
            "Quý II - Quý III",
            None,
        ],  # 9
        [
            3,
            "Tuyên truyền cải cách hành chính",
            "Chuyên mục",
            "Sở Văn hóa, Thể thao và Du lịch",
            "Sở Khoa học và Công nghệ; UBND các xã, phường",
            "Thường xuyên",
            None,
        ],  # 10
        ["II", "CẢI CÁCH THỂ CHẾ"],  # 11
        [
            1,
            "Rà soát, hệ thống hóa văn bản quy phạm pháp luật",
            "Quyết định công bố",
            "Sở Tư pháp",
            "Các sở, ban, ngành",
            "Theo quy định",
            None,
        ],  # 12
        [2, "Kiểm tra, xử lý văn bản quy phạm pháp luật", "Báo cáo", None, "Sở Nội vụ", "Quý IV", None],  # 13
        ["III", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"],  # 14
        [
            1,
            "Công bố danh mục thủ tục hành chính lĩnh vực nông nghiệp và môi trường",
            "Quyết định",
            "Sở Nông nghiệp và Môi trường",
            "Trung tâm Phục vụ hành chính công tỉnh",
            "Khi có yêu cầu",
            None,
        ],  # 15
        [
            2,
            "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
            "Hồ sơ được số hóa",
            "Trung tâm Phục vụ hành chính công tỉnh",
            "Sở Khoa học và Công nghệ, UBND các xã, phường",
            "Tháng 6 - 9/2025",
            None,
        ],  # 16
        ["VII", "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ"],  # 17
        [
            1,
            "Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh",
            "Hệ thống được nâng cấp",
            "Sở Khoa học và Công nghệ",
            "Văn phòng UBND tỉnh và Công an tỉnh",
            "6 tháng cuối năm",
            None,
        ],  # 18
    ]
    save_xlsx(
        "tinh-2025-mot-dong.xlsx",
        [
            {
                "title": "Phụ lục",
                "rows": rows,
                "merges": ["A2:G2", "A3:G3", "A4:G4", "B7:G7", "B11:G11", "D12:D13", "B14:G14", "B17:G17"],
            }
        ],
    )


# 2. Province, Excel, two-row header, numbering row, areas in one merged cell, a heading with
#    sub-tasks, a continuation line, recurring and range deadlines.
def province_two_rows() -> None:
    rows = [
        ["UBND TỈNH SÔNG LAM"],  # 1
        ["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025"],  # 2
        ["(Ban hành kèm theo Kế hoạch số 20/KH-UBND ngày 15/01/2025 của Ủy ban nhân dân tỉnh)"],  # 3
        ["TT", "Nhiệm vụ", "Kết quả, sản phẩm", "Đơn vị thực hiện", None, "Thời hạn hoàn thành", "Ghi chú"],  # 4
        [None, None, None, "Chủ trì", "Phối hợp", None, None],  # 5
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],  # 6
        ["I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC"],  # 7
        [1, "Xây dựng, triển khai kế hoạch cải cách hành chính", None, None, None, None, None],  # 8
        ["1.1", "Ban hành kế hoạch", "Kế hoạch", "Sở Nội vụ", "Văn phòng UBND tỉnh", "Quý I/2025", None],  # 9
        [
            "1.2",
            "Báo cáo định kỳ công tác cải cách hành chính",
            "Báo cáo",
            "Sở Nội vụ",
            "Các sở, ban, ngành",
            "Hằng quý",
            None,
        ],  # 10
        [None, "- Báo cáo 6 tháng, năm theo yêu cầu của Bộ Nội vụ", None, None, None, None, None],  # 11
        ["IV. CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC"],  # 12
        [
            1,
            "Sắp xếp tổ chức bộ máy các cơ quan chuyên môn",
            "Đề án",
            "Sở Nội vụ",
            "Sở Tài chính",
            "Quý II đến Quý IV",
            None,
        ],  # 13
        ["V. CẢI CÁCH CHẾ ĐỘ CÔNG VỤ"],  # 14
        [1, "Đánh giá, xếp loại công chức", "Báo cáo", "Sở Nội vụ", "Các sở, ngành", "Tháng 12", None],  # 15
        ["VI. CẢI CÁCH TÀI CHÍNH CÔNG"],  # 16
        [1, "Công khai ngân sách", "Báo cáo", "Sở Tài chính", None, D(2025, 6, 30), None],  # 17
    ]
    save_xlsx(
        "tinh-2025-hai-dong.xlsx",
        [
            {
                "title": "KH CCHC 2025",
                "rows": rows,
                "merges": [
                    "A2:G2",
                    "A3:G3",
                    "D4:E4",
                    "A4:A5",
                    "B4:B5",
                    "C4:C5",
                    "F4:F5",
                    "G4:G5",
                    "A7:G7",
                    "A12:G12",
                    "A14:G14",
                    "A16:G16",
                ],
            }
        ],
    )


# 3. Ministry, Excel, plan issued by decision, its own column order, numbering restarting.
def ministry_xlsx() -> None:
    rows = [
        ["BỘ TƯ PHÁP"],  # 1
        ["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025 CỦA BỘ TƯ PHÁP"],  # 2
        ["(Ban hành kèm theo Quyết định số 2345/QĐ-BTP ngày 29 tháng 12 năm 2024 của Bộ trưởng Bộ Tư pháp)"],  # 3
        ["TT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Sản phẩm"],  # 4
        ["I", "Công tác chỉ đạo, điều hành"],  # 5
        [
            1,
            "Xây dựng Kế hoạch cải cách hành chính năm 2025 của Bộ",
            "Vụ Tổ chức cán bộ",
            "Các đơn vị thuộc Bộ",
            "Tháng 12/2024",
            "Quyết định",
        ],  # 6
        [
            2,
            "Tự đánh giá, chấm điểm Chỉ số cải cách hành chính",
            "Vụ Tổ chức cán bộ",
            "Văn phòng Bộ, Vụ Kế hoạch - Tài chính",
            "Theo chỉ đạo",
            "Báo cáo",
        ],  # 7
        ["II", "Cải cách thể chế"],  # 8
        [
            1,
            "Kiểm tra văn bản quy phạm pháp luật",
            "Cục Kiểm tra văn bản và Quản lý xử lý vi phạm hành chính",
            "Các đơn vị thuộc Bộ có liên quan",
            "Thường xuyên",
            "Báo cáo",
        ],  # 9
        ["III", "Cải cách thủ tục hành chính"],  # 10
        [
            1,
            "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực hộ tịch, quốc tịch, chứng thực",
            "Cục Hộ tịch, quốc tịch, chứng thực",
            "Văn phòng Bộ",
            "Quý III/2025",
            "Phương án đơn giản hóa",
        ],  # 11
        ["VII", "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số"],  # 12
        [
            1,
            "Triển khai dịch vụ công trực tuyến toàn trình",
            "Cục Công nghệ thông tin",
            "Cục Hộ tịch, quốc tịch, chứng thực và Văn phòng Bộ",
            "Khi có yêu cầu",
            "Dịch vụ công",
        ],  # 13
    ]
    save_xlsx("bo-2025.xlsx", [{"title": "Phu luc", "rows": rows, "merges": ["A2:F2", "A3:F3"]}])


# 4. Province, Word, one-row header, merged area rows, a lead unit merged over two rows.
def province_docx() -> None:
    table = {
        "rows": [
            HEADER,  # 0
            ["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", None, None, None, None, None],  # 1
            [
                "1",
                "Tổ chức hội nghị triển khai nhiệm vụ cải cách hành chính",
                "Hội nghị",
                "Sở Nội vụ",
                "Văn phòng UBND tỉnh",
                "Quý I",
                None,
            ],  # 2
            [
                "2",
                "Khảo sát sự hài lòng của người dân, tổ chức",
                "Báo cáo",
                None,
                "Sở Khoa học và Công nghệ",
                "Quý II đến Quý IV",
                None,
            ],  # 3 (lead merged from the row above)
            ["III", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", None, None, None, None, None],  # 4
            [
                "1",
                "Thực hiện cơ chế một cửa, một cửa liên thông",
                "Báo cáo",
                "Trung tâm Phục vụ hành chính công tỉnh",
                "Các sở, ban, ngành; UBND các xã, phường",
                "Theo tiến độ",
                None,
            ],  # 5
            [
                "2",
                "Công khai thủ tục hành chính lĩnh vực văn hóa, thể thao và du lịch",
                "Danh mục",
                "Sở Văn hóa, Thể thao và Du lịch",
                "Trung tâm Phục vụ hành chính công tỉnh",
                "30/6/2025",
                None,
            ],  # 6
        ],
        "merges": [(1, 1, 1, 6), (4, 1, 4, 6), (2, 3, 3, 3)],
    }
    save_docx(
        "tinh-2025.docx",
        [
            "ỦY BAN NHÂN DÂN TỈNH SÔNG LAM",
            "PHỤ LỤC",
            "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025",
            "(Kèm theo Kế hoạch số 31/KH-UBND ngày 20/01/2025 của UBND tỉnh)",
            table,
            "Nơi nhận: như trên.",
        ],
    )


# 5. Department, Word, two-row header (vertical and horizontal merges), the table cut in two
#    without its header repeated.
def department_docx() -> None:
    header = [
        ["STT", "Nhiệm vụ", "Sản phẩm", "Đơn vị thực hiện", None, "Thời gian hoàn thành"],
        [None, None, None, "Chủ trì", "Phối hợp", None],
    ]
    first = {
        "rows": [
            *header,
            ["I", "Công tác chỉ đạo, điều hành cải cách hành chính", None, None, None, None],  # 2
            [
                "1",
                "Ban hành kế hoạch cải cách hành chính của Sở",
                "Kế hoạch",
                "Văn phòng Sở",
                "Các phòng, ban chuyên môn",
                "Tháng 1/2025",
            ],  # 3
            [
                "2",
                "Báo cáo tình hình thực hiện nhiệm vụ",
                "Báo cáo",
                "Văn phòng Sở",
                "Các phòng, ban chuyên môn",
                "Hằng tháng",
            ],  # 4
        ],
        "merges": [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 0, 4), (0, 5, 1, 5), (2, 1, 2, 5)],
    }
    second = {
        "rows": [
            ["VII", "Xây dựng và phát triển chính quyền điện tử, chính quyền số", None, None, None, None],  # 0
            [
                "1",
                "Vận hành Trung tâm giám sát, điều hành thông minh",
                "Hệ thống",
                "Trung tâm Chuyển đổi số",
                "Văn phòng Sở",
                "Theo chỉ đạo",
            ],  # 1
            [
                "2",
                "Bảo đảm an toàn thông tin mạng",
                "Báo cáo",
                "Phòng Bưu chính, Viễn thông và Chuyển đổi số",
                "Trung tâm Chuyển đổi số và các phòng, ban chuyên môn",
                "Quý II - Quý III",
            ],  # 2
        ],
        "merges": [(0, 1, 0, 5)],
    }
    save_docx(
        "so-khcn-2025.docx",
        [
            "UBND TỈNH SÔNG LAM",
            "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
            "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025",
            "(Kèm theo Kế hoạch số 05/KH-SKHCN ngày 10/01/2025 của Sở Khoa học và Công nghệ)",
            first,
            "",
            second,
        ],
    )


# 6. Last year's province plan with its results column.
def province_last_year_with_results() -> None:
    rows = [
        ["ỦY BAN NHÂN DÂN TỈNH SÔNG LAM"],  # 1
        ["KẾT QUẢ THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024"],  # 2
        ["(Kèm theo Kế hoạch số 12/KH-UBND ngày 10/01/2024 của UBND tỉnh)"],  # 3
        [
            "STT",
            "Nội dung nhiệm vụ",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian hoàn thành",
            "Kết quả thực hiện",
        ],  # 4
        ["I", "Công tác chỉ đạo, điều hành"],  # 5
        [1, "Ban hành Kế hoạch cải cách hành chính năm 2024", "Sở Nội vụ", None, "Tháng 1", "Đã hoàn thành"],  # 6
        [2, "Kiểm tra công tác cải cách hành chính", "Sở Nội vụ", "Các sở, ban, ngành", "Quý III", D(2024, 9, 20)],  # 7
        ["II", "Cải cách thể chế"],  # 8
        [1, "Rà soát văn bản quy phạm pháp luật", "Sở Tư pháp", None, "Quý II", "Hoàn thành ngày 20/6/2024"],  # 9
        [2, "Theo dõi thi hành pháp luật", "Sở Tư pháp", None, "Quý IV", "Chưa hoàn thành"],  # 10
        ["III", "Cải cách thủ tục hành chính"],  # 11
        [
            1,
            "Số hóa hồ sơ thủ tục hành chính",
            "Trung tâm Phục vụ hành chính công tỉnh",
            None,
            "Quý IV",
            "Đang thực hiện (60%)",
        ],  # 12
        [2, "Công bố thủ tục hành chính", "Văn phòng UBND tỉnh", None, "Thường xuyên", None],  # 13
    ]
    save_xlsx("tinh-2024-ket-qua.xlsx", [{"title": "Phụ lục", "rows": rows, "merges": ["A2:F2", "A3:F3"]}])


# 7. Commune (phường) plan: unit names with commas the catalogue lacks, to resolve on screen.
def commune_xlsx() -> None:
    rows = [
        ["ỦY BAN NHÂN DÂN PHƯỜNG TRƯỜNG VINH"],  # 1
        ["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025"],  # 2
        ["(Kèm theo Kế hoạch số 09/KH-UBND ngày 14/01/2025 của UBND phường Trường Vinh)"],  # 3
        HEADER,  # 4
        ["I", "Công tác chỉ đạo, điều hành"],  # 5
        [
            1,
            "Ban hành kế hoạch cải cách hành chính của phường",
            "Kế hoạch",
            "Văn phòng HĐND và UBND phường",
            "Các phòng, ban chuyên môn",
            "Quý I",
            None,
        ],  # 6
        ["III", "Cải cách thủ tục hành chính"],  # 7
        [
            1,
            "Rà soát thủ tục hành chính lĩnh vực xây dựng, đất đai",
            "Báo cáo",
            "Phòng Kinh tế, Hạ tầng và Đô thị",
            "Văn phòng HĐND và UBND phường",
            "Quý II - Quý III",
            None,
        ],  # 8
        [
            2,
            "Niêm yết công khai thủ tục hành chính",
            "Danh mục",
            "Văn phòng HĐND và UBND phường",
            None,
            "Thường xuyên",
            None,
        ],  # 9
        ["V", "Cải cách chế độ công vụ"],  # 10
        [
            1,
            "Đánh giá, xếp loại cán bộ, công chức",
            "Báo cáo",
            "Phòng Văn hóa - Xã hội",
            "Phòng Kinh tế, Hạ tầng và Đô thị",
            "Tháng 12",
            None,
        ],  # 11
    ]
    save_xlsx("phuong-2025.xlsx", [{"title": "Sheet1", "rows": rows, "merges": ["A2:G2", "A3:G3"]}])


# 8. Province, Excel: a guide sheet and a hidden sheet before the table, numbering that runs
#    on across areas, the header repeated after a page break, several units in one cell.
def province_two_sheets() -> None:
    guide = [["Hướng dẫn: bảng nhiệm vụ ở trang tính “Nhiệm vụ”."]]
    hidden = [["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì"], [1, "Bản nháp cũ", "Sở Nội vụ"]]
    rows = [
        ["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025 CỦA TỈNH SÔNG LAM"],  # 1
        ["(Kèm theo Kế hoạch số 41/KH-UBND ngày 24/01/2025 của UBND tỉnh)"],  # 2
        HEADER,  # 3
        ["II", "Cải cách thể chế"],  # 4
        [
            1,
            "Xây dựng văn bản quy phạm pháp luật về phân cấp",
            "Quyết định",
            "Sở Tư pháp",
            "Sở Nội vụ và Sở Tài chính",
            "Trước ngày 30/9/2025",
            None,
        ],  # 5
        [
            2,
            "Hoàn thiện thể chế về đầu tư công",
            "Nghị quyết",
            "Sở Tài chính",
            "Sở Xây dựng, Sở Tư pháp",
            "Quý III",
            None,
        ],  # 6
        HEADER,  # 7 (repeated after a page break)
        ["VI", "Cải cách tài chính công"],  # 8
        [
            3,
            "Giao quyền tự chủ cho đơn vị sự nghiệp công lập",
            "Quyết định",
            "Sở Tài chính",
            "Sở Y tế, Sở Giáo dục và Đào tạo",
            "6 tháng đầu năm",
            None,
        ],  # 9
        ["VII", "Chính quyền số"],  # 10
        [
            4,
            "Kết nối, chia sẻ dữ liệu với Cơ sở dữ liệu quốc gia về dân cư",
            "Dữ liệu",
            "Công an tỉnh",
            "Sở Khoa học và Công nghệ + Trung tâm Phục vụ hành chính công tỉnh",
            "Quý IV/2025",
            None,
        ],  # 11
    ]
    save_xlsx(
        "tinh-2025-hai-trang.xlsx",
        [
            {"title": "Hướng dẫn", "rows": guide},
            {"title": "Bản nháp", "rows": hidden, "hidden": True},
            {"title": "Nhiệm vụ", "rows": rows, "merges": ["A1:G1", "A2:G2"]},
        ],
    )


def main() -> None:
    province_one_row()
    province_two_rows()
    ministry_xlsx()
    province_docx()
    department_docx()
    province_last_year_with_results()
    commune_xlsx()
    province_two_sheets()


if __name__ == "__main__":
    main()
