"""The urging letter (văn bản đôn đốc): from the overdue list, a .docx the secretariat signs
and sends to one unit or to all of them — the header of an administrative document (Nghị định
30/2020/NĐ-CP: A4, Times New Roman, margins 20/20/30/15 mm), the list of overdue tasks with
their deadline and last update, and a closing line.

Reading (`overdue_tasks`) is apart from writing (`write_letter`, a pure function of the data).
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.db.models import Max, Q
from django.utils.translation import gettext as _

from cchc.formatting import format_date
from reports.completion import Bucket, tasks_in_bucket
from tasks.models import TaskEventKind
from units.models import Unit, UnitKind

from .items import reminder_tasks


@dataclass(frozen=True)
class OverdueTask:
    number: str
    content: str
    plan: str
    unit_id: int
    unit: str
    deadline: datetime.date | None
    progress: int
    last_update: datetime.date | None


def overdue_tasks(today: datetime.date, *, unit: Unit | None = None) -> list[OverdueTask]:
    """The overdue tasks of issued plans at `today` (the dashboards' overdue bucket), of one
    lead unit or all, with their last update (history entries other than creation). One query."""
    tasks = reminder_tasks()
    if unit is not None:
        tasks = tasks.filter(lead_unit=unit)
    rows = (
        tasks_in_bucket(tasks, as_of=today, bucket=Bucket.OVERDUE)
        .annotate(
            last_update=Max(
                "events__effective_on",
                filter=~Q(events__kind=TaskEventKind.CREATED) & Q(events__effective_on__lte=today),
            )
        )
        .values(
            "number",
            "content",
            "plan__number",
            "lead_unit_id",
            "lead_unit__name",
            "deadline",
            "progress",
            "last_update",
        )
        .order_by("lead_unit__order", "lead_unit__name", "deadline", "plan__number", "number")
    )
    return [
        OverdueTask(
            number=r["number"],
            content=r["content"],
            plan=r["plan__number"],
            unit_id=r["lead_unit_id"],
            unit=r["lead_unit__name"],
            deadline=r["deadline"],
            progress=r["progress"],
            last_update=r["last_update"],
        )
        for r in rows
    ]


def agency_name() -> str:
    """The agency the secretariat writes for: its top unit (kind "ministry": Bộ, UBND tỉnh)."""
    top = Unit.objects.filter(kind=UnitKind.MINISTRY, is_active=True).order_by("order", "pk").first()
    return top.name if top else _("Ban Chỉ đạo cải cách hành chính")


def write_letter(
    *, tasks: list[OverdueTask], today: datetime.date, agency: str, addressee: str | None, per_unit: bool
) -> bytes:
    """The letter as .docx bytes. `addressee`: one unit's name, or None for all units (the
    table then has a unit column)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.paragraphs[0].add_run(agency.upper()).bold = True
    left.add_paragraph(_("Số: ....../......"))
    left.add_paragraph(_("V/v đôn đốc thực hiện nhiệm vụ cải cách hành chính quá hạn")).runs[0].italic = True
    right.paragraphs[0].add_run(_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")).bold = True
    right.add_paragraph().add_run(_("Độc lập - Tự do - Hạnh phúc")).bold = True
    right.add_paragraph().add_run(
        _("……, ngày %(d)s tháng %(m)s năm %(y)s")
        % {"d": f"{today.day:02d}", "m": f"{today.month:02d}", "y": today.year}
    ).italic = True
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    document.add_paragraph()
    to = document.add_paragraph()
    to.alignment = WD_ALIGN_PARAGRAPH.CENTER
    to.add_run(_("Kính gửi: %(to)s") % {"to": addressee or _("Các cơ quan, đơn vị (theo danh sách kèm theo)")})

    units = len({t.unit_id for t in tasks})
    if per_unit:
        opening = _(
            "Theo dõi trên hệ thống theo dõi thực hiện kế hoạch cải cách hành chính, đến ngày %(day)s đơn vị còn "
            "%(count)s nhiệm vụ đã quá thời hạn mà chưa hoàn thành (danh sách dưới đây)."
        ) % {"day": format_date(today), "count": len(tasks)}
    else:
        opening = _(
            "Theo dõi trên hệ thống theo dõi thực hiện kế hoạch cải cách hành chính, đến ngày %(day)s có %(count)s "
            "nhiệm vụ của %(units)s cơ quan, đơn vị đã quá thời hạn mà chưa hoàn thành (danh sách dưới đây)."
        ) % {"day": format_date(today), "count": len(tasks), "units": units}
    document.add_paragraph(opening)
    document.add_paragraph(
        _(
            "Đề nghị %(who)s khẩn trương chỉ đạo triển khai, hoàn thành các nhiệm vụ và báo cáo kết quả kèm tài liệu "
            "kiểm chứng trên hệ thống; trường hợp không thể hoàn thành, báo cáo rõ lý do và đề nghị gia hạn."
        )
        % {"who": _("đơn vị") if per_unit else _("các cơ quan, đơn vị")}
    )

    headings = [_("STT"), _("Nhiệm vụ"), _("Kế hoạch"), _("Thời hạn"), _("Tiến độ"), _("Cập nhật gần nhất")]
    if not per_unit:
        headings.insert(2, _("Đơn vị chủ trì"))
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for position, task in enumerate(tasks, start=1):
        values = [
            str(position),
            f"{task.number}. {task.content}",
            task.plan,
            format_date(task.deadline),
            f"{task.progress}%",
            format_date(task.last_update) or _("Chưa cập nhật"),
        ]
        if not per_unit:
            values.insert(2, task.unit)
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text

    document.add_paragraph()
    document.add_paragraph(
        _("Đề nghị %(who)s thực hiện và báo cáo kết quả trước ngày ....../....../.........")
        % {"who": _("đơn vị") if per_unit else _("các cơ quan, đơn vị")}
    )
    signature = document.add_table(rows=1, cols=2)
    recipients, signer = signature.rows[0].cells
    recipients.paragraphs[0].add_run(_("Nơi nhận:")).bold = True
    recipients.add_paragraph(_("- Như trên;"))
    recipients.add_paragraph(_("- Lưu: VT."))
    signer.paragraphs[0].add_run(_("KT. TRƯỞNG BAN")).bold = True
    signer.add_paragraph(_("(Ký, ghi rõ họ tên)")).runs[0].italic = True
    for paragraph in signer.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
