"""Deadline extensions (gia hạn): requested by the unit, decided by the secretariat, at most two."""

import datetime

import pytest
from django.urls import reverse

from tasks.workflow_models import ExtensionRequest, ExtensionStatus


def request_extension(cast, task, day):
    return cast.client(cast.staff_a).post(
        reverse("tasks:extension", args=[task.pk]), {"requested_deadline": day, "reason": "Chờ ý kiến của Bộ"}
    )


@pytest.mark.django_db
def test_approved_extension_moves_the_deadline_and_keeps_the_original(cast, task):
    assert request_extension(cast, task, "2027-01-31").status_code == 302
    extension = ExtensionRequest.objects.get(task=task)
    assert "Chờ ý kiến của Bộ" in cast.client(cast.secretariat).get(reverse("tasks:queue")).content.decode()
    cast.client(cast.secretariat).post(reverse("tasks:extension_approve", args=[extension.pk]))
    task.refresh_from_db()
    assert (task.deadline, task.original_deadline, task.extension_count) == (
        datetime.date(2027, 1, 31),
        datetime.date(2026, 12, 30),
        1,
    )
    event = task.events.get(kind="extension_approved")
    assert (event.deadline_before, event.deadline_after) == (datetime.date(2026, 12, 30), datetime.date(2027, 1, 31))


@pytest.mark.django_db
def test_at_most_two_extensions_and_the_original_deadline_stays(cast, task):
    for day in ("2027-01-31", "2027-02-28"):
        request_extension(cast, task, day)
        extension = ExtensionRequest.objects.get(task=task, status=ExtensionStatus.PENDING)
        cast.client(cast.secretariat).post(reverse("tasks:extension_approve", args=[extension.pk]))
    task.refresh_from_db()
    assert (task.extension_count, task.original_deadline) == (2, datetime.date(2026, 12, 30))
    response = request_extension(cast, task, "2027-03-31")
    assert response.status_code == 200
    assert "đã được gia hạn 2 lần" in str(response.context["form"].non_field_errors())
    assert ExtensionRequest.objects.filter(task=task).count() == 2


@pytest.mark.django_db
def test_refusal_needs_a_reason_and_leaves_the_deadline(cast, task):
    request_extension(cast, task, "2027-01-31")
    extension = ExtensionRequest.objects.get(task=task)
    url = reverse("tasks:extension_refuse", args=[extension.pk])
    assert "reason" in cast.client(cast.secretariat).post(url, {"reason": ""}).context["form"].errors
    cast.client(cast.secretariat).post(url, {"reason": "Không có căn cứ"})
    extension.refresh_from_db()
    task.refresh_from_db()
    assert extension.status == ExtensionStatus.REFUSED and task.deadline == datetime.date(2026, 12, 30)


@pytest.mark.django_db
def test_requested_deadline_must_be_later_and_one_request_at_a_time(cast, task):
    response = request_extension(cast, task, "2026-12-01")
    assert "requested_deadline" in response.context["form"].errors
    request_extension(cast, task, "2027-01-31")
    response = request_extension(cast, task, "2027-02-28")
    assert "đang chờ xem xét" in str(response.context["form"].non_field_errors())


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "expected"), [("leader", 403), ("staff_b", 403), ("outsider", 404)])
def test_only_the_lead_unit_requests(cast, task, who, expected):
    response = cast.client(getattr(cast, who)).post(
        reverse("tasks:extension", args=[task.pk]), {"requested_deadline": "2027-01-31", "reason": "x"}
    )
    assert response.status_code == expected and not ExtensionRequest.objects.exists()


@pytest.mark.django_db
def test_only_the_secretariat_decides(cast, task):
    request_extension(cast, task, "2027-01-31")
    extension = ExtensionRequest.objects.get(task=task)
    for who in (cast.staff_a, cast.head_a, cast.leader):
        assert cast.client(who).post(reverse("tasks:extension_approve", args=[extension.pk])).status_code == 403
    task.refresh_from_db()
    assert task.extension_count == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("9999-12-31", "Ngày phải trong khoảng từ 01/01/2000 đến 31/12/2100."),
        ("2028-01-01", "Không gia hạn quá ngày 31/12/2027 (hết năm sau năm kế hoạch)."),
    ],
)
def test_an_absurd_or_too_late_extension_is_refused_with_a_message(cast, task, day, message):
    response = request_extension(cast, task, day)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ExtensionRequest.objects.filter(task=task).exists()
