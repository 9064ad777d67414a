"""A small agency on Monday 01/06/2026: tasks due in 3 and 7 days, overdue by 1, 8 and 14 days,
pending, completed, and a draft plan's task; each unit updated a task on 20/05/2026 (so none is
silent)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from plans.models import PlanStatus
from tasks.history import PastEntry
from tasks.models import Task, TaskEventKind, TaskStatus
from tasks.services import task_history_import
from tests.factories import make_plan, make_task

TODAY = datetime.date(2026, 6, 1)  # a Monday


def day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


@dataclass
class Agency:
    due3: Task
    due2: Task
    due7_b: Task
    over1_b: Task
    over8: Task
    over14: Task
    pending: Task
    done: Task
    draft: Task


@pytest.fixture
def settings_reminders(settings):
    settings.REMINDER_DAYS = (7, 3, 1)
    settings.ESCALATE_AFTER_DAYS = 14
    settings.SILENT_DAYS = 30
    settings.OVERDUE_REPEAT_DAYS = 7
    settings.WEEKLY_SUMMARY_WEEKDAY = 0
    settings.SITE_URL = "https://cchc.example.gov.vn"
    settings.NOTIFICATION_CHANNELS = ["notifications.channels.EmailChannel"]
    settings.NOTIFICATION_DEFAULT_CHANNELS = ["email"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


@pytest.fixture
def agency(cast, settings_reminders) -> Agency:
    plan = make_plan(number="125/KH-UBND", year=2026)
    draft = make_plan(number="9/KH-UBND", year=2026, status=PlanStatus.DRAFT)
    a, b = cast.unit_a, cast.unit_b
    agency = Agency(
        due3=make_task(plan=plan, lead_unit=a, number="1", content="Rà soát thủ tục hành chính", deadline=day(3)),
        due2=make_task(plan=plan, lead_unit=a, number="2", content="Cập nhật cơ sở dữ liệu", deadline=day(2)),
        due7_b=make_task(
            plan=plan, lead_unit=b, number="3", content="Công khai ngân sách", deadline=day(7), coordinating=[a]
        ),
        over1_b=make_task(plan=plan, lead_unit=b, number="4", content="Kiểm tra tài chính công", deadline=day(-1)),
        over8=make_task(
            plan=plan, lead_unit=a, number="5", content="Số hóa hồ sơ", deadline=day(-8), status=TaskStatus.IN_PROGRESS
        ),
        over14=make_task(plan=plan, lead_unit=a, number="6", content="Đo lường sự hài lòng", deadline=day(-14)),
        pending=make_task(
            plan=plan,
            lead_unit=a,
            number="7",
            content="Ban hành quy chế",
            deadline=day(-1),
            status=TaskStatus.PENDING,
            progress=100,
            completed_on=day(-2),
        ),
        done=make_task(
            plan=plan,
            lead_unit=a,
            number="8",
            content="Tuyên truyền CCHC",
            deadline=day(-1),
            status=TaskStatus.COMPLETED,
            completed_on=day(-3),
        ),
        draft=make_task(plan=draft, lead_unit=a, number="1", content="Dự thảo nhiệm vụ", deadline=day(3)),
    )
    # Each unit reported progress on 20/05: neither is silent on 01/06.
    task_history_import(
        entries=[
            PastEntry(
                task_id=t.pk,
                kind=TaskEventKind.PROGRESS,
                effective_on=datetime.date(2026, 5, 20),
                status=TaskStatus.IN_PROGRESS,
                progress=30,
                deadline=t.deadline,
            )
            for t in (agency.over8, agency.over1_b)
        ]
    )
    return agency
