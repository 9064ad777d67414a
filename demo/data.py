"""Texts of the demo agency: the fictional province of Sông Lam, its units before and after the
2025 reorganisation, and its annual administrative-reform plan of 77 tasks over the seven
reform areas (docs/DOMAIN.md, "Vocabulary", "Reform areas" and "The 2025 reorganisation").

The task rows, area by area, are in demo/plan_areas_1_4.py and demo/plan_areas_5_7.py.
Plain data only; demo/services.py loads it. Deadlines are written as plans write them and
carry no year, because the demo plan's year follows the date the demo is loaded.
"""

from __future__ import annotations

from .plan_areas_1_4 import AREAS_I_TO_IV
from .plan_areas_5_7 import AREAS_V_TO_VII

AGENCY_CODE = "UBND-TINH"
PLAN_NUMBER = "125/KH-UBND"
# The plan of the year before, on the catalogue before the reorganisation (demo/previous_year.py).
PREVIOUS_PLAN_NUMBER = "118/KH-UBND"
PLAN_TITLE = "Kế hoạch cải cách hành chính năm {year} của Ủy ban nhân dân tỉnh Sông Lam"

# (code, name, kind, parent code, valid from) — parents before children; kind is a
# units.models.UnitKind value; "valid from" is (month, day) of the year before the demo plan's
# year for the units the 2025 reorganisation created (docs/DOMAIN.md, "The 2025
# reorganisation"), None for units that existed before it. The units that ceased in that year
# are listed with their parent as it was: demo/reorganisation.py records their end.
UNITS: list[tuple[str, str, str, str | None, tuple[int, int] | None]] = [
    ("UBND-TINH", "Ủy ban nhân dân tỉnh Sông Lam", "ministry", None, None),
    # The 19 "sở, ban, ngành" of the current catalogue, assessed by the PAR INDEX.
    ("VP-UBND", "Văn phòng UBND tỉnh", "office", "UBND-TINH", None),
    ("SNV", "Sở Nội vụ", "department", "UBND-TINH", None),
    ("STP", "Sở Tư pháp", "department", "UBND-TINH", None),
    ("STC", "Sở Tài chính", "department", "UBND-TINH", None),
    ("SXD", "Sở Xây dựng", "department", "UBND-TINH", None),
    ("SKHCN", "Sở Khoa học và Công nghệ", "department", "UBND-TINH", None),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "department", "UBND-TINH", None),
    ("SYT", "Sở Y tế", "department", "UBND-TINH", None),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", "department", "UBND-TINH", (3, 1)),
    ("SCT", "Sở Công Thương", "department", "UBND-TINH", None),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "department", "UBND-TINH", None),
    ("SDTTG", "Sở Dân tộc và Tôn giáo", "department", "UBND-TINH", (3, 1)),
    ("SNGV", "Sở Ngoại vụ", "department", "UBND-TINH", None),
    ("TTT", "Thanh tra tỉnh", "department", "UBND-TINH", None),
    ("BQLKKT", "Ban Quản lý Khu kinh tế tỉnh", "department", "UBND-TINH", None),
    ("DPTTH", "Đài Phát thanh và Truyền hình tỉnh", "department", "UBND-TINH", None),
    (
        "BQLDA-DD",
        "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh",
        "department",
        "UBND-TINH",
        None,
    ),
    ("BQLDA-GT", "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh", "department", "UBND-TINH", None),
    (
        "BQLDA-NN",
        "Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp và phát triển nông thôn tỉnh",
        "department",
        "UBND-TINH",
        None,
    ),
    # The communes formed on 01/07 when the district level was abolished.
    ("UBND-PSL", "UBND phường Sông Lam", "commune", "UBND-TINH", (7, 1)),
    ("UBND-PBS", "UBND phường Bến Sơn", "commune", "UBND-TINH", (7, 1)),
    ("UBND-XTDG", "UBND xã Thạch Đồng", "commune", "UBND-TINH", (7, 1)),
    ("UBND-XNT", "UBND xã Nghi Tân", "commune", "UBND-TINH", (7, 1)),
    # Ceased on 01/03 (department mergers).
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "department", "UBND-TINH", None),
    ("STTTT", "Sở Thông tin và Truyền thông", "department", "UBND-TINH", None),
    ("SGTVT", "Sở Giao thông vận tải", "department", "UBND-TINH", None),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "department", "UBND-TINH", None),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "department", "UBND-TINH", None),
    ("STNMT", "Sở Tài nguyên và Môi trường", "department", "UBND-TINH", None),
    ("BDT", "Ban Dân tộc tỉnh", "department", "UBND-TINH", None),
    # Ceased on 01/07 (district level abolished, communes merged).
    ("UBND-TPSL", "UBND thành phố Sông Lam", "district", "UBND-TINH", None),
    ("UBND-TXBS", "UBND thị xã Bến Sơn", "district", "UBND-TINH", None),
    ("UBND-HTD", "UBND huyện Thạch Đồng", "district", "UBND-TINH", None),
    ("UBND-HNT", "UBND huyện Nghi Tân", "district", "UBND-TINH", None),
    ("UBND-PLH", "UBND phường Lam Hồng", "commune", "UBND-TPSL", None),
    ("UBND-PLT", "UBND phường Lam Thủy", "commune", "UBND-TPSL", None),
    ("UBND-XDT", "UBND xã Đồng Tiến", "commune", "UBND-HTD", None),
    ("UBND-XTS", "UBND xã Thạch Sơn", "commune", "UBND-HTD", None),
]

# Units that ceased in the year before the demo plan's year (demo/reorganisation.py).
CEASED = {
    "SKHDT", "STTTT", "SGTVT", "SLDTBXH", "SNNPTNT", "STNMT", "BDT",
    "UBND-TPSL", "UBND-TXBS", "UBND-HTD", "UBND-HNT", "UBND-PLH", "UBND-PLT", "UBND-XDT", "UBND-XTS",
}  # fmt: skip
CURRENT_UNITS = [row for row in UNITS if row[0] not in CEASED]

# (slug, name as plans write it, unit codes) — of the current catalogue: the district group is
# gone with the district level; the previous-year plan names its units one by one.
UNIT_GROUPS: list[tuple[str, str, list[str]]] = [
    (
        "so-ban-nganh",
        "Các sở, ban, ngành",
        [code for code, _, kind, *_ in CURRENT_UNITS if kind == "department"],
    ),
    (
        "ubnd-cap-xa",
        "UBND các xã, phường",
        [code for code, _, kind, *_ in CURRENT_UNITS if kind == "commune"],
    ),
]

# The plan's appendix, area by area (demo/plan_areas_1_4.py, demo/plan_areas_5_7.py).
_PLAN = [*AREAS_I_TO_IV, *AREAS_V_TO_VII]

TASKS: list[dict] = [
    {
        "area": area,
        "number": number,
        "content": content,
        "output": output,
        "lead": lead,
        "coord": list(coord),
        "deadline_text": deadline_text,
    }
    for area, rows in _PLAN
    for number, content, output, lead, coord, deadline_text in rows
]

# What units wrote in their reports (demo history).
PROGRESS_NOTES = [
    "Đã xây dựng dự thảo, đang lấy ý kiến các đơn vị liên quan.",
    "Đã tổ chức họp triển khai, phân công cán bộ phụ trách.",
    "Đang tổng hợp số liệu từ các phòng chuyên môn.",
    "Đã hoàn thành rà soát bước 1, đang hoàn thiện báo cáo.",
]
REPORT_NOTES = [
    "Đã ban hành văn bản, gửi kèm tài liệu kiểm chứng.",
    "Đã hoàn thành, báo cáo kết quả kèm quyết định ban hành.",
    "Đã tổ chức thực hiện xong; kết quả tổng hợp tại báo cáo kèm theo.",
]
RETURN_REASONS = [
    "Báo cáo thiếu tài liệu kiểm chứng, đề nghị bổ sung văn bản đã ban hành.",
    "Sản phẩm chưa đúng yêu cầu của kế hoạch (cần Quyết định, không phải Báo cáo); đề nghị hoàn thiện.",
]

# Who assigned each task (docs/DOMAIN.md, "Task sources"), by "area.STT" as the plan numbers
# them; a task not listed is the agency's own (Tự đề ra). A real province's report splits out
# the tasks the Government assigned ("được Chính phủ giao 108 nhiệm vụ…"), so the demo has both
# kinds beside its own: the Government's programmes (one-stop centres, digitised records, online
# public services, payroll streamlining) and the ministries' requests (reports to Bộ Nội vụ, PAR
# INDEX self-assessment, SIPAS survey, legal documents lists).
TASK_SOURCES: dict[str, str] = {
    **dict.fromkeys(
        [
            "III.6", "III.7", "III.9", "III.13", "IV.4", "IV.6",
            "VI.6", "VII.3", "VII.4", "VII.7", "VII.11", "VII.14",
        ],
        "government",
    ),
    **dict.fromkeys(
        [
            "I.6", "I.7", "I.8", "I.10", "I.11", "II.1", "II.3.1", "III.1",
            "III.4", "IV.2", "IV.3", "IV.5", "V.3", "V.6", "VII.8",
        ],
        "superior",
    ),
}  # fmt: skip

# The staff member of each unit that leads tasks, who reports for it (demo/services.py
# _load_users: username "cb-<unit code in lower case>", a name from this list in turn).
UNIT_STAFF_NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Quang Chiến",
    "Phạm Thị Dung",
    "Vũ Đình Giang",
    "Đặng Thị Hạnh",
    "Bùi Văn Khánh",
    "Đỗ Thị Lan",
    "Hồ Minh Long",
    "Ngô Thị Mai",
    "Dương Văn Nam",
    "Lý Thị Oanh",
    "Phan Văn Phúc",
    "Trịnh Thị Quyên",
    "Đinh Công Sơn",
    "Mai Thị Tâm",
    "Tạ Văn Thắng",
    "Cao Thị Uyên",
    "Lương Văn Vinh",
    "Kiều Thị Xuân",
]
