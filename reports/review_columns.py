"""The columns of the period report: the sheets' names and headers, and the task detail's
fields in column order. The workbook (reports/xlsx_writer.py), the CSV (reports/csv_writer.py)
and the export benchmark all write rows in this order."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .completion import OFFICIAL_BUCKETS

SHEET_NAMES = (
    "Tổng hợp",
    "Theo đơn vị",
    "Chi tiết nhiệm vụ",
    "Quá hạn",
    "Thay đổi kế hoạch",
    "Kiểm tra",
    "Số liệu",
)

# The task detail's columns in order (task_headers names them); the Excel sheet, the CSV and the
# export benchmark all write TaskLine fields in this order.
TASK_FIELDS = (
    "number",
    "area",
    "content",
    "expected_output",
    "lead_unit",
    "coordinating_units",
    "deadline",
    "deadline_text",
    "status",
    "completed_on",
    "timeliness",
    "note",
    "progress_on",
    "evidence",
)
TASK_DATE_FIELDS = {"deadline", "completed_on", "progress_on"}


def _figure_headers() -> list[str]:
    """The columns every figure row has, area or unit: total, the four buckets, the rate."""
    return [_("Tổng số nhiệm vụ"), *(str(b.label) for b in OFFICIAL_BUCKETS), _("Tỷ lệ hoàn thành (%)")]


def summary_headers() -> list[str]:
    return [_("Lĩnh vực"), *_figure_headers()]


def unit_headers() -> list[str]:
    return [_("Xếp hạng"), _("Đơn vị chủ trì"), *_figure_headers(), _("Cập nhật gần nhất")]


def task_headers(multi_plan: bool) -> list[str]:
    headers = [
        _("STT"),
        _("Lĩnh vực"),
        _("Nội dung nhiệm vụ"),
        _("Sản phẩm"),
        _("Đơn vị chủ trì"),
        _("Đơn vị phối hợp"),
        _("Thời hạn"),
        _("Thời hạn (như ghi trong kế hoạch)"),
        _("Trạng thái tại ngày chốt"),
        _("Ngày hoàn thành"),
        _("Tình trạng thời hạn"),
        _("Báo cáo tiến độ gần nhất"),
        _("Ngày báo cáo tiến độ"),
        _("Tài liệu kiểm chứng"),
    ]
    return [*headers, _("Kế hoạch")] if multi_plan else headers


def overdue_headers(multi_plan: bool) -> list[str]:
    headers = [
        _("STT"),
        _("Lĩnh vực"),
        _("Nội dung nhiệm vụ"),
        _("Đơn vị chủ trì"),
        _("Thời hạn"),
        _("Số ngày quá hạn"),
        _("Trạng thái tại ngày chốt"),
    ]
    return [*headers, _("Kế hoạch")] if multi_plan else headers


def change_headers(multi_plan: bool) -> list[str]:
    headers = [
        _("STT"),
        _("Nhiệm vụ"),
        _("Lĩnh vực"),
        _("Thay đổi"),
        _("Ngày có hiệu lực"),
        _("Văn bản quyết định (số, ngày, trích yếu)"),
        _("Lý do"),
    ]
    return [*headers, _("Kế hoạch")] if multi_plan else headers


def inspection_headers() -> list[str]:
    return [
        _("STT"),
        _("Đơn vị được kiểm tra"),
        _("Đoàn kiểm tra"),
        _("Kế hoạch kiểm tra"),
        _("Kiểm tra từ ngày"),
        _("Đến ngày"),
        _("Lĩnh vực kiểm tra"),
        _("Số kiến nghị"),
        _("Chưa thực hiện"),
        _("Đã báo cáo khắc phục"),
        _("Đã hoàn thành"),
        _("Quá hạn khắc phục"),
    ]


def figure_headers() -> list[str]:
    return [
        _("STT"),
        _("Nhóm"),
        _("Chỉ tiêu"),
        _("Đơn vị tính"),
        _("Cách tổng hợp"),
        _("Số đơn vị đã báo cáo"),
        _("Số liệu"),
    ]
