"""Texts of the demo agency: the fictional province of Sông Lam, its 20 units and its annual
administrative-reform plan of 77 tasks over the seven reform areas (docs/DOMAIN.md,
"Vocabulary" and "Reform areas").

The task rows, area by area, are in demo/plan_areas_1_4.py and demo/plan_areas_5_7.py.
Plain data only; demo/services.py loads it. Deadlines are written as plans write them and
carry no year, because the demo plan's year follows the date the demo is loaded.
"""

from __future__ import annotations

from .plan_areas_1_4 import AREAS_I_TO_IV
from .plan_areas_5_7 import AREAS_V_TO_VII

AGENCY_CODE = "UBND-TINH"
PLAN_NUMBER = "125/KH-UBND"
PLAN_TITLE = "Kế hoạch cải cách hành chính năm {year} của Ủy ban nhân dân tỉnh Sông Lam"

# (code, name, kind, parent code) — parents before children; kind is a units.models.UnitKind value.
UNITS: list[tuple[str, str, str, str | None]] = [
    ("UBND-TINH", "Ủy ban nhân dân tỉnh Sông Lam", "ministry", None),
    ("VP-UBND", "Văn phòng UBND tỉnh", "office", "UBND-TINH"),
    ("SNV", "Sở Nội vụ", "department", "UBND-TINH"),
    ("STP", "Sở Tư pháp", "department", "UBND-TINH"),
    ("STC", "Sở Tài chính", "department", "UBND-TINH"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "department", "UBND-TINH"),
    ("STTTT", "Sở Thông tin và Truyền thông", "department", "UBND-TINH"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "department", "UBND-TINH"),
    ("SYT", "Sở Y tế", "department", "UBND-TINH"),
    ("SXD", "Sở Xây dựng", "department", "UBND-TINH"),
    ("STNMT", "Sở Tài nguyên và Môi trường", "department", "UBND-TINH"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "department", "UBND-TINH"),
    ("SCT", "Sở Công Thương", "department", "UBND-TINH"),
    ("BQLKKT", "Ban Quản lý Khu kinh tế tỉnh", "department", "UBND-TINH"),
    # The rest of the 19 departments assessed by the PAR INDEX (the demo catalogue).
    ("SKHCN", "Sở Khoa học và Công nghệ", "department", "UBND-TINH"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", "department", "UBND-TINH"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "department", "UBND-TINH"),
    ("SDTTG", "Sở Dân tộc và Tôn giáo", "department", "UBND-TINH"),
    ("SNGV", "Sở Ngoại vụ", "department", "UBND-TINH"),
    ("TTT", "Thanh tra tỉnh", "department", "UBND-TINH"),
    ("DPTTH", "Đài Phát thanh và Truyền hình tỉnh", "department", "UBND-TINH"),
    (
        "BQLDA-DD",
        "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh",
        "department",
        "UBND-TINH",
    ),
    ("BQLDA-GT", "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh", "department", "UBND-TINH"),
    (
        "BQLDA-NN",
        "Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp và phát triển nông thôn tỉnh",
        "department",
        "UBND-TINH",
    ),
    ("UBND-TPSL", "UBND thành phố Sông Lam", "district", "UBND-TINH"),
    ("UBND-TXBS", "UBND thị xã Bến Sơn", "district", "UBND-TINH"),
    ("UBND-HTD", "UBND huyện Thạch Đồng", "district", "UBND-TINH"),
    ("UBND-HNT", "UBND huyện Nghi Tân", "district", "UBND-TINH"),
    ("UBND-PLH", "UBND phường Lam Hồng", "commune", "UBND-TPSL"),
    ("UBND-XDT", "UBND xã Đồng Tiến", "commune", "UBND-HTD"),
]

# (slug, name as plans write it, unit codes)
UNIT_GROUPS: list[tuple[str, str, list[str]]] = [
    (
        "so-ban-nganh",
        "Các sở, ban, ngành",
        [code for code, _, kind, _ in UNITS if kind == "department"],
    ),
    (
        "ubnd-cap-huyen",
        "UBND các huyện, thị xã, thành phố",
        [code for code, _, kind, _ in UNITS if kind == "district"],
    ),
    (
        "ubnd-cap-xa",
        "UBND các xã, phường, thị trấn",
        [code for code, _, kind, _ in UNITS if kind == "commune"],
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
