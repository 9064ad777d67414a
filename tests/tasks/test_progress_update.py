"""The lead unit reports progress and completion with evidence (tasks:update)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tasks.models import TaskEvent, TaskStatus
from tasks.services import task_report_progress
from tasks.workflow_models import CompletionReport, Evidence, ReportStatus

from .conftest import pdf


def _post(client, task, **data):
    payload = {"version": task.version, "status": "in_progress", "progress": 60, "note": "Đã họp triển khai"}
    payload.update(data)
    return client.post(reverse("tasks:update", args=[task.pk]), payload)


@pytest.mark.django_db
def test_staff_reports_progress(cast, task):
    response = _post(cast.client(cast.staff_a), task, progress=60, note="Đã xây dựng dự thảo")
    assert response.status_code == 302 and response.url == task.get_absolute_url()
    task.refresh_from_db()
    assert (task.status, task.progress, task.version) == ("in_progress", 60, 2)
    event = TaskEvent.objects.exclude(kind="created").get(task=task)
    assert (event.kind, event.progress_before, event.progress_after, event.actor) == ("progress", 40, 60, cast.staff_a)
    assert event.note == "Đã xây dựng dự thảo" and not event.is_late


@pytest.mark.django_db
def test_completion_with_a_file_goes_to_the_secretariat_at_100_percent(cast, task):
    response = _post(
        cast.client(cast.staff_a), task, status="completed", progress=70, completed_on="2026-11-20", files=[pdf()]
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.progress, task.completed_on) == ("pending", 100, datetime.date(2026, 11, 20))
    report = CompletionReport.objects.get(task=task)
    assert report.status == ReportStatus.AWAITING_SECRETARIAT and report.submitted_by == cast.staff_a
    evidence = Evidence.objects.get(task=task)
    assert evidence.original_name == "quyet-dinh.pdf" and evidence.event == report.event
    assert evidence.file.read().startswith(b"%PDF")


@pytest.mark.django_db
def test_completion_with_a_document_reference_only(cast, task):
    _post(
        cast.client(cast.staff_a),
        task,
        status="completed",
        completed_on="2026-11-20",
        document_number="125/QĐ-STP",
        document_date="2026-11-19",
        document_title="Quyết định công bố TTHC nội bộ",
    )
    evidence = Evidence.objects.get(task=task)
    assert evidence.reference == "125/QĐ-STP (19/11/2026): Quyết định công bố TTHC nội bộ"
    assert not evidence.file


@pytest.mark.django_db
def test_completion_without_evidence_or_date_is_refused_with_field_errors(cast, task):
    response = _post(cast.client(cast.staff_a), task, status="completed", note="Xong rồi")
    assert response.status_code == 200
    form = response.context["form"]
    assert "Báo cáo hoàn thành cần ngày hoàn thành." in form.errors["completed_on"]
    assert "tài liệu kiểm chứng" in form.errors["files"][0]
    assert "Xong rồi" in response.content.decode()  # what they typed is still there
    task.refresh_from_db()
    assert (task.status, task.progress, task.version) == ("in_progress", 40, 1)
    assert not TaskEvent.objects.exclude(kind="created").exists() and not CompletionReport.objects.exists()


@pytest.mark.django_db
def test_completion_date_cannot_be_in_the_future(cast, task):
    response = _post(
        cast.client(cast.staff_a), task, status="completed", completed_on="2099-01-01", document_number="1/BC"
    )
    assert "Ngày hoàn thành không thể sau hôm nay." in response.context["form"].errors["completed_on"]


@pytest.mark.django_db
def test_a_renamed_executable_is_refused(cast, task):
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf")
    response = _post(cast.client(cast.staff_a), task, status="completed", completed_on="2026-11-20", files=[fake])
    assert response.status_code == 200
    assert "không phải là tệp .pdf hợp lệ" in str(response.context["form"].errors["files"])
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_in_progress_cannot_claim_100_percent_and_note_is_required(cast, task):
    response = _post(cast.client(cast.staff_a), task, progress=100, note="")
    errors = response.context["form"].errors
    assert "note" in errors and "progress" in errors
    task.refresh_from_db()
    assert task.progress == 40


@pytest.mark.django_db
def test_reporting_after_the_deadline_is_allowed_and_recorded_late(cast, task):
    task.deadline = datetime.date(2026, 3, 31)
    task.save()
    event = task_report_progress(
        task=task,
        by=cast.staff_a,
        loaded_version=task.version,
        status=TaskStatus.IN_PROGRESS,
        progress=80,
        note="Chậm do chờ ý kiến Bộ",
        today=datetime.date(2026, 4, 10),
    )
    assert event.is_late


@pytest.mark.django_db
def test_pending_task_cannot_be_updated_again(cast, task):
    _post(cast.client(cast.staff_a), task, status="completed", completed_on="2026-11-20", document_number="1/BC")
    task.refresh_from_db()
    response = _post(cast.client(cast.staff_a), task, progress=50)
    assert response.status_code == 200
    assert "không thể cập nhật tiến độ" in str(response.context["form"].non_field_errors())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"),
    [("staff_a", 200), ("head_a", 200), ("secretariat", 200), ("leader", 403), ("staff_b", 403), ("outsider", 404)],
)
def test_who_may_open_the_update_form(cast, task, who, expected):
    # staff_b's unit coordinates the task: it sees it but may not change it.
    response = cast.client(getattr(cast, who)).get(reverse("tasks:update", args=[task.pk]))
    assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["leader", "staff_b", "outsider"])
def test_refused_posts_change_nothing(cast, task, who):
    response = _post(cast.client(getattr(cast, who)), task, progress=90)
    assert response.status_code in (403, 404)
    task.refresh_from_db()
    assert task.progress == 40 and not TaskEvent.objects.exclude(kind="created").exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(cast, task):
    response = cast.client(None).post(reverse("tasks:update", args=[task.pk]), {})
    assert response.status_code == 302 and "/accounts/login/" in response.url
