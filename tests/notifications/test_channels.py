"""E-mail (digest and immediate, in Vietnamese, with working links), preferences, quiet mode,
the log channel, decisions told at once through the signal and caught up by the daily sweep."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import timezone

from figures.services import periods_ensure_year
from notifications.channels import registry
from notifications.models import Delivery, Notification, NotificationPreference, QuietMode
from notifications.services import preferences_save, reminders_send
from tasks.models import TaskStatus
from tasks.services import EvidenceInput, extension_approve, extension_request, report_return, task_report_progress
from tasks.workflow_models import CompletionReport, ReportStatus
from tests.factories import make_task

from .conftest import TODAY


def with_email(*users):
    for user in users:
        user.email = f"{user.username}@example.gov.vn"
        user.save(update_fields=["email"])


def report_done(task, user):
    task_report_progress(
        task=task,
        by=user,
        loaded_version=task.version,
        status=TaskStatus.COMPLETED,
        progress=100,
        note="Đã ban hành quyết định",
        completed_on=timezone.localdate(),
        evidence=EvidenceInput(document_number="12/QĐ-STP"),
    )
    return CompletionReport.objects.get(task=task, status=ReportStatus.AWAITING_SECRETARIAT)


@pytest.mark.django_db
def test_the_daily_digest_in_vietnamese_with_links_that_open(cast, agency, mailoutbox):
    with_email(cast.staff_a)
    reminders_send(today=TODAY)
    (message,) = mailoutbox
    assert message.to == ["cb_a@example.gov.vn"]
    assert message.subject == "[CCHC] Nhắc việc ngày 01/06/2026: 2 nội dung cần lưu ý"
    assert "Ngày 01/06/2026 có 2 nội dung cần anh/chị lưu ý:" in message.body
    assert "Còn 3 ngày đến hạn: 1. Rà soát thủ tục hành chính" in message.body
    assert "Quá hạn 8 ngày: 5. Số hóa hồ sơ" in message.body
    link = f"https://cchc.example.gov.vn/tasks/{agency.due3.pk}/"
    assert link in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    assert f'<a href="{link}">' in html
    # The link opens the task for its recipient.
    client = Client()
    client.force_login(cast.staff_a)
    page = client.get(link.removeprefix("https://cchc.example.gov.vn"))
    assert page.status_code == 200
    assert "Rà soát thủ tục hành chính" in page.content.decode()
    assert Delivery.objects.get(recipient=cast.staff_a).sent_at is not None


@pytest.mark.django_db
def test_no_mail_without_an_address_but_the_notifications_are_there(cast, agency, mailoutbox):
    reminders_send(today=TODAY)
    assert mailoutbox == []
    assert Notification.objects.filter(recipient=cast.staff_a).count() == 2


@pytest.mark.django_db
def test_preferences_are_honoured(cast, agency, mailoutbox):
    with_email(cast.staff_a, cast.head_a)
    # cb_a wants no e-mail for overdue tasks; head_a is on holiday.
    preferences_save(user=cast.staff_a, channels={"overdue": []}, quiet_until=None, today=TODAY)
    preferences_save(user=cast.head_a, channels={}, quiet_until=datetime.date(2026, 6, 5), today=TODAY)
    reminders_send(today=TODAY)
    (message,) = mailoutbox
    assert message.to == ["cb_a@example.gov.vn"]
    assert message.subject == "[CCHC] Nhắc việc ngày 01/06/2026: 1 nội dung cần lưu ý"
    assert "Số hóa hồ sơ" not in message.body
    # In the app, nothing is left out.
    assert Notification.objects.filter(recipient=cast.staff_a).count() == 2
    assert Notification.objects.filter(recipient=cast.head_a).count() == 3


@pytest.mark.django_db
def test_quiet_mode_ends_after_its_day(cast, agency, mailoutbox):
    with_email(cast.head_a)
    QuietMode.objects.create(user=cast.head_a, until=TODAY - datetime.timedelta(days=1))
    reminders_send(today=TODAY)
    assert [m.to for m in mailoutbox] == [["head_a@example.gov.vn"]]


@pytest.mark.django_db
def test_the_log_channel_is_configured_by_dotted_path(cast, agency, settings, caplog):
    settings.NOTIFICATION_CHANNELS = ["notifications.channels.LogChannel"]
    settings.NOTIFICATION_DEFAULT_CHANNELS = ["log"]
    with caplog.at_level(logging.INFO, logger="notifications"):
        result = reminders_send(today=TODAY)
    assert result.sent == {"log": 4}  # cb_a, head_a, cb_b, tt
    assert (
        "digest 01/06/2026 → cb_a (2): Còn 3 ngày đến hạn: 1. Rà soát thủ tục hành chính; "
        "Quá hạn 8 ngày: 5. Số hóa hồ sơ"
    ) in caplog.messages
    assert list(registry()) == ["log"]


def test_a_channel_that_is_not_a_channel_is_refused(settings):
    settings.NOTIFICATION_CHANNELS = ["notifications.models.Notification"]
    with pytest.raises(ImproperlyConfigured):
        registry()
    settings.NOTIFICATION_CHANNELS = ["notifications.channels.NoSuchChannel"]
    with pytest.raises(ImproperlyConfigured):
        registry()


@pytest.mark.django_db
def test_a_preference_for_an_unknown_channel_is_refused(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        preferences_save(user=cast.staff_a, channels={"overdue": ["sms"]}, quiet_until=None, today=TODAY)
    assert not NotificationPreference.objects.exists()


@pytest.mark.django_db
def test_a_returned_report_is_told_at_once_by_mail(
    cast, agency, mailoutbox, django_capture_on_commit_callbacks, settings_reminders
):
    with_email(cast.staff_a, cast.head_a)
    report = report_done(agency.due3, cast.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        report_return(report=report, by=cast.secretariat, reason="Thiếu quyết định ban hành kèm theo")
    assert {(n.recipient.username, n.kind) for n in Notification.objects.select_related("recipient")} == {
        ("cb_a", "report_returned"),
        ("head_a", "report_returned"),
    }
    assert sorted(m.to[0] for m in mailoutbox) == ["cb_a@example.gov.vn", "head_a@example.gov.vn"]
    message = next(m for m in mailoutbox if m.to == ["cb_a@example.gov.vn"])
    assert message.subject == "[CCHC] Báo cáo hoàn thành bị trả lại: 1. Rà soát thủ tục hành chính"
    assert "Lý do: Thiếu quyết định ban hành kèm theo" in message.body
    assert f"https://cchc.example.gov.vn/tasks/{agency.due3.pk}/" in message.body
    # The daily sweep reads the same history entry again: nothing new, no second mail.
    result = reminders_send(today=timezone.localdate())
    assert [i for i in result.items if i.kind == "report_returned"] == []
    assert len([m for m in mailoutbox if "trả lại" in m.subject]) == 2


@pytest.mark.django_db
def test_the_daily_sweep_tells_a_decision_whose_job_was_lost(cast, agency, mailoutbox):
    """Without the on-commit callbacks (the test's transaction never commits), only the sweep tells it."""
    with_email(cast.staff_a)
    request = extension_request(
        task=agency.due3, by=cast.staff_a, requested_deadline=datetime.date(2026, 7, 15), reason="Chờ ý kiến Bộ"
    )
    extension_approve(request=request, by=cast.secretariat, note="Đồng ý")
    assert not Notification.objects.exists()
    result = reminders_send(today=timezone.localdate())
    approved = [i for i in result.items if i.kind == "extension_approved"]
    assert {i.recipient_id for i in approved} == {cast.staff_a.pk, cast.head_a.pk}
    assert approved[0].title == "Đồng ý gia hạn đến 15/07/2026: 1. Rà soát thủ tục hành chính"
    assert approved[0].body == "Nhiệm vụ “Rà soát thủ tục hành chính” được gia hạn từ 04/06/2026 đến 15/07/2026."
    assert any(m.subject == "[CCHC] " + approved[0].title for m in mailoutbox)


@pytest.mark.django_db
def test_decisions_waiting_with_their_age(cast, agency):
    report_done(agency.due3, cast.staff_a)
    today = timezone.localdate() + datetime.timedelta(days=5)
    result = reminders_send(today=today)
    waiting = [i for i in result.items if i.kind == "decision_waiting"]
    assert [(i.recipient_id, i.title) for i in waiting] == [
        (cast.secretariat.pk, "1 báo cáo chờ anh/chị xử lý, lâu nhất 5 ngày")
    ]
    assert waiting[0].url == "/tasks/queue/"
    assert "Báo cáo hoàn thành 1. Rà soát thủ tục hành chính (Sở Tư pháp thử)" in waiting[0].body
    assert "đã chờ 5 ngày" in waiting[0].body


@pytest.mark.django_db
def test_period_figures_due_and_missing(cast, agency):
    periods_ensure_year(2026)  # six months: due 20/06/2026; Q1 was due 20/03/2026
    result = reminders_send(today=datetime.date(2026, 6, 13))
    figures = {(i.recipient_id, i.kind, i.title) for i in result.items if i.kind.startswith("figures")}
    units_people = (cast.staff_a, cast.head_a, cast.staff_b)
    assert figures == {
        (user.pk, "figures_due", "Còn 7 ngày đến hạn gửi số liệu 6 tháng 2026") for user in units_people
    } | {(user.pk, "figures_missing", "Chưa gửi số liệu Quý I 2026, quá hạn 85 ngày") for user in units_people}
    result = reminders_send(today=datetime.date(2026, 6, 21))
    assert {(i.recipient_id, i.title) for i in result.items if i.kind == "figures_missing"} == {
        (user.pk, "Chưa gửi số liệu 6 tháng 2026, quá hạn 1 ngày") for user in (cast.staff_a, cast.head_a, cast.staff_b)
    }


@pytest.mark.django_db
def test_a_task_added_to_an_issued_plan_is_told_to_its_units(cast, agency):
    reminders_send(today=timezone.localdate())  # the agency's own tasks, made just now
    added = make_task(
        plan=agency.due3.plan,
        lead_unit=cast.unit_b,
        number="10",
        content="Nhiệm vụ bổ sung",
        coordinating=[cast.unit_a],
    )
    result = reminders_send(today=timezone.localdate())
    told = {(i.recipient_id, i.title) for i in result.items if i.kind == "plan_adjusted"}
    title = "Kế hoạch 125/KH-UBND: 1 nhiệm vụ mới, 0 nhiệm vụ điều chỉnh liên quan đến đơn vị"
    assert told == {(cast.staff_a.pk, title), (cast.head_a.pk, title), (cast.staff_b.pk, title)}
    body = next(i.body for i in result.items if i.kind == "plan_adjusted")
    assert body == f"- Mới: {added.number}. Nhiệm vụ bổ sung"
