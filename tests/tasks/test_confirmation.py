"""The secretariat's queue: confirm a completion or return it with a reason."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from tasks.models import TaskEvent, TaskStatus
from tasks.services import EvidenceInput, task_report_progress
from tasks.workflow_models import CompletionReport, ReportStatus
from tests.factories import make_task


def report_done(task, user, *, on=datetime.date(2026, 11, 20), number="12/QĐ-STP"):
    task_report_progress(
        task=task,
        by=user,
        loaded_version=task.version,
        status=TaskStatus.COMPLETED,
        progress=100,
        note="Đã ban hành quyết định",
        completed_on=on,
        evidence=EvidenceInput(document_number=number),
    )
    task.refresh_from_db()
    return CompletionReport.objects.get(task=task, status=ReportStatus.AWAITING_SECRETARIAT)


@pytest.mark.django_db
def test_queue_lists_reports_oldest_first_with_their_evidence(cast, plan, task):
    second = make_task(plan=plan, lead_unit=cast.unit_a, content="Nhiệm vụ báo cáo sau", deadline=None)
    report_done(task, cast.staff_a, number="1/QĐ-STP")
    report_done(second, cast.staff_a, number="2/QĐ-STP")
    response = cast.client(cast.secretariat).get(reverse("tasks:queue"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Rà soát, đơn giản hóa") < html.index("Nhiệm vụ báo cáo sau")
    assert "1/QĐ-STP" in html and "2/QĐ-STP" in html


@pytest.mark.django_db
def test_queue_query_count_does_not_grow_with_reports(cast, plan, django_assert_max_num_queries):
    client = cast.client(cast.secretariat)
    report_done(make_task(plan=plan, lead_unit=cast.unit_a, deadline=None), cast.staff_a, number="0/BC")
    # The summary (4, with the silent units), the filters' units and areas (2), the bell (1) and
    # the lists: 18 whatever the size.
    with django_assert_max_num_queries(18) as one:
        assert client.get(reverse("tasks:queue")).status_code == 200
    for n in range(1, 12):
        report_done(make_task(plan=plan, lead_unit=cast.unit_a, deadline=None), cast.staff_a, number=f"{n}/BC")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("tasks:queue")).status_code == 200


@pytest.mark.django_db
def test_confirm_counts_the_task_completed_from_its_reported_date(cast, task):
    report = report_done(task, cast.staff_a, on=datetime.date(2026, 11, 20))
    response = cast.client(cast.secretariat).post(reverse("tasks:report_confirm", args=[report.pk]))
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.progress, task.completed_on) == ("completed", 100, datetime.date(2026, 11, 20))
    confirmed = TaskEvent.objects.get(task=task, kind="confirmed")
    assert confirmed.effective_on == datetime.date(2026, 11, 20) and confirmed.actor == cast.secretariat
    report.refresh_from_db()
    assert report.status == ReportStatus.CONFIRMED and report.decided_by == cast.secretariat
    assert AuditEntry.objects.filter(action="task_confirmed", actor=cast.secretariat).count() == 1


@pytest.mark.django_db
def test_confirming_twice_is_refused_with_a_message(cast, task):
    report = report_done(task, cast.staff_a)
    client = cast.client(cast.secretariat)
    client.post(reverse("tasks:report_confirm", args=[report.pk]))
    response = client.post(reverse("tasks:report_confirm", args=[report.pk]), follow=True)
    assert "Báo cáo này đã được xử lý." in response.content.decode()
    assert TaskEvent.objects.filter(task=task, kind="confirmed").count() == 1


@pytest.mark.django_db
def test_return_requires_a_reason_and_the_unit_sees_it(cast, task):
    report = report_done(task, cast.staff_a)
    client = cast.client(cast.secretariat)
    url = reverse("tasks:report_return", args=[report.pk])
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    task.refresh_from_db()
    assert task.status == "pending"

    response = client.post(url, {"reason": "Thiếu quyết định ban hành, đề nghị bổ sung"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.progress, task.completed_on) == ("returned", 40, None)
    page = cast.client(cast.staff_a).get(task.get_absolute_url()).content.decode()
    assert "Thiếu quyết định ban hành, đề nghị bổ sung" in page
    assert "Cập nhật tiến độ" in page  # the unit can report again


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "expected"), [("leader", 403), ("staff_a", 403), ("staff_b", 403), ("outsider", 404)])
def test_only_the_secretariat_confirms(cast, task, who, expected):
    report = report_done(task, cast.staff_a)
    client = cast.client(getattr(cast, who))
    assert client.post(reverse("tasks:report_confirm", args=[report.pk])).status_code == expected
    assert client.post(reverse("tasks:report_return", args=[report.pk]), {"reason": "x"}).status_code == expected
    task.refresh_from_db()
    assert task.status == "pending"


@pytest.mark.django_db
def test_confirm_is_post_only_and_queue_is_secretariat_only(cast, task):
    report = report_done(task, cast.staff_a)
    assert cast.client(cast.secretariat).get(reverse("tasks:report_confirm", args=[report.pk])).status_code == 405
    assert cast.client(cast.leader).get(reverse("tasks:queue")).status_code == 403
    assert cast.client(cast.staff_a).get(reverse("tasks:queue")).status_code == 403


@pytest.mark.django_db
def test_a_task_removed_from_the_plan_meanwhile_leaves_the_queue_and_cannot_be_confirmed(cast, task):
    report = report_done(task, cast.staff_a)
    task.status = TaskStatus.REMOVED
    task.save()
    client = cast.client(cast.secretariat)
    assert "Rà soát" not in client.get(reverse("tasks:queue")).content.decode()
    response = client.post(reverse("tasks:report_confirm", args=[report.pk]), follow=True)
    assert "không còn chờ xác nhận" in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.REMOVED
