"""The bell on every page, the notifications page (filter, mark read, open the object),
preferences, the overdue-by-unit page and the urging letter, the send_reminders command."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from notifications.models import Notification, NotificationPreference, QuietMode
from notifications.services import reminders_send

from .conftest import TODAY


@pytest.fixture
def told(cast, agency):
    reminders_send(today=TODAY)
    return agency


@pytest.mark.django_db
def test_the_bell_counts_unread_notifications_on_every_page(cast, told, django_assert_max_num_queries):
    client = cast.client(cast.head_a)
    html = client.get(reverse("tasks:mine")).content.decode()
    assert 'data-testid="bell-count">3<' in html
    Notification.objects.filter(recipient=cast.head_a, kind="escalated").update(read_at="2026-06-01T08:00:00Z")
    html = client.get(reverse("plans:list")).content.decode()
    assert 'data-testid="bell-count">2<' in html
    html = cast.client(cast.leader).get(reverse("plans:list")).content.decode()
    assert 'data-testid="bell"' in html and "bell-count" not in html


@pytest.mark.django_db
def test_the_bell_costs_one_query(cast, told):
    from django.db import connection
    from django.template import engines
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    request = RequestFactory().get("/")
    request.user = cast.head_a
    template = engines["django"].from_string("{{ notifications_unread }} {{ notifications_unread }}")
    with CaptureQueriesContext(connection) as queries:
        assert template.render({}, request) == "3 3"
    assert len([q for q in queries.captured_queries if "notifications_notification" in q["sql"]]) == 1


@pytest.mark.django_db
def test_the_list_filters_by_kind_and_marks_read(cast, told):
    client = cast.client(cast.head_a)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Còn 3 ngày đến hạn: 1. Rà soát thủ tục hành chính" in html
    assert "Quá hạn 14 ngày, cần lãnh đạo đơn vị chỉ đạo: 6. Đo lường sự hài lòng" in html
    html = client.get(reverse("notifications:list"), {"kind": "escalated"}).content.decode()
    assert "Đo lường sự hài lòng" in html and "Rà soát thủ tục hành chính" not in html

    escalated = Notification.objects.get(recipient=cast.head_a, kind="escalated")
    response = client.post(reverse("notifications:mark_read", args=[escalated.pk]))
    assert response.status_code == 302
    escalated.refresh_from_db()
    assert escalated.read_at is not None

    response = client.post(reverse("notifications:mark_all_read"), {"kind": "overdue"})
    assert Notification.objects.filter(recipient=cast.head_a, read_at__isnull=True).count() == 1
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "Đã đánh dấu 1 thông báo là đã đọc." in response.content.decode()
    assert not Notification.objects.filter(recipient=cast.head_a, read_at__isnull=True).exists()


@pytest.mark.django_db
def test_opening_a_notification_marks_it_read_and_goes_to_its_object(cast, told):
    due = Notification.objects.get(recipient=cast.staff_a, kind="due_soon")
    response = cast.client(cast.staff_a).get(reverse("notifications:open", args=[due.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"/tasks/{told.due3.pk}/"
    due.refresh_from_db()
    assert due.read_at is not None
    # Somebody else's notification does not exist for them.
    assert cast.client(cast.staff_b).get(reverse("notifications:open", args=[due.pk])).status_code == 404
    assert cast.client(cast.staff_b).post(reverse("notifications:mark_read", args=[due.pk])).status_code == 404


@pytest.mark.django_db
def test_preferences_page_saves_channels_and_quiet_mode(cast, settings_reminders):
    client = cast.client(cast.staff_a)
    html = client.get(reverse("notifications:preferences")).content.decode()
    assert "Nhiệm vụ sắp đến hạn" in html and "Thư điện tử" in html
    response = client.post(
        reverse("notifications:preferences"),
        {"kind_due_soon": ["email"], "quiet_until": "31/12/2099"},
    )
    assert response.status_code == 302
    prefs = dict(NotificationPreference.objects.filter(user=cast.staff_a).values_list("kind", "channels"))
    assert prefs["due_soon"] == ["email"]
    assert prefs["overdue"] == []
    assert QuietMode.objects.get(user=cast.staff_a).until.isoformat() == "2099-12-31"
    html = client.get(reverse("notifications:preferences")).content.decode()
    assert "Đang tạm dừng gửi đến hết ngày 31/12/2099" in html
    response = client.post(reverse("notifications:preferences"), {"quiet_until": "01/01/2000"})
    assert response.status_code == 200
    assert "Ngày kết thúc tạm dừng phải từ hôm nay trở đi." in response.content.decode()


@pytest.mark.django_db
def test_overdue_page_and_urging_letter(cast, agency):
    client = cast.client(cast.secretariat)
    html = client.get(reverse("notifications:overdue")).content.decode()
    assert "Sở Tư pháp thử" in html and "Sở Tài chính thử" in html
    response = client.get(reverse("notifications:letter"), {"unit": cast.unit_a.pk})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="don-doc-sa-')
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Kính gửi: Sở Tư pháp thử" in text
    assert "V/v đôn đốc" in "\n".join(c.text for c in document.tables[0].rows[0].cells)
    rows = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert rows[0] == ["STT", "Nhiệm vụ", "Kế hoạch", "Thời hạn", "Tiến độ", "Cập nhật gần nhất"]
    # Overdue today (every deadline of the small agency is in 2026-05/06, before today): unit A's
    # open tasks past their deadline, as the dashboards count them.
    assert [r[1] for r in rows[1:]] == [
        "6. Đo lường sự hài lòng",
        "5. Số hóa hồ sơ",
        "7. Ban hành quy chế",
        "2. Cập nhật cơ sở dữ liệu",
        "1. Rà soát thủ tục hành chính",
    ]
    assert rows[2][3:] == ["24/05/2026", "30%", "20/05/2026"]
    # For all units, a unit column.
    document = Document(io.BytesIO(client.get(reverse("notifications:letter")).content))
    assert document.tables[1].rows[0].cells[2].text == "Đơn vị chủ trì"
    assert cast.client(cast.leader).get(reverse("notifications:letter")).status_code == 403


@pytest.mark.django_db
def test_send_reminders_command_dry_run_then_twice(cast, agency):
    out = io.StringIO()
    call_command("send_reminders", "--dry-run", "--date", "01/06/2026", stdout=out)
    text = out.getvalue()
    assert text.startswith("Would make 8 notifications for 01/06/2026")
    assert "→ cb_a: Còn 3 ngày đến hạn: 1. Rà soát thủ tục hành chính" in text
    assert not Notification.objects.exists()
    call_command("send_reminders", "--date", "01/06/2026", stdout=io.StringIO())
    out = io.StringIO()
    call_command("send_reminders", "--date", "01/06/2026", stdout=out)
    assert out.getvalue().startswith("Made 0 notifications for 01/06/2026")
    assert Notification.objects.count() == 8
