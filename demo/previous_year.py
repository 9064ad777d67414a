"""The demo agency's plan of the year before the demo plan's year (docs/DOMAIN.md, "The demo"):
30 tasks on the catalogue as it stood on 01/01 of that year — old departments and districts
lead some — with their history through the services, and the year's reorganisation recorded
between the history of before and after each effective date (demo/reorganisation.py). The
tasks a ceasing unit had completed stay with it; its open ones are handed over and finished
by their successor. 26 of the 30 are completed by 31/12, so the same-period comparison of the
demo year has real figures."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from plans.deadlines import parse_deadline
from plans.models import Plan, PlanStatus, ReformArea
from plans.services import plan_create, plan_update
from tasks.history import PastEntry
from tasks.models import TaskEventKind, TaskStatus
from tasks.services import NewTask, task_history_import, tasks_import
from units.models import Unit

from . import data
from .reorganisation import COMMUNES_ON, MERGERS_ON, demo_reorganise

# (area, STT, nội dung, sản phẩm, chủ trì, phối hợp, thời hạn, completed on (month, day) or
# None when still open on 31/12, receiver when a district dissolved on 01/07 leaves it open)
ROWS: list[tuple[str, str, str, str, str, tuple[str, ...], str, tuple[int, int] | None, str]] = [
    ("I", "1", "Xây dựng, ban hành Kế hoạch cải cách hành chính năm của tỉnh", "Kế hoạch của UBND tỉnh",
     "SNV", ("VP-UBND",), "Tháng 1", (1, 25), ""),
    ("I", "2", "Xây dựng, ban hành Kế hoạch tuyên truyền cải cách hành chính", "Kế hoạch tuyên truyền",
     "STTTT", ("SNV",), "Quý I", (2, 20), ""),
    ("I", "3", "Kiểm tra công tác cải cách hành chính tại các sở, ban, ngành và UBND cấp huyện",
     "Báo cáo kết quả kiểm tra", "SNV", ("VP-UBND", "STP"), "Quý III", (9, 12), ""),
    ("I", "4", "Đánh giá, xác định Chỉ số cải cách hành chính năm trước của các sở, ban, ngành",
     "Quyết định công bố Chỉ số", "SNV", ("SKHDT",), "Tháng 4", (4, 20), ""),
    ("II", "1", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh", "Quyết định công bố kết quả",
     "STP", ("VP-UBND",), "Quý II", (6, 10), ""),
    ("III", "1", "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực đầu tư", "Phương án đơn giản hóa",
     "SKHDT", ("VP-UBND",), "Quý I", (2, 18), ""),
    ("III", "2", "Công bố danh mục thủ tục hành chính lĩnh vực kế hoạch và đầu tư", "Quyết định công bố",
     "SKHDT", ("VP-UBND",), "Quý II", (5, 28), ""),
    ("III", "3", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính lĩnh vực giao thông vận tải",
     "Báo cáo kết quả số hóa", "SGTVT", (), "Quý III", (8, 25), ""),
    ("III", "4", "Vận hành Bộ phận Một cửa thành phố theo quy trình điện tử", "Báo cáo của UBND thành phố",
     "UBND-TPSL", ("VP-UBND",), "Tháng 5", (5, 15), ""),
    ("III", "5", "Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa thị xã", "Báo cáo kết quả",
     "UBND-TXBS", (), "Quý III", (9, 5), "UBND-PBS"),
    ("III", "6", "Giải quyết đúng hạn hồ sơ đất đai tồn đọng tại Bộ phận Một cửa huyện", "Báo cáo kết quả",
     "UBND-HTD", ("STNMT",), "Quý IV", (12, 10), "SNNMT"),
    ("III", "7", "Chuyển giao hồ sơ thủ tục hành chính đang giải quyết của huyện", "Biên bản chuyển giao",
     "UBND-HNT", (), "Quý IV", None, "UBND-XNT"),
    ("IV", "1", "Xây dựng đề án sắp xếp các cơ quan chuyên môn thuộc UBND tỉnh", "Đề án trình UBND tỉnh",
     "SNV", ("VP-UBND", "SKHDT", "STC"), "Tháng 2", (2, 15), ""),
    ("IV", "2", "Xây dựng đề án sắp xếp đơn vị hành chính cấp xã", "Đề án trình HĐND tỉnh", "SNV",
     ("UBND-TPSL", "UBND-TXBS", "UBND-HTD", "UBND-HNT"), "Tháng 5", (5, 30), ""),
    ("IV", "3", "Sắp xếp các đơn vị sự nghiệp lĩnh vực lao động, người có công và xã hội",
     "Quyết định sắp xếp", "SLDTBXH", (), "Quý II", (6, 20), ""),
    ("IV", "4", "Kiện toàn tổ chức các phòng chuyên môn thuộc UBND huyện", "Quyết định kiện toàn",
     "UBND-HNT", (), "Quý II", (6, 5), ""),
    ("IV", "5", "Bàn giao hồ sơ, tài liệu lưu trữ của UBND huyện Nghi Tân", "Biên bản bàn giao",
     "UBND-HNT", ("SNV",), "Quý III", (9, 30), "SNV"),
    ("V", "2", "Bồi dưỡng cán bộ, công chức cấp xã sau sắp xếp", "Báo cáo kết quả bồi dưỡng", "SNV", (),
     "Quý IV", None, ""),
    ("VI", "1", "Giao dự toán và kiểm tra việc thực hiện cơ chế tự chủ tài chính", "Quyết định giao dự toán",
     "STC", (), "Quý I", (3, 25), ""),
    ("VI", "2", "Đẩy nhanh giải ngân vốn đầu tư công theo kế hoạch", "Báo cáo giải ngân", "SKHDT", ("STC",),
     "Quý IV", (12, 15), ""),
    ("VI", "3", "Rà soát, sắp xếp lại nhà, đất công sau sắp xếp đơn vị hành chính", "Phương án sắp xếp",
     "STC", ("STNMT", "UBND-TPSL"), "Quý IV", None, ""),
    ("VII", "1", "Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh", "Hệ thống nâng cấp",
     "STTTT", ("VP-UBND",), "Quý III", (10, 10), ""),
    ("VII", "2", "Xây dựng cơ sở dữ liệu đất đai", "Cơ sở dữ liệu đất đai", "STNMT", (), "Quý IV", (12, 20), ""),
    ("VII", "3", "Chuyển đổi số trong quản lý sản xuất nông nghiệp", "Báo cáo kết quả", "SNNPTNT", (),
     "Quý III", (9, 15), ""),
    ("VII", "4", "Triển khai phần mềm quản lý văn bản liên thông đến cấp xã", "Phần mềm vận hành",
     "VP-UBND", ("STTTT", "UBND-TPSL"), "Quý II", (6, 25), ""),
    ("VII", "5", "Số hóa hồ sơ đối tượng hưởng chính sách dân tộc", "Cơ sở dữ liệu", "BDT", (), "Quý IV",
     None, ""),
    ("VII", "6", "Số hóa hồ sơ thủ tục hành chính giải quyết tại UBND thành phố", "Báo cáo kết quả số hóa",
     "UBND-TPSL", (), "Quý IV", (11, 5), "UBND-PSL"),
    ("VII", "7", "Chỉnh trang hệ thống chiếu sáng, giao thông đô thị thành phố", "Công trình hoàn thành",
     "UBND-TPSL", (), "Quý IV", (12, 5), "SXD"),
    ("VII", "8", "Xây dựng mô hình phường điện tử", "Mô hình phường điện tử", "UBND-PLH", (), "Quý II",
     (4, 28), ""),
    ("VII", "9", "Cập nhật hồ sơ thủ tục hành chính của xã lên Cổng dịch vụ công", "Báo cáo kết quả",
     "UBND-XDT", (), "Quý III", (9, 25), ""),
]  # fmt: skip


def demo_previous_year(*, year: int, units: dict[str, Unit], users: dict[str, User]) -> Plan:
    """Load (or reload: the caller purged its tasks) the plan of `year`, its history and the
    reorganisation of `year`."""
    secretariat = users["thuongtruc"]
    fields = {
        "title": data.PLAN_TITLE.format(year=year),
        "year": year,
        "issued_on": datetime.date(year, 1, 10),
        "status": PlanStatus.ISSUED,
    }
    agency = units[data.AGENCY_CODE]
    plan = Plan.objects.filter(number=data.PREVIOUS_PLAN_NUMBER, issuing_unit=agency).first()
    if plan is None:
        plan = plan_create(by=secretariat, number=data.PREVIOUS_PLAN_NUMBER, issuing_unit=agency, **fields)
    else:
        plan = plan_update(plan=plan, by=secretariat, **fields)
    areas = {a.code: a for a in ReformArea.objects.all()}
    specs = []
    for position, (area, number, content, output, lead, coord, deadline_text, *_rest) in enumerate(ROWS, 1):
        deadline = parse_deadline(deadline_text, year=year)
        specs.append(
            NewTask(
                area_id=areas[area].pk,
                number=number,
                position=position,
                content=content,
                expected_output=output,
                lead_unit_id=units[lead].pk,
                coordinating_ids=sorted(units[code].pk for code in coord),
                coordination_text="; ".join(units[code].name for code in coord),
                deadline=deadline.date,
                deadline_text=deadline.text,
                is_recurring=deadline.recurring,
            )
        )
    tasks = tasks_import(
        plan=plan, tasks=specs, by=secretariat, effective_on=plan.issued_on, recorded_at=_at(plan.issued_on)
    )
    staff_of = {u.unit_id: u for u in users.values() if u.is_unit_member}
    entries: list[PastEntry] = []
    for i, (task, row) in enumerate(zip(tasks, ROWS, strict=True)):
        done = datetime.date(year, *row[7]) if row[7] else None
        reporter = staff_of.get(task.lead_unit_id, secretariat)

        def add(kind: str, on: datetime.date, status: str, progress: int, actor: User, note: str = "") -> None:
            entries.append(
                PastEntry(
                    task_id=task.pk,  # noqa: B023 (used at once)
                    kind=kind,
                    actor_id=actor.pk,
                    effective_on=on,
                    status=status,
                    progress=progress,
                    deadline=task.deadline,  # noqa: B023
                    completed_on=done if status != TaskStatus.IN_PROGRESS else None,  # noqa: B023
                    note=note,
                    recorded_at=_at(on),
                )
            )

        started = plan.issued_on + datetime.timedelta(days=12 + (i * 7) % 30)
        if done is None:
            add(TaskEventKind.PROGRESS, started, TaskStatus.IN_PROGRESS, 30, reporter, data.PROGRESS_NOTES[0])
            add(TaskEventKind.PROGRESS, datetime.date(year, 10, 15), TaskStatus.IN_PROGRESS, 60, secretariat)
            continue
        started = min(started, done - datetime.timedelta(days=10))
        add(TaskEventKind.PROGRESS, started, TaskStatus.IN_PROGRESS, 50, reporter, data.PROGRESS_NOTES[i % 4])
        add(TaskEventKind.SUBMITTED, done, TaskStatus.PENDING, 100, secretariat, data.REPORT_NOTES[i % 3])
        add(TaskEventKind.CONFIRMED, done, TaskStatus.COMPLETED, 100, secretariat, "Đã kiểm tra tài liệu kiểm chứng.")
    # The history up to each effective date, then the reorganisation of that date: what was
    # open then is handed over and what follows is the successor's.
    heirs = {task.pk: row[8] for task, row in zip(tasks, ROWS, strict=True) if row[8]}
    mergers, communes = datetime.date(year, *MERGERS_ON), datetime.date(year, *COMMUNES_ON)
    task_history_import(entries=[e for e in entries if e.effective_on < mergers])
    demo_reorganise(year=year, on=MERGERS_ON, units=units, heirs=heirs, by=secretariat)
    task_history_import(entries=[e for e in entries if mergers <= e.effective_on < communes])
    demo_reorganise(year=year, on=COMMUNES_ON, units=units, heirs=heirs, by=secretariat)
    task_history_import(entries=[e for e in entries if e.effective_on >= communes])
    return plan


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
