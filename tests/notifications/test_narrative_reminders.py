"""Units' reports feed the reminders (issue 20): the people of a unit that has not submitted its
report for a period are told 7/3/1 days before the due date and 1 day after it, then every 7
days, with a link to the unit's page; the secretariat's weekly summary lists the units still
missing. Run twice, told once."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from figures.models import PeriodKind
from figures.services import period_get_or_create
from notifications.models import Notification, NotificationKind
from notifications.services import reminders_send
from plans.models import ReformArea
from reports.narratives import narrative_submit, narratives_save

VN = ZoneInfo("Asia/Ho_Chi_Minh")

pytestmark = pytest.mark.django_db


@pytest.fixture
def h1(cast, settings_reminders):
    period = period_get_or_create(year=2026, kind=PeriodKind.H1)  # due 20/06/2026
    area = ReformArea.objects.get(code="I")
    narratives_save(
        unit=cast.unit_a, period=period, by=cast.staff_a, texts={area.pk: {"achieved": "Đã rà soát 12 thủ tục."}}
    )
    narrative_submit(unit=cast.unit_a, period=period, by=cast.head_a, at=datetime.datetime(2026, 6, 12, 9, tzinfo=VN))
    return period


def narrative_notes(**filters) -> list[tuple[str, str, str, str]]:
    rows = Notification.objects.filter(
        kind__in=[NotificationKind.NARRATIVE_DUE, NotificationKind.NARRATIVE_MISSING], **filters
    ).select_related("recipient")
    return sorted((n.recipient.username, n.kind, n.object_key, n.title) for n in rows)


def test_before_the_due_date_only_the_units_that_have_not_submitted(cast, h1):
    reminders_send(today=datetime.date(2026, 6, 13))  # 7 days before 20/06
    assert narrative_notes() == [
        ("cb_b", "narrative_due", f"narrative:{h1.pk}", "Còn 7 ngày đến hạn gửi báo cáo 6 tháng 2026, hạn 20/06/2026"),
    ]
    note = Notification.objects.get(kind="narrative_due")
    assert note.url == f"/reports/narratives/{h1.pk}/units/{cast.unit_b.pk}/"
    assert note.body == (
        "Sở Tài chính thử chưa gửi báo cáo 6 tháng 2026 (kết quả, khó khăn, đề xuất theo từng lĩnh vực). "
        "Hạn gửi: 20/06/2026. Lãnh đạo đơn vị bấm “Nộp báo cáo của đơn vị”; gửi muộn hoặc không gửi bị "
        "trừ điểm khi chấm Chỉ số CCHC."
    )
    reminders_send(today=datetime.date(2026, 6, 14))  # 6 days before: not a reminder day
    assert len(narrative_notes()) == 1


def test_after_the_due_date_one_day_late_then_every_seven_days(cast, h1):
    first = reminders_send(today=datetime.date(2026, 6, 21))
    expected = "Đơn vị chưa gửi báo cáo 6 tháng 2026, hạn 20/06/2026 — quá hạn 1 ngày"
    assert narrative_notes() == [("cb_b", "narrative_missing", f"narrative:{h1.pk}", expected)]
    again = reminders_send(today=datetime.date(2026, 6, 21))
    assert [i for i in first.items if i.kind == "narrative_missing"] != []
    assert [i for i in again.items if i.kind.startswith("narrative")] == []  # idempotent
    reminders_send(today=datetime.date(2026, 6, 22))
    assert len(narrative_notes()) == 1
    reminders_send(today=datetime.date(2026, 6, 28))
    assert narrative_notes(day=datetime.date(2026, 6, 28)) == [
        (
            "cb_b",
            "narrative_missing",
            f"narrative:{h1.pk}",
            "Đơn vị chưa gửi báo cáo 6 tháng 2026, hạn 20/06/2026 — quá hạn 8 ngày",
        )
    ]


def test_a_unit_with_a_head_tells_staff_and_head(cast, settings_reminders):
    period = period_get_or_create(year=2026, kind=PeriodKind.H1)
    reminders_send(today=datetime.date(2026, 6, 19))  # 1 day before, nobody submitted
    assert [(u, k) for u, k, _key, _title in narrative_notes()] == [
        ("cb_a", "narrative_due"),
        ("cb_b", "narrative_due"),
        ("head_a", "narrative_due"),
    ]
    assert {n.url for n in Notification.objects.filter(recipient=cast.head_a, kind="narrative_due")} == {
        f"/reports/narratives/{period.pk}/units/{cast.unit_a.pk}/"
    }


def test_the_weekly_summary_lists_the_units_still_missing(cast, h1):
    reminders_send(today=datetime.date(2026, 6, 22))  # Monday, 2 days after the due date
    summary = Notification.objects.get(kind="weekly_summary")
    assert summary.recipient == cast.secretariat
    assert summary.body.splitlines() == [
        "Quá hạn chưa hoàn thành: 0 nhiệm vụ, 0 kiến nghị kiểm tra, tại 0 đơn vị. Đơn vị lâu không cập nhật: 0.",
        f"Chưa gửi báo cáo 6 tháng 2026 (hạn 20/06/2026, quá hạn 2 ngày): Sở Tài chính thử, "
        f"{cast.secretariat.unit.name}",
    ]
