"""The demo agency's inspection plan: the 24 units of the catalogue in the plan's year (the
units that ceased in an earlier year are not inspected) subject to inspection, two teams, six
inspections done (three per team, Sở Tư pháp among them) and two still planned, with
shortcomings and recommendations in every state of the follow-up. Coverage: 6/24 = 25,00%.

Everything is written through the services, so the history reads as it would in real use.
demo/services.py calls `demo_load_inspections` after loading units, plan and users.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.db import transaction

from accounts.models import User
from plans.models import ReformArea
from units.models import Unit

from . import services
from .models import InspectionPlan

AGENCY_CODE = "UBND-TINH"
PLAN_NUMBER = "38/KH-UBND"

# (team, unit code, start as (month, day), days, area codes, strengths, [(area, shortcoming)])
DONE = [
    (
        0,
        "STP",
        (3, 10),
        2,
        ["I", "II", "III"],
        "Ban hành kịp thời kế hoạch CCHC năm và kế hoạch tuyên truyền; rà soát văn bản QPPL đúng tiến độ.",
        [
            ("II", "Một số văn bản QPPL ban hành chậm so với kế hoạch."),
            ("III", "Chưa công khai đầy đủ TTHC mới sửa đổi trên Cổng dịch vụ công của tỉnh."),
        ],
    ),
    (
        0,
        "STC",
        (3, 24),
        2,
        ["I", "VI"],
        "Thực hiện tốt cơ chế tự chủ tài chính; báo cáo CCHC gửi đúng hạn.",
        [("I", "Báo cáo CCHC quý còn sơ sài, thiếu số liệu kiểm chứng.")],
    ),
    (
        0,
        "SYT",
        (4, 14),
        3,
        ["III", "VII"],
        "Tỷ lệ hồ sơ trực tuyến toàn trình cao; tiếp nhận, trả kết quả đúng hạn.",
        [("VII", "Tỷ lệ văn bản được ký số còn thấp ở các đơn vị trực thuộc.")],
    ),
    (
        1,
        "UBND-PSL",
        (4, 21),
        2,
        ["I", "III", "IV"],
        "Bộ phận Một cửa hoạt động nền nếp; niêm yết TTHC đầy đủ.",
        [("IV", "Chưa hoàn thành sắp xếp các đơn vị sự nghiệp theo đề án.")],
    ),
    (
        1,
        "UBND-XTDG",
        (5, 12),
        2,
        ["III", "V"],
        "Cán bộ Một cửa có tinh thần phục vụ tốt.",
        [
            ("III", "Còn hồ sơ TTHC giải quyết quá hạn chưa có văn bản xin lỗi người dân."),
            ("V", "Chưa cập nhật đầy đủ bản mô tả vị trí việc làm."),
        ],
    ),
    (
        1,
        "SXD",
        (5, 26),
        2,
        ["II", "III"],
        "Rà soát, đơn giản hóa TTHC lĩnh vực xây dựng đạt kết quả.",
        [("III", "Thời gian cấp giấy phép xây dựng một số hồ sơ còn kéo dài.")],
    ),
]

# Still to be done, late in the year: shown as planned, not counted in coverage.
PLANNED = [(0, "SNNMT", (12, 7)), (1, "UBND-XNT", (12, 14))]


@transaction.atomic
def demo_load_inspections(
    *, plan_year: int, users: Mapping[str, User], units: Mapping[str, Unit], today: datetime.date
) -> InspectionPlan:
    """Load the demo inspection plan for `plan_year` (leaves an existing one alone).

    Dates are chosen relative to `today` (which is after 30/06 of `plan_year`): the six
    inspections took place March–May; one of Sở Tư pháp's recommendations is open with a
    deadline 40 days ahead, one of Sở Tài chính's is overdue.
    """
    agency = units[AGENCY_CODE]
    existing = InspectionPlan.objects.filter(agency=agency, year=plan_year).first()
    if existing is not None:
        return existing

    secretariat = users["thuongtruc"]
    areas = {a.code: a for a in ReformArea.objects.all()}
    plan = services.inspection_plan_create(
        agency=agency,
        year=plan_year,
        number=PLAN_NUMBER,
        title=f"Kế hoạch kiểm tra công tác cải cách hành chính năm {plan_year}",
        issued_on=datetime.date(plan_year, 2, 20),
        subject_units=[
            unit
            for unit in units.values()
            if unit.valid_until is None or unit.valid_until > datetime.date(plan_year, 1, 1)
        ],
        by=secretariat,
    )
    teams = [
        services.team_create(
            plan=plan,
            name="Đoàn kiểm tra số 1",
            leader=users["lanhdao"],
            members=[secretariat],
            external_members="\n".join(
                ["Võ Thị Lan, chuyên viên Sở Tư pháp", "Đặng Quốc Huy, chuyên viên Sở Thông tin và Truyền thông"]
            ),
            by=secretariat,
        ),
        services.team_create(
            plan=plan,
            name="Đoàn kiểm tra số 2",
            leader_name="Bùi Văn Thắng, Phó Giám đốc Sở Nội vụ",
            members=[secretariat],
            external_members="Ngô Thị Mai, chuyên viên Văn phòng UBND tỉnh",
            by=secretariat,
        ),
    ]

    inspections = {}
    for team_index, code, (month, day), days, area_codes, strengths, shortcomings in DONE:
        start = datetime.date(plan_year, month, day)
        end = start + datetime.timedelta(days=days - 1)
        inspection = services.inspection_schedule(
            plan=plan,
            team=teams[team_index],
            unit=units[code],
            scheduled_start=start,
            scheduled_end=end,
            areas=[areas[a] for a in area_codes],
            by=secretariat,
        )
        inspections[code] = services.inspection_record_result(
            inspection=inspection,
            actual_start=start,
            actual_end=end,
            areas=[areas[a] for a in area_codes],
            strengths=strengths,
            shortcomings=[(areas[a], text) for a, text in shortcomings],
            by=secretariat,
        )
    for team_index, code, (month, day) in PLANNED:
        start = datetime.date(plan_year, month, day)
        services.inspection_schedule(
            plan=plan,
            team=teams[team_index],
            unit=units[code],
            scheduled_start=start,
            scheduled_end=start + datetime.timedelta(days=1),
            areas=[areas["I"], areas["III"]],
            by=secretariat,
        )

    _load_recommendations(inspections, areas=areas, users=users, plan_year=plan_year, today=today)
    return plan


def _load_recommendations(inspections, *, areas, users, plan_year: int, today: datetime.date) -> None:
    secretariat = users["thuongtruc"]
    ahead = today + datetime.timedelta(days=40)
    passed = min(datetime.date(plan_year, 9, 30), today - datetime.timedelta(days=1))

    def add(code: str, area: str, content: str, deadline: datetime.date):
        return services.recommendation_add(
            inspection=inspections[code], area=areas[area], content=content, deadline=deadline, by=secretariat
        )

    # Sở Tư pháp: one open with a deadline ahead (for canbo to answer), one already closed.
    add("STP", "III", "Công khai đầy đủ các TTHC mới sửa đổi trên Cổng dịch vụ công của tỉnh.", ahead)
    remedied = add("STP", "II", "Rà soát, bổ sung các văn bản QPPL ban hành chậm vào kế hoạch năm.", passed)
    services.recommendation_respond(
        recommendation=remedied,
        by=users["canbo"],
        note="Đã rà soát và bổ sung 3 văn bản vào kế hoạch xây dựng văn bản QPPL.",
        document_reference=f"Báo cáo số 112/BC-STP ngày 15/06/{plan_year}",
    )
    services.recommendation_close(
        recommendation=remedied,
        by=secretariat,
        note="Đã kiểm tra văn bản kèm theo.",
        closed_on=datetime.date(plan_year, 6, 25),
    )

    # Sở Tài chính: one overdue, one answered and waiting for the secretariat.
    add("STC", "I", "Bổ sung số liệu kiểm chứng vào báo cáo CCHC định kỳ.", passed)
    answered = add("STC", "VI", "Công khai dự toán, quyết toán ngân sách đúng thời hạn quy định.", ahead)
    services.recommendation_respond(
        recommendation=answered,
        by=users["canbo2"],
        note="Đã công khai dự toán năm trên Cổng thông tin điện tử của Sở.",
        document_reference=f"Công văn số 1450/STC-VP ngày 20/06/{plan_year}",
    )

    add("SYT", "VII", "Đẩy mạnh ký số văn bản ở các đơn vị trực thuộc.", ahead)
    add("UBND-PSL", "IV", "Hoàn thành sắp xếp đơn vị sự nghiệp theo đề án được phê duyệt.", ahead)
    add("UBND-XTDG", "III", "Gửi văn bản xin lỗi đối với hồ sơ TTHC giải quyết quá hạn.", passed)
    closed = add("SXD", "III", "Rút ngắn thời gian cấp giấy phép xây dựng theo quy định.", passed)
    services.recommendation_close(
        recommendation=closed,
        by=secretariat,
        note="Đoàn đã kiểm tra lại trực tiếp tại đơn vị.",
        closed_on=datetime.date(plan_year, 8, 20),
    )
