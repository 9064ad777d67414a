"""The monthly steering-committee pack by e-mail (notifications/steering_mail.py): on the
sending day the job makes last month's pack if missing and sends it, PDF and Excel attached,
once to each leader and secretariat member."""

from __future__ import annotations

import datetime
import io
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command

from notifications.models import Delivery, QuietMode
from notifications.steering_mail import steering_pack_send
from reports.closing import ClosingScope
from reports.models import SteeringPack, SteeringPackSchedule
from reports.steering import PackReport, pack_make
from tests.reports.conftest import board  # noqa: F401 -- the fixture

pytestmark = pytest.mark.django_db

SUBJECT = "[CCHC] Gói báo cáo Ban chỉ đạo tháng 07/2023 (CCHC-BCD-2023-07)"


def on(day: datetime.date):
    return mock.patch("django.utils.timezone.localdate", return_value=day)


@pytest.fixture
def mailing(settings, cast, board):  # noqa: F811
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NOTIFICATION_CHANNELS = ["notifications.channels.EmailChannel"]
    settings.SITE_URL = "https://cchc.example.gov.vn"
    for user, address in ((cast.secretariat, "tt@example.vn"), (cast.leader, "ld@example.vn")):
        user.email = address
        user.save(update_fields=["email"])
    cast.staff_a.email = "cb_a@example.vn"
    cast.staff_a.save(update_fields=["email"])
    return cast


def send(day: datetime.date, **kwargs):
    with on(day):
        return steering_pack_send(today=day, **kwargs)


def pack_mails():
    return [m for m in mail.outbox if m.subject == SUBJECT]


def test_on_the_sending_day_last_months_pack_is_made_and_sent(mailing):
    result = send(datetime.date(2023, 8, 5))
    pack = SteeringPack.objects.get()
    assert (pack.identifier, pack.made_by, result.made, result.sent) == ("CCHC-BCD-2023-07", None, True, 2)
    assert sorted(m.to[0] for m in pack_mails()) == ["ld@example.vn", "tt@example.vn"]
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert message.subject == SUBJECT
    assert [name for name, _content, _type in message.attachments] == [
        "Gói báo cáo Ban chỉ đạo tháng 07-2023 - CCHC-BCD-2023-07.pdf",
        "Gói báo cáo Ban chỉ đạo tháng 07-2023 - CCHC-BCD-2023-07.xlsx",
    ]
    assert message.attachments[0][1].startswith(b"%PDF")
    assert [t for _n, _c, t in message.attachments] == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]
    headline = PackReport(pack).headline
    assert headline == "Hoàn thành 4/12 nhiệm vụ, đạt 33,33%"
    assert f"\n{headline}\n" in message.body
    assert "3/11 → 4/12, +1 nhiệm vụ hoàn thành, +6,06 điểm %" in message.body
    assert f"https://cchc.example.gov.vn/reports/steering/{pack.pk}/" in message.body
    deliveries = Delivery.objects.filter(key=f"pack:{pack.pk}", channel="email")
    assert deliveries.count() == 2 and all(d.sent_at for d in deliveries)


def test_sending_is_idempotent(mailing):
    send(datetime.date(2023, 8, 5))
    again = send(datetime.date(2023, 8, 5))
    later = send(datetime.date(2023, 8, 20))
    assert (again.made, again.sent, later.sent) == (False, 0, 0)
    assert len(pack_mails()) == 2
    assert SteeringPack.objects.count() == 1


def test_nothing_before_the_day_nor_when_turned_off(mailing):
    assert send(datetime.date(2023, 8, 4)).pack is None
    SteeringPackSchedule.objects.create(enabled=False, day=5)
    assert send(datetime.date(2023, 8, 5)).pack is None
    assert mail.outbox == [] and not SteeringPack.objects.exists()


def test_a_later_day_catches_up_and_a_pack_made_by_hand_is_not_made_again(mailing):
    SteeringPackSchedule.objects.create(enabled=True, day=10)
    assert send(datetime.date(2023, 8, 9)).pack is None
    with on(datetime.date(2023, 8, 2)):
        by_hand = pack_make(scope=ClosingScope(year=2023), month=datetime.date(2023, 7, 1), by=mailing.secretariat)
    result = send(datetime.date(2023, 8, 12))
    assert (result.pack, result.made, result.sent) == (by_hand, False, 2)


def test_quiet_people_get_it_when_back(mailing):
    QuietMode.objects.create(user=mailing.leader, until=datetime.date(2023, 8, 6))
    assert send(datetime.date(2023, 8, 5)).sent == 1
    assert send(datetime.date(2023, 8, 7)).sent == 1
    assert [m.to for m in pack_mails()] == [["tt@example.vn"], ["ld@example.vn"]]


def test_a_dry_run_writes_and_sends_nothing(mailing):
    with on(datetime.date(2023, 8, 2)):
        pack_make(scope=ClosingScope(year=2023), month=datetime.date(2023, 7, 1), by=mailing.secretariat)
    result = send(datetime.date(2023, 8, 5), dry_run=True)
    assert (result.would_send, result.sent) == (2, 0)
    assert mail.outbox == [] and not Delivery.objects.exists()


def test_the_daily_command_sends_the_pack(mailing):
    out = io.StringIO()
    with on(datetime.date(2023, 8, 5)):
        call_command("send_reminders", "--date", "05/08/2023", stdout=out)
        call_command("send_reminders", "--date", "05/08/2023", stdout=io.StringIO())
    assert "Steering pack CCHC-BCD-2023-07 (made now): sent to 2" in out.getvalue()
    assert len(pack_mails()) == 2
