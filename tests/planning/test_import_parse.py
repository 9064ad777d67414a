"""Reading a plan's task table from a workbook (plans/imports.py): pure, no database."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from planning.import_header import read_header
from planning.import_template import template_workbook
from planning.imports import parse_workbook
from planning.parsed_plan import ERROR, UNKNOWN_UNIT, WARNING
from planning.unit_matching import UnitIndex, UnitRow, fold, match_issuer, name_key, strip_prefix

from .conftest import AREAS, HEADER, pure_index, standard_rows, standard_workbook, workbook_bytes

D = datetime.date


def parse(content: bytes, *, year=2023, units=None):
    return parse_workbook(io.BytesIO(content), year=year, units=units or pure_index(), areas=AREAS)


def summary(parsed):
    """(area, number, position, lead id, coordinating ids, deadline, deadline text, recurring)"""
    return [
        (
            area.area.code,
            t.number,
            t.position,
            t.lead.unit_id if t.lead else None,
            t.coordinating_ids,
            t.deadline.date,
            t.deadline.text,
            t.deadline.recurring,
        )
        for area, t in parsed.tasks
    ]


def issues(parsed):
    return [(i.level, i.where, i.kind) for i in parsed.issues]


def test_a_published_appendix_is_read_row_by_row():
    parsed = parse(standard_workbook())

    assert parsed.title == "Kế hoạch cải cách hành chính năm 2023"
    assert [a.area.code for a in parsed.areas] == ["I", "II", "III", "VII"]
    assert [(a.row, a.written_name) for a in parsed.areas][3] == (
        15,
        "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
    )
    assert summary(parsed) == [
        # the group "Các sở, ban, ngành" expanded; the lead merged over rows 7–8 counts for both
        ("I", "1", 1, 101, [102, 103, 105, 106], D(2023, 1, 31), "Tháng 1", False),
        ("I", "2", 2, 101, [102, 103], D(2023, 6, 30), "Quý II/2023", False),
        # lower-case name; units on two lines of one cell; a date cell
        ("II", "1", 3, 102, [104, 101], D(2023, 9, 30), "30/09/2023", False),
        # sub-task 1.1 keeps its number; lead by short code; "Tài Chính" in another case
        ("II", "1.1", 4, 102, [103], D(2023, 12, 15), "Trước ngày 15/12/2023", False),
        # "Các cơ quan liên quan" names no unit: kept as written only
        ("III", "1", 5, 104, [], D(2023, 12, 31), "Thường xuyên", True),
        # "Sở TT&TT" is the abbreviation of Sở Thông tin và Truyền thông
        ("VII", "1", 6, 105, [], D(2023, 6, 30), "6 tháng đầu năm", False),
        # 01/01/1970 means no deadline
        ("VII", "2", 7, 105, [101], None, "", False),
    ]
    first = parsed.areas[0].tasks[0]
    assert (first.sheet, first.row, first.content, first.expected_output) == (
        "Phụ lục",
        7,
        "Ban hành Kế hoạch CCHC năm 2023",
        "Kế hoạch",
    )
    assert first.coordination_text == "Các sở, ban, ngành"
    assert parsed.areas[1].tasks[0].coordination_text == "Văn phòng UBND tỉnh; Sở Nội vụ"
    assert parsed.areas[1].tasks[1].remarks == "Ưu tiên"
    assert parsed.areas[2].tasks[0].coordination_text == "Các cơ quan liên quan"
    assert issues(parsed) == [(WARNING, "Phụ lục!F17", "deadline_none")]
    assert parsed.errors == []


def test_header_wording_case_diacritics_and_a_two_row_header():
    rows = [
        ["PHỤ LỤC"],
        ["Kế hoạch cải cách hành chính năm 2024 của Sở Tư pháp"],
        ["TT", "NHIỆM VỤ", "Sản phẩm", "Đơn vị thực hiện", None, "Thoi han", "GHI CHÚ"],
        [None, None, None, "Đơn vị chủ trì", "Phối hợp", None, None],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
        ["I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC"],
        [1, "Xây dựng kế hoạch", "Kế hoạch", "Sở Tư pháp", "Sở Nội vụ", "Quý I"],
        ["II. CẢI CÁCH THỂ CHẾ"],
        # numbering continues across areas
        [2, "Rà soát văn bản", "Báo cáo", "Sở Tư pháp", None, "Tháng 9/2024"],
    ]
    parsed = parse(workbook_bytes(rows, merges=["D3:E3", "A6:G6", "A8:G8"]), year=2024)

    assert parsed.errors == []
    assert parsed.title == "Kế hoạch cải cách hành chính năm 2024 của Sở Tư pháp"
    assert summary(parsed) == [
        ("I", "1", 1, 102, [101], D(2024, 3, 31), "Quý I", False),
        ("II", "2", 2, 102, [], D(2024, 9, 30), "Tháng 9/2024", False),
    ]
    assert [(a.row, a.written_name) for a in parsed.areas] == [
        (6, "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC"),
        (8, "CẢI CÁCH THỂ CHẾ"),
    ]


def test_header_without_diacritics_and_with_line_breaks_is_found_lower_down():
    rows = [[]] * 12 + [
        ["So TT", "Noi dung\nnhiem vu", "Ket qua", "Co quan\nchu tri", "Co quan\nphoi hop", "Thoi gian\nhoan thanh"],
        ["III", "Cải cách TTHC"],
        ["1", "Rà soát TTHC", None, "Sở Tư pháp", None, "Năm 2023"],
    ]
    parsed = parse(workbook_bytes(rows))
    assert parsed.errors == []
    assert summary(parsed) == [("III", "1", 1, 102, [], D(2023, 12, 31), "Năm 2023", False)]


def test_an_unreadable_deadline_is_an_error_naming_sheet_row_and_column():
    content = standard_workbook(overrides={16: [1, "Nâng cấp hệ thống", None, "Sở TT&TT", None, "Sớm nhất có thể"]})
    parsed = parse(content)

    assert [(i.level, i.sheet, i.row, i.column) for i in parsed.errors] == [(ERROR, "Phụ lục", 16, "F")]
    assert "Sớm nhất có thể" in parsed.errors[0].message
    assert parsed.blocking_errors(create_units=True) == parsed.errors


def test_unknown_and_ambiguous_units_are_errors_naming_the_cell():
    units = UnitIndex.build(
        [UnitRow(1, "Sở Nội vụ", "SNV"), UnitRow(2, "Phòng Tư pháp", "PTP1"), UnitRow(3, "Phòng Tư pháp", "PTP2")]
    )
    rows = [
        HEADER,
        ["I", "Chỉ đạo, điều hành"],
        [1, "Nhiệm vụ một", None, "Sở Xây dựng", "Sở Nội vụ, Ban Quản lý khu kinh tế", "Quý I"],
        [2, "Nhiệm vụ hai", None, "Phòng Tư pháp", None, "Quý I"],
        [3, "Nhiệm vụ ba", None, "sở xây dựng", None, "Quý I"],
    ]
    parsed = parse(workbook_bytes(rows), units=units)

    assert issues(parsed) == [
        (ERROR, "Phụ lục!D3", UNKNOWN_UNIT),
        (ERROR, "Phụ lục!E3", UNKNOWN_UNIT),
        (ERROR, "Phụ lục!D4", ""),
        (ERROR, "Phụ lục!D5", UNKNOWN_UNIT),
    ]
    # Each unknown name once, however it is spelt, with every cell that writes it.
    assert [(n.text, n.cells, n.in_lead, n.blocking) for n in parsed.unknown_units.values()] == [
        ("Sở Xây dựng", ["Phụ lục!D3", "Phụ lục!D5"], True, True),
        ("Ban Quản lý khu kinh tế", ["Phụ lục!E3"], False, True),
    ]
    assert parsed.cells_to_fix == 1
    assert [n.text for n in parsed.unresolved_names] == ["Sở Xây dựng", "Ban Quản lý khu kinh tế"]
    # Creating the unknown units resolves those errors, not the ambiguous name.
    assert [i.where for i in parsed.blocking_errors(create_units=True)] == ["Phụ lục!D4"]
    assert len(parsed.blocking_errors(create_units=False)) == 4


def test_a_group_as_lead_unit_is_an_error_and_several_leads_keep_the_first():
    rows = [
        HEADER,
        ["I", "Chỉ đạo, điều hành"],
        [1, "Nhiệm vụ một", None, "Các sở, ban, ngành", None, "Quý I"],
        [2, "Nhiệm vụ hai", None, "Sở Tư pháp; Sở Tài chính", "Sở Nội vụ", "Quý I"],
    ]
    parsed = parse(workbook_bytes(rows))
    assert issues(parsed) == [(ERROR, "Phụ lục!D3", ""), (WARNING, "Phụ lục!D4", "several_leads")]
    assert summary(parsed)[1] == ("I", "2", 2, 102, [103, 101], D(2023, 3, 31), "Quý I", False)


def test_headings_continuations_duplicates_and_rows_outside_areas():
    rows = [
        HEADER,
        [1, "Nhiệm vụ trước lĩnh vực", None, "Sở Nội vụ", None, "Quý I"],  # 2: no area yet
        ["I", "Chỉ đạo, điều hành"],  # 3
        [1, "Cải cách thủ tục", None, None, None, None],  # 4: heading of 1.1, 1.2
        ["1.1", "Rà soát", None, "Sở Tư pháp", None, "Quý I"],  # 5
        [None, "- rà soát nhóm thủ tục đất đai", None, None, None, None],  # 6: continues 1.1
        ["1.2", "Công bố", None, "Sở Tư pháp", None, "Quý II"],  # 7
        ["1.2", "Công bố lại", None, "Sở Tư pháp", None, "Quý II"],  # 8: duplicate STT
        [2, "Thiếu đơn vị", None, None, None, "Quý III"],  # 9: no lead, not a heading
        [None, "Không STT", None, "Sở Nội vụ", None, "Quý I"],  # 10
        ["Nơi nhận:", None],  # 11: footer
        ["4.1", "Nhiệm vụ con lạc", None, "Sở Nội vụ", None, "Quý I"],  # 12: no task 4
        ["a)", "Nhiệm vụ đánh số lạ", None, "Sở Nội vụ", None, "Quý I"],  # 13: a task with a bad STT
    ]
    parsed = parse(workbook_bytes(rows))

    assert issues(parsed) == [
        (ERROR, "Phụ lục!A2", ""),
        (WARNING, "Phụ lục!D4", "heading"),
        (WARNING, "Phụ lục!B6", "continuation"),
        (ERROR, "Phụ lục!A8", ""),
        (ERROR, "Phụ lục!D9", ""),
        (ERROR, "Phụ lục!A10", ""),
        (WARNING, "Phụ lục!A11", "skipped_row"),
        (WARNING, "Phụ lục!A12", "orphan_subtask"),
        (ERROR, "Phụ lục!A13", ""),
    ]
    assert [(t.number, t.content) for _a, t in parsed.tasks] == [
        ("1.1", "Rà soát\n- rà soát nhóm thủ tục đất đai"),
        ("1.2", "Công bố"),
        ("2", "Thiếu đơn vị"),
        ("4.1", "Nhiệm vụ con lạc"),
    ]


def test_area_rows_are_matched_by_numeral_and_by_name_when_the_name_says_otherwise():
    rows = [
        HEADER,
        ["II", "Cải cách thủ tục hành chính"],  # a local plan that skips "Thể chế"
        [1, "Rà soát TTHC", None, "Sở Tư pháp", None, "Quý I"],
        ["IX", "Tác động đến người dân"],  # no such area
        [1, "Khảo sát", None, "Sở Nội vụ", None, "Quý I"],
    ]
    parsed = parse(workbook_bytes(rows))
    assert [a.area.code for a in parsed.areas] == ["III"]
    assert issues(parsed) == [
        (WARNING, "Phụ lục!B2", "area_by_name"),
        (ERROR, "Phụ lục!A4", ""),
        (ERROR, "Phụ lục!A5", ""),
    ]


def test_a_file_without_a_task_table_or_not_a_workbook():
    no_header = parse(workbook_bytes([["Báo cáo"], ["a", "b", "c"]]))
    assert [(i.level, i.row) for i in no_header.issues] == [(ERROR, None)]
    assert "STT" in no_header.issues[0].message

    not_xlsx = parse(b"%PDF-1.4 not a workbook")
    assert [(i.level, i.row) for i in not_xlsx.issues] == [(ERROR, None)]
    assert not_xlsx.task_count == 0


def test_hidden_sheets_are_skipped_and_other_sheets_without_a_header_ignored():
    content = workbook_bytes(
        standard_rows(),
        extra_sheets=[("Ghi chú", [["Chỉ là ghi chú"]])],
    )
    parsed = parse(content)
    assert parsed.task_count == 7


def test_the_blank_template_has_the_layout_the_import_reads():
    content = template_workbook(areas=AREAS, units=[("Sở Nội vụ", "SNV")], groups=["Các sở, ban, ngành"])
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Phụ lục"]
    assert [c.value for c in sheet[4]] == [
        "STT",
        "Nội dung nhiệm vụ",
        "Sản phẩm",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian hoàn thành",
        "Ghi chú",
    ]
    area_rows = [(row[0].value, row[1].value) for row in sheet.iter_rows(min_row=5) if row[0].value]
    assert area_rows == [(a.code, a.name) for a in AREAS]
    assert sheet.column_dimensions["B"].width == 55
    assert sheet.cell(4, 1).font.bold is True

    empty = parse(content)
    assert [a.area.code for a in empty.areas] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert [(i.level, i.message) for i in empty.issues] == [(ERROR, "Bảng không có nhiệm vụ nào.")]

    sheet.cell(6, 1, 1)
    sheet.cell(6, 2, "Ban hành kế hoạch")
    sheet.cell(6, 4, "SNV")
    sheet.cell(6, 6, "Quý I")
    buffer = io.BytesIO()
    workbook.save(buffer)
    filled = parse(buffer.getvalue())
    assert filled.errors == []
    assert summary(filled) == [("I", "1", 1, 101, [], D(2023, 3, 31), "Quý I", False)]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Sở Nội vụ", "noi vu"),
        ("SỞ NỘI VỤ.", "noi vu"),
        ("Ủy ban nhân dân huyện Nam Đàn", "huyen nam dan"),
        ("Uỷ ban nhân dân huyện Nam Đàn", "huyen nam dan"),
        ("UBND huyện Nam Đàn", "huyen nam dan"),
        ("Văn phòng UBND tỉnh", "van phong ubnd tinh"),
        ("VP UBND tỉnh", "van phong ubnd tinh"),
        ("Ban Dân tộc", "ban dan toc"),
    ],
)
def test_unit_names_fold_case_diacritics_and_safe_prefixes(text, key):
    assert strip_prefix(name_key(text)) == key


def test_cells_naming_several_units_split_without_breaking_names():
    index = pure_index()
    matches = index.split("Sở Kế hoạch và Đầu tư, Các sở, ban, ngành;\nSở Nội vụ và Sở Tư pháp")
    assert [(m.text.strip(), m.unit_ids, m.group) for m in matches] == [
        ("Sở Kế hoạch và Đầu tư", (106,), ""),
        ("Các sở, ban, ngành", (102, 103, 105, 106), "Các sở, ban, ngành"),
        ("Sở Nội vụ", (101,), ""),
        ("Sở Tư pháp", (102,), ""),
    ]
    assert [m.unit_ids for m in index.split("SKHDT; Sở KH&ĐT; snv")] == [(106,), (106,), (101,)]
    assert fold("Đơn vị ĐẦU MỐI") == "don vi dau moi"


def test_deadlines_as_written_ranges_no_fixed_date_and_recurring():
    rows = [
        HEADER,
        ["I", "Chỉ đạo, điều hành"],
        [1, "Một", None, "Sở Nội vụ", None, "Quý II - Quý III"],
        [2, "Hai", None, "Sở Nội vụ", None, "Theo quy định"],
        [3, "Ba", None, "Sở Nội vụ", None, "Hằng quý"],
        [4, "Bốn", None, "Sở Nội vụ", None, "Tháng 6 - 9/2025"],
        [5, "Năm", None, "Sở Nội vụ", None, None],
        [6, "Sáu", None, "Sở Nội vụ", None, "Sớm nhất có thể"],
    ]
    parsed = parse_workbook(
        io.BytesIO(workbook_bytes(rows)), year=2025, units=pure_index(), areas=AREAS, today=D(2025, 8, 15)
    )
    assert [(t.deadline.date, t.deadline.text, t.deadline.recurring) for _a, t in parsed.tasks] == [
        (D(2025, 9, 30), "Quý II - Quý III", False),
        (None, "Theo quy định", False),
        (D(2025, 9, 30), "Hằng quý", True),
        (D(2025, 9, 30), "Tháng 6 - 9/2025", False),
        (None, "", False),
        (None, "Sớm nhất có thể", False),
    ]
    assert issues(parsed) == [(WARNING, "Phụ lục!F4", "deadline_open"), (ERROR, "Phụ lục!F8", "")]
    assert parsed.issues[0].message == (
        "“Theo quy định” không phải một thời hạn cố định: nhiệm vụ được nhập không có thời hạn, giữ nguyên chữ như ghi."
    )
    assert parsed.issues[1].message == (
        "Không đọc được thời hạn “Sớm nhất có thể”. Ghi theo một trong các dạng: 15/12/2025, Trước ngày 15/12/2025, "
        "Tháng 9, Quý II, Quý II - Quý III, Tháng 6 - 9/2025, 6 tháng đầu năm, 6 tháng cuối năm, Năm 2025, "
        "Thường xuyên, Hằng quý, Hằng tháng, Theo quy định, Khi có yêu cầu; hoặc để trống ô nếu nhiệm vụ không có "
        "thời hạn."
    )


def test_reading_hang_quy_again_keeps_the_tasks_next_deadline():
    from planning.import_diff import ExistingTask, compute_diff

    rows = [HEADER, ["I", "Chỉ đạo, điều hành"], [1, "Một", None, "Sở Nội vụ", None, "Hằng quý"]]
    parsed = parse_workbook(
        io.BytesIO(workbook_bytes(rows)), year=2025, units=pure_index(), areas=AREAS, today=D(2025, 8, 15)
    )
    old = ExistingTask(
        id=1, area_code="I", number="1", content="Một", expected_output="", lead_unit_id=101, lead_name="Sở Nội vụ",
        coordinating_ids=frozenset(), coordination_text="", deadline=D(2025, 3, 31), deadline_text="Hằng quý",
        is_recurring=True, remarks="", removed=False, position=1,
    )  # fmt: skip
    diff = compute_diff(parsed, [old], unit_names={101: "Sở Nội vụ"})
    assert (diff.changed, diff.unchanged) == ([], 1)
    assert parsed.tasks[0][1].deadline.date == D(2025, 3, 31)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["ỦY BAN NHÂN DÂN TỈNH", "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025",
             "(Kèm theo Kế hoạch số 15/KH-UBND ngày 08/01/2025 của UBND tỉnh)"],
            ("15/KH-UBND", D(2025, 1, 8), "UBND tỉnh", 2025),
        ),
        (
            ["PHỤ LỤC", "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2025 CỦA BỘ TƯ PHÁP",
             "(Ban hành kèm theo Quyết định số 2345/QĐ-BTP ngày 29 tháng 12 năm 2024 của Bộ trưởng Bộ Tư pháp)"],
            ("2345/QĐ-BTP", D(2024, 12, 29), "Bộ Tư pháp", 2025),
        ),
        # no title year: a plan issued in December is the next year's
        (["(Kèm theo Kế hoạch số: 220/KH-SKHCN ngày 20/12/2025 của Sở Khoa học và Công nghệ)"],
         ("220/KH-SKHCN", D(2025, 12, 20), "Sở Khoa học và Công nghệ", 2026)),
        (["Kế hoạch cải cách hành chính"], ("", None, "", None)),
    ],
)  # fmt: skip
def test_the_document_header_is_read_from_the_title_lines(lines, expected):
    header = read_header(lines)
    assert (header.number, header.issued_on, header.issuer, header.year) == expected


def test_the_issuer_is_matched_to_a_unit_only_when_sure():
    index = UnitIndex.build(
        [
            UnitRow(1, "Ủy ban nhân dân tỉnh Sông Lam", "UBT"),
            UnitRow(2, "Bộ Tư pháp", "BTP"),
            UnitRow(3, "Sở Nội vụ", "SNV"),
        ]
    )
    assert [match_issuer(t, index) for t in ("UBND tỉnh", "Bộ Tư pháp", "SNV", "Sở", "UBND huyện", "")] == [
        1, 2, 3, None, None, None
    ]  # fmt: skip


def test_without_a_year_the_file_gives_it():
    rows = [
        ["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026"],
        HEADER,
        ["I", "Chỉ đạo"],
        [1, "Một", None, "Sở Nội vụ", None, "Quý I"],
    ]
    parsed = parse_workbook(io.BytesIO(workbook_bytes(rows)), year=None, units=pure_index(), areas=AREAS)
    assert (parsed.year, parsed.tasks[0][1].deadline.date, parsed.issues) == (2026, D(2026, 3, 31), [])


def test_a_small_file_that_unpacks_into_too_much_is_refused_before_loading():
    import time
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (70 * 1024 * 1024))
    assert len(buffer.getvalue()) < 300 * 1024
    started = time.monotonic()
    parsed = parse(buffer.getvalue())
    assert time.monotonic() - started < 1
    assert [(i.level, i.message) for i in parsed.issues] == [
        (
            ERROR,
            "Tệp quá lớn khi giải nén (70 MB; tối đa 64 MB): không phải một phụ lục kế hoạch thông thường. "
            "Kiểm tra lại tệp.",
        )
    ]


def test_rows_beyond_the_limit_stop_the_reading_of_that_sheet():
    rows = [HEADER, ["I", "Chỉ đạo"]] + [[i, f"Việc {i}", None, "Sở Nội vụ", None, "Quý I"] for i in range(1, 30)]
    parsed = parse_workbook(io.BytesIO(workbook_bytes(rows)), year=2023, units=pure_index(), areas=AREAS, max_rows=20)
    first = parsed.issues[0]
    assert (first.level, first.sheet, first.message) == (
        ERROR,
        "Phụ lục",
        "Bảng có quá nhiều dòng; tối đa 20.",
    )
    assert parsed.task_count == 0


def test_legacy_office_files_and_word_without_a_table_say_what_to_do():
    import docx

    legacy = parse(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert [i.message for i in legacy.issues] == [
        "Tệp là định dạng Office cũ (.xls hoặc .doc), chưa đọc được. Mở tệp bằng Excel hoặc Word rồi chọn "
        "“Lưu thành” (Save As) .xlsx hoặc .docx, sau đó tải lên lại."
    ]
    document = docx.Document()
    document.add_paragraph("Kế hoạch cải cách hành chính năm 2023")
    buffer = io.BytesIO()
    document.save(buffer)
    no_table = parse(buffer.getvalue())
    assert [i.level for i in no_table.issues] == [ERROR]
    assert "Không tìm thấy dòng tiêu đề của bảng nhiệm vụ" in no_table.issues[0].message
