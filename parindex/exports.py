"""The PAR INDEX workbooks: the ranking table and a unit's scoring sheet (columns Tự đánh giá |
Thẩm định | Điều tra XHH | Điểm đạt | Chỉ số). Pure writers of the selectors' data."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from cchc.formatting import percent

from . import scoring
from .selectors import Results, Sheet

BOLD = Font(bold=True)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ranking_xlsx(data: Results) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = _("Xếp hạng")
    ws.append([str(data.criteria_set)])
    ws["A1"].font = BOLD
    header = [
        _("Xếp hạng"),
        _("Đơn vị"),
        _("Tự đánh giá"),
        _("Thẩm định"),
        _("Điều tra XHH"),
        _("Điểm đạt"),
        _("Điểm tối đa"),
        _("Chỉ số (%)"),
        _("Nhóm"),
        _("So với năm trước"),
    ]
    ws.append(header)
    for cell in ws[2]:
        cell.font = BOLD
    for row in data.rows:
        score = row.sheet.score
        ws.append(
            [
                row.rank_label,
                row.unit.name,
                _number(score.self_total),
                _number(score.appraised_total),
                _number(score.survey_total),
                _number(score.total),
                _number(score.maximum),
                percent(row.index),
                row.group.letter if row.group else "",
                " ".join(part for part in (row.rank_change, row.points_change) if part),
            ]
        )
    ws.column_dimensions["B"].width = 50
    return _save(workbook)


def sheet_xlsx(sheet: Sheet) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = _("Phiếu chấm")
    ws.append([f"{sheet.unit.name} — {sheet.criteria_set}"])
    ws["A1"].font = BOLD
    ws.append(
        [
            _("STT"),
            _("Nội dung"),
            _("Điểm tối đa"),
            _("Tự đánh giá"),
            _("Thẩm định"),
            _("Điều tra XHH"),
            _("Điểm đạt"),
            _("Chỉ số (%)"),
            _("Ghi chú"),
        ]
    )
    for cell in ws[2]:
        cell.font = BOLD
    for row in sheet.rows:
        line = row.line
        if line is None:
            area = sheet.area_scores.get(row.criterion.pk)
            ws.append(
                [
                    row.criterion.stt,
                    row.criterion.content,
                    _number(row.criterion.max_points),
                    _number(area.self_total) if area else None,
                    _number(area.appraised_total) if area else None,
                    _number(area.survey_total) if area else None,
                    _number(area.total) if area else None,
                    percent(scoring.index_percent(area.total, area.maximum)) if area else None,
                    "",
                ]
            )
            continue
        note = _("Không áp dụng") if line.not_applicable else (row.computed.inputs if row.computed else "")
        ws.append(
            [
                row.criterion.stt,
                row.criterion.content,
                _number(row.criterion.max_points),
                None if line.not_applicable else _number(scoring.self_points(line)),
                None if line.not_applicable else _number(scoring.appraised_points(line)),
                _number(scoring.survey_points(line)) if line.kind == scoring.SURVEY else None,
                None if line.not_applicable else _number(scoring.obtained(line)),
                None,
                note,
            ]
        )
    total = sheet.score
    ws.append(
        [
            "",
            _("Tổng cộng"),
            _number(total.maximum),
            _number(total.self_total),
            _number(total.appraised_total),
            _number(total.survey_total),
            _number(total.total),
            percent(total.index),
            "",
        ]
    )
    ws.column_dimensions["B"].width = 70
    for cells in ws.iter_rows(min_row=3, min_col=2, max_col=2):
        cells[0].alignment = Alignment(wrap_text=True, vertical="top")
    return _save(workbook)
