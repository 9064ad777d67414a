"""The daily job on a small agency: exactly who is told what on given dates, idempotence,
escalation, the repeat rule and the thresholds from settings."""

from __future__ import annotations

import datetime

import pytest

from notifications.models import Notification, NotificationKind, ReminderRun
from notifications.services import reminders_send

from .conftest import TODAY, day


def told(**filters) -> set[tuple[str, str, str]]:
    return {
        (n.recipient.username, n.kind, n.object_key)
        for n in Notification.objects.filter(**filters).select_related("recipient")
    }


@pytest.mark.django_db
def test_the_exact_notifications_of_monday_01_06_2026(cast, agency):
    result = reminders_send(today=TODAY)

    a = agency
    assert told() == {
        ("cb_a", "due_soon", f"task:{a.due3.pk}"),
        ("head_a", "due_soon", f"task:{a.due3.pk}"),
        ("cb_b", "due_soon", f"task:{a.due7_b.pk}"),
        ("cb_b", "overdue", f"task:{a.over1_b.pk}"),
        ("cb_a", "overdue", f"task:{a.over8.pk}"),
        ("head_a", "overdue", f"task:{a.over8.pk}"),
        ("head_a", "escalated", f"task:{a.over14.pk}"),
        ("tt", "weekly_summary", "summary@2026-W23"),
    }
    assert result.created == 8
    assert set(Notification.objects.values_list("day", flat=True)) == {TODAY}

    due = Notification.objects.get(recipient=cast.staff_a, kind="due_soon")
    assert due.title == "Còn 3 ngày đến hạn: 1. Rà soát thủ tục hành chính"
    assert due.body == (
        "Nhiệm vụ “Rà soát thủ tục hành chính” (Kế hoạch 125/KH-UBND) đến hạn ngày 04/06/2026. Tiến độ đã báo cáo: 0%."
    )
    assert due.url == f"/tasks/{a.due3.pk}/"
    assert due.object_id == a.due3.pk

    assert Notification.objects.get(kind="escalated").title == (
        "Quá hạn 14 ngày, cần lãnh đạo đơn vị chỉ đạo: 6. Đo lường sự hài lòng"
    )
    summary = Notification.objects.get(kind="weekly_summary")
    # Overdue at 01/06 as the dashboards count it: the pending task is still open (3 in unit A).
    assert summary.title == "Tổng hợp tuần 2026-W23: 4 nhiệm vụ quá hạn tại 2 đơn vị"
    assert summary.body.splitlines() == [
        "Quá hạn chưa hoàn thành: 4 nhiệm vụ, 0 kiến nghị kiểm tra, tại 2 đơn vị. Đơn vị lâu không cập nhật: 0.",
        "- Sở Tư pháp thử: 3 nhiệm vụ, 0 kiến nghị quá hạn",
        "- Sở Tài chính thử: 1 nhiệm vụ, 0 kiến nghị quá hạn",
    ]
    assert ReminderRun.objects.get().notifications_created == 8


@pytest.mark.django_db
def test_running_twice_tells_once(cast, agency, mailoutbox):
    cast.staff_a.email = "cb_a@example.gov.vn"
    cast.staff_a.save(update_fields=["email"])
    first = reminders_send(today=TODAY)
    second = reminders_send(today=TODAY)
    assert first.created == 8
    assert second.created == 0
    assert Notification.objects.count() == 8
    assert len(mailoutbox) == 1
    assert second.sent == {}


@pytest.mark.django_db
def test_a_dry_run_writes_nothing_and_says_what_would_be_sent(cast, agency):
    result = reminders_send(today=TODAY, dry_run=True)
    assert result.created == 8
    assert Notification.objects.count() == 0
    assert ReminderRun.objects.count() == 0


@pytest.mark.django_db
def test_the_next_days(cast, agency):
    """Overdue items are told 1 day late, then every 7 days (8, 15…); escalation from 14 days
    late, then every 7 days; the weekly summary once per ISO week."""
    reminders_send(today=TODAY)
    # 02/06: due2 is due in 1 day; over14 is 15 days late (1 + 2 × 7).
    result = reminders_send(today=day(1))
    assert {(i.recipient_id, i.kind, i.object_key) for i in result.items} == {
        (cast.staff_a.pk, "due_soon", f"task:{agency.due2.pk}"),
        (cast.head_a.pk, "due_soon", f"task:{agency.due2.pk}"),
        (cast.staff_a.pk, "overdue", f"task:{agency.over14.pk}"),
        (cast.head_a.pk, "overdue", f"task:{agency.over14.pk}"),
    }
    # 08/06, the next Monday: over1_b 8 days late, over8 15, over14 21 (escalated again: 14 + 7);
    # due7_b is due today (no reminder "in 0 days"); the summary of week 24.
    result = reminders_send(today=day(7))
    assert {(i.recipient_id, i.kind, i.object_key) for i in result.items} == {
        (cast.staff_b.pk, "overdue", f"task:{agency.over1_b.pk}"),
        (cast.staff_a.pk, "overdue", f"task:{agency.over8.pk}"),
        (cast.head_a.pk, "overdue", f"task:{agency.over8.pk}"),
        (cast.head_a.pk, "escalated", f"task:{agency.over14.pk}"),
        (cast.secretariat.pk, "weekly_summary", "summary@2026-W24"),
    }


@pytest.mark.django_db
def test_escalation_after_n_days_from_settings(cast, agency, settings):
    settings.ESCALATE_AFTER_DAYS = 8
    reminders_send(today=TODAY)
    assert told(kind="escalated") == {("head_a", "escalated", f"task:{agency.over8.pk}")}


@pytest.mark.django_db
def test_reminder_days_from_settings(cast, agency, settings):
    settings.REMINDER_DAYS = (2,)
    reminders_send(today=TODAY)
    assert told(kind="due_soon") == {
        ("cb_a", "due_soon", f"task:{agency.due2.pk}"),
        ("head_a", "due_soon", f"task:{agency.due2.pk}"),
    }


@pytest.mark.django_db
def test_a_unit_without_a_head_escalates_to_its_staff(cast, agency, settings):
    from tests.factories import make_task

    make_task(plan=agency.over1_b.plan, lead_unit=cast.unit_b, number="9", deadline=day(-14))
    reminders_send(today=TODAY)
    assert ("cb_b", "escalated") in {(u, k) for u, k, _o in told(kind="escalated")}


@pytest.mark.django_db
def test_silent_units_told_once_a_week(cast, agency, settings):
    settings.SILENT_DAYS = 10  # last update 20/05: 12 days before 01/06
    reminders_send(today=TODAY)
    assert told(kind="unit_silent") == {
        ("head_a", "unit_silent", f"unit:{cast.unit_a.pk}@2026-W23"),
        ("cb_b", "unit_silent", f"unit:{cast.unit_b.pk}@2026-W23"),
    }
    n = Notification.objects.get(recipient=cast.head_a, kind="unit_silent")
    assert n.title == "Đơn vị chưa cập nhật tiến độ nhiệm vụ 12 ngày"
    assert n.body == "Sở Tư pháp thử có 5 nhiệm vụ chưa hoàn thành; lần cập nhật gần nhất: 20/05/2026."
    again = reminders_send(today=day(2))
    assert [i for i in again.items if i.kind == NotificationKind.UNIT_SILENT] == []
    next_week = reminders_send(today=day(7))
    assert len([i for i in next_week.items if i.kind == NotificationKind.UNIT_SILENT]) == 2


@pytest.mark.django_db
def test_no_weekly_summary_before_its_weekday(cast, agency, settings):
    settings.WEEKLY_SUMMARY_WEEKDAY = 2  # Wednesday
    reminders_send(today=TODAY)
    assert told(kind="weekly_summary") == set()
    reminders_send(today=TODAY + datetime.timedelta(days=2))
    assert told(kind="weekly_summary") == {("tt", "weekly_summary", "summary@2026-W23")}
